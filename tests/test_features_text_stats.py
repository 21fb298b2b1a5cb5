"""Table tests of the length, readability and style functions (values checked by hand)."""

import math

import pytest
import texts as T

from upwork_analytics.features import (
    exclamation_count,
    mean_sentence_words,
    question_count,
    reading_grade,
    sentence_count,
    word_count,
    you_i_ratio,
)
from upwork_analytics.features._text_stats import syllable_count

NAN = math.nan
CAT = "The cat sat on the mat."  # 6 words, 1 sentence, 6 syllables


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-9)


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.WHITESPACE, 0), (T.ONE_WORD, 1), (CAT, 6),
    *[(m, 0) for m in T.MISSING],
    (T.NON_ENGLISH, 11),  # Guten Tag Ich habe Ihr Projekt gelesen Привет как дела 你好世界
    ("I'm a front-end dev: $1.5K, 1,200 users.", 7),
    ("Portfolio: https://example.com/work?id=3 (React).", 3),
    (T.LONG_200K, 45_000),
])
def test_word_count(text, expected):
    assert word_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.ONE_WORD, 1), (CAT, 1), (T.NON_ENGLISH, 4), *[(m, 0) for m in T.MISSING],
    ("Hi Sarah,\n\nI can help. Dr. Lee agrees!\n\nBest,\nAnna", 4),
    (T.LONG_200K, 5000),
])
def test_sentence_count(text, expected):
    assert sentence_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, NAN), (T.WHITESPACE, NAN), (CAT, 6.0), (T.NON_ENGLISH, 11 / 4),
    *[(m, NAN) for m in T.MISSING],
    ("One two. Three four five six.", 3.0), (T.LONG_200K, 9.0),
])
def test_mean_sentence_words(text, expected):
    assert same(mean_sentence_words(text), expected)


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), ("the", 1), ("make", 1), ("table", 2), ("finish", 2), ("you", 1),
    ("rhythm", 1), ("inside", 2), ("hmm", 1), (CAT, 6), ("2024 $5", 0),  # rhythm: one "y" group
    *[(m, 0) for m in T.MISSING],
    ("café", 2), ("über", 2),                  # accented vowels are vowels
    # guten 2, tag 1, ich 1, habe 1, ihr 1, projekt 2, gelesen 3; the 4 non-Latin words are
    # not read
    (T.NON_ENGLISH, 11),
    (T.CHINESE, 0), (T.RUSSIAN, 0), (T.EMOJI, 0), (T.STYLED, 0),
    (T.LONG_200K, 50_000),
])
def test_syllable_count(text, expected):
    assert syllable_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, NAN), (T.WHITESPACE, NAN), ("2024.", NAN), *[(m, NAN) for m in T.MISSING],
    (CAT, 0.39 * 6 + 11.8 * 1 - 15.59),                        # -1.45
    # 11 words in 4 sentences; syllables per Latin word: 11 syllables / 7 Latin words (7 of 11
    # words are Latin: enough)
    (T.NON_ENGLISH, 0.39 * 11 / 4 + 11.8 * 11 / 7 - 15.59),    # 4.0254
    # no word the syllable heuristic can read: no grade (was -3.01 and -2.62)
    (T.CHINESE, NAN), (T.RUSSIAN, NAN), (T.EMOJI, NAN), (T.STYLED, NAN),
    # 1 Latin word of 3 is too few (< half); 2 of 4 is enough: 4 words, 1 sentence, ok 1 +
    # fine 1 syllables
    ("ok привет как", NAN),
    ("ok fine привет как", 0.39 * 4 + 11.8 * 2 / 2 - 15.59),  # -2.23
    (T.LONG_200K, 0.39 * 9 + 11.8 * 10 / 9 - 15.59),           # 1.0311
])
def test_reading_grade(text, expected):
    assert same(reading_grade(text), expected)


def test_reading_grade_cat_is_minus_1_45():
    assert reading_grade(CAT) == pytest.approx(-1.45)


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.ONE_WORD, 0), (T.NON_ENGLISH, 1), (T.LONG_200K, 0),
    *[(m, 0) for m in T.MISSING],
    ("What is your budget? Do you have a design?", 2),
    ("See https://example.com/?q=1 for details.", 0),
    ("Is this your site https://x.com/faq?", 1),
    ("I can help. Can you share access?\nThanks!", 1),
    ("Questions:\n1. What is the deadline?\n2. Who tests it?", 2),
    ("Really?!", 0),
    ("你好吗？", 1),
])
def test_question_count(text, expected):
    assert question_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (CAT, 0), (T.NON_ENGLISH, 1), ("Wow!! Great!", 3), ("好！", 1),
    *[(m, 0) for m in T.MISSING],
    (T.LONG_200K, 0),
])
def test_exclamation_count(text, expected):
    assert exclamation_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, NAN), (CAT, NAN), (T.NON_ENGLISH, NAN), *[(m, NAN) for m in T.MISSING],
    ("You and your team.", 1.0),
    ("I love my work.", 0.0),
    ("I’ll build your site and you'll love it, I promise.", 2 / 4),
    ("Me, myself and you.", 1 / 3),
    (T.LONG_200K, 2 / 3),
])
def test_you_i_ratio(text, expected):
    assert same(you_i_ratio(text), expected)
