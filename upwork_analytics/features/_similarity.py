"""Similarity to the job post: tailoring (keyword overlap) and coverage of the post's questions.

Template reuse (similarity to one's own earlier proposals) is in ``_template``; its public names
are re-exported here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from upwork_analytics.features._template import (  # noqa: F401 - re-exported
    EXACT_MAX_N,
    TOP_CANDIDATES,
    bigram_codes,
    bigram_codes_flat,
    shingles,
    template_similarity,
    text_similarity,
)
from upwork_analytics.features._tokenize import (
    TextLike,
    clean,
    keywords,
    sentences,
    stem_set,
    terms,
)

_REQUEST_RE = re.compile(
    r"^(?:\W*\d{0,2}[.)]?\s*)?(?:please\s+)?(?:tell|describe|explain|share|list|include|mention"
    r"|provide|send|attach|outline|walk\s+(?:me|us)\s+through|let\s+(?:me|us)\s+know)\b",
    re.IGNORECASE,
)
_HEADER_RE = re.compile(r"(?:answer|address|respond\s+to|include|cover).*(?:following|questions?)"
                        r"|questions?\s*:", re.IGNORECASE)
_ITEM_RE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s")


# --------------------------------------------------------------------------- tailoring


@lru_cache(maxsize=1024)
def _job_keywords(title: str, description: str, top_k: int) -> tuple[str, ...]:
    desc = Counter(keywords(description))
    ranked = [w for w, _ in sorted(desc.items(), key=lambda kv: -kv[1])][:top_k]
    return tuple(dict.fromkeys(keywords(title) + ranked))


@lru_cache(maxsize=1024)
def _question_keywords(description: str) -> tuple[frozenset[str], ...]:
    return tuple(q for q in (frozenset(keywords(q)) for q in job_questions(description)) if q)


def job_keywords(job_title: object, job_description: object, top_k: int = 20) -> list[str]:
    """Stemmed content keywords of a job post: every title keyword, plus the ``top_k`` most
    frequent description keywords (ties: first seen), without duplicates, in that order."""
    return list(_job_keywords(clean(job_title), clean(job_description), top_k))


def job_overlap(text: TextLike, job_title: object = None, job_description: object = None,
                top_k: int = 20) -> float:
    """Tailoring: share of the job post's keywords (:func:`job_keywords`) used in ``text``.

    Keywords are compared as Porter stems ("developer" matches "develop").

    Parameters
    ----------
    text : str or None
        The proposal; a missing value (None, NaN) is empty text.
    job_title, job_description : str or None
        The job post; missing values mean unknown.
    top_k : int, default=20
        Description keywords used besides all title keywords.

    Returns
    -------
    float
        From 0 to 1; ``nan`` when the job text is missing or has no keyword, or ``text`` has no
        words.
    """
    text = clean(text)
    kws = job_keywords(job_title, job_description, top_k)
    if not kws or not terms(text):
        return math.nan
    have = stem_set(text)
    return sum(1 for k in kws if k in have) / len(kws)


def job_questions(job_description: object) -> list[str]:
    """The questions and requests a job post asks applicants to answer.

    Sentences ending in ``?``; sentences that start with a request verb ("Tell me about",
    "Describe", "Please share", "Include", "Let me know", ...); and every list item after a
    header such as "Please answer the following:".

    Parameters
    ----------
    job_description : str or None
        The job post; a missing value (None, NaN) asks nothing.

    Returns
    -------
    list of str
        The questions and requests, in order; empty when there are none.
    """
    out = []
    in_list = False
    for s in sentences(clean(job_description)):
        is_item = bool(_ITEM_RE.match(s))
        if s.rstrip("\"'”’)] ").endswith(("?", "？")) or _REQUEST_RE.match(s):
            out.append(s)
        elif in_list and is_item:
            out.append(s)
        if _HEADER_RE.search(s) and s.rstrip().endswith(":"):
            in_list = True
        elif not is_item:
            in_list = False
    return out


def client_question_coverage(text: TextLike, job_description: object = None,
                             threshold: float = 0.5) -> float:
    """Share of the job post's questions (:func:`job_questions`) that ``text`` addresses.

    A question is addressed when at least ``threshold`` (default half) of its distinct content
    keywords (stemmed, stop words removed) appear in ``text``; questions without any content
    keyword ("Why?") are not counted.

    Parameters
    ----------
    text : str or None
        The proposal; a missing value (None, NaN) is empty text.
    job_description : str or None
        The job post; a missing value means unknown.
    threshold : float, default=0.5
        Share of a question's keywords the text must use to address it.

    Returns
    -------
    float
        From 0 to 1; ``nan`` when the post asks no countable question, or ``text`` has no words.
    """
    text = clean(text)
    qs = _question_keywords(clean(job_description))
    if not qs or not terms(text):
        return math.nan
    have = stem_set(text)
    answered = sum(1 for q in qs if len(q & have) >= threshold * len(q))
    return answered / len(qs)
