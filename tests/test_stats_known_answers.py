"""The statistics against answers known without the code: textbook formulas, published
examples, counts worked by hand, and small data sets built so that the right answer is known.

What is checked here is public behaviour (``analysis.stats``, ``rate_with_interval``, the
``model`` and ``calibration`` of :func:`analyze_drivers`, the tier rules), so that these tests
keep their meaning when the estimator inside ``analysis/drivers.py`` is replaced.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from upwork_analytics.analysis.drivers import analyze_drivers
from upwork_analytics.analysis.funnel import rate_with_interval
from upwork_analytics.analysis.stats import (
    adjust_pvalues,
    binned_rates,
    bootstrap_interval,
    bootstrap_pvalue,
    difference_with_interval,
    natural_bins,
)

Z = 1.959963984540054  # the 97.5% point of the standard normal


def wilson(k: int, n: int, z: float = Z) -> tuple[float, float]:
    """Wilson (1927) score interval, written out."""
    centre = (k + z * z / 2) / (n + z * z)
    half = z / (n + z * z) * math.sqrt(k * (n - k) / n + z * z / 4)
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(k1: int, n1: int, k2: int, n2: int, z: float = Z) -> tuple[float, float]:
    """Newcombe (1998) method 10: the hybrid score interval of a difference of proportions."""
    (l1, u1), (l2, u2) = wilson(k1, n1, z), wilson(k2, n2, z)
    p1, p2 = k1 / n1, k2 / n2
    d = p1 - p2
    return d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)

# --------------------------------------------------------------------------- rates


@pytest.mark.parametrize("k, n, low, high", [
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I:
    # the Wilson score interval of his examples, to 4 decimals
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_published_examples(k, n, low, high):
    rate, lo, hi = rate_with_interval(k, n)
    assert rate == k / n
    assert (lo, hi) == (pytest.approx(low, abs=6e-5), pytest.approx(high, abs=6e-5))


@pytest.mark.parametrize("k, n", [(0, 10), (10, 10), (3, 7), (50, 100), (1, 1000)])
def test_wilson_interval_formula(k, n):
    assert rate_with_interval(k, n)[1:] == pytest.approx(wilson(k, n), abs=1e-12)
    # other levels: the 90% interval uses z = 1.645
    assert rate_with_interval(k, n, alpha=0.10)[1:] == pytest.approx(
        wilson(k, n, 1.6448536269514722), abs=1e-12)


def test_rate_of_nothing_is_unknown_and_bad_counts_are_refused():
    assert all(math.isnan(v) for v in rate_with_interval(0, 0))
    from upwork_analytics.exceptions import ParameterError

    for k, n in ((3, 2), (-1, 5), (1, -1)):
        with pytest.raises(ParameterError):
            rate_with_interval(k, n)

# --------------------------------------------------------------------------- two proportions


@pytest.mark.parametrize("k1, n1, k2, n2, published", [
    # Newcombe (1998), "Interval estimation for the difference between independent
    # proportions", Table II, method 10
    (9, 10, 3, 10, (0.1705, 0.8090)),
    (5, 56, 0, 29, (-0.0381, 0.1926)),
    (56, 70, 48, 80, None), (6, 7, 2, 7, None), (2, 40, 10, 40, None),
])
def test_difference_interval_is_newcombes(k1, n1, k2, n2, published):
    d, low, high, _ = difference_with_interval(k1, n1, k2, n2)
    assert d == pytest.approx(k1 / n1 - k2 / n2)
    assert (low, high) == pytest.approx(newcombe(k1, n1, k2, n2), abs=1e-9)
    if published:
        assert (low, high) == (pytest.approx(published[0], abs=6e-5),
                               pytest.approx(published[1], abs=6e-5))


@pytest.mark.parametrize("table, p", [
    # Fisher's lady tasting tea: 3 of 4 cups right each way. Margins 4, 4 of 8 cups; the
    # hypergeometric P(a right) = C(4,a) C(4,4-a) / C(8,4) = (1, 16, 36, 16, 1) / 70; two-sided:
    # every table as unlikely as the observed one, (16 + 16 + 1 + 1) / 70
    ((3, 4, 1, 4), 34 / 70),
    ((4, 4, 0, 4), 2 / 70),        # the most extreme tables only
    ((2, 4, 2, 4), 1.0),           # the likeliest table: every table counts
    # 1 of 5 vs 4 of 5: margins 5, 5, 10; P(a) = C(5,a) C(5,5-a) / C(10,5)
    # = (1, 25, 100, 100, 25, 1) / 252; a = 1: (1 + 25 + 25 + 1) / 252
    ((1, 5, 4, 5), 52 / 252),
])
def test_difference_p_value_is_fishers_exact_test(table, p):
    assert difference_with_interval(*table)[3] == pytest.approx(p, rel=1e-9)


def test_difference_with_an_empty_group_is_unknown():
    assert all(math.isnan(v) for v in difference_with_interval(3, 10, 0, 0))

# --------------------------------------------------------------------------- many tests


def test_benjamini_hochberg_by_hand():
    # sorted 0.005, 0.01, 0.03, 0.04 (m = 4): p * 4 / rank = 0.02, 0.02, 0.04, 0.04, then the
    # running minimum from the largest down; back in the input order
    assert adjust_pvalues([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    # unknown p-values are not counted: m = 2
    out = adjust_pvalues([0.01, np.nan, 0.04])
    assert out[0] == pytest.approx(0.02) and np.isnan(out[1]) and out[2] == pytest.approx(0.04)
    # capped at 1
    assert adjust_pvalues([0.9, 0.8]) == pytest.approx([0.9, 0.9])
    assert np.isnan(adjust_pvalues([np.nan])).all()

# --------------------------------------------------------------------------- bootstrap


def test_bootstrap_percentile_interval_by_hand():
    est = np.column_stack([np.arange(101.0), 2 * np.arange(101.0)])  # 0..100 and 0..200
    low, high = bootstrap_interval(est)
    assert low == pytest.approx([2.5, 5.0]) and high == pytest.approx([97.5, 195.0])
    low, high = bootstrap_interval(est, alpha=0.5)  # the 25th and 75th percentiles
    assert low == pytest.approx([25, 50]) and high == pytest.approx([75, 150])
    # failed resamples (NaN) are left out
    with_nan = np.vstack([est, np.full((5, 2), np.nan)])
    assert bootstrap_interval(with_nan)[0] == pytest.approx([2.5, 5.0])


def test_bootstrap_p_value_is_the_normal_test_of_the_bootstrap_se():
    # resamples -1, 0, 1: SD (n - 1) = 1; a point estimate of 1.96 is at p = 0.05, and the
    # sign does not matter
    est = np.array([[-1.0, -2.0], [0.0, 0.0], [1.0, 2.0]])  # SDs 1 and 2
    p = bootstrap_pvalue(np.array([Z, -2 * Z]), est)
    assert p == pytest.approx([0.05, 0.05])
    assert bootstrap_pvalue(np.array([0.0, 2.0]), est) == pytest.approx([1.0, 0.31731050786])

# --------------------------------------------------------------------------- binned rates


def test_natural_bins_by_hand():
    def labels(values, kind):
        return [None if pd.isna(b) else b for b in natural_bins(values, kind)]

    assert labels(pd.Series([0, 0, 1, 1, 2, 5, None]), "count") == ["0", "0", "1", "1", "2",
                                                                    "3+", None]
    assert labels(pd.Series([1.0, 0.0, None]), "binary") == ["yes", "no", None]
    # ten distinct values in five quantile bins of two, labelled by their range
    values = pd.Series([0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 1.0])
    assert natural_bins(values, "continuous").tolist() == [
        "0.5-0.6", "0.1-0.2", "0.9-1", "0.3-0.4", "0.7-0.8", "0.1-0.2", "0.7-0.8", "0.3-0.4",
        "0.5-0.6", "0.9-1"]
    # few distinct values: one bin each
    assert natural_bins(pd.Series([2.5, 7.5, 2.5]), "continuous").tolist() == ["2.5", "7.5",
                                                                               "2.5"]


def test_binned_rates_by_hand():
    # question counts and hires: 0 -> 1 of 2; 1 -> 2 of 2; 2 -> 0 of 1; 3+ -> 1 of 2
    values = pd.Series([0, 0, 1, 1, 2, 3, 6, None])
    hired = pd.Series([False, True, True, True, False, True, False, True])
    table = binned_rates(values, hired, "count").set_index("bin")
    assert list(table.index) == ["0", "1", "2", "3+"]
    assert table["n"].tolist() == [2, 2, 1, 2] and table["events"].tolist() == [1, 2, 0, 1]
    assert table["rate"].tolist() == [0.5, 1.0, 0.0, 0.5]
    for b, (k, n) in {"0": (1, 2), "1": (2, 2), "2": (0, 1), "3+": (1, 2)}.items():
        assert (table.loc[b, "ci_low"], table.loc[b, "ci_high"]) == pytest.approx(wilson(k, n))
    # each bin against all other rows with a known value (the unknown one is left out):
    # "1": 2 of 2 vs 2 of 5
    assert table.loc["1", "diff"] == pytest.approx(1.0 - 2 / 5)
    assert (table.loc["1", "diff_low"], table.loc["1", "diff_high"]) == pytest.approx(
        newcombe(2, 2, 2, 5))
    assert table.loc["0", "diff"] == pytest.approx(0.5 - 3 / 5)

# --------------------------------------------------------------------------- the model's figures


def _history(x, y, feature="question_count"):
    """A features table with one feature and the proposals with outcome ``y`` (sent, all
    viewed and interviewed, so only ``hired`` varies)."""
    ids = [f"q{i:03d}" for i in range(len(y))]
    features = pd.DataFrame({"proposal_id": ids, feature: np.asarray(x, dtype=float)})
    proposals = pd.DataFrame({"proposal_id": ids, "viewed": True, "interviewed": True,
                              "hired": np.asarray(y, dtype=bool)})
    return features, proposals


#: 120 not hired at x = 0, 1, ..., 119 and 80 hired at x = 59.5, 60.5, ..., 138.5: every x
#: distinct, and the hired ones higher on the whole.
X_NEG, X_POS = np.arange(120.0), 59.5 + np.arange(80.0)


@pytest.fixture(scope="module")
def separable_enough():
    x = np.concatenate([X_NEG, X_POS])
    y = np.r_[np.zeros(120, bool), np.ones(80, bool)]
    features, proposals = _history(x, y)
    return x, y, analyze_drivers(features, proposals, stage="hired", seed=0, n_boot=30)


def test_model_auc_is_the_mann_whitney_probability(separable_enough):
    """With one feature the model ranks proposals by it: the AUC is the share of (hired, not
    hired) pairs where the hired one has the higher x. A hired x = 59.5 + j beats the 60 + j
    not-hired values below it, capped at all 120: (sum_{j<60} (60 + j) + 20 * 120) / (80 * 120)
    = 7770 / 9600."""
    _, _, result = separable_enough
    assert result.tier == "model"
    assert result.model["cv_auc"] == pytest.approx(7770 / 9600, abs=0.01)


def test_model_auc_interval_is_95_percent_wide(separable_enough):
    """The interval's width matches the Hanley & McNeil (1982) standard error of an AUC of
    this size with 80 and 120 cases: SE^2 = (A(1-A) + (n1-1)(Q1-A^2) + (n2-1)(Q2-A^2))
    / (n1 n2), Q1 = A/(2-A), Q2 = 2A^2/(1+A); a 95% interval is about 2 x 1.96 SE wide (a 50%
    interval would be a third of that)."""
    _, _, result = separable_enough
    a, (n1, n2) = 7770 / 9600, (80, 120)
    q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
    se = math.sqrt((a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n2 - 1) * (q2 - a * a)) / (n1 * n2))
    low, high = result.model["cv_auc_ci"]
    assert low < result.model["cv_auc"] < high
    assert 0.6 < (high - low) / (2 * Z * se) < 1.5, (low, high, se)


def test_brier_of_the_base_rate_is_p_times_1_minus_p(separable_enough):
    """The base-rate forecast: each held-out proposal gets its training folds' hire rate. With
    80 of 200 hired and stratified folds that rate is 0.4 in every fold, so its Brier score is
    0.4 x 0.6^2 + 0.6 x 0.4^2 = p (1 - p) = 0.24."""
    _, _, result = separable_enough
    assert result.model["brier_base"] == pytest.approx(0.24, abs=1e-3)
    assert result.model["brier"] < 0.24


def test_calibration_bins_are_counted_by_hand(separable_enough):
    """The calibration table cuts the proposals into equal-size bins by predicted probability,
    which follows x here, and gives each bin's mean prediction ("predicted") and its share
    hired ("observed"). Ordered by x, the 200 proposals are 60 not hired (x < 59.5), then 121
    alternating hired / not hired starting with a hired one (59.5 ... 119.5), then 19 hired:
    the share hired in each bin is counted from that order."""
    x, y, result = separable_enough
    cal = result.calibration
    n_bins = len(cal)
    assert n_bins >= 5 and len(y) % n_bins == 0
    size = len(y) // n_bins
    by_x = y[np.argsort(x)]
    expected = by_x.reshape(n_bins, size).mean(axis=1)
    # neighbours of the other class may swap places across a bin edge (each held-out fold
    # has its own model): at most one proposal per edge
    assert cal["observed"].to_numpy() == pytest.approx(expected, abs=1 / size + 1e-9)
    assert np.allclose(cal["observed"] * size, np.round(cal["observed"] * size))
    assert (cal["observed"] * size).sum() == pytest.approx(y.sum())
    # mean predictions of bins ordered by prediction rise, and follow the observed shares
    assert cal["predicted"].is_monotonic_increasing
    assert cal["predicted"].iloc[0] < 0.1 < 0.7 < cal["predicted"].iloc[-1]

# --------------------------------------------------------------------------- tiers


def _tier_history(n: int, k: int, seed: int = 0):
    """``n`` proposals, ``k`` of them hired, and two features unrelated to the outcome (so two
    model terms)."""
    rng = np.random.default_rng(seed)
    ids = [f"t{i:03d}" for i in range(n)]
    features = pd.DataFrame({"proposal_id": ids,
                             "question_count": rng.integers(0, 5, n).astype(float),
                             "social_proof": rng.integers(0, 3, n).astype(float)})
    hired = np.zeros(n, bool)
    hired[rng.permutation(n)[:k]] = True
    proposals = pd.DataFrame({"proposal_id": ids, "viewed": True, "interviewed": True,
                              "hired": hired})
    return features, proposals


@pytest.mark.parametrize("n, k, tier, reason", [
    # fewer than 5 events on the rarer side: rates only
    (40, 4, "descriptive", "only 4 of 40 proposals hired: at least 5 are needed"),
    (40, 36, "descriptive", "only 4 of 40 proposals not hired: at least 5 are needed"),
    # 5 events or more, under 10 per model term: one-feature comparisons
    (40, 5, "descriptive", "5 outcome events for 2 model terms (2.5 per term; about 10 are "
                           "needed)"),
    (100, 19, "descriptive", "19 outcome events for 2 model terms (9.5 per term; about 10"),
    (100, 81, "descriptive", "19 outcome events for 2 model terms (9.5 per term; about 10"),
    # 10 per term: the model
    (100, 20, "model", "20 outcome events for 2 model terms (10.0 per term)"),
    (100, 80, "model", "20 outcome events for 2 model terms (10.0 per term)"),
])
def test_tier_boundaries(n, k, tier, reason):
    features, proposals = _tier_history(n, k)
    r = analyze_drivers(features, proposals, stage="hired", n_boot=20, evaluate=False)
    assert (r.n, r.n_outcomes) == (n, k)
    assert r.tier == tier and r.reason.startswith(reason), r.reason
    assert set(r.bins) == {"question_count", "social_proof"}   # rates in every tier
    if tier == "model":
        assert set(r.coefficients["feature"]) == {"question_count", "social_proof"}
        assert set(r.effects()["feature"]) == {"question_count", "social_proof"}
    else:
        assert r.coefficients.empty and r.model is None
        fitted = min(k, n - k) >= 5
        # the middle tier compares one feature at a time; below 5 events nothing is fitted
        assert len(r.univariate) == (2 if fitted else 0)
        if fitted:
            assert r.univariate[["odds_ratio", "ci_low", "ci_high"]].notna().all().all()


def test_middle_tier_odds_ratio_is_the_one_feature_logistic_fit():
    """In the middle tier, a binary feature's odds ratio is the 2x2 table's: 6 of 10 hired
    with it and 3 of 15 without, OR = (6/4) / (3/12) = 6, with Woolf's interval
    exp(ln 6 +- 1.96 sqrt(1/6 + 1/4 + 1/3 + 1/12))."""
    with_it = [1.0] * 10 + [0.0] * 15
    hired = [True] * 6 + [False] * 4 + [True] * 3 + [False] * 12
    features, proposals = _history(with_it, hired, feature="social_proof")
    r = analyze_drivers(features, proposals, stage="hired")
    assert r.tier == "descriptive" and "9 outcome events for 1 model terms" in r.reason
    row = r.univariate.set_index("feature").loc["social_proof"]
    assert row["kind"] == "binary" and row["natural_unit"] == "yes vs no"
    assert row["odds_ratio_natural"] == pytest.approx(6.0, rel=1e-6)
    half = Z * math.sqrt(1 / 6 + 1 / 4 + 1 / 3 + 1 / 12)
    assert row["natural_ci_low"] == pytest.approx(6 * math.exp(-half), rel=1e-6)
    assert row["natural_ci_high"] == pytest.approx(6 * math.exp(half), rel=1e-6)
    bins = r.bins["social_proof"].set_index("bin")
    assert bins.loc["yes", ["n", "events"]].tolist() == [10, 6]
    assert bins.loc["no", ["n", "events"]].tolist() == [15, 3]

# --------------------------------------------------------------------------- the funnel


def _proposals(rows):
    """rows: (submitted_at, viewed, interviewed, hired, contract_type, boosted, connects,
    boost_connects); None is unknown."""
    from upwork_analytics.schema import PROPOSAL_COLUMNS, conform

    cols = ["submitted_at", "viewed", "interviewed", "hired", "contract_type", "boosted",
            "connects_spent", "boost_connects"]
    df = pd.DataFrame(rows, columns=cols)
    df.insert(0, "proposal_id", [f"f{i}" for i in range(len(df))])
    df["cover_letter"] = "text"
    df["submitted_at"] = pd.to_datetime(df["submitted_at"], utc=True, format="ISO8601")
    for col in ("viewed", "interviewed", "hired", "boosted"):
        df[col] = pd.array(df[col], dtype="boolean")
    return conform(df, PROPOSAL_COLUMNS)


#: 24 in March (20 viewed of 23 known, 6 interviewed, 2 hired), 3 in April (1 viewed)
FUNNEL = _proposals(
    [("2026-03-02", True, True, True, "hourly", True, 10, 5)] * 2
    + [("2026-03-03", True, True, False, "fixed", False, 8, None)] * 4
    + [("2026-03-04", True, False, False, "fixed", None, None, None)] * 14
    + [("2026-03-05", False, False, False, None, False, 6, 0)] * 3
    + [("2026-03-31T23:30:00-05:00", None, None, None, "hourly", False, 4, 0)]  # 1 April UTC
    + [("2026-04-02", True, False, None, "hourly", False, 2, 0)]
    + [("2026-04-03", False, None, None, "fixed", True, 3, 2)])


def test_funnel_table_by_hand():
    from upwork_analytics.analysis.funnel import funnel_table

    t = funnel_table(FUNNEL).set_index("stage")
    assert list(t.index) == ["sent", "viewed", "interviewed", "hired"]
    assert t.loc["sent", ["count", "n", "rate", "ci_low", "ci_high", "note"]].tolist() == [
        26, 26, 1.0, 1.0, 1.0, ""]
    # viewed: 21 of 25 known; interviewed: 6 of 24 known; hired: 2 of 23 known
    for stage, k, n in (("viewed", 21, 25), ("interviewed", 6, 24), ("hired", 2, 23)):
        row = t.loc[stage]
        assert (row["count"], row["n"]) == (k, n)
        assert row["rate"] == pytest.approx(k / n)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(k, n))
        assert row["note"] == ""
    small = funnel_table(FUNNEL.iloc[:19]).set_index("stage")
    assert small.loc["hired", "note"] == "too few to judge" and small.loc["hired", "n"] == 19
    assert funnel_table(FUNNEL.iloc[:20]).set_index("stage").loc["hired", "note"] == ""


def test_monthly_rates_by_hand():
    from upwork_analytics.analysis.funnel import monthly_rates

    t = monthly_rates(FUNNEL).set_index("month")
    assert list(t.index) == ["2026-03", "2026-04"]   # the 23:30 in New York is April in UTC
    assert t.loc["2026-03", ["sent", "viewed", "interviewed", "hired"]].tolist() == [23, 20, 6,
                                                                                    2]
    assert t.loc["2026-03", "viewed_rate"] == pytest.approx(20 / 23)
    assert (t.loc["2026-03", "hired_low"], t.loc["2026-03", "hired_high"]) == pytest.approx(
        wilson(2, 23))
    # April: 3 sent; viewed 1 of 2 known, interviewed 0 of 1, hired: none known
    assert t.loc["2026-04", ["sent", "viewed", "interviewed", "hired"]].tolist() == [3, 1, 0, 0]
    assert t.loc["2026-04", "viewed_rate"] == pytest.approx(0.5)
    assert t.loc["2026-04", "interviewed_rate"] == 0.0
    assert math.isnan(t.loc["2026-04", "hired_rate"])
    assert list(t.columns) == ["sent"] + [f"{s}{x}" for s in ("viewed", "interviewed", "hired")
                                          for x in ("", "_rate", "_low", "_high")]


@pytest.mark.parametrize("today, expected", [
    ("2026-05-10", "2026-04"),            # the data end in April, before May: April
    ("2026-04-20", "2026-03"),            # April is not over yet: March
    ("2026-04-01T00:00:00Z", "2026-03"),
    (pd.Timestamp("2026-06-01"), "2026-04"),   # a naive 'today' is UTC
])
def test_last_complete_month(today, expected):
    from upwork_analytics.analysis.funnel import last_complete_month

    assert last_complete_month(FUNNEL, today=today) == expected


def test_last_complete_month_of_nothing_is_an_error():
    from upwork_analytics.analysis.funnel import last_complete_month
    from upwork_analytics.exceptions import ParameterError

    with pytest.raises(ParameterError, match="no proposals"):
        last_complete_month(FUNNEL.iloc[:0])


@pytest.mark.parametrize("month, expected", [("2026-03", "2026-03"), (" 2026-11 ", "2026-11")])
def test_parse_month(month, expected):
    from upwork_analytics.analysis.funnel import parse_month

    assert parse_month(month) == expected


@pytest.mark.parametrize("month", ["2026-13", "2026-3", "March", "202603", "", None, 202603,
                                   "2026-00"])
def test_parse_month_refuses(month):
    from upwork_analytics.analysis.funnel import parse_month
    from upwork_analytics.exceptions import ParameterError

    with pytest.raises(ParameterError) as err:
        parse_month(month)
    assert str(err.value) == f"month={month!r}: expected YYYY-MM, e.g. 2026-10"


def test_proposals_in_month_uses_utc_months():
    from upwork_analytics.analysis.funnel import proposals_in_month

    april = proposals_in_month(FUNNEL, "2026-04")
    assert april["proposal_id"].tolist() == ["f23", "f24", "f25"]
    assert len(proposals_in_month(FUNNEL, " 2026-03")) == 23
    assert proposals_in_month(FUNNEL, "2026-05").empty


@pytest.mark.parametrize("args, text", [
    ((0.3098, 0.2667, 0.3548, 412), "31% (27%-35%, n=412)"),
    ((1.0, 0.722, 1.0, 10), "100% (72%-100%, n=10)"),
    ((0.0, 0.0, 0.0, 0), "no data"),
    ((float("nan"), float("nan"), float("nan"), 5), "no data"),
])
def test_format_rate(args, text):
    from upwork_analytics.analysis.funnel import format_rate

    assert format_rate(*args) == text


def test_funnel_by_contract_type_and_boost_by_hand():
    from upwork_analytics.analysis.funnel import funnel_by
    from upwork_analytics.exceptions import ParameterError

    by = funnel_by(FUNNEL, "contract_type").set_index("value")
    assert list(by.index) == ["fixed", "hourly", "unknown"]
    # fixed: 4 + 14 + 1 = 19 sent; viewed 18 of 19; hired 0 of 18 known
    assert by.loc["fixed", ["sent", "viewed", "viewed_n", "hired", "hired_n"]].tolist() == [
        19, 18, 19, 0, 18]
    # Connects: 4 x 8 + 3 + 2 (boost) = 37; no hire: no cost per hire
    assert by.loc["fixed", "connects"] == 37 and math.isnan(by.loc["fixed", "connects_per_hire"])
    # hourly: 2 hired with 10 + 5 each, the April rows 4 and 2: 36 Connects, 18 per hire
    assert by.loc["hourly", ["sent", "hired", "hired_n"]].tolist() == [4, 2, 2]
    assert by.loc["hourly", "connects"] == 36 and by.loc["hourly", "connects_per_hire"] == 18
    assert by.loc["hourly", "hired_rate"] == 1.0
    assert (by.loc["hourly", "viewed_low"], by.loc["hourly", "viewed_high"]) == pytest.approx(
        wilson(3, 3))
    # unknown contract type: 3 sent, 3 x 6 Connects
    assert by.loc["unknown", ["sent", "viewed", "viewed_n"]].tolist() == [3, 0, 3]
    assert by.loc["unknown", "connects"] == 18
    boosted = funnel_by(FUNNEL, "boosted").set_index("value")
    assert list(boosted.index) == ["no", "unknown", "yes"]
    assert boosted["sent"].tolist() == [9, 14, 3]
    no_connects = funnel_by(FUNNEL.assign(connects_spent=None), "boosted")
    assert no_connects["connects"].isna().all()
    with pytest.raises(ParameterError, match="no column 'niche'"):
        funnel_by(FUNNEL, "niche")


def test_binned_rates_come_in_numeric_order_and_at_the_level_asked():
    """Ranges sort by their start as numbers ("-20--15" before "-10--5", "10-15" before
    "100-150", not as text); counts as 0, 1, 2, 3+; no before yes; alpha=0.10 gives the 90%
    Wilson intervals."""
    values = pd.Series([150, -20, 0, 10, -5, 100, -15, 15, -10, 5], dtype=float)
    outcome = pd.Series([True, False] * 5)
    table = binned_rates(values, outcome, "continuous")
    assert table["bin"].tolist() == ["-20--15", "-10--5", "0-5", "10-15", "100-150"]
    assert table["n"].tolist() == [2] * 5
    # hired: 150, 0, -5, -15, -10 -> -20--15: 1, -10--5: 2, 0-5: 1, 10-15: 0, 100-150: 1
    assert table["events"].tolist() == [1, 2, 1, 0, 1]
    counts = binned_rates(pd.Series([3.0, 1, 0, 7]), pd.Series([True, False, True, False]),
                          "count")
    assert counts["bin"].tolist() == ["0", "1", "3+"]
    flags = binned_rates(pd.Series([1.0, 1, 0]), pd.Series([True, True, False]), "binary")
    assert flags["bin"].tolist() == ["no", "yes"] and flags["events"].tolist() == [0, 2]
    z90 = 1.6448536269514722
    row = binned_rates(values, outcome, "continuous", alpha=0.10).iloc[2]   # "0-5": 1 of 2
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(1, 2, z90))
    # against the other 8 rows, 4 of them hired
    assert (row["diff_low"], row["diff_high"]) == pytest.approx(newcombe(1, 2, 4, 8, z90))
    empty = binned_rates(pd.Series([], dtype=float), pd.Series([], dtype=bool), "count")
    assert empty.empty and list(empty.columns) == ["bin", "n", "events", "rate", "ci_low",
                                                   "ci_high", "diff", "diff_low", "diff_high"]


def test_bootstrap_p_value_of_a_constant_estimate_warns_nothing():
    """No spread at all: z is infinite (p = 0) for an effect, undefined (NaN) for none, and
    no warning reaches the user."""
    import warnings

    est = np.array([[1.0, 0.0], [1.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = bootstrap_pvalue(np.array([1.0, 0.0]), est)
    assert p[0] == 0.0 and np.isnan(p[1])


def test_adjust_pvalues_other_methods_and_integers():
    # Bonferroni through the same door: p * m, capped at 1
    assert adjust_pvalues([0.01, 0.2], method="bonferroni") == pytest.approx([0.02, 0.4])
    assert adjust_pvalues(np.array([1, 0])) == pytest.approx([1.0, 0.0])
    assert adjust_pvalues([]).size == 0
