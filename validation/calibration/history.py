"""One simulated history through the real pipeline, scored against its planted truth.

generator (opt-in scenario, planted on what the features measure) -> tracker CSV files ->
``load_proposals`` / ``load_messages`` -> ``build_features`` (once) -> ``analyze_drivers`` for
every stage, the recommendations, the terminal text, and the proposal coach on drafts whose
true hire probability is known. Returns flat records; :mod:`validation.calibration.summary`
aggregates them.

Estimands (docs/drivers.md, "Checked by simulation"):

* conditional stages (viewed given sent, interviewed given viewed, hired given interviewed):
  the planted log odds ratio per unit of the measured feature. The planted model of each
  stage is a logistic model in measured features, all of them among the stage's model terms,
  so the analysis model is correctly specified and the planted coefficient is exactly what it
  estimates (no non-collapsibility: nothing planted is left out; no measurement error: the
  planted properties are those the features measure exactly, and the harness records the
  agreement). Terms with no planted effect have truth 0; the indicator of an unknown bid has
  truth ``bid * (1 - fill)`` (the planted model reads an unknown budget as a ratio of 1.0);
  a job category's truth is its planted shift minus the reference category's.
* marginal stages (interviewed given sent, hired given sent): no planted coefficient exists
  (a product of three logistic stages is not one logistic model), so only the false-driver
  rate on habits never planted anywhere is measured there.
* the coach: the true probability that the draft is hired, given the context the coach is told
  (the product of the planted stage probabilities, the hire stage averaged over the
  generator's distribution of interview threads).
"""

from __future__ import annotations

import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from upwork_analytics.analysis.advice import audit_advice
from upwork_analytics.analysis.design import CATEGORY_PREFIX, MISSING_SUFFIX
from upwork_analytics.analysis.drivers import SQUARED, STAGES, analyze_drivers
from upwork_analytics.analysis.drivers_text import format_drivers
from upwork_analytics.analysis.predict import hire_predictor
from upwork_analytics.analysis.recommend import recommendations
from upwork_analytics.coach.report import format_review
from upwork_analytics.coach.review import CoachHistory, Job, review
from upwork_analytics.features import build_features
from upwork_analytics.load.loaders import load_messages, load_proposals
from upwork_analytics.schema import ProposalCols as P
from upwork_analytics.synthetic import Sample, Scenario, generate_sample, write_sample
from upwork_analytics.synthetic import scenario as sc
from upwork_analytics.synthetic.outcome import LENGTH_CURVATURE, LENGTH_PEAK, LENGTH_SCALE

#: The scenarios of the harness: every one planted on what is measured, with a null habit
#: that travels with a real one and job-category effects; they differ in the length effect.
SCENARIOS = {
    "peak": Scenario(planted="measured", length="peak", correlated_null=True,
                     category_effects=True),
    "valley": Scenario(planted="measured", length="valley", correlated_null=True,
                       category_effects=True),
}
CONDITIONAL = ("viewed", "interviewed_given_viewed", "hired_given_interviewed")
MARGINAL = ("interviewed", "hired")
#: Proposals generated after the history: drafts for the coach, never in the history's files.
N_POOL = 300
#: The coach is checked on histories up to this size (its interval only narrows beyond).
COACH_MAX_SIZE = 1200
#: Target true probabilities of the coach's drafts.
TARGETS = (0.01, 0.05, 0.2, 0.5)
#: A draft counts for a target when its true log odds are within this of the target's.
TARGET_TOLERANCE = 0.5
#: Phrases that must never describe a valley.
FORBIDDEN = ("sweet spot", "best in the middle")
#: Habits with no planted effect at any stage (the false-driver rate of marginal stages).
NEVER_PLANTED = ("opening_personalized", "enthusiasm_score", "template_similarity", "job_overlap",
                 "client_question_coverage", "social_proof", "reliability_mentions",
                 "has_portfolio_link", "mentions_rate", "you_i_ratio", "reading_grade",
                 "follow_up_count", "call_or_video_mentioned", "answer_coverage")
_THREADS_K = 4000


@dataclass(frozen=True)
class Task:
    """One generated history, analysed at each of ``sizes`` (the largest is the whole
    history, each smaller one a random subset of its proposals): its scenario, repetition,
    seed and the estimators to run."""

    scenario: str
    sizes: tuple[int, ...]
    rep: int
    seed: int
    methods: tuple[str, ...] = ("bayes",)
    coach: bool = True


def run(task: Task) -> dict:
    """Simulate one history, analyse it at every size, score everything; record lists."""
    t0, c0 = time.perf_counter(), time.process_time()
    scen = SCENARIOS[task.scenario]
    biggest = max(task.sizes)
    sample = generate_sample(n_proposals=biggest + N_POOL, seed=task.seed, scenario=scen)
    whole, pool = _split(sample, biggest)
    generated, generated_cpu = time.perf_counter() - t0, time.process_time() - c0
    out: dict[str, list] = {}
    for size in sorted(task.sizes):
        history = whole if size == biggest else _subset(whole, size, task.seed + size)
        part = _run_size(task, scen, size, history, pool)
        part["timings"][0]["generate"] = generated
        part["timings"][0]["generate_cpu"] = generated_cpu
        for k, v in part.items():
            out.setdefault(k, []).extend(v)
    return out


def _subset(sample: Sample, size: int, seed: int) -> Sample:
    """``size`` proposals drawn at random (without replacement) from the history, with their
    messages and record: a history of that size from the same process (outcomes are drawn
    proposal by proposal, independently given the proposal)."""
    rng = np.random.default_rng(seed)
    props = sample.proposals
    keep = props.iloc[np.sort(rng.choice(len(props), size, replace=False))]
    ids = set(keep[P.proposal_id])
    return Sample(proposals=keep, messages=sample.messages[sample.messages["proposal_id"].isin(
        ids)], record=sample.record[sample.record["proposal_id"].isin(ids)],
        truth=sample.truth)


def _run_size(task: Task, scen: Scenario, size: int, history: Sample, pool: pd.DataFrame
              ) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ua-validate-") as tmp:
        t = time.perf_counter()
        write_sample(history, tmp)
        proposals = load_proposals(Path(tmp) / "proposals.csv")
        messages = load_messages(Path(tmp) / "messages.csv")
        timings["files"] = time.perf_counter() - t
    t = time.perf_counter()
    features = build_features(proposals, messages)
    timings["features"] = time.perf_counter() - t
    key = {"scenario": task.scenario, "size": size, "rep": task.rep}
    out: dict[str, list] = {"effects": [], "length": [], "text": [], "coach": [],
                            "agreement": [], "runs": []}
    out["agreement"].append({**key, **_agreement(history, features)})
    results = {}
    for method in task.methods:
        t = time.perf_counter()
        for stage in STAGES:
            res = analyze_drivers(features, proposals, stage=stage, seed=task.seed,
                                  evaluate=False, detail=False, method=method)
            if method == "bayes":
                results[stage] = res
            out["effects"].extend(_score_effects(res, scen, features, proposals,
                                                 {**key, "method": method}))
            if stage == "interviewed_given_viewed":
                out["length"].append(_score_length(res, scen, {**key, "method": method}))
        timings[f"analysis_{method}"] = time.perf_counter() - t
    if "bayes" in task.methods:
        out["text"].append({**key, **_text_checks(results, scen)})
        if task.coach and size <= COACH_MAX_SIZE:
            t = time.perf_counter()
            out["coach"].extend(_score_coach(results, proposals, features, history, pool,
                                             scen, task, key))
            timings["coach"] = time.perf_counter() - t
        if size <= 300:
            out["runs"].append({**key, **_smoothness(features, proposals, task.seed)})
    timings["total"] = time.perf_counter() - t0
    timings["cpu"] = time.process_time() - c0
    out["timings"] = [{**key, **timings}]
    return out


# ---------------------------------------------------------------------------- the data


def _split(sample: Sample, size: int) -> tuple[Sample, pd.DataFrame]:
    """The first ``size`` proposals (in time) as the history; the rest, with their planted
    record, as the coach's draft pool."""
    props = sample.proposals.sort_values(P.submitted_at, kind="stable")
    keep = props.iloc[:size]
    ids = set(keep[P.proposal_id])
    msgs = sample.messages[sample.messages["proposal_id"].isin(ids)]
    record = sample.record[sample.record["proposal_id"].isin(ids)]
    pool = props.iloc[size:].merge(sample.record, on=P.proposal_id, suffixes=("", "_rec"))
    return Sample(proposals=keep, messages=msgs, record=record, truth=sample.truth), pool


def _agreement(history: Sample, features: pd.DataFrame) -> dict:
    """Share of proposals whose measured feature equals the planted property, for every
    planted term (the estimand assumes they agree)."""
    rec = history.record.merge(features, on=P.proposal_id, suffixes=("_rec", ""))
    pairs = {"question_count": "questions_asked", "result_phrase_count": "result_phrases",
             "call_to_action": "call_to_action_rec"}
    out = {}
    for feat, planted in pairs.items():
        if planted in rec and feat in rec:
            out[f"agree_{feat}"] = float((rec[feat].astype(float) ==
                                          rec[planted].astype(float)).mean())
    kind = rec["opening_kind_text"]  # the opening the planted model read
    out["agree_opening_personalized"] = float(
        ((kind == "personalized").astype(float) == rec["opening_personalized"]).mean())
    out["agree_opening_generic"] = float(
        ((kind == "generic").astype(float) == rec["opening_generic"]).mean())
    out["agree_word_count_within_1"] = float(
        ((rec["latent_word_count"] - rec["word_count"]).abs() <= 1).mean())
    inter = rec[rec["first_reply_minutes_rec"].notna()]
    if len(inter):
        out["agree_first_reply_minutes"] = float(np.isclose(
            inter["first_reply_minutes_rec"], inter["first_reply_minutes"]).mean())
        out["agree_share_2_to_4_sentences"] = float(np.isclose(
            inter["share_2_to_4_sentences_rec"], inter["share_2_to_4_sentences"]).mean())
    return out


# ---------------------------------------------------------------------------- truth


def _truth(res, scen: Scenario, features: pd.DataFrame, proposals: pd.DataFrame
           ) -> dict[str, float] | None:
    """Planted log odds ratio per unit of each model column of a conditional stage."""
    key = res.stage.key
    if key not in CONDITIONAL:
        return None
    planted = {"viewed": sc.MEASURED_VIEWED, "interviewed_given_viewed":
               sc.MEASURED_INTERVIEWED, "hired_given_interviewed": sc.MEASURED_HIRED}[key]
    table = res.coefficients
    truth = {}
    ref = None
    for col in table["feature"]:
        if col.startswith(CATEGORY_PREFIX):
            ref = ref or _reference(res)
            stage = {"viewed": "viewed", "hired_given_interviewed": "hired"}.get(key)
            level = col[len(CATEGORY_PREFIX):]
            if stage and (level == "other" or ref == "other"):
                truth[col] = None  # rare categories pooled: a mixture, no single truth
                continue
            truth[col] = (scen.category_shift(stage, level) - scen.category_shift(stage, ref)
                          if stage else 0.0)
        else:
            truth[col] = float(planted.get(col, 0.0))
    if key == "interviewed_given_viewed" and {"word_count", SQUARED} <= set(truth):
        wc = pd.to_numeric(features["word_count"], errors="coerce")
        mean, sd = float(wc.mean()), float(wc.std())
        curv = {"peak": -LENGTH_CURVATURE, "valley": sc.VALLEY_CURVATURE, "none": 0.0}[
            scen.length]
        # curv * ((w - P) / S)^2 with w = mean + sd * z: per word and per unit of z^2
        truth["word_count"] = 2 * curv * (mean - LENGTH_PEAK) / LENGTH_SCALE ** 2
        truth[SQUARED] = curv * sd ** 2 / LENGTH_SCALE ** 2
    bid_unknown = "bid_to_budget_ratio" + MISSING_SUFFIX
    if key == "hired_given_interviewed" and bid_unknown in truth:
        rows = features.merge(proposals[[P.proposal_id, P.interviewed, P.hired]],
                              on=P.proposal_id)
        rows = rows[rows[P.interviewed].fillna(False).astype(bool)
                    & rows[P.hired].notna()]
        fill = float(pd.to_numeric(rows["bid_to_budget_ratio"], errors="coerce").mean())
        truth[bid_unknown] = sc.MEASURED_HIRED["bid_to_budget_ratio"] * (1.0 - fill)
    return truth


def _reference(res) -> str:
    unit = res.coefficients.set_index("feature")
    row = unit[unit.index.str.startswith(CATEGORY_PREFIX)].iloc[0]
    return str(row["natural_unit"]).removeprefix("vs ")


def _score_effects(res, scen: Scenario, features, proposals, key: dict) -> list[dict]:
    if res.tier != "model":
        return [{**key, "stage": res.stage.key, "feature": None, "tier": res.tier}]
    truth = _truth(res, scen, features, proposals)
    rows = []
    for r in res.coefficients.itertuples(index=False):
        if truth is not None and r.feature in truth and truth[r.feature] is None:
            continue  # no estimand (pooled categories)
        t = None if truth is None else truth.get(r.feature, 0.0)
        planted = t is not None and abs(t) > 1e-12
        if truth is None:
            null = r.role == "advice" and r.feature in NEVER_PLANTED
        else:
            null = r.role == "advice" and not planted and r.feature != "word_count"
        rows.append({
            **key, "stage": res.stage.key, "tier": res.tier, "feature": r.feature,
            "role": r.role, "truth": t, "estimate": float(r.coef_raw),
            "low": float(r.coef_raw_low), "high": float(r.coef_raw_high),
            "covered": (None if t is None else bool(r.coef_raw_low <= t <= r.coef_raw_high)),
            "planted": planted, "null": bool(null), "is_driver": bool(r.is_driver),
            "n_events": int(min(res.n_outcomes, res.n - res.n_outcomes)),
        })
    return rows


def _score_length(res, scen: Scenario, key: dict) -> dict:
    opt = res.length_optimum or {}
    words, lo, hi = opt.get("words"), opt.get("ci_low"), opt.get("ci_high")
    return {**key, "truth_kind": scen.length, "truth_words": LENGTH_PEAK,
            "kind": opt.get("kind"), "words": words, "low": lo, "high": hi,
            "contains": (None if words is None else bool(lo <= LENGTH_PEAK <= hi))}


# ---------------------------------------------------------------------------- texts


def _text_checks(results: dict, scen: Scenario) -> dict:
    """Every sentence a user could read about length: recommendations and the terminal text
    of each stage; the coach's are checked in :func:`_score_coach`."""
    texts = []
    for res in results.values():
        texts.extend(recommendations(res))
        texts.append(format_drivers(res, audit_advice(res)))
    blob = "\n".join(texts).lower()
    return {"forbidden_in_reports": any(p in blob for p in FORBIDDEN),
            "truth_kind": scen.length}


# ---------------------------------------------------------------------------- coach


def _score_coach(results: dict, proposals, features, history: Sample, pool: pd.DataFrame,
                 scen: Scenario, task: Task, key: dict) -> list[dict]:
    predictor = hire_predictor(features, proposals, seed=task.seed)
    coach = CoachHistory(proposals=proposals, features=features,
                         analyses={s: results[s] for s in ("viewed",
                                                            "interviewed_given_viewed",
                                                            "hired")},
                         model=predictor, seed=task.seed)
    now = pd.Timestamp(proposals[P.submitted_at].max())
    p_true = _true_probability(pool, scen, now, task.seed)
    rows = []
    chosen = _choose_drafts(p_true)
    for target, i in chosen:
        d = pool.iloc[i]
        r = review(d[P.cover_letter], coach, Job(title=str(d[P.job_title]),
                                                  description=str(d[P.job_description])),
                   bid=None if pd.isna(d[P.bid_amount]) else float(d[P.bid_amount]),
                   budget=_budget(d), contract_type=d[P.contract_type],
                   client_name=str(d[P.client_name]).split()[0],
                   invited=bool(d[P.is_invited]), boosted=bool(d[P.boosted]),
                   competition=float(d[P.proposals_low]), category=str(d[P.job_category]))
        text = format_review(r).lower()
        rows.append(_coach_row(key, "given", target, p_true[i], r, predictor.kind, text))
    # a draft with no context given: the truth averages the context over the generator's
    # distribution (the pool's own mix), the coach over the history's
    rng = np.random.default_rng(task.seed + 5)
    i = int(rng.integers(len(pool)))
    d = pool.iloc[i]
    r = review(d[P.cover_letter], coach)
    truth = _true_probability_no_context(pool, i, scen, now, task.seed)
    rows.append(_coach_row(key, "no context", None, truth, r, predictor.kind,
                           format_review(r).lower()))
    # an empty draft with every input unknown: the history's own base rate
    if predictor.is_fitted:
        pred = predictor.predict(pd.Series(dtype=float), unknown=list(predictor.mix.columns))
        base = float(proposals[P.hired].fillna(False).astype(bool).mean())
        rows.append({**key, "kind": "base rate", "target": None, "p_true": base,
                     "probability": pred.probability, "low": pred.ci_low,
                     "high": pred.ci_high, "covered": bool(pred.ci_low <= base <= pred.ci_high),
                     "predicted": True, "method": predictor.kind, "forbidden": False})
    return rows


def _coach_row(key, kind, target, p_true, r, method, text) -> dict:
    predicted = r.probability is not None
    return {**key, "kind": kind, "target": target, "p_true": float(p_true),
            "probability": r.probability, "low": r.probability_ci[0] if predicted else None,
            "high": r.probability_ci[1] if predicted else None,
            "covered": (bool(r.probability_ci[0] <= p_true <= r.probability_ci[1])
                        if predicted else None),
            "predicted": predicted, "method": method,
            "forbidden": any(p in text for p in FORBIDDEN)}


def _choose_drafts(p_true: np.ndarray) -> list[tuple[float, int]]:
    logit = np.log(p_true / (1 - p_true))
    out, used = [], set()
    for target in TARGETS:
        gap = np.abs(logit - math.log(target / (1 - target)))
        for i in np.argsort(gap, kind="stable"):
            if gap[i] > TARGET_TOLERANCE:
                break
            if int(i) not in used:
                out.append((target, int(i)))
                used.add(int(i))
                break
    return out


def _budget(d: pd.Series):
    lo, hi = d[P.budget_min], d[P.budget_max]
    if pd.isna(lo) and pd.isna(hi):
        return None
    return (float(lo), float(hi)) if not pd.isna(hi) else float(lo)


_PLANS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _thread_plans(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Minutes to the first reply and shares of 2-4 sentence messages of ``_THREADS_K``
    interview threads drawn as the generator draws them (its plan does not depend on the
    proposal)."""
    if seed not in _PLANS:
        from upwork_analytics.synthetic.outcome import OutcomeModel
        from upwork_analytics.synthetic.threads import ThreadWriter

        writer = ThreadWriter(np.random.default_rng(seed), OutcomeModel(), seed)
        plans = [writer._plan(None)["x"] for _ in range(_THREADS_K)]
        _PLANS.clear()
        _PLANS[seed] = (np.array([p["first_reply_minutes"] for p in plans]),
                        np.array([p["share_2_to_4_sentences"] for p in plans]))
    return _PLANS[seed]


def _p_hired_avg(bid_ratio: np.ndarray, niche: np.ndarray, scen: Scenario, seed: int
                 ) -> np.ndarray:
    minutes, share = _thread_plans(1000 + seed % 7)
    reply = np.log2(1 + minutes) - np.log2(61.0)
    h = sc.MEASURED_HIRED
    base = (sc.MEASURED_INTERCEPTS["hired"] + h["bid_to_budget_ratio"] * (bid_ratio - 1.0)
            + np.array([scen.category_shift("hired", n) for n in niche]))
    z = base[:, None] + h["first_reply_minutes"] * reply[None, :] + \
        h["share_2_to_4_sentences"] * (share[None, :] - 0.5)
    return (1 / (1 + np.exp(-z))).mean(axis=1)


def _generator_months(times: pd.Series | pd.Timestamp) -> np.ndarray:
    """Months since the generator's start, as the generator computes them for its planted
    drift (whole days / 30.4375; 24-month histories ending at ``END_DATE``)."""
    from upwork_analytics.synthetic.generator import END_DATE

    start = (END_DATE - pd.DateOffset(months=24)).normalize() + pd.Timedelta(days=1)
    t = pd.to_datetime(pd.Series(times) if isinstance(times, pd.Timestamp) else times,
                       utc=True)
    return ((t - start).dt.days / 30.4375).to_numpy(dtype=float)


def _true_probability(pool: pd.DataFrame, scen: Scenario, now: pd.Timestamp, seed: int
                      ) -> np.ndarray:
    """P(hired | sent) of each pool proposal with its own context, sent at the history's
    last proposal's time (the coach takes a draft as sent at the end of the history)."""
    shift = sc.MEASURED_VIEWED["months_since_first"] * (
        _generator_months(now)[0] - _generator_months(pool[P.submitted_at]))
    p_view = pool["p_viewed"].to_numpy(dtype=float)
    p_view = 1 / (1 + np.exp(-(np.log(p_view / (1 - p_view)) + shift)))
    p_int = pool["p_interviewed_given_viewed"].to_numpy(dtype=float)
    bid = pool["bid_ratio"].to_numpy(dtype=float)
    bid = np.where(np.isnan(bid), 1.0, bid)
    p_hire = _p_hired_avg(bid, pool["niche"].to_numpy(), scen, seed)
    return p_view * p_int * p_hire


def _true_probability_no_context(pool: pd.DataFrame, i: int, scen: Scenario,
                                 now: pd.Timestamp, seed: int) -> float:
    """P(hired | sent) of pool proposal ``i``'s text with its context (invite, boost,
    competition, bid, category) unknown: averaged over the pool's joint mix of contexts."""
    v = sc.MEASURED_VIEWED
    kind = pool.iloc[i]["opening_kind_text"]
    z = (sc.MEASURED_INTERCEPTS["viewed"]
         + v["opening_generic"] * (kind == "generic")
         + v["boosted"] * pool[P.boosted].astype(float).to_numpy()
         + v["invited"] * pool[P.is_invited].astype(float).to_numpy()
         + v["competition_low"] * pool[P.proposals_low].astype(float).to_numpy()
         + v["months_since_first"] * _generator_months(now)[0]
         + np.array([scen.category_shift("viewed", n) for n in pool["niche"]]))
    p_view = 1 / (1 + np.exp(-z))
    bid = pool["bid_ratio"].to_numpy(dtype=float)
    bid = np.where(np.isnan(bid), 1.0, bid)
    p_hire = _p_hired_avg(bid, pool["niche"].to_numpy(), scen, seed)
    return float(np.mean(p_view * p_hire) * float(pool.iloc[i]["p_interviewed_given_viewed"]))


# ---------------------------------------------------------------------------- smoothness


def _smoothness(features: pd.DataFrame, proposals: pd.DataFrame, seed: int) -> dict:
    """The hired-given-sent analysis of the history without its last 10 proposals against the
    whole history: how far each habit's estimate moves (in standard errors), and how many
    drivers appear or vanish."""
    ids = proposals.sort_values(P.submitted_at, kind="stable")[P.proposal_id]
    fewer = proposals[proposals[P.proposal_id].isin(set(ids.iloc[:-10]))]
    a = analyze_drivers(features[features[P.proposal_id].isin(set(fewer[P.proposal_id]))],
                        fewer, stage="hired", seed=seed, evaluate=False, detail=False)
    b = analyze_drivers(features, proposals, stage="hired", seed=seed, evaluate=False,
                        detail=False)
    if a.tier != "model" or b.tier != "model":
        return {"max_shift_se": None, "driver_changes": None}
    ta = a.coefficients.set_index("feature")
    tb = b.coefficients.set_index("feature")
    common = [f for f in tb.index if f in ta.index and tb.loc[f, "role"] == "advice"]
    se = (tb.loc[common, "coef_raw_high"] - tb.loc[common, "coef_raw_low"]) / (2 * 1.96)
    shift = (tb.loc[common, "coef_raw"] - ta.loc[common, "coef_raw"]).abs() / se
    changes = int((ta.loc[common, "is_driver"] != tb.loc[common, "is_driver"]).sum())
    return {"max_shift_se": float(shift.max()), "driver_changes": changes}
