"""Length, readability and style of one text: pure functions of a string.

Empty-text policy (shared by every feature function): counts are ``0``, booleans ``0``, ratios,
scores and readability are ``nan`` (undefined without words). A missing value (``None``, NaN,
``pd.NA``) is empty text.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from upwork_analytics.features._tokenize import TextLike, clean, sentences, terms, words

#: Vowels, with their accented Latin forms ("café" has two groups).
_VOWEL_GROUP_RE = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]+")
#: A silent final "e" ("make", "inside"), not "-le" ("table") and not the only vowel ("the").
_SILENT_E_RE = re.compile(r"[aeiouy][^aeiouy\s]*[^aeiouyl\s]e\b")
#: A word the syllable heuristic can read: Latin letters (a-z, and accented Latin letters
#: such as é or ü) with inner apostrophes.
_LATIN_WORD_RE = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+"
                            r"(?:'[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+)*")
#: ``reading_grade`` needs at least this share of the text's words to be Latin-alphabet words.
MIN_LATIN_SHARE = 0.5
_TRAILING_CLOSERS = "\"'”’)]» \t\n"

YOU_WORDS = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you've",
                       "you'll", "you'd", "ya"})
I_WORDS = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd"})


def word_count(text: TextLike) -> int:
    """Number of words in ``text``.

    A word is a run of letters or digits, with inner apostrophes, hyphens, periods or commas
    (``don't``, ``front-end``, ``$1.5K`` -> ``1.5K``, ``1,200``); a link counts as one word.
    Scripts written without spaces (Chinese, Japanese) count one word per run.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        ``0`` for empty text.
    """
    return len(words(clean(text)))


def sentence_count(text: TextLike) -> int:
    """Number of sentences (see :func:`upwork_analytics.features._tokenize.sentences`).

    A greeting or sign-off line set off by a blank line counts as a sentence.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        ``0`` for empty text.
    """
    return len(sentences(clean(text)))


def mean_sentence_words(text: TextLike) -> float:
    """Mean number of words per sentence: ``word_count / sentence_count``.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    float
        ``nan`` for empty text.
    """
    text = clean(text)
    n_sent = sentence_count(text)
    return word_count(text) / n_sent if n_sent else math.nan


@lru_cache(maxsize=100_000)
def _is_latin(term: str) -> bool:
    return _LATIN_WORD_RE.fullmatch(term) is not None


def latin_terms(text: TextLike) -> tuple[str, ...]:
    """The lower-case alphabetic terms of ``text`` written in Latin letters (the words the
    syllable heuristic can read), in order; numbers, links and other scripts are left out."""
    text = clean(text)
    found = terms(text)
    if text.isascii():  # every alphabetic term of an ASCII text is a-z
        return found
    return tuple(filter(_is_latin, found))


def syllable_count(text: TextLike) -> int:
    """Estimated syllables of the Latin-alphabet words of ``text`` (a textstat-like heuristic).

    Each group of consecutive vowels (``aeiouy``, accented forms included) is one syllable; a
    silent final ``e`` (``make``, not ``table`` or ``the``) is not; a word without vowels counts
    one. Numbers, links and words in other scripts (Cyrillic, Chinese, ...) are ignored.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        ``0`` for empty text.
    """
    return sum(map(_syllables, latin_terms(text)))


@lru_cache(maxsize=100_000)
def _syllables(term: str) -> int:
    groups = len(_VOWEL_GROUP_RE.findall(term))
    if groups == 0:
        return 1
    return max(1, groups - len(_SILENT_E_RE.findall(term)))


def reading_grade(text: TextLike) -> float:
    """Flesch-Kincaid grade level: US school grade needed to read ``text``.

    ``0.39 * words / sentences + 11.8 * syllables / Latin words - 15.59``, where syllables are
    counted by :func:`syllable_count` over the Latin-alphabet words. Can be negative for very
    simple text. The formula and the syllable heuristic are made for English, so the grade is
    only computed when at least ``MIN_LATIN_SHARE`` (half) of the alphabetic words are written
    in Latin letters.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    float
        ``nan`` for text without alphabetic words (empty, numbers only, emoji only) and for text
        mostly in other scripts (Chinese, Russian, ...) or in styled Unicode letters
        (``𝐇𝐞𝐥𝐥𝐨``).
    """
    text = clean(text)
    all_terms = terms(text)
    latin = latin_terms(text)
    n_sent = sentence_count(text)
    if not latin or n_sent == 0 or len(latin) < MIN_LATIN_SHARE * len(all_terms):
        return math.nan
    syllables = sum(map(_syllables, latin))
    return 0.39 * word_count(text) / n_sent + 11.8 * syllables / len(latin) - 15.59


def question_count(text: TextLike) -> int:
    """Number of sentences that are questions (end with ``?``, before any closing quote/bracket).

    A ``?`` inside a link (``https://x.com/?q=1``) does not make a question; ``"?!"`` ends a
    question only when ``?`` is last, e.g. ``"Really?!"`` is an exclamation.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        ``0`` for empty text.
    """
    return sum(1 for s in sentences(clean(text))
               if s.rstrip(_TRAILING_CLOSERS).endswith(("?", "？")))


def exclamation_count(text: TextLike) -> int:
    """Number of exclamation marks (``!`` and the full-width ``！``) in ``text``.

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    int
        ``0`` for empty text.
    """
    text = clean(text)
    return text.count("!") + text.count("！")


def you_i_ratio(text: TextLike) -> float:
    """Client focus: ``you-words / (you-words + I-words)``, from 0 (all about me) to 1.

    You-words: you, your, yours, yourself, you're, ...; I-words: I, me, my, mine, myself, I'm,
    ....

    Parameters
    ----------
    text : str or None
        The text; a missing value (None, NaN) is empty text.

    Returns
    -------
    float
        ``nan`` when the text has neither (no evidence either way), e.g. empty text.
    """
    n_you = n_i = 0
    for t in terms(clean(text)):
        if t in YOU_WORDS:
            n_you += 1
        elif t in I_WORDS:
            n_i += 1
    total = n_you + n_i
    return n_you / total if total else math.nan
