"""Redaction for shared reports: client names, emails, phone numbers, links and job ids.

Pure functions. What is replaced, in this order (so that an email's domain is not also taken
for a link, nor a link's job id for a job):

- ``[email]``: ``local@domain.tld``; the local part may hold ``. + - _ %``.
- ``[link]``: ``scheme://...``, ``www....`` and bare domains ``label.tld[:port][/path]`` with a
  top-level domain of 2 to 24 letters (``alexmoreno.dev/work``, ``janedoe.pl``, ``shop.pro``);
  trailing punctuation stays in the sentence. Left alone as ordinary text:

  * abbreviations and numbers: ``e.g.``, ``i.e.``, ``U.S.`` (one-letter parts), ``3.11.7``,
    ``v2.0`` (the last part must be letters);
  * file names and framework names whose ending is a common file extension (``Node.js``,
    ``report.pdf``, ``proposals.csv``, ``README.md``; see :data:`FILE_EXTENSIONS`), unless a
    ``/path`` follows (``janedoe.md/cv`` is a link);
  * the .NET family (``ASP.NET``, ``ADO.NET``, ``VB.NET``);
  * a sentence end without a space, ``done.Next``: an ending in mixed case (``Next``, not
    ``next`` nor ``NEXT``) is a word, unless it is a common domain ending (``Example.Com``).

  Everything else errs on the side of redacting: ``done.then`` becomes ``[link]``.
- ``[job]``: Upwork job ciphertexts, ``~01`` / ``~02`` and at least 6 hex digits, and any exact
  id passed in ``ids``.
- ``[phone]``: 7 to 15 digits in groups of up to 7 split by spaces, dots, dashes, slashes or
  brackets (see :func:`find_phones`): with a country code (``+92 300 1234567``,
  ``0049 30 901820``, ``+44 (0)20 7946 0958``), with a national trunk prefix (``07700 900123``,
  ``(030) 901820``), 10 or more digits in groups or in a row, the US shapes ``555-0132`` and
  ``415.555.0132``; other numbers of 7 to 9 digits in groups only when the ``phonenumbers``
  library (Google's libphonenumber metadata) finds a valid number there for one of the
  :data:`PHONE_REGIONS`. Never redacted: dates (``2026-10-31``, ``31.12.2025``), year ranges
  and lists (``2019-2023``, ``2019 – 2023``), numbers after invoice, order, ref, ticket, #
  and the like (``invoice 2024-118``, ``order 12345678``), amounts (``1,200``, ``1500000``,
  ``$1 500 000``) and versions (``3.11.7``).
- ``[client]``: each known full name (``Oliver K.``) and first name (``Oliver``).

Names are matched as whole words (no letter or digit on either side, so ``Sarahs`` and
``Sarahville`` stay; a possessive ``Sarah's`` is redacted) and regardless of case: a client
stored as ``acme corp`` is found as ``Acme Corp`` or ``ACME CORP``, with any whitespace
between the words (a line break too). One exception, so that ordinary English is not eaten: a
one-word name that is also a common word (``Will``, ``May``, ``Grace``, ``Rose``, ``Mark``; see
:data:`ORDINARY_WORDS`) is redacted only when it starts with a capital (``Will``, ``WILL``),
so "I will" and "a grace period" stay. Full names of two or more words (``Will S.``,
``Grace Hopper``) are always redacted in any case. Redacting errs on the safe side: a client
called Julia also hides the language Julia, and "Will you..." at the start of a sentence
becomes "[client] you...". Names shorter than two letters are ignored; a leading article
(``The Agency``) is not taken for a first name, and a leading title is skipped (``Dr. Mei R.``
gives ``Mei``).

File names (the report header's "Source") are redacted with :func:`redact_file_name`: the
extension stays, ``_``, ``-`` and ``.`` count as spaces between the words of a name
(``Acme_Corp_tracker.csv`` and ``acme-corp.csv`` become ``[client]_tracker.csv`` and
``[client].csv``), and each ``_``-separated part is redacted as text (emails, links, phones,
job ids). A shared copy so keeps a useful ``proposals.csv`` but not a client's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

EMAIL = "[email]"
PHONE = "[phone]"
LINK = "[link]"
JOB = "[job]"
CLIENT = "[client]"

#: One-word names that are also ordinary English words: redacted only when capitalised.
ORDINARY_WORDS = frozenset("""
    will may june april august summer autumn winter dawn grace hope faith joy charity
    patience prudence honor honour mercy rose lily ivy iris daisy holly heather jade pearl
    amber ruby crystal ginger honey sage olive hazel violet fern willow river sky storm rain
    sunny penny star mark bill frank rich chase hunter page lane art pat sue don ray guy jack
    miles bob rob drew gene grant glen dean wade cliff rocky buck bud chip rod
    jay king earl duke major carol noel herb reed stone wood young brown green white black
    gray grey long short little price cash rush lee max sol al ed best top new one
    precious destiny harmony melody trinity serenity justice liberty constance victory
    """.split())
#: A client name starting with an article has no first name (``The Agency``)...
_ARTICLES = frozenset("the a an my our team".split())
#: ... and one starting with a title has the next word as first name (``Dr. Mei R.``: ``Mei``).
_TITLES = frozenset("mr mrs ms miss mx dr prof sir madam".split())
#: Endings treated as file extensions rather than domains when no ``/path`` follows.
FILE_EXTENSIONS = frozenset("""
    js jsx mjs cjs ts tsx py pyc ipynb rb php java kt kts swift go rs cs cpp cc hpp
    md rst txt csv tsv json jsonl yaml yml xml toml ini cfg conf env log sql db sqlite sh bash
    zsh bat cmd html htm css scss sass less vue svelte pdf doc docx xls xlsx ppt pptx odt ods
    rtf png jpg jpeg gif svg webp ico psd fig sketch xd mp3 mp4 mov avi wav zip rar gz tgz tar
    bz2 xz exe apk ipa dmg iso lock bak tmp dll
    """.split())
#: Domain endings that are a domain even in mixed case (``Example.Com``); short ones such as
#: ``It`` or ``In`` are not, so that ``done.It works`` stays.
_MIXED_CASE_TLDS = frozenset("com org net io dev app info biz".split())
#: Names of the .NET family: not domains.
_NOT_DOMAINS = frozenset({"asp.net", "ado.net", "vb.net"})

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL_RE = re.compile(
    r"(?P<url>(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+)"
    r"|(?<![\w@.-])(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})\b"
    r"(?P<path>(?::\d{2,5})?/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_JOB_RE = re.compile(r"~0[12][0-9a-f]{6,}", re.IGNORECASE)
#: A run of digit groups that may be a phone number: an optional international prefix (``+``
#: or ``00``), then up to 8 groups of 1 to 7 digits (a group may be in brackets, ``(0)``
#: included) split by one space, dot, dash, en dash or slash (spaces around a dash allowed),
#: or 8 to 15 digits in a row.
_PHONE_RE = re.compile(r"""
    (?<![\w+#$€£¥₹/.,-])              # not glued to a word, number, amount or identifier
    (?P<lead>\+\s?|00(?=[1-9]))?
    (?:\d{8,15}|\(?\d{1,7}\)?                   # a run of digits, or digit groups:
    (?:(?:\s?[-–./]\s?|\s|(?<=\))|(?=\())\(?\d{1,7}\)?){0,7})
    (?![\w%€£$¥₹])(?![.,:]\d)           # not followed by letters, units, more digits, a time
""", re.VERBOSE)
_DATE_RE = re.compile(r"""
    (?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])     # 2026-10-31
    |(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|1[0-2])[-./](?:19|20)?\d{2}   # 31.12.2025
    |(?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:19|20)?\d{2}   # 12/31/2025
""", re.VERBOSE)
_YEAR = r"(?:19|20)\d{2}"
#: Years alone, in ranges or lists: ``2019-2023``, ``2019 – 23``, ``2019/20``, ``2019 2020``.
_YEARS_RE = re.compile(rf"{_YEAR}(?:\s?[-–/]\s?(?:{_YEAR}|\d{{2}})|\s{_YEAR})*")
#: Words after which a number is an identifier, never a phone (``invoice 2024-118``).
_ID_WORDS_RE = re.compile(r"""
    (?:invoice|inv|order|ord|ref|reference|ticket|po|p\.o\.|case|receipt|tracking|account
      |acct|iban|vat|sku|isbn|id|contract|project|version|ver|build|item|batch|serial)
    \.?\s*(?:no\.?|nr\.?|num(?:ber)?|\#)?\s*[:#]?\s*$
""", re.VERBOSE | re.IGNORECASE)
_AMOUNT_AFTER_RE = re.compile(
    r"\s?(?:[€$£¥₹]|(?:usd|eur|gbp|inr|pkr|uah|rub|dollars?|euros?|pounds?|k|m)\b)",
    re.IGNORECASE)
_US_LOCAL_RE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}|\d{3}[.-]\d{4}")
#: Regions whose national numbers (without a country code) ``phonenumbers`` checks for the
#: numbers of 7 to 9 digits that the shape alone does not settle: where most freelancers and
#: their clients on Upwork are.
PHONE_REGIONS = ("US", "GB", "IN", "PK", "PH", "BD", "UA", "NG", "KE", "EG", "DE", "FR", "ES",
                 "IT", "PL", "RU", "BR", "CA", "AU", "RS", "RO", "VN", "ID", "AR")
_TRAILING = ".,;:!?)]}'\""


def redact_text(text: object, names: Iterable[str] = (), ids: Iterable[str] = ()) -> object:
    """Replace contact details, links, job ids and client names in ``text``.

    Parameters
    ----------
    text : str or None
        Any text. Non-strings (``None``, ``NaN``) are returned unchanged.
    names : iterable of str, default=()
        Client names to hide, full names and first names (see :func:`client_names`).
    ids : iterable of str, default=()
        Exact strings to hide as ``[job]`` (job ids that are not Upwork ciphertexts), replaced
        in the order given: put longer ids first.

    Returns
    -------
    str
        The text with ``[email]``, ``[link]``, ``[job]``, ``[phone]`` and ``[client]`` in place
        of what they stand for.
    """
    if not isinstance(text, str) or not text:
        return text
    out = _EMAIL_RE.sub(EMAIL, text)
    out = _URL_RE.sub(_link, out)
    out = _JOB_RE.sub(JOB, out)
    for job_id in ids:
        if isinstance(job_id, str) and len(job_id) >= 4:
            out = out.replace(job_id, JOB)
    out = redact_phones(out)
    pattern = names_pattern(names) if not isinstance(names, re.Pattern) else names
    if pattern is not None:
        out = pattern.sub(CLIENT, out)
    return out


def names_pattern(names: Iterable[str], file_names: bool = False) -> re.Pattern | None:
    """One compiled pattern matching every name as a whole word, in any case (a one-word name
    that is an ordinary word: only with a capital first letter; see the module docstring);
    ``None`` when there is no name. Pass it to :func:`redact_text` as ``names`` to reuse it.

    With ``file_names``, ``_``, ``-`` and ``.`` also separate words (``Acme_Corp``,
    ``Oliver-K``) and a trailing dot of a word is optional: the pattern for
    :func:`redact_file_name`.
    """
    found: dict[tuple[str, ...], list[str]] = {}
    for name in names:
        if not isinstance(name, str):
            continue
        words = name.split()
        if file_names:
            words = [w.rstrip(".") for w in words if w.rstrip(".")]
        if len("".join(words).replace(".", "")) < 2:
            continue
        found.setdefault(tuple(w.casefold() for w in words), words)
    if not found:
        return None
    gap = r"[\s_.-]+" if file_names else r"\s+"
    # grouped by first word ("Oliver\s+(?:K\.|M\.)|Oliver"): far faster than one alternative
    # per name when the pattern ignores case
    groups: dict[str, tuple[str, set[tuple[str, ...]]]] = {}
    for words in found.values():
        first, tails = groups.setdefault(words[0].casefold(), (words[0], set()))
        tails.add(tuple(words[1:]))
    alternatives = []
    for key, (first, tails) in sorted(groups.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        longer = sorted((gap.join(re.escape(w) for w in t) for t in tails if t),
                        key=lambda s: (-len(s), s))
        alone = () in tails
        head = re.escape(first)
        options = []
        if longer:
            options.append(f"{head}{gap}(?:{'|'.join(longer)})")
        if alone and key in ORDINARY_WORDS:  # a capital first letter, then any case
            options.append(f"(?-i:{re.escape(first[0].upper())}){re.escape(first[1:])}")
        elif alone:
            options.append(head)
        alternatives.extend(options)
    # whole words: no letter or digit around the name (in file names "_" is no letter either);
    # a possessive 's is allowed after it
    before, after = (r"(?<![^\W_])", r"(?![^\W_])") if file_names else (r"(?<!\w)", r"(?!\w)")
    return re.compile(f"{before}(?:{'|'.join(alternatives)}){after}", re.IGNORECASE)


def client_names(values: Iterable[object]) -> list[str]:
    """Full names and first names from a column of client names, longest first.

    ``"Oliver K."`` gives ``"Oliver K."`` and ``"Oliver"``; a single-letter first name or an
    initial alone is not used. A name starting with an article has no first name (``"The
    Agency"`` gives only itself, so that "the" stays), and a leading title is skipped
    (``"Dr. Mei R."`` gives ``"Dr. Mei R."`` and ``"Mei"``).
    """
    found: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        full = " ".join(value.split())
        if len(full.replace(".", "")) >= 2:
            found.add(full)
        words = [w.rstrip(".,") for w in full.split(" ")]
        if len(words) > 1 and words[0].casefold() in _TITLES:
            words = words[1:]
        first = words[0]
        if len(first) >= 2 and first.casefold() not in _ARTICLES | _TITLES:
            found.add(first)
    return sorted(found, key=lambda s: (-len(s), s))


def redact_file_name(name: object, names: Iterable[str] | re.Pattern = (),
                     ids: Iterable[str] = ()) -> object:
    """A file name with client names, contact details, links and job ids replaced.

    The extension stays; ``_``, ``-`` and ``.`` separate the words of a name
    (``Acme_Corp_tracker.csv`` -> ``[client]_tracker.csv``), and each ``_``-separated part is
    redacted as text. ``names`` is an iterable of names or a pattern from
    ``names_pattern(..., file_names=True)``. Non-strings are returned unchanged.
    """
    if not isinstance(name, str) or not name:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or not re.fullmatch(r"[A-Za-z0-9]{1,8}", ext):
        stem, ext = name, ""
    else:
        ext = "." + ext
    stem = _EMAIL_RE.sub(EMAIL, stem)  # before splitting: a local part may hold "_"
    pattern = names if isinstance(names, re.Pattern) else names_pattern(names, file_names=True)
    if pattern is not None:
        stem = pattern.sub(CLIENT, stem)
    id_list = list(ids)
    return "_".join(str(redact_text(part, (), id_list)) for part in stem.split("_")) + ext


def redact_frame(df: pd.DataFrame, columns: Sequence[str], names: Iterable[str] = (),
                 ids: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``df`` with :func:`redact_text` applied to ``columns`` (missing ones skipped).

    Parameters
    ----------
    df : pandas.DataFrame
        Any table.
    columns : sequence of str
        The text columns to redact.
    names, ids : iterable of str
        As for :func:`redact_text`.

    Returns
    -------
    pandas.DataFrame
    """
    pattern = names_pattern(names) if not isinstance(names, re.Pattern) else names
    id_list = list(ids)
    out = df.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col].map(lambda v: redact_text(v, pattern or (), id_list))
    return out


@dataclass(frozen=True)
class Redactor:
    """Applies :func:`redact_text` when ``share`` is true and passes text through otherwise.

    Build it with :func:`redactor_for`; every report display helper takes one.
    """

    share: bool = False
    names: re.Pattern | None = None
    ids: tuple[str, ...] = ()
    file_names: re.Pattern | None = None

    def text(self, value: object) -> object:
        """``value`` redacted in share mode, unchanged otherwise."""
        return redact_text(value, self.names or (), self.ids) if self.share else value

    def frame(self, df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        """``df`` with ``columns`` redacted in share mode (a copy), unchanged otherwise."""
        return redact_frame(df, columns, self.names or (), self.ids) if self.share else df

    def file_name(self, value: object) -> object:
        """A file name redacted in share mode (see :func:`redact_file_name`), unchanged
        otherwise."""
        return redact_file_name(value, self.file_names or (), self.ids) if self.share else value


def redactor_for(proposals: pd.DataFrame, share: bool) -> Redactor:
    """A :class:`Redactor` that knows the client names and job ids of ``proposals``.

    Parameters
    ----------
    proposals : pandas.DataFrame
        The canonical proposals table (``client_name``, ``job_id``).
    share : bool
        Whether to redact at all.

    Returns
    -------
    Redactor
    """
    if not share:
        return Redactor(share=False)
    names = proposals["client_name"] if "client_name" in proposals else ()
    ids = proposals["job_id"].dropna().astype(str) if "job_id" in proposals else ()
    # Upwork ciphertexts are caught by the pattern; only other ids need an exact match
    other = {i for i in ids if not _JOB_RE.fullmatch(i)}
    known = client_names(names)
    return Redactor(share=True, names=names_pattern(known),
                    ids=tuple(sorted(other, key=len, reverse=True)),
                    file_names=names_pattern(known, file_names=True))


def _link(match: re.Match) -> str:
    if match.group("url"):
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        return LINK + url[len(stripped):]
    host, path = match.group("host"), match.group("path") or ""
    labels = host.split(".")
    # "janedoe.pl.Next": drop word-like endings one at a time, down to a domain or nothing
    while len(labels) >= 2:
        if _is_domain(labels, bool(path)):
            stripped = path.rstrip(_TRAILING)
            tail = match.group(0)[len(".".join(labels)) + len(stripped):]
            return LINK + tail
        labels, path = labels[:-1], ""
    return match.group(0)


def _is_domain(labels: list[str], has_path: bool) -> bool:
    """Whether ``label.label.tld`` (split on dots) is a domain rather than ordinary text."""
    tld = labels[-1]
    if ".".join(labels[-2:]).casefold() in _NOT_DOMAINS:
        return False
    if not has_path and tld.casefold() in FILE_EXTENSIONS:
        return False
    mixed = not (tld.islower() or tld.isupper())
    return not mixed or tld.casefold() in _MIXED_CASE_TLDS


def find_phones(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the phone numbers in ``text`` (see the module docstring).

    Each digit run of :data:`_PHONE_RE` with 7 to 15 digits is judged by its shape first: never
    a phone when it is a date, years, an amount or follows an identifier word; a phone with a
    country code, a trunk prefix, 10 or more digits, or a US shape. What is left (7 to 9
    digits in groups, no prefix) is a phone only when ``phonenumbers`` finds a valid number
    for one of :data:`PHONE_REGIONS` in it (the second opinion).
    """
    spans = []
    for match in _PHONE_RE.finditer(text):
        start, end = match.span()
        candidate = match.group(0).rstrip(" -–./")
        end = start + len(candidate)
        digits = sum(c.isdigit() for c in candidate)
        if not 7 <= digits <= 17 or _never_phone(text, start, end, candidate):
            continue
        body = re.sub(r"^(?:\+\s?|00)", "", candidate)
        groups = re.findall(r"\d+", body)
        national = sum(len(g) for g in groups)
        if match.group("lead"):
            if 7 <= national <= 15:
                spans.append((start, end))
            continue
        if national > 15:
            continue
        trunk = "(0)" in candidate or (groups[0].startswith("0") and len(groups) >= 2)
        if (trunk and national >= 9) or national >= 10 or _US_LOCAL_RE.fullmatch(candidate):
            if len(groups) >= 2 or national >= 10:
                spans.append((start, end))
            continue
        if len(groups) >= 2:
            spans.extend(_second_opinion(candidate, start))
    return spans


def _never_phone(text: str, start: int, end: int, candidate: str) -> bool:
    """A date, years, an amount, or an identifier after a word such as invoice or order."""
    if _DATE_RE.fullmatch(candidate) or _YEARS_RE.fullmatch(candidate):
        return True
    before = text[max(0, start - 30):start]
    if _ID_WORDS_RE.search(before):
        return True
    if re.search(r"[$€£¥₹]\s?$", before) or _AMOUNT_AFTER_RE.match(text, end):
        return True
    return False


def _second_opinion(candidate: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the numbers that ``phonenumbers`` finds valid in ``candidate`` for a region of
    :data:`PHONE_REGIONS` (shifted by ``offset``)."""
    import phonenumbers  # imported on first need: it loads its metadata per region

    for region in PHONE_REGIONS:
        found = [(offset + m.start, offset + m.end) for m in phonenumbers.PhoneNumberMatcher(
            candidate, region, leniency=phonenumbers.Leniency.VALID)]
        if found:
            return found
    return []


def redact_phones(text: str) -> str:
    """``text`` with every span of :func:`find_phones` replaced by ``[phone]``."""
    spans = find_phones(text)
    if not spans:
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(PHONE)
        last = end
    out.append(text[last:])
    return "".join(out)
