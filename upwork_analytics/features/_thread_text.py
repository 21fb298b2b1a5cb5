"""Text rules of the interview-thread features: sentences, questions, answers, rates, calls.

Pure functions of strings. Sentence splitting and keyword matching are the feature catalogue's
(:mod:`upwork_analytics.features._tokenize`, :mod:`upwork_analytics.features._similarity`), so a
"sentence" or an "addressed question" means the same in a proposal and in a thread.
"""

from __future__ import annotations

import math
import re

from upwork_analytics.features._similarity import client_question_coverage
from upwork_analytics.features._tokenize import sentences, terms, words

#: Closing quotes/brackets allowed after the '?' of a question (as in ``question_count``).
_CLOSERS = "\"'”’)]» \t\n"

#: Money talk: a currency amount, "N USD/dollars/euros", "/hr", "per hour", or the words rate,
#: budget, price, pricing, priced, hourly. Phrases in ``_NOT_MONEY_RE`` are removed first.
_MONEY_RE = re.compile(
    r"[$€£]\s?\d|\b\d[\d,.]*\s?(?:usd|dollars?|euros?|eur)\b|/\s?(?:hr|hour)\b|\bper\s+hour\b"
    r"|\b(?:rates?|budgets?|prices?|pricing|priced|hourly)\b",
    re.IGNORECASE,
)
_NOT_MONEY_RE = re.compile(
    r"\b(?:conversion|bounce|success|response|click|open|heart|growth|error|interest|churn"
    r"|retention|frame|refresh|sample|learning)\s+rates?\b",
    re.IGNORECASE,
)
#: A call or video meeting: call(s) (not "API/function/method calls"), video, Zoom, Skype,
#: Google Meet, or "Meet" capitalised after a word ("on Meet"; the verb "meet" does not count).
_CALL_RE = re.compile(
    r"(?i:(?<!api )(?<!function )(?<!method )\bcalls?\b|\bvideo|\bzoom\b|\bskype\b"
    r"|\bgoogle\s+meet\b)|(?<=[\w,] )Meet\b"
)
#: Substrings one of which every match of the patterns above contains (a fast pre-check).
_MONEY_HINTS = ("$", "€", "£", "usd", "dollar", "eur", "hr", "hour", "rate", "budget", "pric")
_CALL_HINTS = ("call", "video", "zoom", "skype", "meet")


def message_stats(text: str) -> tuple[int, list[str], int, bool, bool]:
    """All text measures of one message in one pass (the tokenizer memo is hit once per text):
    ``(n_sentences, question_sentences, n_words, discusses_rate, mentions_call)``."""
    if not text:
        return 0, [], 0, False, False
    return (n_sentences(text), question_sentences(text), n_words(text), discusses_rate(text),
            mentions_call(text))


def n_sentences(text: str) -> int:
    """Number of sentences of ``text`` (the catalogue's splitter); ``0`` for empty text."""
    return len(sentences(text))


def question_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that end in ``?`` (before closing quotes or brackets)."""
    if "?" not in text and "？" not in text:
        return []
    return [s for s in sentences(text) if s.rstrip(_CLOSERS).endswith(("?", "？"))]


def n_words(text: str) -> int:
    """Number of words of ``text`` (the catalogue's ``word_count`` rule)."""
    return len(words(text))


def addresses(reply: str, question: str, threshold: float = 0.5) -> bool:
    """Whether ``reply`` addresses ``question``.

    The catalogue's rule (:func:`~upwork_analytics.features.client_question_coverage`): at
    least ``threshold`` of the question's distinct content keywords (Porter stems, stop words
    removed) appear in the reply. A question without any content keyword ("Why?", "Any
    news?") counts as addressed by any reply with words. A reply without words addresses
    nothing.
    """
    if not terms(reply):
        return False
    coverage = client_question_coverage(reply, question, threshold=threshold)
    return math.isnan(coverage) or coverage > 0


def discusses_rate(text: str) -> bool:
    """Whether ``text`` talks about money: an amount (``$45``, ``900 USD``), ``/hr``, "per
    hour", or rate, budget, price, pricing, priced, hourly ("conversion rate" and other
    metric rates do not count)."""
    low = text.lower()
    if not any(hint in low for hint in _MONEY_HINTS):
        return False
    return bool(_MONEY_RE.search(_NOT_MONEY_RE.sub(" ", low)))


def mentions_call(text: str) -> bool:
    """Whether ``text`` mentions a call or video meeting: call(s), video, Zoom, Skype, Google
    Meet or "on/via Meet" ("API calls" and the verb "meet" do not count)."""
    low = text.lower()
    return any(hint in low for hint in _CALL_HINTS) and bool(_CALL_RE.search(text))
