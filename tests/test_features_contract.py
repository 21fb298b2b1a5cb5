"""The scikit-learn contract of every featurizer in ``upwork_analytics.features``."""

import numpy as np
import pandas as pd
import pytest
import texts as T
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.features import FEATURES, FEATURIZERS
from upwork_analytics.features import __all__ as PUBLIC
from upwork_analytics.features.catalogue import features_of
from upwork_analytics.schema import P


@pytest.fixture
def proposals():
    return pd.DataFrame({
        P.proposal_id: ["a", "b", "c", "d"],
        P.submitted_at: pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-02",
                                        "2024-02-01"], utc=True),
        P.cover_letter: [T.TEMPLATE, T.TEMPLATE_COPY, T.UNRELATED_SAME_NICHE, None],
        P.job_title: ["Shopify store rebuild", None, "Shopify configurator", "Logo"],
        P.job_description: ["Which apps do you use?", None, "Tell me about a configurator.",
                            None],
        P.client_name: ["Sarah Lee", "Michael", None, None],
        P.contract_type: ["hourly", "fixed", None, "hourly"],
        P.bid_amount: [50.0, 1000.0, None, 30.0],
        P.budget_min: [40.0, 800.0, None, None],
        P.budget_max: [60.0, None, None, None],
    })


def _input(cls, df):
    return df[P.cover_letter] if cls.input_columns == (P.cover_letter,) else df


def test_every_family_has_a_public_featurizer_and_every_feature_a_family():
    assert {cls.__name__ for cls in FEATURIZERS.values()} <= set(PUBLIC)
    assert sorted(n for fam in FEATURIZERS for n in features_of(fam)) == sorted(FEATURES)


@pytest.mark.parametrize("family", list(FEATURIZERS))
def test_contract(family, proposals):
    cls = FEATURIZERS[family]
    est = cls()
    X = _input(cls, proposals)
    # clone round-trips the parameters; __init__ stores them unchanged
    assert clone(est).get_params() == est.get_params()
    assert est.get_params()["features"] is None
    # not fitted -> NotFittedError
    with pytest.raises(NotFittedError):
        est.transform(X)
    with pytest.raises(NotFittedError):
        est.get_feature_names_out()
    # fit returns self; names match the columns and the catalogue
    assert est.fit(X) is est
    out = est.transform(X)
    names = est.get_feature_names_out()
    assert out.shape == (4, len(names)) and out.dtype == np.float64
    assert list(names) == features_of(family)
    # a subset, in the requested order
    subset = list(reversed(features_of(family)))
    sub = cls(features=subset).fit(X)
    assert list(sub.get_feature_names_out()) == subset
    assert np.allclose(sub.transform(X), out[:, ::-1], equal_nan=True)
    # pandas output
    frame = cls().set_output(transform="pandas").fit_transform(X)
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(names)


@pytest.mark.parametrize("family", list(FEATURIZERS))
def test_in_column_transformer_with_pandas_output(family, proposals):
    cls = FEATURIZERS[family]
    cols = P.cover_letter if cls.input_columns == (P.cover_letter,) else [
        c for c in cls.input_columns if c in proposals.columns]
    ct = ColumnTransformer([(family, cls(), cols)]).set_output(transform="pandas")
    out = ct.fit_transform(proposals)
    assert list(out.columns) == [f"{family}__{n}" for n in features_of(family)]
    assert len(out) == 4
    pipe = make_pipeline(ColumnTransformer([(family, cls(), cols)]), StandardScaler())
    pipe.set_output(transform="pandas")
    assert pipe.fit_transform(proposals).shape == (4, len(features_of(family)))


@pytest.mark.parametrize("family", list(FEATURIZERS))
def test_bad_features_raise_in_fit_not_init(family, proposals):
    cls = FEATURIZERS[family]
    est = cls(features=["nope"])  # no error yet
    with pytest.raises(ParameterError, match="nope"):
        est.fit(_input(cls, proposals))
    with pytest.raises(ParameterError):
        cls(features="word_count").fit(_input(cls, proposals))


@pytest.mark.parametrize("family, params", [
    ("tailoring", {"top_k": -1}), ("tailoring", {"threshold": 0}),
    ("reuse", {"method": "fast"}), ("reuse", {"bands": 0}),
])
def test_bad_parameters_raise_in_fit(family, params, proposals):
    cls = FEATURIZERS[family]
    est = cls(**params)
    with pytest.raises(ParameterError):
        est.fit(_input(cls, proposals))


def test_text_featurizers_reject_a_bare_string():
    with pytest.raises(TypeError):
        FEATURIZERS["text_stats"]().fit("just one text")


def test_text_featurizer_accepts_list_and_one_column_frame(proposals):
    est = FEATURIZERS["text_stats"]()
    a = est.fit_transform(list(proposals[P.cover_letter]))
    b = est.fit_transform(proposals[[P.cover_letter]])
    assert np.allclose(a, b, equal_nan=True)


def test_multi_column_featurizer_requires_the_text_column(proposals):
    with pytest.raises(ValueError, match="cover_letter"):
        FEATURIZERS["opening"]().fit(proposals.drop(columns=[P.cover_letter]))


def test_context_featurizer_learns_the_first_date(proposals):
    est = FEATURIZERS["context"](features=["months_since_first"]).fit(proposals.iloc[:2])
    assert est.first_submitted_ == pd.Timestamp("2024-01-01", tz="UTC")
    later = est.transform(proposals.iloc[3:])
    assert later[0, 0] == pytest.approx(31 / 30.4375)


def test_template_featurizer_uses_submitted_at(proposals):
    out = FEATURIZERS["reuse"]().fit_transform(proposals)[:, 0]
    assert out[0] == 0.0 and out[1] >= 0.8 and out[2] < 0.5 and out[3] == 0.0


def _text_functions():
    """Every public per-text function, called with the text as its first argument."""
    from upwork_analytics import features as F

    row = {"job_title": "Shopify store", "client_name": "Sarah", "job_description": "Why?"}
    return {
        **{name: getattr(F, name) for name in (
            "word_count", "sentence_count", "mean_sentence_words", "reading_grade",
            "question_count", "exclamation_count", "you_i_ratio", "result_phrase_count",
            "enthusiasm_score", "sentiment", "social_proof", "reliability_mentions",
            "has_portfolio_link", "call_to_action", "mentions_rate", "opening_generic")},
        "opening_personalized": lambda t: F.opening_personalized(t, row["job_title"],
                                                                 row["client_name"]),
        "job_overlap": lambda t: F.job_overlap(t, row["job_title"]),
        "client_question_coverage": lambda t: F.client_question_coverage(
            t, "What is your timeline?"),
        "text_similarity": lambda t: F.text_similarity(t, T.TEMPLATE),
        "job_questions": F.job_questions,
    }


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA],
                         ids=["None", "nan", "np.nan", "pd.NA"])
@pytest.mark.parametrize("name", sorted(_text_functions()))
def test_every_text_function_treats_a_missing_value_as_empty_text(name, missing):
    func = _text_functions()[name]
    got, empty = func(missing), func("")
    if isinstance(empty, float) and np.isnan(empty):
        assert isinstance(got, float) and np.isnan(got)
    else:
        assert got == empty


def test_missing_values_follow_the_catalogue_conventions():
    """Counts 0, booleans 0, ratios / scores / readability null (docs/features.md)."""
    from upwork_analytics import features as F

    assert F.word_count(None) == 0 and F.question_count(None) == 0
    assert F.opening_generic(None) == 0 and F.has_portfolio_link(None) == 0
    for func in (F.mean_sentence_words, F.reading_grade, F.you_i_ratio, F.sentiment,
                 F.enthusiasm_score):
        assert np.isnan(func(None))


def test_tailoring_featurizer_uses_top_k_and_threshold():
    """Worked by hand. Job: title "Shopify store"; the description's keywords are checkout
    (twice), then fix, slow, theme, experience, Klaviyo (once each; Shopify is the title's).
    Letter 1, "I fix Shopify stores.", uses shopify, store and fix. top_k=0: the title's 2
    keywords, both used -> 1. top_k=1: + checkout -> 2/3. Default 20: all 8 -> 3/8.
    The post's one question has 3 keywords (experience, Klaviyo, Shopify): letter 1 uses 1,
    letter 2 ("... and use Klaviyo") 2, letter 3 ("I use Klaviyo.") 1. Addressed at the
    default half when 2 >= 1.5; at threshold 1 never (2 < 3); at 0.3 by all (1 >= 0.9)."""
    job = pd.DataFrame({
        P.job_title: ["Shopify store"] * 3,
        P.job_description: ["Fix the checkout. The checkout is slow. Theme too. What is your "
                            "experience with Klaviyo and Shopify?"] * 3,
        P.cover_letter: ["I fix Shopify stores.", "I fix Shopify stores and use Klaviyo.",
                         "I use Klaviyo."],
    })

    def run(**params):
        est = FEATURIZERS["tailoring"](**params).set_output(transform="pandas")
        return est.fit_transform(job)

    overlap = {k: run(top_k=k)["job_overlap"].iloc[0] for k in (0, 1, 20)}
    assert overlap == {0: 1.0, 1: pytest.approx(2 / 3), 20: pytest.approx(3 / 8)}
    assert run()["job_overlap"].iloc[0] == pytest.approx(3 / 8)
    assert list(run()["client_question_coverage"]) == [0.0, 1.0, 0.0]
    assert list(run(threshold=1.0)["client_question_coverage"]) == [0.0, 0.0, 0.0]
    assert list(run(threshold=0.3)["client_question_coverage"]) == [1.0, 1.0, 1.0]
