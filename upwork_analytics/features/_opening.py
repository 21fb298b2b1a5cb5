"""The opening: the first ~240 characters of a proposal, all a client sees in the proposal list."""

from __future__ import annotations

import re

from upwork_analytics.features._tokenize import TextLike, clean, keywords, terms

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
#: for", "regarding your ...").
_JOB_REFERENCE_RE = re.compile(
    r"\b(?:your|the)\s+(?:job\s+)?(?:post|posting|listing|brief|job\s+description)\b"
    r"|\byou(?:'re|’re|\s+are)?\s+(?:need|looking\s+for)\b"
    r"|\bsaw\s+(?:that\s+)?you\b"
    r"|\b(?:regarding|re:)\s+your\b",
    re.IGNORECASE,
)
#: Words that address the client's job: job-title keywords count as a reference to the job
#: only within ``_ADDRESS_WINDOW`` words after one of them ("your Shopify store", "help you
#: rebuild the store"); the job's words in a sentence about my own work ("I rebuilt 3 Shopify
#: stores") are tailoring (``job_overlap``), not a reference to this job.
_ADDRESS_WORDS = frozenset({"your", "yours", "you", "you're", "you've", "you'll", "you'd"})
_ADDRESS_WINDOW = 4
#: Words that look like names after a greeting but are not ("Hi, I am ...", "Hello and welcome").
_NOT_NAMES = frozenset({"i", "i'm", "im", "my", "and", "we", "this", "it", "how", "thanks",
                        "thank", "welcome", "again", "from", "to"})


def opening(text: TextLike) -> str:
    """The first ``OPENING_CHARS`` (240) characters of ``text``, leading white space removed
    (``""`` for a missing value)."""
    return clean(text).lstrip()[:OPENING_CHARS]


def opening_generic(text: TextLike) -> int:
    """1 if the opening greets no one in particular, else 0.

    Generic: "Dear Hiring Manager", "Dear Sir/Madam", "To whom it may concern", "Hi there",
    "Hello team", or a bare greeting with no name ("Hello," / "Hi!" / "Hello" on its own line).
    A greeting followed by a name, or no greeting at all, is not generic.

    Parameters
    ----------
    text : str or None
        The proposal; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        0 or 1; ``0`` for empty text.
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


def _addressed_keywords(head: str) -> set[str]:
    """Stemmed keywords of the words that follow a you-word in ``head`` (up to
    ``_ADDRESS_WINDOW`` each): what the opening says about the client's side."""
    toks = terms(head)
    window: list[str] = []
    for i, t in enumerate(toks):
        if t in _ADDRESS_WORDS:
            window.extend(toks[i + 1:i + 1 + _ADDRESS_WINDOW])
    return set(keywords(" ".join(window))) if window else set()


def opening_personalized(text: TextLike, job_title: object = None,
                         client_name: object = None) -> int:
    """1 if the opening greets the client by name or refers to the job, else 0.

    * By name: the client's first name (first word of ``client_name``, at least 2 letters) appears
      as a whole word in the opening; when ``client_name`` is unknown, a greeting followed by a
      capitalised name-like word ("Hi Sarah,") counts.
    * Refers to the job: a phrase such as "your post", "I saw that you need", "you're looking
      for", "regarding your", or at least ``min(2, k)`` of the ``k`` content keywords of
      ``job_title`` (stemmed, stop words removed) among the 4 words after a you-word ("your
      Shopify store", "help you rebuild the store"). The job's words in a sentence about my own
      work ("I rebuilt 3 Shopify stores") are tailoring (``job_overlap``), not a reference.

    A generic greeting ("Dear Hiring Manager,") and a personalised opening can go together:
    the greeting names no one, but the next sentence can still refer to the job.

    Parameters
    ----------
    text : str or None
        The proposal; a missing value (None, NaN) is empty text.
    job_title, client_name : str or None
        Row context; missing values (None/NaN) mean unknown.

    Returns
    -------
    int
        0 or 1; ``0`` for empty text.
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
        found = title_kw & _addressed_keywords(head)
        if len(found) >= min(2, len(title_kw)):
            return 1
    return 0
