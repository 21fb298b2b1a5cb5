"""The simulation harness's arithmetic (``validation/calibration/summary.py``), on records built
by hand: the figures docs/drivers.md and docs/coach.md quote must be the fractions they claim.
(The harness itself runs in ``make validate``, never in the unit tests.)"""

from __future__ import annotations

import pandas as pd
import pytest

summary = pytest.importorskip("validation.calibration.summary")


def _effect(rep, feature, truth, estimate, low, high, is_driver=False, stage="viewed",
            size=1200, role="advice"):
    planted = truth != 0
    return {"scenario": "peak", "size": size, "rep": rep, "method": "bayes", "stage": stage,
            "feature": feature, "role": role, "truth": truth, "estimate": estimate,
            "low": low, "high": high, "covered": low <= truth <= high, "planted": planted,
            "null": not planted, "is_driver": is_driver}


def _records():
    return pd.DataFrame([
        # history 0: both planted effects covered; one of two null habits a false driver
        _effect(0, "invited", 2.0, 2.2, 1.5, 2.9, role="control"),
        _effect(0, "opening_generic", -0.8, -0.7, -1.1, -0.3),
        _effect(0, "enthusiasm_score", 0.0, 0.4, 0.1, 0.7, is_driver=True),
        _effect(0, "opening_personalized", 0.0, 0.1, -0.2, 0.4),
        # history 1: the first planted effect missed (interval above the truth)
        _effect(1, "invited", 2.0, 3.0, 2.5, 3.5, role="control"),
        _effect(1, "opening_generic", -0.8, -1.0, -1.4, -0.6),
        _effect(1, "enthusiasm_score", 0.0, 0.0, -0.3, 0.3),
        _effect(1, "opening_personalized", 0.0, -0.1, -0.4, 0.2),
        # a pooled category has no single truth: never scored
        _effect(1, "job_category: other", 0.3, 9.0, 8.0, 10.0, role="control"),
    ])


def test_coverage_estimate_ratio_and_false_drivers_are_the_hand_counted_fractions():
    table = summary.effects_table(_records()).set_index("stage").loc["viewed"]
    assert table["histories"] == 2
    # planted coverage per history: 2/2 and 1/2 -> mean 0.75
    assert table["coverage (planted)"].startswith("0.750")
    # est/truth per feature (medians over histories): invited (1.1, 1.5) -> 1.3;
    # opening_generic (0.875, 1.25) -> 1.0625; median of the two: 1.18
    assert table["median est/truth"] == "1.18"
    # 1 false driver among 4 null-habit rows; 1 of 2 histories has one
    assert table["false driver per null habit"].startswith("0.250")
    assert table["histories with a false driver"].startswith("0.500")


def test_acceptance_table_judges_each_cell_against_the_issue_bars():
    crit = summary.criteria_table(_records(), pd.DataFrame({"method": [], "truth_kind": []}),
                                  pd.DataFrame(), pd.DataFrame(), min_histories=2)
    rows = crit.set_index(["criterion", "cell"])
    cov = rows.loc[("coverage of planted effects in [0.90, 0.97]", "viewed, 1200")]
    assert cov["figure"] == "0.750" and cov["met"] == "NO"
    ratio = rows.loc[("median estimate / truth in [0.85, 1.15] (median over effects)",
                      "viewed, 1200")]
    assert ratio["figure"] == "1.181" and ratio["met"] == "NO"
    false = rows.loc[("false drivers per null habit <= 0.05", "viewed, 1200")]
    assert false["figure"] == "0.250" and false["met"] == "NO"
    assert rows.loc[("at least 2 histories per cell", "1200"), "met"] == "yes"
