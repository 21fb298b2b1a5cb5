"""``build_features``, the generated catalogue ``docs/features.md`` and the ``features`` CLI."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import texts as T

from upwork_analytics.cli import main
from upwork_analytics.exceptions import ParameterError, SchemaError
from upwork_analytics.features import FEATURES, build_features, render_catalogue
from upwork_analytics.features import build as build_module
from upwork_analytics.schema import P

DOCS = Path(__file__).resolve().parents[1] / "docs" / "features.md"

#: The names the issue fixes (reports, JSON output and checks rely on them).
REQUIRED = [
    "word_count", "sentence_count", "mean_sentence_words", "reading_grade",
    "opening_personalized", "opening_generic", "question_count", "result_phrase_count",
    "enthusiasm_score", "exclamation_count", "you_i_ratio", "template_similarity", "job_overlap",
    "client_question_coverage", "social_proof", "reliability_mentions", "has_portfolio_link",
    "call_to_action", "mentions_rate", "bid_to_budget_ratio", "is_hourly", "connects_spent",
    "boosted", "invited", "competition_low", "weekday_sent", "hour_sent", "months_since_first",
]


@pytest.fixture
def proposals():
    return pd.DataFrame({
        P.proposal_id: ["p3", "p1", "p2", "p4"],
        P.submitted_at: pd.to_datetime(["2024-01-03 10:00", "2024-01-01 08:00",
                                        "2024-01-02 09:00", "2024-02-01 12:00"], utc=True),
        P.cover_letter: [T.TEMPLATE_COPY, T.TEMPLATE, T.UNRELATED_SAME_NICHE, ""],
        P.job_title: ["Shopify store rebuild", "Shopify store rebuild", None, None],
        P.job_description: ["What is your timeline? Which apps do you use?", None, None, None],
        P.client_name: ["Michael", "Sarah", "David", None],
        P.bid_amount: [50.0, None, None, None],
        P.budget_min: [40.0, None, None, None],
        P.budget_max: [60.0, None, None, None],
    }, index=[10, 11, 12, 13])


def test_required_names_are_in_the_registry():
    assert set(REQUIRED) <= set(FEATURES)


def test_build_features_shape_order_and_values(proposals):
    out = build_features(proposals)
    assert list(out.columns) == [P.proposal_id, *FEATURES]
    assert out[P.proposal_id].tolist() == ["p3", "p1", "p2", "p4"]      # input order
    assert out.index.tolist() == [10, 11, 12, 13]
    assert (out.dtypes.drop(P.proposal_id) == np.float64).all()
    copy, template, unrelated, empty = (out.loc[i] for i in [10, 11, 12, 13])
    assert copy.template_similarity >= 0.8 and template.template_similarity == 0.0
    assert unrelated.template_similarity < 0.5
    assert copy.question_count == 2 and copy.opening_personalized == 1
    # timeline? -> "timeline" (1/1); which apps? -> "apps" of "app", "use"... (1/1 after stop
    # words: "use" is a stop word) -> both addressed
    assert copy.client_question_coverage == 1.0
    assert copy.bid_to_budget_ratio == 1.0 and copy.weekday_sent == 2 and copy.hour_sent == 10
    assert template.months_since_first == 0.0
    # empty text policy: counts 0, booleans 0, ratios/scores NaN, template 0
    assert empty.word_count == 0 and empty.question_count == 0 and empty.opening_generic == 0
    assert math.isnan(empty.you_i_ratio) and math.isnan(empty.reading_grade)
    assert math.isnan(empty.enthusiasm_score) and empty.template_similarity == 0.0


def test_build_features_months_since_first(proposals):
    out = build_features(proposals).set_index(P.proposal_id)
    assert out.loc["p3", "months_since_first"] == pytest.approx((2 + 2 / 24) / 30.4375)


def test_build_features_chunked_and_parallel_equal_sequential(proposals, monkeypatch):
    whole = build_features(proposals)
    monkeypatch.setattr(build_module, "CHUNK_ROWS", 1)
    pd.testing.assert_frame_equal(build_features(proposals), whole)
    pd.testing.assert_frame_equal(build_features(proposals, n_jobs=2), whole)


def test_build_features_minimal_columns_and_messages():
    df = pd.DataFrame({P.proposal_id: ["a", "b"],
                       P.cover_letter: ["Hi there! What is your budget?", "Hello"]})
    msgs = pd.DataFrame({"proposal_id": ["a", "a"],
                         "sent_at": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:30"],
                                                   utc=True),
                         "sender": ["client", "me"],
                         "text": ["How soon can you start?", "Monday. I can start Monday."]})
    out = build_features(df, msgs)
    assert out.loc[0, "question_count"] == 1 and out.loc[0, "opening_generic"] == 1
    assert math.isnan(out.loc[0, "job_overlap"]) and math.isnan(out.loc[0, "hour_sent"])
    assert out.loc[0, "first_reply_minutes"] == 30 and out.loc[0, "share_2_to_4_sentences"] == 1
    assert math.isnan(out.loc[1, "first_reply_minutes"])  # no thread
    assert list(build_features(df).columns) == [P.proposal_id, *FEATURES]


def test_build_features_empty_table():
    out = build_features(pd.DataFrame({P.proposal_id: [], P.cover_letter: []}))
    assert list(out.columns) == [P.proposal_id, *FEATURES] and len(out) == 0


@pytest.mark.parametrize("bad", [pd.DataFrame({P.proposal_id: ["a"]}), "not a frame"])
def test_build_features_schema_errors(bad):
    with pytest.raises(SchemaError):
        build_features(bad)


def test_build_features_bad_parameters(proposals):
    with pytest.raises(ParameterError):
        build_features(proposals, template_method="fast")
    with pytest.raises(SchemaError):
        build_features(proposals, messages=pd.DataFrame({"x": [1]}))


def test_catalogue_file_is_the_rendered_registry():
    assert DOCS.read_text(encoding="utf-8") == render_catalogue()


def test_catalogue_lists_every_feature_with_all_fields():
    text = render_catalogue()
    for spec in FEATURES.values():
        assert f"| `{spec.name}` |" in text
        assert spec.meaning and spec.unit and spec.advice and spec.how


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def csv_path(tmp_path, proposals):
    path = tmp_path / "proposals.csv"
    proposals.to_csv(path, index=False)
    return path


def test_cli_features_writes_csv(csv_path, tmp_path, capsys):
    out = tmp_path / "out" / "features.csv"
    assert main(["features", str(csv_path), "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index(P.proposal_id)
    assert list(table.columns) == list(FEATURES)
    assert sorted(table.index) == ["p1", "p2", "p3", "p4"]
    assert table.loc["p3", "template_similarity"] >= 0.8
    assert table.loc["p1", "template_similarity"] == 0.0
    assert "4 proposals x 29 features" in capsys.readouterr().out


def test_cli_features_prints_summary(csv_path, capsys):
    assert main(["features", str(csv_path)]) == 0
    printed = capsys.readouterr().out
    assert "4 proposals x 29 features" in printed
    assert "template_similarity" in printed and "mean" in printed


def test_cli_features_missing_file(tmp_path, capsys):
    assert main(["features", str(tmp_path / "nope.csv")]) == 2
    assert "error" in capsys.readouterr().err
