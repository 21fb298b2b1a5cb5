"""What a text says: results, enthusiasm and sentiment, social proof, reliability, links, calls to
action and rates. Pure functions of a string; lexicons and patterns are compiled once.

Sentiment uses the VADER lexicon shipped in the ``vaderSentiment`` package
(``vader_lexicon.txt``), read once into a dict; the score is a fast lexicon average, not VADER's
full rule set (see :func:`sentiment`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

from upwork_analytics.features._lexicon import LEXICONS, expand, lexicon_counts
from upwork_analytics.features._text_stats import exclamation_count
from upwork_analytics.features._tokenize import (
    LINK_RE,
    URL_RE,
    TextLike,
    clean,
    sentences,
    terms,
)

_NUM = r"\d+(?:[.,]\d+)*"

#: A quantity that can state an outcome: before->after, percentage, money, multiplier
#: (matched in lower-case text).
_QUANTITY_RE = re.compile(
    r"\b(?:sav(?:ed|es|ing)|cut|reduc\w*|free[ds]?\s+up)\s+(?:[a-z]+(?:-[a-z]+)*\s+){0,4}"
    r"\d[\d,.]*\s*"
    r"(?:hours?|hrs?|days?|weeks?|minutes?|mins?|seconds?)\b"
    rf"|\bfrom\s+[$€£]?{_NUM}\s*[%kmx]?(?:\s+[a-z]+)?\s+(?:to|down to|up to)\s+[$€£]?{_NUM}"
    rf"|{_NUM}\s?(?:%|percent\b|per cent\b)"
    rf"|[$€£]\s?{_NUM}\s?(?:[km]\b)?|\b{_NUM}\s?[km]?\s?(?:usd|dollars|euros?|eur)\b"
    rf"|\b{_NUM}\s?[x×](?!\w)|\b(?:doubled|tripled|quadrupled|halved|twice|three times)\b"
)
#: Words that tie a quantity to a result (a verb of change or an outcome metric), lower case.
_RESULT_RE = re.compile(
    r"\b(?:increas|grew|grow|boost|improv|rais|cut|reduc|sav|earn|generat|doubl|tripl|quadrupl"
    r"|halv|lift|drop|decreas|lower|higher|faster|slash|shrank|shrunk|gain|won|win|achiev"
    r"|deliver|climb|jump|revenue|sales|conversion|profit|traffic|roi|ranking|leads|signups"
    r"|return)\w*"
)
#: A sentence about my price: its money amounts are not results ("I have proposed $1,950").
#: "rate" counts only as "my / the / an hourly ... rate", not as a metric ("crash rate").
_PRICING_RE = re.compile(r"\b(?:budget|quote|quoted|proposed|proposing|bid|bidding|priced"
                         r"|charge|charging|hourly|estimate)\b|/\s?hr\b|per hour"
                         r"|\b(?:my|our|the|a|an|flat|day|daily|fixed|usual|standard|normal"
                         r"|discounted)\s+rates?\b")
_MULTIPLIER_WORDS = frozenset({"doubled", "tripled", "quadrupled", "halved", "twice", "three"})
_DIGIT_RE = re.compile(r"\d")
_MONEY_WORD_RE = re.compile(r"usd|dollars|euro|eur")

#: The enthusiasm lexicon (single words); the phrase lexicons are in ``_lexicon.LEXICONS``.
ENTHUSIASM_TERMS = frozenset(p[0] for p in expand(LEXICONS["enthusiasm"][0]))

_TLDS = (r"(?:com|net|org|io|dev|co|me|app|design|site|studio|page|link|ly|ai|xyz|art|tech"
          r"|info|biz|us|uk|de)")
_TLD_HINT_RE = re.compile(r"\." + _TLDS + r"(?![a-z])")
_BARE_DOMAIN_RE = re.compile(
    r"(?<![@\w.-])[a-z0-9][\w-]*(?:\.[\w-]+)*\." + _TLDS + r"(?:/\S*)?(?![\w.])")

#: VADER's negators (a subset of ``vaderSentiment.NEGATE``) and its scaling constants.
_NEGATORS = frozenset({"not", "no", "never", "none", "nothing", "neither", "nor", "nobody",
                       "without", "isn't", "don't", "doesn't", "didn't", "won't", "can't",
                       "cannot", "couldn't", "wasn't", "aren't", "haven't", "hasn't", "shouldn't",
                       "wouldn't", "weren't", "ain't", "hardly", "rarely", "seldom"})
_N_SCALAR = -0.74
_ALPHA = 15.0


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """The VADER lexicon (word -> mean valence, -4..4), read from the ``vader_lexicon.txt``
    shipped inside the ``vaderSentiment`` package."""
    import vaderSentiment

    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    lexicon: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                lexicon[parts[0]] = float(parts[1])
    return lexicon


def result_phrase_count(text: TextLike) -> int:
    """Number of quantified outcomes: quantities in a sentence that also has a result word.

    Quantities: before-and-after numbers (``from 6 s to 2 s`` counts once), percentages,
    money amounts, multipliers (``3x``, ``doubled``, ``twice``), time saved ("saved 18 hours",
    "saved an e-commerce brand 64 hours": up to 4 words between).
    Result words: verbs of change (increased, cut, saved, earned, grew, ...) and outcome
    metrics (sales, revenue, traffic, conversion, ROI, ...). Other numbers ("6 years", "50%
    upfront") do not count, nor money in a sentence about my price ("I have proposed $1,950";
    a metric such as "bounce rate" is not a price).

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        Phrases, ``>= 0``; ``0`` for empty text.
    """
    text = clean(text)
    if not _DIGIT_RE.search(text) and _MULTIPLIER_WORDS.isdisjoint(terms(text)):
        return 0
    n = 0
    for sent in sentences(text):
        low = sent.lower()
        if not _DIGIT_RE.search(low) and _MULTIPLIER_WORDS.isdisjoint(low.split()):
            continue
        if not _RESULT_RE.search(low):  # no result word: its quantities do not count
            continue
        found = _QUANTITY_RE.findall(URL_RE.sub(" ", low) if "/" in low or "@" in low else low)
        if found and _PRICING_RE.search(low):
            found = [q for q in found if q[0] not in "$€£" and not _MONEY_WORD_RE.search(q)]
        n += len(found)
    return n


def enthusiasm_term_count(text: TextLike) -> int:
    """Number of enthusiasm words and phrases (excited, love, thrilled, can't wait, ...).

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        ``0`` for empty text.
    """
    return lexicon_counts(clean(text))["enthusiasm"]


def sentiment(text: TextLike) -> float:
    """Fast lexicon sentiment from -1 (negative) to 1 (positive), VADER-style.

    The sum of the VADER valences of the words, each flipped and damped (x -0.74) when one of
    the three words before it is a negator, normalised as VADER does: ``s / sqrt(s^2 + 15)``.
    Its sign agrees with VADER's ``compound`` on clear sentences; it ignores VADER's rules for
    capitals, "but", degree adverbs, punctuation and emoticons. Only English words are in the
    lexicon: text in other languages scores 0.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    float
        From -1 to 1; ``nan`` for text without words (empty, numbers only).
    """
    return _sentiment(clean(text))


@lru_cache(maxsize=4096)
def _sentiment(text: str) -> float:
    toks = terms(text)
    if not toks:
        return math.nan
    total = 0.0
    for i, v in enumerate(map(vader_lexicon().get, toks)):
        if v is None:
            continue
        if i and not _NEGATORS.isdisjoint(toks[max(0, i - 3):i]):
            v *= _N_SCALAR
        total += v
    return total / math.sqrt(total * total + _ALPHA)


def enthusiasm_score(text: TextLike) -> float:
    """Enthusiasm from 0 to 1: the mean of three parts, each capped at 1.

    ``min(enthusiasm words, 3) / 3``, ``min(exclamation marks, 3) / 3`` and the positive part of
    :func:`sentiment` (``max(sentiment, 0)``).

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    float
        From 0 to 1; ``nan`` for text without words.
    """
    text = clean(text)
    s = sentiment(text)
    if math.isnan(s):
        return math.nan
    return (min(enthusiasm_term_count(text), 3) / 3 + min(exclamation_count(text), 3) / 3
            + max(s, 0.0)) / 3


def social_proof(text: TextLike) -> int:
    """Number of social-proof mentions: reviews and ratings ("5-star", "great feedback",
    "rated me 5.0 out of 5", "a 4.9/5 rating"), testimonials ("clients say", "a client wrote
    that ..."), repeat or long-term clients, badges (Top Rated, Rising Talent, Expert-Vetted,
    Job Success Score), certifications.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        Mentions, ``>= 0``; ``0`` for empty text.
    """
    return lexicon_counts(clean(text))["social_proof"]


def reliability_mentions(text: TextLike) -> int:
    """Number of reliability mentions: deadlines, on time / on schedule / on budget,
    availability and hours per week, responsiveness, turnaround, regular updates, check-ins or
    milestones, "keep you updated", "count on me", commitment, "start today".

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        Mentions, ``>= 0``; ``0`` for empty text.
    """
    return lexicon_counts(clean(text))["reliability"]


def has_portfolio_link(text: TextLike) -> int:
    """1 if ``text`` contains a link (``http(s)://``, ``www.`` or a bare ``name.com/...`` domain
    with a common top-level domain), else 0. Links in proposals are almost always work samples;
    e-mail addresses do not count.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        0 or 1; ``0`` for empty text.
    """
    low = clean(text).lower()
    if ("://" in low or "www." in low) and LINK_RE.search(low):
        return 1
    return int(bool(_TLD_HINT_RE.search(low) and _BARE_DOMAIN_RE.search(low)))


def call_to_action(text: TextLike) -> int:
    """1 if ``text`` proposes a call or a next step ("schedule a quick call", "let's discuss",
    "can we talk", "message me", "next steps", "send me ...", Zoom/Calendly), else 0.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        0 or 1; ``0`` for empty text.
    """
    return int(lexicon_counts(clean(text))["call_to_action"] > 0)


def mentions_rate(text: TextLike) -> int:
    """1 if ``text`` talks about my price: rate, budget, price, cost, quote, fee, bid,
    hourly / fixed price, invoice or payment, an amount per hour, or an amount after "for",
    "at", "bid", "proposed", ... ("I can do it for $500"), else 0. "Conversion rate", "bounce
    rate", etc. do not count, nor an amount in a result ("saved the client $3,700").

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        0 or 1; ``0`` for empty text.
    """
    counts = lexicon_counts(clean(text))
    return int(counts["rate"] > counts["rate_exclusions"])
