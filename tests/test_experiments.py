"""Planning and monitoring experiments: known answers built by hand.

Expected intervals are the Agresti-Caffo interval (Agresti & Caffo 2000: one success and one
failure added to each arm) with the published Lan-DeMets O'Brien-Fleming boundaries, computed
here from their definitions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from upwork_analytics.analysis.assignment import Settings, issue_next, write_plan
from upwork_analytics.analysis.experiments import (
    current_rate,
    design_experiment,
    experiment_status,
    experiments_as_of,
    monthly_pace,
)
from upwork_analytics.exceptions import InsufficientDataError, ParameterError
from upwork_analytics.schema import ProposalCols as P

Z975 = 1.959964


def make_plan(tmp_path, name="opener", size=(308, 308), created="2026-11-01T00:00:00Z"):
    s = Settings(name=name, arms=("question", "story"), ratio=(1, 1), seed=5,
                 metric="interviewed", rate=0.2, effect=0.10, max_per_arm=size,
                 per_month=100.0, alpha=0.05, power=0.8, created=created)
    return write_plan(tmp_path / f"{name}.csv", s)


def arm_rows(month: str, arm: str, n: int, events: int, experiment="opener") -> list[dict]:
    """``n`` proposals of ``arm`` in ``month`` (from day 2 on), the first ``events`` with an
    interview."""
    start = pd.Timestamp(f"{month}-02", tz="UTC")
    return [{P.submitted_at: start + pd.Timedelta(minutes=37 * i), P.variant: arm,
             P.experiment: experiment, P.interviewed: i < events, P.viewed: i < events,
             P.job_title: f"job {i}"} for i in range(n)]


def frame(*parts: list[dict]) -> pd.DataFrame:
    rows = [r for part in parts for r in part]
    df = pd.DataFrame(rows)
    df[P.interviewed] = df[P.interviewed].astype("boolean")
    return df.sort_values(P.submitted_at, kind="stable").reset_index(drop=True)


def agresti_caffo(ka, na, kb, nb):
    pa, pb = (ka + 1) / (na + 2), (kb + 1) / (nb + 2)
    se = math.sqrt(pa * (1 - pa) / (na + 2) + pb * (1 - pb) / (nb + 2))
    return pa - pb, se


# --------------------------------------------------------------------------- planning


def test_plan_for_the_textbook_case():
    d = design_experiment("interviewed", 0.10, rate=0.20, per_month=50)
    assert d.fixed_per_arm == 294  # Fleiss: 293.2, rounded up
    assert 294 < d.per_arm < 1.1 * 294  # the sequential design adds a few percent
    assert d.total == 2 * d.per_arm
    assert d.to_dict() == {"metric": "interviewed", "rate": 0.2, "effect": 0.1,
                           "per_arm": d.per_arm, "total": d.total,
                           "months": round(d.total / 50, 1)}
    assert d.expected_per_arm_effect < d.per_arm and d.expected_per_arm_null < d.per_arm
    assert not d.worth_running  # more than twelve months at 50 a month
    assert (f"at your pace this takes {d.total / 50:.1f} months; test a bigger change or a "
            "higher-rate stage such as views") in d.advice


def test_plan_worth_running_at_a_fast_pace_and_without_a_pace():
    fast = design_experiment("viewed", 0.15, rate=0.5, per_month=300)
    assert fast.worth_running and fast.months < 12
    unknown = design_experiment("hired", 0.10, rate=0.2)
    assert unknown.months is None and unknown.to_dict()["months"] is None


def test_plan_measures_rate_and_pace_from_the_history():
    # the last 12 months: 120 proposals, 30 interviewed; before that 100 proposals, none
    end = pd.Timestamp("2026-10-31", tz="UTC")
    recent = [{P.submitted_at: end - pd.Timedelta(days=3 * i), P.interviewed: i < 30}
              for i in range(120)]
    old = [{P.submitted_at: end - pd.Timedelta(days=400 + i), P.interviewed: False}
           for i in range(100)]
    df = pd.DataFrame(recent + old)
    df[P.interviewed] = df[P.interviewed].astype("boolean")
    assert current_rate(df, "interviewed") == (pytest.approx(30 / 120), 30, 120)
    # six months (182.6 days) before the last proposal hold 61 proposals (every 3 days)
    assert monthly_pace(df) == pytest.approx(61 / 6, rel=0.02)
    d = design_experiment("interviewed", 0.10, proposals=df, per_month=200)
    assert d.rate == pytest.approx(30 / 120) and "30 of 120" in d.rate_basis


@pytest.mark.parametrize("kwargs, match", [
    ({"effect": 1.2, "rate": 0.2}, "effect"),
    ({"effect": 0.5, "rate": 0.6}, "reaches 100%"),
    ({"effect": 0.1}, "--rate"),
    ({"effect": 0.1, "rate": 0.0}, "strictly between"),
    ({"effect": 0.1, "rate": 0.2, "per_month": -3}, "per-month"),
])
def test_plan_refuses_bad_input(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        design_experiment("interviewed", **kwargs)


def test_plan_with_too_little_history():
    df = pd.DataFrame({P.submitted_at: pd.date_range("2026-01-01", periods=5, tz="UTC"),
                       P.interviewed: pd.array([True] * 5, dtype="boolean")})
    with pytest.raises(InsufficientDataError, match="--rate"):
        design_experiment("interviewed", 0.1, proposals=df)


# --------------------------------------------------------------------------- monitoring


def test_no_look_before_each_arm_has_ten(tmp_path):
    plan = make_plan(tmp_path)
    st = experiment_status(plan, frame(arm_rows("2026-11", "question", 5, 2),
                                       arm_rows("2026-11", "story", 12, 3)), "2026-11")
    assert st.decision == "continue" and st.looks == []
    assert st.ci_low is None and st.difference == pytest.approx(2 / 5 - 3 / 12)
    assert "no monthly look yet" in st.reason and "(5 and 12 so far)" in st.reason


def test_one_final_look_is_the_fixed_design_test(tmp_path):
    """All proposals in the first month, more than the planned maximum: one look, the whole
    5% spent, boundary 1.96, so the interval is the Agresti-Caffo 95% interval."""
    plan = make_plan(tmp_path)
    st = experiment_status(plan, frame(arm_rows("2026-11", "question", 310, 93),
                                       arm_rows("2026-11", "story", 310, 62)), "2026-11")
    d, se = agresti_caffo(93, 310, 62, 310)
    assert len(st.looks) == 1 and st.looks[0].boundary == pytest.approx(Z975, abs=1e-4)
    assert st.decision == "stop_a_better"
    assert st.difference == pytest.approx(93 / 310 - 62 / 310)
    assert (st.ci_low, st.ci_high) == pytest.approx((d - Z975 * se, d + Z975 * se), abs=1e-4)
    assert st.reason.startswith("question beats story by 10.0 points")
    close = experiment_status(plan, frame(arm_rows("2026-11", "question", 310, 80),
                                          arm_rows("2026-11", "story", 310, 70)), "2026-11")
    assert close.decision == "stop_no_difference"
    assert "planned size is reached" in close.reason


def test_monthly_looks_guard_against_peeking(tmp_path):
    """Half the planned size at the first look (boundary 2.963), the rest at the second
    (1.969): a z of 2.67 at the first look would pass a fixed 1.96 test, but must not stop."""
    plan = make_plan(tmp_path)
    first = frame(arm_rows("2026-11", "question", 154, 62), arm_rows("2026-11", "story", 154, 40))
    st = experiment_status(plan, first, "2026-11")
    d, se = agresti_caffo(62, 154, 40, 154)
    assert d / se == pytest.approx(2.672, abs=0.01)
    assert st.looks[0].boundary == pytest.approx(2.963, abs=2e-3)
    assert st.decision == "continue"
    assert (st.ci_low, st.ci_high) == pytest.approx((d - 2.963 * se, d + 2.963 * se), abs=2e-3)
    assert "not yet clear enough" in st.reason and "308 of the planned 616" in st.reason
    both = frame(arm_rows("2026-11", "question", 154, 62), arm_rows("2026-11", "story", 154, 40),
                 arm_rows("2026-12", "question", 154, 62), arm_rows("2026-12", "story", 154, 40))
    st2 = experiment_status(plan, both, "2026-12")
    assert [lk.boundary for lk in st2.looks] == pytest.approx([2.963, 1.969], abs=2e-3)
    assert st2.decision == "stop_a_better" and st2.looks[-1].month == "2026-12"
    assert st2.to_dict()["arms"][0] == {"arm": "question", "n": 308, "events": 124,
                                        "rate": round(124 / 308, 6),
                                        "ci_low": pytest.approx(0.3497, abs=1e-3),
                                        "ci_high": pytest.approx(0.4574, abs=1e-3)}
    # data after the stop change nothing, and a note says so
    later = frame(*(arm_rows(m, a, 154, k) for m in ("2026-11", "2026-12")
                    for a, k in (("question", 62), ("story", 40))),
                  arm_rows("2027-01", "question", 30, 0), arm_rows("2027-01", "story", 30, 30))
    st3 = experiment_status(plan, later, "2027-01")
    assert st3.decision == "stop_a_better" and len(st3.looks) == 2
    assert any("60 proposal(s) of the experiment came after the stop" in n for n in st3.notes)


def test_futility_stop(tmp_path):
    """Three quarters of the planned size with no difference at all: even a true 10-point
    difference would now show with less than a 10% chance."""
    plan = make_plan(tmp_path)
    st = experiment_status(plan, frame(arm_rows("2026-11", "question", 231, 69),
                                       arm_rows("2026-11", "story", 231, 69)), "2026-11")
    # theta = 0.10 / (se sqrt(0.75)); bound (1.96 - theta/4 - 0.5 * 1.2816) / sqrt(0.75)
    _, se = agresti_caffo(69, 231, 69, 231)
    theta = 0.10 / (se * math.sqrt(0.75))
    bound = (Z975 - theta * 0.25 - 0.5 * 1.281552) / math.sqrt(0.75)
    assert st.looks[0].futility == pytest.approx(bound, abs=1e-4) and bound > 0
    assert st.decision == "stop_no_difference"
    assert st.reason.startswith("even if a difference of 10 points were real")


def test_status_json_shape(tmp_path):
    plan = make_plan(tmp_path)
    st = experiment_status(plan, frame(arm_rows("2026-11", "question", 40, 10),
                                       arm_rows("2026-11", "story", 40, 14)), "2026-11")
    out = st.to_dict()
    assert list(out) == ["name", "arms", "difference", "ci_low", "ci_high", "decision",
                         "reason"]
    assert [list(a) for a in out["arms"]] == [["arm", "n", "events", "rate", "ci_low",
                                               "ci_high"]] * 2
    assert out["decision"] in ("continue", "stop_a_better", "stop_b_better",
                               "stop_no_difference")


def test_arm_not_in_the_plan_names_the_row(tmp_path):
    plan = make_plan(tmp_path)
    rows = arm_rows("2026-11", "question", 12, 3) + arm_rows("2026-11", "questoin", 1, 0)
    with pytest.raises(ParameterError) as err:
        experiment_status(plan, frame(rows), "2026-11", source="tracker.csv")
    msg = str(err.value)
    assert msg.startswith("tracker.csv: proposal sent 2026-11-02 00:00 ('job 0')")
    assert "column variant: 'questoin' is not an arm of experiment 'opener' (arms: question, " \
           "story)" in msg


def test_membership_without_an_experiment_column(tmp_path):
    """Without an experiment column: proposals sent since the start whose variant is an arm
    (any case) count; other variants and earlier proposals do not, and a note lists them."""
    plan = make_plan(tmp_path)
    rows = (arm_rows("2026-11", "QUESTION", 12, 3, experiment=None)
            + arm_rows("2026-11", "Story", 11, 4, experiment=None)
            + arm_rows("2026-11", "custom", 4, 0, experiment=None)
            + arm_rows("2026-10", "question", 7, 7, experiment=None))
    st = experiment_status(plan, frame(rows), "2026-11")
    assert [(a["arm"], a["n"], a["events"]) for a in st.arms] == [("question", 12, 3),
                                                                   ("story", 11, 4)]
    assert any("'custom' (4)" in n for n in st.notes)


def test_pending_tagged_early_and_armless_rows_are_listed(tmp_path):
    plan = make_plan(tmp_path)
    pending = arm_rows("2026-11", "story", 3, 0)
    for r in pending:
        r[P.interviewed] = None
    early = arm_rows("2026-10", "story", 2, 0)
    armless = arm_rows("2026-11", "", 1, 0)
    st = experiment_status(plan, frame(arm_rows("2026-11", "question", 12, 3),
                                       arm_rows("2026-11", "story", 12, 5), pending, early,
                                       armless), "2026-11")
    notes = " ".join(st.notes)
    assert "3 proposal(s) of the experiment have no known interviewed outcome" in notes
    assert "2 proposal(s) marked with this experiment were sent before it started" in notes
    assert "1 proposal(s) marked with this experiment have no variant" in notes
    assert [a["n"] for a in st.arms] == [12, 12]


def test_adherence_note_when_the_tracker_strays_from_the_plan(tmp_path):
    plan = make_plan(tmp_path)
    for _ in range(24):
        plan = issue_next(plan)[0]
    issued = [a for a, _ in plan.issued].count("question")
    assert issued == 12  # the blocks keep the handed-out arms balanced
    st = experiment_status(plan, frame(arm_rows("2026-11", "question", 24, 5),
                                       arm_rows("2026-11", "story", 0, 0)), "2026-11")
    assert any("handed out question 12 times and story 12 times, but the tracker records "
               "24 and 0" in n for n in st.notes)


def test_experiments_as_of_skips_later_experiments(tmp_path):
    make_plan(tmp_path, name="early", created="2026-09-01T00:00:00Z")
    make_plan(tmp_path, name="late", created="2026-12-05T00:00:00Z")
    df = frame(arm_rows("2026-11", "question", 12, 3, experiment="early"),
               arm_rows("2026-11", "story", 12, 6, experiment="early"))
    names = [s.name for s in experiments_as_of(tmp_path, df, "2026-11")]
    assert names == ["early"]
    assert experiments_as_of("", df, "2026-11") == []


def test_simulated_null_rarely_stops_for_a_winner(tmp_path):
    """A small in-test simulation (the full study is `make validate-experiments`): 40 null
    experiments with eight monthly looks; at a 5% error, more than 8 false winners has a
    chance below 0.001 (binomial)."""
    plan = make_plan(tmp_path, size=(150, 150))
    rng = np.random.default_rng(0)
    wins = 0
    for rep in range(40):
        parts = []
        for m in range(8):
            month = str(pd.Period("2026-11", freq="M") + m)
            for arm in ("question", "story"):
                n = int(rng.poisson(25))
                parts.append(arm_rows(month, arm, n, int(rng.binomial(n, 0.25))))
        st = experiment_status(plan, frame(*parts), "2027-06")
        wins += st.decision in ("stop_a_better", "stop_b_better")
    assert wins <= 8
