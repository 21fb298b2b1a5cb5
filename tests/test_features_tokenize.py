"""Tokenizers of the feature catalogue: sentence splitter (vs NLTK Punkt), words, terms."""

import math

import pytest
import texts as T
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from upwork_analytics.features._tokenize import (
    ABBREVIATIONS,
    clean,
    keywords,
    sentences,
    terms,
    tokens,
    words,
)

AGREE_WITH_PUNKT = [
    "Dr. Smith paid $1,200 for the app. The U.S. client was happy e.g. with the results.",
    "I cut costs by 2.5x. Visit https://example.com/a.b?c=1 now. Wait... what? Yes!",
    "We grew revenue to $1.5K per day. Then we stopped, i.e. we paused ads. Mr. Lee agreed.",
    "Is it done? Yes! It shipped on time. Great.",
    "Prices rose 3.5% vs. last year, etc. and we adapted. Next year will be better.",
    "I met J. Smith at 10 a.m. yesterday. He liked it.",
    "Check www.example.com. It has samples.",
    "Contact me at anna@example.com. I reply fast.",
    'He said "Done." Then he left.',
]


@pytest.fixture(scope="module")
def punkt():
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


@pytest.mark.parametrize("text", AGREE_WITH_PUNKT)
def test_sentences_agree_with_punkt(text, punkt):
    assert list(sentences(text)) == punkt.tokenize(text)


def test_sentences_known_differences_from_punkt(punkt):
    # an ellipsis before a capital ends a sentence here; Punkt keeps one sentence
    assert sentences("Wait... What happened? Nothing.") == ("Wait...", "What happened?",
                                                           "Nothing.")
    # blank lines and list items split; Punkt only splits at punctuation
    assert sentences("Hi Sarah,\n\nI can help") == ("Hi Sarah,", "I can help")
    assert sentences("Steps:\n- audit\n- plan") == ("Steps:", "- audit", "- plan")
    # a single line break inside a paragraph does not split
    assert sentences("I can build\nthe store.") == ("I can build\nthe store.",)


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, ()),
    (T.WHITESPACE, ()),
    (T.ONE_WORD, ("Hello",)),
    (T.NON_ENGLISH, ("Guten Tag!", "Ich habe Ihr Projekt gelesen.", "Привет, как дела?",
                     "你好世界。")),
    ("See https://x.com/?q=1 now. Done", ("See https://x.com/?q=1 now.", "Done")),
])
def test_sentences_table(text, expected):
    assert sentences(text) == expected


def test_sentences_long_text():
    assert len(sentences(T.LONG_200K)) == 5000


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, ()),
    ("Don't re-use $1.5K, e.g. 1,200 apps.", ("Don't", "re-use", "1.5K", "e.g", "1,200", "apps")),
    ("Portfolio: https://example.com/a?b=1.", ("Portfolio", "https://example.com/a?b=1")),
    ("Привет мир", ("Привет", "мир")),
])
def test_words_table(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, ()),
    ("I’m AT https://x.com, 5-star $50!", ("i'm", "at", "star")),
    ("Привет Мир 2024", ("привет", "мир")),
])
def test_terms_table(text, expected):
    assert terms(text) == expected


def test_tokens_keep_numbers_and_money_symbols():
    assert tokens("5-star, $50/hr; 24/7 at 100%") == ("5", "star", "$", "50", "/", "hr", "24",
                                                      "/", "7", "at", "100", "%")


def test_keywords_drop_stop_words_and_stem():
    assert keywords("We need a developer for the Shopify stores") == ["develop", "shopifi",
                                                                     "store"]


@pytest.mark.parametrize("value, expected", [
    (None, ""), (math.nan, ""), ("abc", "abc"), (12, "12"),
])
def test_clean(value, expected):
    assert clean(value) == expected


def test_clean_pd_na():
    import pandas as pd

    assert clean(pd.NA) == ""


# ----------------------------------------------------------------- piece-wise = one regex pass
# words / tokens / terms split on white space and memoise each piece; these reference versions
# are the plain one-regex-pass definitions from the module's documentation. They must agree on
# any text, including links, e-mails, curly apostrophes, non-ASCII and odd white space.

import re  # noqa: E402
from itertools import compress  # noqa: E402
from operator import itemgetter  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from upwork_analytics.features import _tokenize as tok  # noqa: E402

_REF_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)*|[$€£%/+]")


def _ref_words(text):
    if tok._has_link_hint(text):
        return tuple(tok.WORD_RE.findall(text))
    return tuple(re.findall(r"\w+(?:['’\-.,]\w+)*", text))


def _ref_tokens(text):
    low = text.lower().replace("’", "'")
    return tuple(_REF_TOKEN_RE.findall(tok.URL_RE.sub(" ", low)))


def _ref_terms(text):
    toks = _ref_tokens(text)
    return tuple(compress(toks, map(str.isalpha, map(itemgetter(0), toks))))


_PIECES = ["Hello", "hello,", "I'm", "I’ll", "don't", "front-end", "$1,200.50", "1.5K", "40%",
           "e.g.", "https://example.com/a.b?c=1", "www.Shop.io/x,", "anna@example.com.", "café",
           "naïve", "东京", "Ünïcode", "+", "/", "€900", "x", "...", "!?", "(see", "it)", "’s",
           "@home", "WWW.", "ok.http://a.b", "", "_", "__init__", "2025-03-04"]
_SPACES = [" ", "  ", "\n", "\t", "\n\n", "\u00a0", "\u2028", "\x1c", "\r\n", "\u3000"]
_texts = st.lists(st.tuples(st.sampled_from(_PIECES) | st.text(max_size=8),
                            st.sampled_from(_SPACES)), max_size=25).map(
    lambda parts: "".join(p + s for p, s in parts))


@settings(max_examples=300, deadline=None)
@given(text=_texts)
def test_piecewise_tokenizers_equal_one_regex_pass(text):
    assert words(text) == _ref_words(text)
    assert tokens(text) == _ref_tokens(text)
    assert terms(text) == _ref_terms(text)


def test_piecewise_tokenizers_equal_one_regex_pass_on_the_sample():
    from upwork_analytics.load.loaders import load_proposals
    from upwork_analytics.paths import SAMPLE_DIR

    letters = load_proposals(SAMPLE_DIR / "proposals.csv")["cover_letter"].dropna()
    for text in letters.iloc[:300]:
        assert (words(text), tokens(text), terms(text)) == (
            _ref_words(text), _ref_tokens(text), _ref_terms(text))
