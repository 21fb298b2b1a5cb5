"""Win-rate drivers: planted truth recovered, tiers, no invented drivers, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from upwork_analytics.analysis.advice import ADVICE, VERDICTS, audit_advice
from upwork_analytics.analysis.drivers import STAGES, analyze_drivers, feature_kind
from upwork_analytics.cli import main
from upwork_analytics.features import build_features
from upwork_analytics.paths import SAMPLE_TRUTH
from upwork_analytics.schema import ProposalCols as P
from upwork_analytics.synthetic import generate_sample

# truth.json names the competition effect by its step; the catalogue measures the band's low end
MEASURED_AS = {"competition_step": "competition_low", "template_copy": "template_similarity"}


@pytest.fixture(scope="module")
def sample_features(sample_proposals, sample_messages):
    return build_features(sample_proposals, sample_messages)


@pytest.fixture(scope="module")
def results(sample_features, sample_proposals):
    return {s: analyze_drivers(sample_features, sample_proposals, stage=s, seed=0)
            for s in ("viewed", "interviewed_given_viewed", "hired_given_interviewed", "hired")}


@pytest.fixture(scope="module")
def truth():
    return json.loads(SAMPLE_TRUTH.read_text())


STAGE_OF = {"viewed": "viewed", "interviewed": "interviewed_given_viewed",
            "hired": "hired_given_interviewed"}
#: Planted effects at the edge of what the sample can show (share_2_to_4_sentences: planted OR
#: 3.3 all-vs-none, about 1.3 per SD, over 360 interviews): allowed to be found with the right
#: sign and a 95% interval excluding no effect, yet left just short of the driver rule by the
#: correction for the stage's many terms (raw p below 0.05, adjusted p between 0.05 and 0.10),
#: so that the reports say "no clear effect". Anything further from the rule is a miss.
NEAR_LIMIT = {"share_2_to_4_sentences"}


def test_every_planted_effect_is_found_with_its_sign(results, truth):
    """Proposal effects at the view and interview stages, and the hire-stage effects of the bid,
    reliability and the interview threads (reply speed, answer coverage, 2-4 sentences): each
    with its sign and an interval that excludes no effect; each a driver unless NEAR_LIMIT."""
    missed, near = [], []
    for effect in truth["effects"]:
        result = results[STAGE_OF[effect["stage"]]]
        assert result.tier == "model", result.reason
        table = result.coefficients.set_index("feature")
        feature = MEASURED_AS.get(effect["feature"], effect["feature"])
        row = table.loc[feature]
        sign = 1 if effect["direction"] == "+" else -1
        right_sign = np.sign(np.log(row["odds_ratio"])) == sign
        excludes = row["ci_low"] > 1 if sign > 0 else row["ci_high"] < 1
        found = (effect["stage"], feature, round(row["odds_ratio"], 3),
                 round(row["ci_low"], 3), round(row["ci_high"], 3),
                 round(row["p_adjusted"], 3))
        if not (right_sign and excludes):
            missed.append(found)
        elif not row["is_driver"]:
            near.append(found)
            # just short: significant alone, not after the correction for many terms
            assert row["p_value"] < 0.05 < row["p_adjusted"] < 0.10, found
    assert not missed, missed
    assert {f[1] for f in near} <= NEAR_LIMIT, near


def test_planted_nulls_are_never_called_drivers(results, truth):
    """What the analysis calls a driver (the model's effects in the model tier, and the
    one-feature evidence the advice audit cites for features outside the model) never names a
    planted null. A null's unadjusted one-feature association with a habit it travels with is
    not a claim: in the sample, template copies carry their template's enthusiasm and opening,
    so at the view stage enthusiasm alone goes with generic openings (the model adjusts)."""
    assert truth["nulls"]
    nulls = set(truth["nulls"])
    for result in results.values():
        assert result.tier == "model", result.stage.key
        model = result.coefficients
        assert nulls & set(model["feature"]), result.stage.key  # measured, so "not called"
        called = set(result.drivers["feature"])                 # means something
        assert called, result.stage.key  # the sample plants effects at every stage
        outside = result.univariate[~result.univariate["feature"].isin(model["feature"])]
        called |= set(outside.loc[outside["is_driver"], "feature"])
        assert not called & nulls, (result.stage.key, called & nulls)


def test_planted_length_optimum_shows_in_the_binned_view(results):
    bins = results["interviewed_given_viewed"].bins["word_count"]
    assert len(bins) == 5
    best = int(bins["rate"].idxmax())
    assert 0 < best < len(bins) - 1, bins  # the best length is in the middle
    assert bins["ci_high"].iloc[0] < bins["rate"].iloc[best]  # the shortest are clearly worse


def test_model_reports_discrimination_and_calibration(results):
    model = results["interviewed_given_viewed"].model
    assert 0.6 < model["cv_auc"] < 0.9
    assert model["cv_auc_ci"][0] < model["cv_auc"] < model["cv_auc_ci"][1]
    assert model["brier"] < model["brier_base"]
    cal = results["interviewed_given_viewed"].calibration
    assert len(cal) >= 5 and cal["predicted"].between(0, 1).all()


def test_same_seed_same_numbers(sample_features, sample_proposals, results):
    again = analyze_drivers(sample_features, sample_proposals, stage="hired", seed=0)
    pd.testing.assert_frame_equal(again.coefficients, results["hired"].coefficients)
    assert again.model == results["hired"].model


def test_json_shape(results):
    d = results["hired"].to_dict()
    assert {"n_proposals", "n_outcomes", "outcome", "base_rate", "tier", "drivers",
            "model"} <= set(d)
    assert set(d["model"]) >= {"cv_auc", "cv_auc_ci", "brier", "brier_base"}
    assert d["drivers"] and any(row["is_driver"] for row in d["drivers"])
    for row in d["drivers"]:
        assert {"feature", "odds_ratio", "ci_low", "ci_high", "unit", "p_adjusted",
                "importance"} <= set(row)
        if row["is_driver"]:
            assert row["ci_low"] > 1 or row["ci_high"] < 1
    json.dumps(d)


def test_advice_audit_has_one_row_per_advice_and_honest_verdicts(results):
    audit = audit_advice(results["interviewed_given_viewed"])
    assert len(audit) == len(ADVICE) and set(audit["verdict"]) <= set(VERDICTS)
    by = audit.set_index("advice")["verdict"]
    assert by["Show enthusiasm"] == "no clear effect"       # the planted null
    assert by["Ask thoughtful questions"] == "supported"    # planted +0.45 per question
    assert by["Respond fast"] == "not enough data"          # no messages given


def test_advice_measured_on_threads_takes_the_interview_stage_evidence(results, truth):
    """The hired-given-sent audit (monthly report, drivers command) cannot measure reply
    speed; with the interview stage beside it, "Respond fast" gets that stage's evidence and
    the planted effect (faster replies win) makes it supported."""
    assert ("hired", "first_reply_minutes", "-") in {
        (e["stage"], e["feature"], e["direction"]) for e in truth["effects"]}
    alone = audit_advice(results["hired"]).set_index("advice")
    both = audit_advice(results["hired"],
                        interviews=results["hired_given_interviewed"]).set_index("advice")
    assert alone.loc["Respond fast", "verdict"] == "not enough data"
    assert both.loc["Respond fast", "verdict"] == "supported"
    assert "first_reply_minutes" in both.loc["Respond fast", "evidence"]
    assert "(hired given interviewed)" in both.loc["Respond fast", "evidence"]
    # advice the hired stage measures keeps the hired stage's evidence, word for word
    for advice in ("Ask thoughtful questions", "Show enthusiasm", "Mention reliability and "
                   "past feedback"):
        assert both.loc[advice, "evidence"] == alone.loc[advice, "evidence"]
        assert "(hired given interviewed)" not in both.loc[advice, "evidence"]


def test_too_few_interviews_leave_only_the_thread_advice_without_verdict(results):
    p = _small(20, 1)
    few = analyze_drivers(build_features(p), p, stage="hired_given_interviewed")
    both = audit_advice(results["hired"], interviews=few).set_index("advice")
    assert both.loc["Respond fast", "verdict"] == "not enough data"
    assert "needed for a verdict" in both.loc["Respond fast", "evidence"] or \
        few.reason in both.loc["Respond fast", "evidence"]
    assert both.loc["Ask thoughtful questions", "verdict"] == "supported"


# ---------------------------------------------------------------- tiers and degenerate data


def _small(n: int, hires: int, seed: int = 1) -> pd.DataFrame:
    p = generate_sample(n_proposals=max(n, 20), seed=seed).proposals.head(n).copy()
    hired = np.zeros(n, dtype=bool)
    hired[:hires] = True
    for col in (P.viewed, P.interviewed, P.offered):
        p[col] = p[col] | hired
    p[P.hired] = hired
    return p


def test_one_hire_in_twenty_is_descriptive_with_its_reason():
    p = _small(20, 1)
    r = analyze_drivers(build_features(p), p, stage="hired")
    assert r.tier == "descriptive" and r.model is None
    assert "only 1 of 20 proposals hired" in r.reason
    assert r.drivers.empty
    # rates only: binned rates, but no one-feature odds ratio from one event
    assert r.univariate.empty and r.to_dict()["drivers"] == []
    assert r.bins and "question_count" in r.bins
    assert set(audit_advice(r)["verdict"]) == {"not enough data"}


@pytest.mark.parametrize("hires, phrase", [(0, "no proposal was hired"),
                                           (30, "every proposal was hired")])
def test_no_or_all_hires_give_a_message_not_a_fit(hires, phrase, tmp_path, capsys):
    p = _small(30, hires)
    r = analyze_drivers(build_features(p), p, stage="hired")
    assert r.tier == "none" and phrase in r.reason and r.to_dict()["drivers"] == []
    path = tmp_path / "p.csv"
    p.assign(**{P.submitted_at: p[P.submitted_at].dt.strftime("%Y-%m-%dT%H:%M:%SZ")}).to_csv(
        path, index=False)
    assert main(["drivers", str(path), "--json", str(tmp_path / "d.json")]) == 0
    assert phrase in capsys.readouterr().out
    assert json.loads((tmp_path / "d.json").read_text())["tier"] == "none"


def test_constant_feature_is_dropped_with_a_note():
    p = generate_sample(n_proposals=300, seed=3).proposals
    p[P.boosted] = False
    p[P.boost_connects] = 0
    r = analyze_drivers(build_features(p), p, stage="viewed", n_boot=50)
    assert any(n.startswith("boosted: the same value for every proposal") for n in r.notes)
    assert "boosted" not in set(r.univariate["feature"]) | set(r.coefficients.get(
        "feature", []))


def test_unknown_stage_is_a_clear_error(sample_features, sample_proposals):
    from upwork_analytics.exceptions import ParameterError

    with pytest.raises(ParameterError, match="stage='won'"):
        analyze_drivers(sample_features, sample_proposals, stage="won")


@pytest.mark.parametrize("values, kind", [([0, 1, 1, 0], "binary"), ([0, 2, 5], "count"),
                                          ([0.5, 1.2], "continuous"), ([], "continuous"),
                                          ([0, 40], "continuous")])
def test_feature_kind(values, kind):
    assert feature_kind(pd.Series(values, dtype=float)) == kind


@pytest.mark.slow
def test_no_drivers_invented_when_nothing_was_planted():
    """Ten histories of 1,000 proposals with no effects at all, every stage analysed (three of
    them reach the model tier): the correction for many features holds per stage, so at most
    10% of the 50 stage analyses may call a false driver (nominal: 5%), and at least 90% of
    the runs call nothing at the hire stage, the one the monthly report shows."""
    from upwork_analytics.analysis.drivers import STAGES

    false_runs, tiers, hired_clean = [], [], 0
    seeds = range(100, 110)
    for seed in seeds:
        sample = generate_sample(n_proposals=1000, seed=seed, effects=False)
        f = build_features(sample.proposals, sample.messages)
        for stage in STAGES:
            r = analyze_drivers(f, sample.proposals, stage=stage, seed=seed, n_boot=100,
                                evaluate=False)
            tiers.append(r.tier)
            invented = [] if r.drivers.empty else list(r.drivers["feature"])
            if invented:
                false_runs.append((seed, stage, invented))
            hired_clean += stage == "hired" and not invented
    assert tiers.count("model") >= 3 * len(seeds)  # the models are really exercised
    assert len(false_runs) <= 0.1 * len(tiers), false_runs
    assert hired_clean >= 0.9 * len(seeds)


def test_every_stage_is_documented():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "drivers.md").read_text()
    for key in STAGES:
        assert f"`{key}`" in doc


def test_duration_effects_say_their_sd_is_in_doublings(results):
    """Reply times enter as log2(1 + minutes): the SD in the unit is in doublings (a reader
    would take a bare 1.78 for minutes), and the natural unit is per doubling."""
    table = results["hired_given_interviewed"].coefficients.set_index("feature")
    row = table.loc["first_reply_minutes"]
    assert row["unit"] == f"per +1 SD ({row['sd']:.3g} doublings)"
    assert row["natural_unit"] == "per doubling of the minutes to reply"
    assert row["odds_ratio_natural"] == pytest.approx(
        np.exp(np.log(row["odds_ratio"]) / row["sd"]))
    assert "doublings" not in table.loc["question_count", "unit"]


def test_natural_units_carry_their_interval_and_never_extrapolate(results):
    """'0.86 per +0.1 similarity' comes with its interval (the SD interval rescaled), and no
    natural step is more than 2 SDs of the data (no '607,745 per 100 words')."""
    from upwork_analytics.analysis.drivers import MAX_NATURAL_SD, NATURAL_UNITS

    checked = 0
    for result in results.values():
        for table in (result.coefficients, result.univariate):
            for row in table.itertuples(index=False):
                if np.isnan(row.odds_ratio_natural) or row.kind == "binary":
                    continue
                size = NATURAL_UNITS[row.feature][0]
                assert size / row.sd <= MAX_NATURAL_SD, (row.feature, row.sd)
                scale = size / row.sd
                assert row.natural_ci_low == pytest.approx(row.ci_low ** scale)
                assert row.natural_ci_high == pytest.approx(row.ci_high ** scale)
                assert row.natural_ci_low <= row.odds_ratio_natural <= row.natural_ci_high
                checked += 1
    assert checked >= 10


def test_a_feature_that_splits_the_outcome_is_flagged_not_trusted():
    """Hires exactly where question_count is above its median: complete separation. The model
    still runs (penalised), but the feature is flagged and a note says the size, interval and
    AUC overstate certainty."""
    p = generate_sample(n_proposals=500, seed=2).proposals.copy()
    f = build_features(p)
    hired = (f["question_count"] > f["question_count"].median()).to_numpy()
    for col in (P.viewed, P.interviewed, P.offered):
        p[col] = p[col] | hired
    p[P.hired] = hired
    r = analyze_drivers(f, p, stage="hired", n_boot=50)
    assert r.tier == "model"
    table = r.coefficients.set_index("feature")
    assert bool(table.loc["question_count", "separated"])
    assert not table.drop(index="question_count")["separated"].any()
    assert any("perfectly split by question_count" in n for n in r.notes)
    row = next(d for d in r.to_dict()["drivers"] if d["feature"] == "question_count")
    assert row["separated"] is True
