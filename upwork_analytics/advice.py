"""The advice audit: each piece of common Upwork advice checked against this user's own data.

Every row maps one piece of advice to the features that measure it and the direction the advice
predicts, then reads the evidence from a :class:`~upwork_analytics.drivers.DriversResult`:
*supported* (an effect in the predicted direction whose interval excludes no effect),
*contradicted* (such an effect in the opposite direction), *no clear effect*, or *not enough
data*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from upwork_analytics.drivers import DriversResult

#: Below this many outcome events (or non-events) no verdict is given.
MIN_EVENTS_FOR_VERDICT = 10

VERDICTS = ("supported", "contradicted", "no clear effect", "not enough data")


@dataclass(frozen=True)
class Advice:
    """One piece of advice and how it is measured: ``(feature, +1 or -1)`` pairs."""

    key: str
    text: str
    features: tuple[tuple[str, int], ...]
    note: str = ""


ADVICE: tuple[Advice, ...] = (
    Advice("concise", "Keep it short: 2-4 sentences per answer",
           (("word_count", -1), ("share_2_to_4_sentences", +1)),
           "Length often has a best middle: see the binned view of word_count."),
    Advice("questions", "Ask thoughtful questions", (("question_count", +1),),
           "Email studies find 1-3 questions help and many hurt."),
    Advice("results", "Highlight results, not duties", (("result_phrase_count", +1),)),
    Advice("enthusiasm", "Show enthusiasm", (("enthusiasm_score", +1),),
           "Elsewhere the evidence says match the client's tone rather than maximise it."),
    Advice("not_generic", "Don't be generic or copy-paste",
           (("opening_generic", -1), ("template_similarity", -1),
            ("opening_personalized", +1), ("job_overlap", +1))),
    Advice("answer_all", "Answer every part of the client's question",
           (("client_question_coverage", +1), ("answer_coverage", +1))),
    Advice("rates", "Handle rates and budgets gracefully",
           (("mentions_rate", +1), ("bid_to_budget_ratio", -1))),
    Advice("reliability", "Mention reliability and past feedback",
           (("reliability_mentions", +1), ("social_proof", +1))),
    Advice("respond_fast", "Respond fast", (("first_reply_minutes", -1),),
           "Measured on interview threads: needs the messages."),
    Advice("follow_up", "Follow up once after a few days", (("follow_up_count", +1),),
           "Measured on interview threads: needs the messages."),
)


def audit_advice(result: DriversResult) -> pd.DataFrame:
    """One row per piece of advice with its features, verdict and evidence.

    Parameters
    ----------
    result : DriversResult
        The drivers analysis of one stage.

    Returns
    -------
    pandas.DataFrame
        Columns ``advice``, ``features``, ``verdict``, ``evidence``, ``note``.
    """
    effects = result.effects()
    by_feature = effects.set_index("feature") if not effects.empty else pd.DataFrame()
    # Features measured but not among this stage's model terms: their one-feature evidence.
    single = (result.univariate.set_index("feature") if result.tier == "model"
              and not result.univariate.empty else pd.DataFrame())
    events = min(result.n_outcomes, result.n - result.n_outcomes)
    rows = []
    for adv in ADVICE:
        names = [f for f, _ in adv.features]
        if result.tier == "none" or events < MIN_EVENTS_FOR_VERDICT:
            why = result.reason if result.tier == "none" else (
                f"only {events} outcome events in {result.stage.label}; at least "
                f"{MIN_EVENTS_FOR_VERDICT} are needed for a verdict")
            rows.append(_row(adv, names, "not enough data", why))
            continue
        parts, statuses = [], []
        for feature, sign in adv.features:
            if feature in by_feature.index:
                eff, label = by_feature.loc[feature], ""
            elif feature in single.index:
                eff, label = single.loc[feature], " (one feature at a time, not in the model)"
            else:
                continue
            status = _status(eff, sign)
            statuses.append(status)
            parts.append(_evidence(feature, eff, sign, status) + label)
        if not statuses:
            rows.append(_row(adv, names, "not enough data",
                             f"not measured for {result.stage.label} ("
                             + ", ".join(names) + ")"))
            continue
        if "supported" in statuses and "contradicted" not in statuses:
            verdict = "supported"
        elif "contradicted" in statuses and "supported" not in statuses:
            verdict = "contradicted"
        else:
            verdict = "no clear effect"
            if "supported" in statuses:
                parts.append("mixed: some measures support it, others contradict it")
        rows.append(_row(adv, names, verdict, "; ".join(parts)))
    return pd.DataFrame(rows, columns=["advice", "features", "verdict", "evidence", "note"])


def _row(adv: Advice, names: list[str], verdict: str, evidence: str) -> dict:
    return {"advice": adv.text, "features": names, "verdict": verdict, "evidence": evidence,
            "note": adv.note}


def _status(eff: pd.Series, sign: int) -> str:
    if not bool(eff["is_driver"]):
        return "unclear"
    direction = 1 if eff["odds_ratio"] > 1 else -1
    return "supported" if direction == sign else "contradicted"


def _evidence(feature: str, eff: pd.Series, sign: int, status: str) -> str:
    expect = "more is better" if sign > 0 else "less is better"
    if np.isnan(eff["odds_ratio"]):
        return f"{feature}: not estimable"
    text = (f"{feature} ({expect}): odds ratio {eff['odds_ratio']:.2f} {eff['unit']} "
            f"[{eff['ci_low']:.2f}, {eff['ci_high']:.2f}], adjusted p {eff['p_adjusted']:.3f}, "
            f"n={int(eff['n'])}")
    if status == "unclear":
        if eff["ci_low"] <= 1 <= eff["ci_high"]:
            text += " - the interval includes no effect"
        else:
            text += " - not clear once corrected for testing many features"
    return text
