"""Template reuse, tailoring to the job post, and coverage of the post's questions."""

import math

import numpy as np
import pandas as pd
import pytest
import texts as T

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.features import (
    client_question_coverage,
    job_overlap,
    job_questions,
    template_similarity,
    text_similarity,
)
from upwork_analytics.features._similarity import job_keywords

NAN = math.nan


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-9)


@pytest.mark.parametrize("a, b, expected", [
    (T.EMPTY, T.TEMPLATE, 0.0), (T.EMPTY, T.EMPTY, 0.0),
    *[(m, T.TEMPLATE, 0.0) for m in T.MISSING], (None, math.nan, 0.0),
    ("one", "one", 1.0), ("one", "two", 0.0),
    # bigrams {a b, b c} vs {a b, b d}: 1 / sqrt(2 * 2)
    ("a b c", "a b d", 0.5),
    # {a b, b c, c d} vs {a b}: 1 / sqrt(3 * 1)
    ("A b, c d!", "a B", 1 / math.sqrt(3)),
    (T.NON_ENGLISH, T.NON_ENGLISH, 1.0),
    # the sentence "I will finish your app on time for you." has 8 bigrams; repeated 5,000
    # times it has those 8 plus "you i" across sentences: 8 / sqrt(9 * 8)
    (T.LONG_200K, T.LONG_SENTENCE, 8 / math.sqrt(9 * 8)),
])
def test_text_similarity(a, b, expected):
    assert text_similarity(a, b) == pytest.approx(expected)


def test_template_copy_scores_high_and_unrelated_low():
    assert text_similarity(T.TEMPLATE, T.TEMPLATE_COPY) >= 0.8
    assert text_similarity(T.TEMPLATE, T.UNRELATED_SAME_NICHE) < 0.5
    assert text_similarity(T.TEMPLATE, T.UNRELATED_SAME_NICHE_2) < 0.5
    assert text_similarity(T.UNRELATED_SAME_NICHE, T.UNRELATED_SAME_NICHE_2) < 0.5


@pytest.mark.parametrize("method", ["exact", "lsh"])
def test_template_similarity_uses_only_earlier_proposals(method):
    texts = [T.UNRELATED_SAME_NICHE, T.TEMPLATE_COPY, T.TEMPLATE, T.EMPTY, "one", "one"]
    times = pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-02", "2024-01-04",
                            "2024-01-05", "2024-01-06"], utc=True)
    got = template_similarity(texts, times, method=method)
    assert got[0] == 0.0                       # first proposal: nothing earlier
    assert got[1] >= 0.8                       # the copy, sent after its template
    assert got[2] < 0.5                        # the template itself: only the unrelated earlier
    assert got[3] == 0.0                       # empty text
    assert got[4] == 0.0 and got[5] == pytest.approx(1.0)


def test_template_similarity_without_times_uses_input_order():
    got = template_similarity([T.TEMPLATE, T.TEMPLATE_COPY])
    assert got[0] == 0.0 and got[1] == pytest.approx(text_similarity(T.TEMPLATE,
                                                                     T.TEMPLATE_COPY))


@pytest.mark.parametrize("texts, expected", [
    ([], []), ([T.TEMPLATE], [0.0]), ([None, math.nan], [0.0, 0.0]),
    ([T.EMPTY], [0.0]), ([T.EMPTY, T.EMPTY], [0.0, 0.0]),   # empty text copies nothing
    (["  \n", "one"], [0.0, 0.0]), (["one", T.EMPTY, "one"], [0.0, 0.0, 1.0]),
    (["one", None, "one"], [0.0, 0.0, 1.0]),
    # non-English: words in any script are compared; a copy scores 1, an English letter 0
    ([T.NON_ENGLISH, T.NON_ENGLISH, T.TEMPLATE], [0.0, 1.0, 0.0]),
    # 200,000 characters: its 9 distinct bigrams against the sentence's 8 (see
    # test_text_similarity), and an exact copy of it
    ([T.LONG_SENTENCE, T.LONG_200K, T.LONG_200K], [0.0, 8 / math.sqrt(9 * 8), 1.0]),
])
def test_template_similarity_table(texts, expected):
    assert template_similarity(texts).tolist() == pytest.approx(expected)


def _random_letters(n, seed=0):
    rng = np.random.default_rng(seed)
    vocab = ["".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), size=6)) for _ in range(3000)]
    return [" ".join(rng.choice(vocab, size=80)) for _ in range(n)]


def test_lsh_finds_planted_copies_and_matches_exact():
    letters = _random_letters(300)
    rng = np.random.default_rng(1)
    texts = list(letters)
    copies = {}
    for k in range(60):  # light-edit copies: 5 of 80 words replaced
        src = int(rng.integers(len(letters)))
        words = letters[src].split()
        for pos in rng.choice(80, size=5, replace=False):
            words[pos] = "new" + "abcdefghij"[k % 10] + "abcdefghij"[pos % 10]
        copies[len(texts)] = src
        texts.append(" ".join(words))
    exact = template_similarity(texts, method="exact")
    lsh = template_similarity(texts, method="lsh")
    planted = list(copies)
    assert (exact[planted] >= 0.8).all()
    assert np.allclose(lsh[planted], exact[planted], atol=1e-6)
    assert lsh.max() <= 1.0 and (lsh <= exact + 1e-6).all()   # LSH never overestimates
    assert exact[:300].max() < 0.2                             # unrelated random letters


def test_template_similarity_is_deterministic():
    texts = _random_letters(50) * 2
    assert np.array_equal(template_similarity(texts, method="lsh"),
                          template_similarity(texts, method="lsh"))


@pytest.mark.parametrize("kwargs", [{"method": "fast"}, {"bands": 0}, {"rows": -1},
                                    {"neighbours": 1.5}])
def test_template_similarity_bad_parameters(kwargs):
    with pytest.raises(ParameterError):
        template_similarity(["a b"], **kwargs)


def test_job_keywords_title_first_then_frequent_description_words():
    assert job_keywords("Shopify store", "Fix the checkout. The checkout is slow. Theme too.",
                        top_k=2) == ["shopifi", "store", "checkout", "fix"]


@pytest.mark.parametrize("text, title, desc, expected", [
    (T.EMPTY, "Shopify store", None, NAN),
    *[(m, "Shopify store", None, NAN) for m in T.MISSING],
    ("I build Shopify stores.", None, None, NAN),
    ("I build Shopify stores.", "", "   ", NAN),
    ("I build Shopify stores.", "Shopify store redesign", None, 2 / 3),
    ("I redesigned stores.", "Shopify store redesign", None, 2 / 3),     # stems match
    ("Nothing relevant here.", "Shopify store redesign", None, 0.0),
    (T.NON_ENGLISH, "Projekt gelesen", None, 1.0),
    (T.LONG_200K, "Finish the app on time", None, 1.0),                  # finish, app, time
])
def test_job_overlap(text, title, desc, expected):
    assert same(job_overlap(text, title, desc), expected)


POST = ("We need a Shopify developer. What is your experience with Klaviyo? "
        "Tell me about a similar store you built. Budget is fixed.\n\n"
        "Please answer the following:\n1. Your timezone\n2. Your availability")


@pytest.mark.parametrize("post, expected", [
    (POST, ["What is your experience with Klaviyo?", "Tell me about a similar store you built.",
            "1. Your timezone", "2. Your availability"]),
    (T.EMPTY, []), ("   \n\t", []), (None, []), (math.nan, []),
    ("Fix my site.", []),                                          # a statement asks nothing
    ("See https://example.com/faq?id=3 for details.", []),         # a '?' inside a link
    ("Can you start Monday? Budget is $500.", ["Can you start Monday?"]),
    ("Please answer the following:\n1. Your rate\n2. Your timezone",
     ["1. Your rate", "2. Your timezone"]),
    (T.NON_ENGLISH, ["Привет, как дела?"]),                        # a question in any script
])
def test_job_questions(post, expected):
    assert job_questions(post) == expected


@pytest.mark.parametrize("text, desc, expected", [
    (T.EMPTY, POST, NAN), *[(m, POST, NAN) for m in T.MISSING],
    ("I can help.", "Fix my site.", NAN),                 # the post asks nothing
    ("I can help.", None, NAN),
    ("I can help.", "Why?", NAN),                         # no content keyword
    # Klaviyo experience (2/2), similar store built (store, built: 2/3? no: similar, store,
    # built -> 'similar' missing, 2/3 >= 0.5), timezone (1/1), availability (0/1)
    ("I have Klaviyo experience; I built a store like yours. My timezone is CET.", POST, 3 / 4),
    ("Klaviyo.", POST, 1 / 4),                           # 1 of 2 keywords is enough (>= half)
    ("I am great.", POST, 0.0),
    (T.LONG_200K, "Can you finish on time?", 1.0),        # finish, time
    # German stop words stay: keywords haben, sie, da(s), projekt, gelesen; 2 of 5 < half
    (T.NON_ENGLISH, "Haben Sie das Projekt gelesen?", 0.0),
])
def test_client_question_coverage(text, desc, expected):
    assert same(client_question_coverage(text, desc), expected)
