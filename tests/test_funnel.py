"""Funnel rates with Wilson intervals, month selection."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from upwork_analytics.analysis.funnel import (
    format_rate,
    funnel_table,
    last_complete_month,
    monthly_rates,
    parse_month,
    rate_with_interval,
)
from upwork_analytics.exceptions import ParameterError
from upwork_analytics.schema import PROPOSAL_COLUMNS, conform
from upwork_analytics.schema import ProposalCols as P


@pytest.mark.parametrize("k, n, expected", [
    # Wilson intervals as published (evidence.md: 10/40 -> [0.142, 0.402]; 25/100 -> [0.175, 0.343])
    (10, 40, (0.25, 0.142, 0.402)),
    (25, 100, (0.25, 0.175, 0.343)),
    (0, 10, (0.0, 0.0, 0.278)),
    (10, 10, (1.0, 0.722, 1.0)),
])
def test_wilson_interval(k, n, expected):
    assert rate_with_interval(k, n) == pytest.approx(expected, abs=1e-3)


def test_empty_and_impossible_counts():
    assert all(math.isnan(v) for v in rate_with_interval(0, 0))
    with pytest.raises(ParameterError, match="successes=5, n=3"):
        rate_with_interval(5, 3)


def _frame(viewed, hired, dates=None):
    n = len(viewed)
    df = pd.DataFrame({
        P.proposal_id: [f"x{i}" for i in range(n)],
        P.submitted_at: dates or ["2026-01-15"] * n,
        P.cover_letter: ["text"] * n,
        P.viewed: pd.array(viewed, dtype="boolean"),
        P.interviewed: pd.array([h if h is not None else None for h in hired], dtype="boolean"),
        P.hired: pd.array(hired, dtype="boolean"),
    })
    return conform(df, PROPOSAL_COLUMNS)


def test_funnel_table_leaves_unknown_out_of_n_and_flags_small_samples():
    t = funnel_table(_frame([True, True, False, None], [True, False, False, None]))
    viewed = t.set_index("stage").loc["viewed"]
    assert (viewed["count"], viewed["n"]) == (2, 3)
    assert viewed["rate"] == pytest.approx(2 / 3)
    assert viewed["note"] == "too few to judge"
    assert t.set_index("stage").loc["sent", "count"] == 4


def test_monthly_rates_one_row_per_month():
    df = _frame([True, False, True], [False, False, True],
                ["2026-01-03", "2026-01-30", "2026-03-01"])
    m = monthly_rates(df)
    assert list(m["month"]) == ["2026-01", "2026-03"]
    assert list(m["sent"]) == [2, 1] and list(m["hired"]) == [0, 1]


@pytest.mark.parametrize("latest, today, expected", [
    ("2026-10-30", "2026-11-25", "2026-10"),  # data through last month: report last month
    ("2026-11-20", "2026-11-25", "2026-10"),  # current month incomplete: the one before
    ("2025-03-02", "2026-11-25", "2025-03"),  # old data: its last month
    ("2026-12-01", "2026-01-10", "2025-12"),  # today earlier than the data: month before today
])
def test_last_complete_month(latest, today, expected):
    df = _frame([True], [False], [latest])
    assert last_complete_month(df, today=pd.Timestamp(today)) == expected


@pytest.mark.parametrize("bad", ["October", "2026-13", "2026/10", "", "26-10"])
def test_parse_month_rejects(bad):
    with pytest.raises(ParameterError, match="YYYY-MM"):
        parse_month(bad)


def test_format_rate():
    assert format_rate(0.3125, 0.27, 0.355, 412) == "31% (27%-36%, n=412)"
    assert format_rate(float("nan"), float("nan"), float("nan"), 0) == "no data"


def test_funnel_by_segment_counts_rates_and_connects():
    from upwork_analytics.analysis.funnel import funnel_by

    df = _frame([True, True, False, None], [True, False, False, None],
                ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"])
    df[P.boosted] = pd.array([True, False, False, None], dtype="boolean")
    df[P.connects_spent] = pd.array([8, 6, None, 4], dtype="Int64")
    df[P.boost_connects] = pd.array([10, 0, None, None], dtype="Int64")
    seg = funnel_by(df, P.boosted).set_index("value")
    assert list(seg.index) == ["no", "unknown", "yes"]
    assert seg.loc["yes", "hired"] == 1 and seg.loc["yes", "connects"] == 18
    assert seg.loc["yes", "connects_per_hire"] == 18
    assert seg.loc["no", "sent"] == 2 and seg.loc["no", "viewed_n"] == 2
    assert seg.loc["no", "viewed_rate"] == pytest.approx(0.5)
    assert math.isnan(seg.loc["no", "connects_per_hire"])  # no hire
    assert seg.loc["unknown", "viewed_n"] == 0 and seg.loc["unknown", "connects"] == 4
    with pytest.raises(ParameterError, match="'nope'"):
        funnel_by(df, "nope")
