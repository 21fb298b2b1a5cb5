"""Redaction for shared reports: client names, emails, phone numbers, links and job ids.

Pure functions. What is replaced, in this order (so that an email's domain is not also taken
for a link, nor a link's job id for a job):

- ``[email]``: ``local@domain.tld``; the local part may hold ``. + - _ %``.
- ``[link]``: ``scheme://...``, ``www....`` and bare domains with a common top-level domain
  (``alexmoreno.dev/work``); trailing punctuation stays in the sentence.
- ``[job]``: Upwork job ciphertexts, ``~01`` / ``~02`` and at least 6 hex digits, and any exact
  id passed in ``ids``.
- ``[phone]``: 7 to 15 digits in groups split by spaces, dots, dashes or brackets, optionally
  after ``+country`` (``+1 (415) 555-0132``, ``415.555.0132``, ``+44 20 7946 0958``), or 10 to
  15 digits in a row. Dates (``2026-10-31``), amounts (``1,200``, ``1500000``) and versions
  (``3.11.7``) are left alone.
- ``[client]``: each known full name (``Oliver K.``) and first name (``Oliver``).

Names are matched as whole words, as written (``Sarah``) or in capitals (``SARAH``), and also
before a possessive (``Sarah's``): ``Sarahs``, ``Sarahville`` and the lowercase word ``grace``
stay. This errs on the side of redacting: a client called Julia also hides the programming
language Julia. Names shorter than two letters are ignored.
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

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_TLDS = ("com|org|net|io|dev|co|app|ai|me|info|biz|us|uk|de|fr|es|it|nl|ca|au|in|xyz|site|"
         "tech|page|studio|design|agency|online|store|shop|blog|cloud|ly|gg|so|to|tv")
_URL_RE = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+"
    rf"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_JOB_RE = re.compile(r"~0[12][0-9a-f]{6,}", re.IGNORECASE)
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,12}(?:[\s.-]\d{2,5}){0,4}(?!\w)"
)
_DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
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
    out = _PHONE_RE.sub(_phone, out)
    pattern = names_pattern(names) if not isinstance(names, re.Pattern) else names
    if pattern is not None:
        out = pattern.sub(CLIENT, out)
    return out


def names_pattern(names: Iterable[str]) -> re.Pattern | None:
    """One compiled pattern matching every name as a whole word (as written or in capitals);
    ``None`` when there is no name. Pass it to :func:`redact_text` as ``names`` to reuse it."""
    variants: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            continue
        name = " ".join(name.split())
        if len(name.replace(".", "")) < 2:
            continue
        variants.update({name, name.upper()})
    if not variants:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    # whole words: no letter or digit around the name; a possessive 's is allowed after it
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def client_names(values: Iterable[object]) -> list[str]:
    """Full names and first names from a column of client names, longest first.

    ``"Oliver K."`` gives ``"Oliver K."`` and ``"Oliver"``; a single-letter first name or an
    initial alone is not used.
    """
    found: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        full = " ".join(value.split())
        if len(full.replace(".", "")) >= 2:
            found.add(full)
        first = full.split(" ")[0].rstrip(".,")
        if len(first) >= 2:
            found.add(first)
    return sorted(found, key=lambda s: (-len(s), s))


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

    def text(self, value: object) -> object:
        """``value`` redacted in share mode, unchanged otherwise."""
        return redact_text(value, self.names or (), self.ids) if self.share else value

    def frame(self, df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
        """``df`` with ``columns`` redacted in share mode (a copy), unchanged otherwise."""
        return redact_frame(df, columns, self.names or (), self.ids) if self.share else df


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
    return Redactor(share=True, names=names_pattern(client_names(names)),
                    ids=tuple(sorted(other, key=len, reverse=True)))


def _link(match: re.Match) -> str:
    url = match.group(0)
    stripped = url.rstrip(_TRAILING)
    return LINK + url[len(stripped):]


def _phone(match: re.Match) -> str:
    s = match.group(0)
    digits = sum(c.isdigit() for c in s)
    if digits < 7 or digits > 15 or _DATE_RE.fullmatch(s):
        return s
    grouped = bool(re.search(r"[\s.()-]", s)) or s.startswith("+")
    if not grouped and digits < 10:  # a bare number such as 1500000 is an amount, not a phone
        return s
    return PHONE
