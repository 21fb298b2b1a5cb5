"""The estimator behind every reported effect (issue 12), checked against answers known
independently: closed forms, a binomial likelihood-ratio interval solved here, statsmodels'
maximum likelihood, a published E-value example, and data built with a known best length.

How the intervals cover in repeated samples is the simulation harness's job
(``make validate``, docs/drivers.md), not these tests'.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from upwork_analytics.analysis.design import CATEGORY_PREFIX, MISSING_SUFFIX, DesignSpec
from upwork_analytics.analysis.drivers import SQUARED, analyze_drivers
from upwork_analytics.analysis.logistic import Logit, Scaling
from upwork_analytics.analysis.recommend import recommendations
from upwork_analytics.analysis.stats import auc_score, e_value
from upwork_analytics.schema import ProposalCols as P

# ---------------------------------------------------------------------------- logistic fits


def test_intercept_only_profile_interval_is_the_binomial_likelihood_ratio_interval():
    """12 events in 40: the profile interval of the intercept (no prior) is the logit of the
    likelihood-ratio interval of a proportion, solved here from the binomial likelihood."""
    k, n = 12, 40
    y = np.r_[np.ones(k), np.zeros(n - k)]
    fit = Logit(np.empty((n, 0)), y, method="ml")
    phat = k / n

    def drop(p):
        ll = k * math.log(p) + (n - k) * math.log(1 - p)
        return 2 * (k * math.log(phat) + (n - k) * math.log(1 - phat) - ll) - \
            stats.chi2.ppf(0.95, 1)

    lo = optimize.brentq(drop, 1e-6, phat)
    hi = optimize.brentq(drop, phat, 1 - 1e-6)
    low, high = fit.profile_interval(0)
    assert fit.mode.beta[0] == pytest.approx(math.log(12 / 28), abs=1e-8)
    assert low == pytest.approx(math.log(lo / (1 - lo)), abs=1e-3)
    assert high == pytest.approx(math.log(hi / (1 - hi)), abs=1e-3)


def test_maximum_likelihood_matches_statsmodels():
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 3))
    y = (rng.random(200) < 1 / (1 + np.exp(-(0.3 + X @ [0.8, -0.5, 0.0])))).astype(float)
    ref = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    fit = Logit(X, y, method="ml")
    assert np.allclose(fit.mode.beta, ref.params, atol=1e-7)
    assert np.allclose(np.sqrt(np.diag(fit.mode.cov)), ref.bse, atol=1e-7)


def test_firth_with_one_yes_no_input_is_the_haldane_corrected_odds_ratio():
    """For one yes/no input Firth's estimate is the log odds ratio of the 2 x 2 table with
    0.5 added to each cell, finite even when a cell is empty (separation)."""
    a, b, c, d = 12, 3, 0, 9  # with the habit: 12 hired, 3 not; without: 0 hired, 9 not
    x = np.r_[np.ones(a + b), np.zeros(c + d)]
    y = np.r_[np.ones(a), np.zeros(b), np.ones(c), np.zeros(d)]
    fit = Logit(x[:, None], y, method="firth")
    expected = math.log((a + 0.5) * (d + 0.5) / ((b + 0.5) * (c + 0.5)))
    assert fit.mode.beta[1] == pytest.approx(expected, abs=1e-6)
    low, high = fit.profile_interval(1)
    assert 0 < low < expected < high < np.inf


def test_the_prior_keeps_a_separating_habit_finite_and_the_interval_excludes_no_effect():
    x = np.r_[np.ones(15), np.zeros(9)]
    y = np.r_[np.ones(12), np.zeros(3), np.zeros(9)]
    fit = Logit((x - x.mean())[:, None], y, method="bayes")
    low, high = fit.profile_interval(1)
    assert np.isfinite([fit.mode.beta[1], low, high]).all()
    assert 0 < low < fit.mode.beta[1] < high


def test_likelihood_ratio_p_is_0_05_at_the_ends_of_the_95_interval():
    """The interval and the p-value come from the same profile: testing a coefficient equal
    to either end of its 95% interval gives p = 0.05."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(150, 2))
    y = (rng.random(150) < 1 / (1 + np.exp(-(X @ [0.6, 0.2])))).astype(float)
    for method in ("bayes", "ml"):
        fit = Logit(Scaling.fit(X).transform(X), y, method=method)
        low, high = fit.profile_interval(1)
        assert fit.lr_pvalue(1, low) == pytest.approx(0.05, abs=2e-3)
        assert fit.lr_pvalue(1, high) == pytest.approx(0.05, abs=2e-3)


def test_scaling_centres_yes_no_inputs_and_halves_others_by_two_sds():
    X = np.array([[0, 1.0], [1, 3.0], [1, 5.0], [0, 7.0]])
    s = Scaling.fit(X)
    assert list(s.binary) == [True, False]
    assert s.scale[0] == 1 and s.scale[1] == pytest.approx(2 * np.std([1, 3, 5, 7], ddof=1))
    assert np.allclose(s.transform(X).mean(axis=0), 0)


# ---------------------------------------------------------------------------- E-values


def test_e_value_reproduces_vanderweele_and_ding():
    """VanderWeele & Ding (2017): risk ratio 3.9 (95% CI 1.8 to 8.7) -> E-values 7.26 and 3.0
    (a rare outcome: the odds ratio stands for the risk ratio)."""
    e, e_ci = e_value(3.9, 1.8, 8.7, common=False)
    assert e == pytest.approx(7.26, abs=0.01)
    assert e_ci == pytest.approx(3.0, abs=0.01)


@pytest.mark.parametrize("odds, low, high, expected, expected_ci", [
    (4.0, 1.0 + 0.0, 16.0, 2 + math.sqrt(2), 1.0),          # interval touching 1: no factor
    (0.25, 0.0625, 0.64, 2 + math.sqrt(2), (1 / 0.8) + math.sqrt((1 / 0.8) * (0.25))),
])
def test_e_value_of_a_common_outcome_uses_the_square_root_of_the_odds_ratio(
        odds, low, high, expected, expected_ci):
    e, e_ci = e_value(odds, low, high, common=True)
    assert e == pytest.approx(expected)
    assert e_ci == pytest.approx(expected_ci)


def test_auc_counts_ties_half():
    assert auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert auc_score([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == pytest.approx(0.5)
    assert math.isnan(auc_score([1, 1], [0.2, 0.3]))


# ---------------------------------------------------------------------------- design


def test_unknown_values_get_an_indicator_and_the_mean():
    frame = pd.DataFrame({"a": [1.0, np.nan, 3.0, np.nan, np.nan, np.nan, np.nan, 5.0],
                          "b": [np.nan, 2.0, 2.0, np.nan, np.nan, np.nan, np.nan, 4.0],
                          "c": [1.0, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0, 8.0]})
    spec = DesignSpec.learn(frame, ["a", "b", "c"], category=False)
    # 'a' has 5 unknown rows: an indicator; 'b' also 5 but on other rows: its own one;
    # 'c' only 1: filled with its mean, no indicator
    assert [name for name, _ in spec.indicators] == ["a" + MISSING_SUFFIX, "b" + MISSING_SUFFIX]
    out = spec.frame(frame)
    assert out.loc[1, "a"] == pytest.approx(3.0) and out.loc[1, "a" + MISSING_SUFFIX] == 1
    assert out.loc[2, "c"] == pytest.approx(np.mean([1, 2, 4, 5, 6, 7, 8]))
    assert out.loc[0, "a" + MISSING_SUFFIX] == 0


def test_terms_unknown_on_the_same_rows_share_one_indicator():
    frame = pd.DataFrame({"x": [1.0, 2.0] + [np.nan] * 6, "y": [3.0, 1.0] + [np.nan] * 6})
    spec = DesignSpec.learn(frame, ["x", "y"], category=False)
    assert spec.indicators == [("x" + MISSING_SUFFIX, ["x", "y"])]


def test_job_category_dummies_against_the_most_common_with_rare_ones_pooled():
    cats = ["Web"] * 40 + ["Data"] * 20 + ["Mobile"] * 16 + ["Logo"] * 3 + ["Voice"] * 12
    frame = pd.DataFrame({"x": np.arange(len(cats), dtype=float), "job_category": cats})
    notes: list[str] = []
    spec = DesignSpec.learn(frame, ["x"], notes=notes)
    assert spec.category_reference == "Web"
    # Logo (3) and Voice (12) are below 15: pooled as 'other' (15 together)
    assert spec.category_levels == ["Data", "Mobile", "other"]
    assert any("Logo" in n and "Voice" in n for n in notes)
    new = spec.frame(pd.DataFrame({"x": [1.0, 1.0, 1.0], "job_category": ["Data", "Voice",
                                                                          "Unseen"]}))
    assert new[CATEGORY_PREFIX + "Data"].tolist() == [1, 0, 0]
    assert new[CATEGORY_PREFIX + "other"].tolist() == [0, 1, 1]


# ---------------------------------------------------------------------------- the length curve


def _length_data(shape: str, n: int = 3000, seed: int = 11):
    """Proposals whose interview chance depends on length only: a peak or a valley at 180
    words (curvature 1 per (70 words)^2)."""
    rng = np.random.default_rng(seed)
    words = rng.integers(40, 320, n).astype(float)
    curv = {"peak": -1.0, "valley": 1.0}[shape]
    logit = 0.2 + curv * ((words - 180) / 70) ** 2
    interviewed = rng.random(n) < 1 / (1 + np.exp(-logit))
    ids = [f"p{i}" for i in range(n)]
    features = pd.DataFrame({P.proposal_id: ids, "word_count": words})
    proposals = pd.DataFrame({P.proposal_id: ids, P.viewed: True, P.interviewed: interviewed,
                              P.hired: interviewed & (rng.random(n) < 0.5)})
    return features, proposals


def test_a_planted_peak_is_found_with_its_best_length_in_the_interval():
    f, p = _length_data("peak")
    r = analyze_drivers(f, p, stage="interviewed_given_viewed", evaluate=False, detail=False)
    opt = r.to_dict()["length_optimum"]
    assert opt["kind"] == "peak" and opt["ci_low"] < 180 < opt["ci_high"]
    assert opt["ci_high"] - opt["ci_low"] < 30
    curve = r.length_curve
    assert curve["rate"].idxmax() not in (0, len(curve) - 1)  # the curve peaks inside
    assert (curve["ci_low"] <= curve["rate"]).all() and (curve["rate"] <= curve["ci_high"]).all()
    [text] = [t for t in recommendations(r) if "Length" in t]
    assert "best point" in text and f"{opt['words']:.0f} words" in text


def test_a_valley_is_a_worst_length_and_never_a_sweet_spot():
    f, p = _length_data("valley")
    r = analyze_drivers(f, p, stage="interviewed_given_viewed", evaluate=False, detail=False)
    opt = r.length_optimum
    assert opt["kind"] == "valley" and opt["ci_low"] < 180 < opt["ci_high"]
    texts = " ".join(recommendations(r)).lower()
    assert "worst point" in texts
    for phrase in ("sweet spot", "best in the middle", "best point"):
        assert phrase not in texts


def test_no_curvature_is_no_clear_optimum():
    """Every length from 40 to 319 words twice, once interviewed and once not: the rate is
    flat at 50%, so the curvature's estimate is 0 and its interval straddles no effect."""
    words = np.repeat(np.arange(40, 320, dtype=float), 2)
    interviewed = np.tile([True, False], len(words) // 2)
    ids = [f"p{i}" for i in range(len(words))]
    f = pd.DataFrame({P.proposal_id: ids, "word_count": words})
    p = pd.DataFrame({P.proposal_id: ids, P.viewed: True, P.interviewed: interviewed,
                      P.hired: interviewed})
    r = analyze_drivers(f, p, stage="interviewed_given_viewed", evaluate=False, detail=False)
    assert r.length_optimum["kind"] == "none"
    assert r.length_optimum["note"].startswith("no clear optimum")
    assert not any("Length" in t for t in recommendations(r))
    row = r.coefficients.set_index("feature").loc[SQUARED]
    assert row["ci_low"] < 1 < row["ci_high"]


def test_best_length_interval_is_fieller_solved_by_scanning_the_slope_test():
    """Fieller's interval for the best length is the set of lengths at which the curve's slope
    is not distinguishable from flat: |slope(w)| / se(slope(w)) <= 1.96. Solved here by
    scanning lengths with an unpenalised fit from statsmodels on the same two columns (word
    count and its standardised square), not by the closed-form quadratic the package uses;
    the best length is where statsmodels' slope is zero."""
    sm = pytest.importorskip("statsmodels.api")
    f, p = _length_data("peak", n=1500, seed=4)
    r = analyze_drivers(f, p, stage="interviewed_given_viewed", evaluate=False, detail=False,
                        method="ml")
    words = f["word_count"].astype(float)
    mean, sd = words.mean(), words.std()
    X = sm.add_constant(np.column_stack([words, ((words - mean) / sd) ** 2]))
    fit = sm.Logit(p[P.interviewed].astype(float).to_numpy(), X).fit(disp=0)
    b, V = fit.params, fit.cov_params()
    grid = np.linspace(words.min(), words.max(), 200_001)
    g = np.column_stack([np.ones_like(grid), 2 * (grid - mean) / sd ** 2])  # d slope / d b
    slope = b[1] + b[2] * g[:, 1]
    se = np.sqrt(np.einsum("ij,jk,ik->i", g, V[1:, 1:], g))
    inside = grid[np.abs(slope / se) <= stats.norm.ppf(0.975)]
    opt = r.length_optimum
    assert opt["kind"] == "peak"
    assert opt["words"] == pytest.approx(mean - b[1] * sd ** 2 / (2 * b[2]), abs=0.05)
    assert opt["ci_low"] == pytest.approx(inside.min(), abs=0.05)
    assert opt["ci_high"] == pytest.approx(inside.max(), abs=0.05)


def test_natural_units_use_the_scale_the_model_used_when_values_are_unknown():
    """Issue 12, finding 5: with 40% of a habit unknown, the model sees the known values, a
    fill and an indicator; the odds ratio per natural unit must be exp(coefficient per raw
    unit x step) of that model (here statsmodels' unpenalised fit of the same three columns),
    and "per +1 SD" must use the SD of the known values it names, not of the filled column."""
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(8)
    n = 600
    cover = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], n)
    unknown = rng.random(n) < 0.4
    logit = -1.0 + 1.6 * np.where(unknown, 0.0, cover - 0.5) + 0.5 * unknown
    hired = rng.random(n) < 1 / (1 + np.exp(-logit))
    ids = [f"p{i}" for i in range(n)]
    f = pd.DataFrame({P.proposal_id: ids,
                      "client_question_coverage": np.where(unknown, np.nan, cover)})
    p = pd.DataFrame({P.proposal_id: ids, P.viewed: True, P.interviewed: True, P.hired: hired})
    r = analyze_drivers(f, p, stage="hired", evaluate=False, detail=False, method="ml")
    table = r.coefficients.set_index("feature")
    assert "client_question_coverage" + MISSING_SUFFIX in table.index
    known = cover[~unknown]
    X = sm.add_constant(np.column_stack([np.where(unknown, known.mean(), cover),
                                         unknown.astype(float)]))
    coef = sm.Logit(hired.astype(float), X).fit(disp=0).params[1]
    row = table.loc["client_question_coverage"]
    assert row["natural_unit"] == "per +25% of the post's questions answered"
    assert row["odds_ratio_natural"] == pytest.approx(math.exp(0.25 * coef), rel=1e-5)
    sd_known = known.std(ddof=1)
    assert row["odds_ratio"] == pytest.approx(math.exp(sd_known * coef), rel=1e-5)
    assert row["unit"] == f"per +1 SD ({sd_known:.3g})"
    filled_sd = np.where(unknown, known.mean(), cover).std(ddof=1)
    assert abs(sd_known - filled_sd) / sd_known > 0.1  # the two scales really differ here


def test_hire_probability_interval_keeps_every_stage_s_base_rate_uncertainty():
    """A history whose habits never vary: each stage model is its base rate alone, 200 of 400
    viewed, 80 of 200 interviewed, 20 of 80 hired, so the hire probability is
    0.5 x 0.4 x 0.25 = 0.05, and by the delta method Var(log p) = sum (1 - p_s) / (n_s p_s)
    = 0.0025 + 0.0075 + 0.0375. The coach's posterior predictive interval must be that wide
    (an outcome-stratified bootstrap, which fixes the number of hires, gives no width at all
    here; issue 12, finding 2)."""
    from upwork_analytics.analysis.predict import hire_predictor

    n = 400
    ids = [f"p{i}" for i in range(n)]
    first = np.arange(n)
    f = pd.DataFrame({P.proposal_id: ids, "question_count": 1.0})
    p = pd.DataFrame({P.proposal_id: ids, P.viewed: first < 200, P.interviewed: first < 80,
                      P.hired: first < 20})
    predictor = hire_predictor(f, p)
    assert predictor.kind == "chain"
    pred = predictor.predict(pd.Series({"question_count": 1.0}))
    sd = math.sqrt(0.5 / 200 + 0.6 / 80 + 0.75 / 20)
    assert pred.probability == pytest.approx(0.05, rel=0.03)
    assert math.log(pred.ci_low) == pytest.approx(math.log(0.05) - 1.959964 * sd, abs=0.05)
    assert math.log(pred.ci_high) == pytest.approx(math.log(0.05) + 1.959964 * sd, abs=0.05)
    assert pred.per_100() == (f"about 5 in 100 drafts like this one (95% interval "
                              f"{100 * pred.ci_low:.1f}-{100 * pred.ci_high:.1f})")
