"""Length, readability and style of one text: pure functions of a string.

Empty-text policy (shared by every feature function): counts are ``0``, booleans ``0``, ratios,
scores and readability are ``nan`` (undefined without words).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from upwork_analytics.features._tokenize import sentences, terms, words

_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
#: A silent final "e" ("make", "inside"), not "-le" ("table") and not the only vowel ("the").
_SILENT_E_RE = re.compile(r"[aeiouy][^aeiouy\s]*[^aeiouyl\s]e\b")
_TRAILING_CLOSERS = "\"'”’)]» \t\n"

YOU_WORDS = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you've",
                       "you'll", "you'd", "ya"})
I_WORDS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd"})


def word_count(text: str) -> int:
    """Number of words in ``text``.

    A word is a run of letters or digits, with inner apostrophes, hyphens, periods or commas
    (``don't``, ``front-end``, ``$1.5K`` -> ``1.5K``, ``1,200``); a link counts as one word.
    Scripts written without spaces (Chinese, Japanese) count one word per run.

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    int
        ``0`` for empty text.
    """
    return len(words(text))


def sentence_count(text: str) -> int:
    """Number of sentences (see :func:`upwork_analytics.features._tokenize.sentences`).

    A greeting or sign-off line set off by a blank line counts as a sentence.
    """
    return len(sentences(text))


def mean_sentence_words(text: str) -> float:
    """Mean number of words per sentence: ``word_count / sentence_count``; ``nan`` when empty."""
    n_sent = sentence_count(text)
    return word_count(text) / n_sent if n_sent else math.nan


def syllable_count(text: str) -> int:
    """Estimated syllables of the alphabetic words of ``text`` (a textstat-like heuristic).

    Each group of consecutive vowels (``aeiouy``) is one syllable; a silent final ``e``
    (``make``, not ``table`` or ``the``) is not; a word without vowels counts one.
    Numbers and links are ignored; words in non-Latin scripts count one syllable each.
    """
    return sum(map(_syllables, terms(text)))


@lru_cache(maxsize=100_000)
def _syllables(term: str) -> int:
    groups = len(_VOWEL_GROUP_RE.findall(term))
    if groups == 0:
        return 1
    return max(1, groups - len(_SILENT_E_RE.findall(term)))


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level: US school grade needed to read ``text``.

    ``0.39 * words / sentences + 11.8 * syllables / alphabetic words - 15.59``. Can be negative
    for very simple text. ``nan`` when the text has no alphabetic word.
    """
    n_terms = len(terms(text))
    n_sent = sentence_count(text)
    if n_terms == 0 or n_sent == 0:
        return math.nan
    return 0.39 * word_count(text) / n_sent + 11.8 * syllable_count(text) / n_terms - 15.59


def question_count(text: str) -> int:
    """Number of sentences that are questions (end with ``?``, before any closing quote/bracket).

    A ``?`` inside a link (``https://x.com/?q=1``) does not make a question; ``"?!"`` ends a
    question only when ``?`` is last, e.g. ``"Really?!"`` is an exclamation.
    """
    return sum(1 for s in sentences(text) if s.rstrip(_TRAILING_CLOSERS).endswith(("?", "？")))


def exclamation_count(text: str) -> int:
    """Number of exclamation marks (``!`` and the full-width ``！``) in ``text``."""
    return text.count("!") + text.count("！")


def you_i_ratio(text: str) -> float:
    """Client focus: ``you-words / (you-words + I-words)``, from 0 (all about me) to 1.

    You-words: you, your, yours, yourself, you're, ...; I-words: I, me, my, mine, myself, I'm,
    .... ``nan`` when the text has neither (no evidence either way).
    """
    n_you = n_i = 0
    for t in terms(text):
        if t in YOU_WORDS:
            n_you += 1
        elif t in I_WORDS:
            n_i += 1
    total = n_you + n_i
    return n_you / total if total else math.nan
