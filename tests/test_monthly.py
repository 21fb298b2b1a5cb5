"""The monthly report's numbers, excerpts, recommendations, charts and escaped HTML pieces."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from upwork_analytics.analysis.drivers import STAGES, DriversResult
from upwork_analytics.analysis.monthly import (
    change_verdict,
    compare_months,
    headline_numbers,
    history_until,
    months_before,
)
from upwork_analytics.analysis.recommend import NOT_ENOUGH, recommendations, recommendations_html
from upwork_analytics.reports.excerpts import excerpt, excerpts_side_by_side
from upwork_analytics.reports.plots import plot_binned_rates, plot_calibration, plot_forest
from upwork_analytics.reports.presentation import drivers_table, report_header, table
from upwork_analytics.reports.redact import Redactor, redactor_for
from upwork_analytics.schema import PROPOSAL_COLUMNS, conform
from upwork_analytics.schema import ProposalCols as P


def _proposals(rows):
    return conform(pd.DataFrame(rows), PROPOSAL_COLUMNS)


def _row(i, month, hired=False, viewed=True, letter="A cover letter.", **extra):
    return {P.proposal_id: f"p{i}", P.submitted_at: f"{month}-10T12:00:00Z",
            P.cover_letter: letter, P.viewed: viewed, P.interviewed: hired, P.hired: hired,
            P.connects_spent: 10, P.boost_connects: 0, P.job_title: f"Job {i}", **extra}


@pytest.fixture
def small():
    rows = [_row(i, "2026-10", hired=i < 3, contract_value=100.0 if i < 2 else None)
            for i in range(30)]
    rows += [_row(100 + i, "2026-09", hired=i < 9) for i in range(30)]
    rows += [_row(200 + i, "2026-0" + str(3 + i % 6), hired=i < 20) for i in range(60)]
    rows += [_row(900, "2026-11", hired=True)]
    return _proposals(rows)


def test_headline_numbers(small):
    table_ = headline_numbers(small, "2026-10")
    assert table_.loc["proposals sent", "value"] == "30"
    assert table_.loc["hire rate (3 hired)", "value"].startswith("10% (")
    assert "n=30" in table_.loc["hire rate (3 hired)", "value"]
    assert table_.loc["Connects spent (incl. boosts)", "value"] == "300"
    assert table_.loc["Connects per hire", "value"] == "100.0"
    assert table_.loc["earnings where known", "value"] == "200 USD"
    assert table_.loc["earnings where known", "note"] == "from 2 of 3 hires with a known value"


def test_headline_earnings_are_summed_per_currency_never_mixed():
    rows = [_row(1, "2026-10", hired=True, contract_value=1500.0, currency="EUR"),
            _row(2, "2026-10", hired=True, contract_value=200.0, currency="USD"),
            _row(3, "2026-10", hired=True, contract_value=100.0, currency="usd"),
            _row(4, "2026-10", hired=True, contract_value=50.0),  # no currency: USD
            _row(5, "2026-10", hired=True, currency="GBP"),  # no value: not counted
            _row(6, "2026-10", hired=False, contract_value=999.0, currency="GBP")]
    earnings = headline_numbers(_proposals(rows), "2026-10").loc["earnings where known"]
    assert earnings["value"] == "1,500 EUR + 350 USD"
    assert earnings["note"] == "from 4 of 5 hires with a known value"
    unknown = headline_numbers(_proposals(rows[4:5]), "2026-10").loc["earnings where known"]
    assert unknown["value"] == "unknown"


def test_headline_numbers_empty_month(small):
    table_ = headline_numbers(small, "2025-01")
    assert table_.loc["proposals sent", "value"] == "0"
    assert table_.loc["Connects per hire", "value"] == "no hires this month"


def test_compare_months_states_uncertainty(small):
    table_ = compare_months(small, "2026-10")
    assert len(table_) == 6
    hire = table_[table_["rate"] == "hire rate"].set_index("compared with")
    prev = hire.loc["previous month (2026-09)"]
    assert "n=30" in prev["then"] and prev["change (95% interval)"].startswith("-20.0 points (")
    # 3/30 vs 9/30: the Newcombe interval includes zero, so no clear change
    assert prev["verdict"] == "no clear change"
    six = hire.loc["6 months before (2026-04 to 2026-09)"]
    assert "n=80" in six["then"]  # 2026-04..2026-09 only: 2026-03 and later months excluded


@pytest.mark.parametrize("diff, low, high, n, verdict", [
    (0.1, -0.02, 0.2, 100, "no clear change"),
    (0.1, 0.02, 0.2, 100, "higher"),
    (-0.1, -0.2, -0.02, 100, "lower"),
    (0.3, 0.1, 0.5, 5, "too few proposals to judge"),
    (float("nan"), float("nan"), float("nan"), 0, "no data to compare"),
])
def test_change_verdict(diff, low, high, n, verdict):
    assert change_verdict(diff, low, high, n) == verdict


def test_history_and_months_before(small):
    assert history_until(small, "2026-10")[P.submitted_at].max() < pd.Timestamp(
        "2026-11-01", tz="UTC")
    assert len(months_before(small, "2026-10", 1)) == 30


def test_excerpts_are_escaped_and_short_when_shared():
    letter = "Hi Sarah, <script>alert(1)</script> call +1 (415) 555-0132. " + "word " * 200
    data = _proposals([_row(1, "2026-10", hired=True, letter=letter, client_name="Sarah"),
                       _row(2, "2026-10", letter="<b>bold</b> " * 10)])
    private = excerpts_side_by_side(data, "2026-10", Redactor()).data
    assert "<script>" not in private and "&lt;script&gt;" in private and "<b>bold" not in private
    shared = excerpts_side_by_side(data, "2026-10", redactor_for(data, share=True)).data
    assert "Sarah" not in shared and "555-0132" not in shared and "[client]" in shared
    assert "Hired (1 this month)" in shared and "Not hired (1 this month)" in shared


@pytest.mark.parametrize("text", ["short text of a few words here", "word " * 300])
def test_shared_excerpt_is_never_the_full_text(text):
    shared = redactor_for(_proposals([_row(1, "2026-10")]), share=True)
    cut = excerpt(text, shared)
    assert len(cut) <= 202 and len(cut.removesuffix(" …")) < len(" ".join(text.split()))


def _result(tier="model", drivers=(("question_count", 1.47, "advice", True),)):
    rows = [{"feature": f, "odds_ratio": o, "ci_low": o * 0.88, "ci_high": o * 1.15,
             "p_adjusted": 0.001 if d else 0.4, "is_driver": d, "importance": 0.04 - i / 100,
             "unit": "per +1 SD (1.2)", "natural_unit": "per question",
             "odds_ratio_natural": 1.36, "n": 1200, "role": role}
            for i, (f, o, role, d) in enumerate(drivers)]
    table_ = pd.DataFrame(rows)
    cal = pd.DataFrame({"predicted": [0.1, 0.2, 0.3], "observed": [0.12, 0.18, 0.33]})
    bins = {"question_count": pd.DataFrame({"bin": ["0", "1"], "n": [10, 10], "events": [1, 3],
                                            "rate": [0.1, 0.3], "ci_low": [0.02, 0.1],
                                            "ci_high": [0.4, 0.6]})}
    return DriversResult(stage=STAGES["hired"], n=1200, n_outcomes=200, base_rate=0.17,
                         base_rate_ci=(0.15, 0.19), tier=tier, reason="why not",
                         univariate=table_, coefficients=table_ if tier == "model" else
                         pd.DataFrame(), calibration=cal, bins=bins)


def test_recommendation_states_effect_interval_and_n():
    audit = pd.DataFrame({"advice": ["Ask thoughtful questions"],
                          "features": [["question_count"]], "verdict": ["supported"]})
    [text] = recommendations(_result(), audit)
    assert text.startswith("Proposals that asked the client more questions were hired more "
                           "often: odds ratio 1.47 per SD [1.29-1.69], n=1,200")
    assert 'supports the common advice "Ask thoughtful questions"' in text


def test_recommendations_only_from_model_drivers_without_controls_and_at_most_five():
    many = [(f, 0.7, "advice", True) for f in ("opening_generic", "template_similarity",
                                                 "word_count", "question_count",
                                                 "bid_to_budget_ratio", "social_proof")]
    many += [("invited", 2.0, "control", True), ("call_to_action", 1.5, "advice", False)]
    texts = recommendations(_result(drivers=many))
    assert len(texts) == 5
    assert not any("invited" in t or "call or a next step" in t for t in texts)
    assert recommendations(_result(tier="descriptive")) == []
    html = recommendations_html(_result(tier="descriptive")).data
    assert NOT_ENOUGH in html and "Why not" in html
    none = recommendations_html(_result(drivers=[("question_count", 1.1, "advice", False)]))
    assert NOT_ENOUGH in none.data


def test_charts_are_figures_closed_in_pyplot():
    result = _result()
    before = plt.get_fignums()
    for fig in (plot_forest(result), plot_binned_rates(result), plot_calibration(result),
                plot_calibration(_result(tier="descriptive"))):
        assert isinstance(fig, plt.Figure) and fig.axes
    assert plt.get_fignums() == before


def test_html_pieces_escape_user_text():
    data = _proposals([_row(1, "2026-10", client_name="Eve")])
    head = report_header("<script>x</script> for Eve", data, "2026-10", ["/a/<b>.csv"]).data
    assert "<script>" not in head and "&lt;script&gt;" in head and "&lt;b&gt;.csv" in head
    shared = report_header("Report for Eve", data, "2026-10", ["Eve.csv"],
                           redactor_for(data, share=True)).data
    assert "Eve" not in shared and "Shared copy" in shared
    assert "&lt;i&gt;" in table(pd.DataFrame({"a": ["<i>x</i>"]})).data
    assert "question_count" in drivers_table(_result()).data
