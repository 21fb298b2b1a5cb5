"""The opening: the first ~240 characters of a proposal, all a client sees in the proposal list."""

from __future__ import annotations

import re

from upwork_analytics.features._tokenize import clean, keywords

#: How many characters of the proposal the client sees before opening it.
OPENING_CHARS = 240

_GREETING = (r"(?:hi|hello|hey|hiya|dear|greetings|good\s+(?:morning|afternoon|evening|day)"
             r"|howdy|hola|bonjour|hallo)")
_GREETING_RE = re.compile(rf"^\W*{_GREETING}\b[ \t]*(?P<rest>[^\n]*)", re.IGNORECASE)
_GENERIC_ADDRESSEE_RE = re.compile(
    r"^(?:the\s+)?(?:hiring\s+(?:manager|team|committee)"
    r"|sir(?:\s*(?:/|or|and)\s*(?:madam|ma'?am))?"
    r"|madam|ma'?am|there|team|client|all|everyone|everybody|recruiter|friend|employer"
    r"|hiring|manager|project\s+owner|job\s+poster|folks|guys)\b",
    re.IGNORECASE,
)
_TO_WHOM_RE = re.compile(r"\bto\s+whom\s+it\s+may\s+concern\b|\bdear\s+(?:sir|madam|hiring)\b",
                         re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"^([^\W\d_][^\W\d_'’-]*)")
#: Phrases that refer to the client's job ("I saw that you need", "your post", "you're looking
#: for").
_JOB_REFERENCE_RE = re.compile(
    r"\b(?:your|the)\s+(?:job\s+)?(?:post|posting|listing|brief|job\s+description)\b"
    r"|\byou(?:'re|’re|\s+are)?\s+(?:need|looking\s+for)\b"
    r"|\bsaw\s+(?:that\s+)?you\b",
    re.IGNORECASE,
)
#: Words that look like names after a greeting but are not ("Hi, I am ...", "Hello and welcome").
_NOT_NAMES = frozenset({"i", "i'm", "im", "my", "and", "we", "this", "it", "how", "thanks",
                        "thank", "welcome", "again", "from", "to"})


def opening(text: str) -> str:
    """The first ``OPENING_CHARS`` (240) characters of ``text``, leading white space removed."""
    return text.lstrip()[:OPENING_CHARS]


def opening_generic(text: str) -> int:
    """1 if the opening greets no one in particular, else 0.

    Generic: "Dear Hiring Manager", "Dear Sir/Madam", "To whom it may concern", "Hi there",
    "Hello team", or a bare greeting with no name ("Hello," / "Hi!" / "Hello" on its own line).
    A greeting followed by a name, or no greeting at all, is not generic.
    """
    head = opening(text)
    if not head:
        return 0
    if _TO_WHOM_RE.search(head):
        return 1
    m = _GREETING_RE.match(head)
    if m is None:
        return 0
    rest = m.group("rest").lstrip(" \t,;:-–—!.")
    if not rest or _GENERIC_ADDRESSEE_RE.match(rest):
        return 1
    # "Hello, I am ..." - a greeting directly followed by a sentence is also bare.
    after_punct = re.match(r"^[,!.:;]\s*", m.group("rest").lstrip(" \t"))
    return int(bool(after_punct) and _greeted_name(m.group("rest")) is None)


def _greeted_name(rest: str) -> str | None:
    """The name-like word right after a greeting ("Sarah" in ", Sarah!"), or None."""
    rest = rest.lstrip(" \t,;:-–—")
    m = _NAME_WORD_RE.match(rest)
    if m is None:
        return None
    word = m.group(1)
    if (not word[0].isupper() or word.lower() in _NOT_NAMES
            or _GENERIC_ADDRESSEE_RE.match(word)):
        return None
    # "Hello, I ..." puts a comma before the name only when a sentence follows the name directly
    return word


def opening_personalized(text: str, job_title: object = None, client_name: object = None) -> int:
    """1 if the opening greets the client by name or refers to the job, else 0.

    * By name: the client's first name (first word of ``client_name``, at least 2 letters) appears
      as a whole word in the opening; when ``client_name`` is unknown, a greeting followed by a
      capitalised name-like word ("Hi Sarah,") counts.
    * Refers to the job: a phrase such as "your post", "I saw that you need", "you're looking
      for", or at least ``min(2, k)`` of the ``k`` content keywords of ``job_title`` (stemmed,
      stop words removed) in the opening.

    Parameters
    ----------
    text : str
        The proposal.
    job_title, client_name : str or None
        Row context; missing values (None/NaN) mean unknown.
    """
    head = opening(text)
    if not head:
        return 0
    name = clean(client_name).strip()
    first = re.split(r"[\s,]+", name)[0] if name else ""
    first = first.strip(".")
    if len(first) >= 2 and re.search(rf"(?<!\w){re.escape(first)}(?!\w)", head, re.IGNORECASE):
        return 1
    if not first:
        m = _GREETING_RE.match(head)
        if m is not None and _greeted_name(m.group("rest")) is not None:
            return 1
    if _JOB_REFERENCE_RE.search(head):
        return 1
    title_kw = set(keywords(clean(job_title)))
    if title_kw:
        found = title_kw & set(keywords(head))
        if len(found) >= min(2, len(title_kw)):
            return 1
    return 0
