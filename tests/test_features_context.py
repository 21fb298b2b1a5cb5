"""Table tests of the context features (no text): bid vs budget, contract, Connects, timing."""

import math

import numpy as np
import pandas as pd
import pytest

from upwork_analytics.features._context import (
    CONTEXT_FUNCTIONS,
    bid_to_budget_ratio,
    boosted,
    competition_low,
    connects_spent,
    hour_sent,
    invited,
    is_hourly,
    months_since_first,
    weekday_sent,
)
from upwork_analytics.schema import P

NAN = math.nan


def col(func, **columns):
    return func(pd.DataFrame(columns)).tolist()


def eq(got, expected):
    return len(got) == len(expected) and all(
        (math.isnan(g) and math.isnan(e)) or g == pytest.approx(e) for g, e in zip(got, expected))


def test_bid_to_budget_ratio():
    got = col(bid_to_budget_ratio,
              **{P.bid_amount: [50, 1000, None, 30, 10, 10],
                 P.budget_min: [40, 800, 100, None, None, 0],
                 P.budget_max: [60, None, 200, None, 20, 0]})
    # 50/50, 1000/800 (max missing), bid unknown, budget unknown, 10/20 (min missing), 0 budget
    assert eq(got, [1.0, 1.25, NAN, NAN, 0.5, NAN])


def test_is_hourly():
    assert eq(col(is_hourly, **{P.contract_type: ["hourly", "fixed", None, "Hourly ", "other"]}),
              [1.0, 0.0, NAN, 1.0, NAN])


def test_boosted_and_connects_spent():
    frame = {P.connects_spent: [6, 6, 6, None, 6],
             P.boost_connects: [None, 10, None, 5, 0],
             P.boosted: pd.array([False, None, True, True, None], dtype="boolean")}
    # boosted: flag, or 1 when boost > 0
    assert eq(col(boosted, **frame), [0.0, 1.0, 1.0, 1.0, NAN])
    # total: 6 + 0 (not boosted), 6 + 10, unknown boost of a boosted proposal, unknown base, 6 + 0
    assert eq(col(connects_spent, **frame), [6.0, 16.0, NAN, NAN, 6.0])


def test_invited_accepts_bools_strings_and_missing():
    assert eq(col(invited, **{P.is_invited: [True, False, None, "True", "no"]}),
              [1.0, 0.0, NAN, 1.0, 0.0])


def test_competition_low():
    got = col(competition_low, **{P.proposals_low: [5, None, None, None, None],
                                  P.proposals_band: ["5 to 10", "Less than 5", "50+",
                                                     "20 to 50", None]})
    assert eq(got, [5.0, 0.0, 50.0, 20.0, NAN])


def test_timing_features_in_utc():
    when = pd.to_datetime(["2024-01-01 09:30", "2024-01-07 23:59", None], utc=True)
    assert eq(col(weekday_sent, **{P.submitted_at: when}), [0.0, 6.0, NAN])  # Mon, Sun
    assert eq(col(hour_sent, **{P.submitted_at: when}), [9.0, 23.0, NAN])
    # a non-UTC offset is converted: 2024-01-01 01:00+02:00 is Sunday 23:00 UTC
    frame = pd.DataFrame({P.submitted_at: ["2024-01-01T01:00:00+02:00"]})
    assert weekday_sent(frame).tolist() == [6.0] and hour_sent(frame).tolist() == [23.0]


def test_months_since_first():
    when = pd.to_datetime(["2024-03-01 00:00", "2024-01-01 00:00", "2024-01-31 12:00"], utc=True)
    frame = pd.DataFrame({P.submitted_at: when})
    assert eq(months_since_first(frame).tolist(), [60 / 30.4375, 0.0, 30.5 / 30.4375])
    first = pd.Timestamp("2024-02-01", tz="UTC")
    assert eq(months_since_first(frame, first).tolist(), [29 / 30.4375, -31 / 30.4375,
                                                          -0.5 / 30.4375])


@pytest.mark.parametrize("name", sorted(CONTEXT_FUNCTIONS))
def test_missing_columns_mean_unknown(name):
    out = CONTEXT_FUNCTIONS[name](pd.DataFrame(index=range(2)))
    assert out.dtype == np.float64 and out.isna().all()
