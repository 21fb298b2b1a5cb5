"""The advice audit: each piece of common Upwork advice checked against this user's own data.

Every row maps one piece of advice to the features that measure it and the direction the advice
predicts, then reads the evidence from a :class:`~upwork_analytics.analysis.drivers.DriversResult`:
*supported* (an effect in the predicted direction whose interval excludes no effect),
*contradicted* (such an effect in the opposite direction), *no clear effect*, or *not enough
data*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from upwork_analytics.analysis.drivers import SQUARED, DriversResult

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
           "Length is judged by its curve: shorter is better only when your best length lies "
           "below your typical one."),
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


def audit_advice(result: DriversResult, interviews: DriversResult | None = None
                 ) -> pd.DataFrame:
    """One row per piece of advice with its features, verdict and evidence.

    Parameters
    ----------
    result : DriversResult
        The drivers analysis of one stage.
    interviews : DriversResult, optional
        The analysis of ``hired_given_interviewed`` with the interview-thread features. Advice
        measured on features that ``result``'s stage does not analyse ("respond fast", "follow
        up once": they exist only once the client replied) takes its evidence from here, and
        says so (``(hired given interviewed)`` after the feature's evidence). Its own sample
        size rules apply: too few interviews give "not enough data" for those rows only.

    Returns
    -------
    pandas.DataFrame
        Columns ``advice``, ``features``, ``verdict``, ``evidence``, ``note``.
    """
    sources = [_Source(result, "")]
    if interviews is not None and interviews.stage.key != result.stage.key:
        sources.append(_Source(interviews, f" ({interviews.stage.label})"))
    rows = []
    for adv in ADVICE:
        names = [f for f, _ in adv.features]
        parts, statuses, unusable = [], [], []
        for feature, sign in adv.features:
            src = next((s for s in sources if s.covers(feature)), None)
            if src is None:
                continue
            if src.why_not:
                unusable.append(src.why_not)
                continue
            curve = src.curve() if feature == "word_count" else None
            if curve is not None:  # length is a curve here: its best length speaks
                status, text = _length_status(curve, src.result, sign)
                statuses.append(status)
                parts.append(text + src.suffix)
                continue
            found = src.evidence(feature)
            if found is None:  # covered by the stage, but dropped (constant, too few values)
                continue
            eff, label = found
            status = _status(eff, sign)
            statuses.append(status)
            parts.append(_evidence(feature, eff, sign, status) + label + src.suffix)
        if not statuses:
            why = "; ".join(dict.fromkeys(unusable)) or sources[0].why_not or (
                f"not measured for {result.stage.label} (" + ", ".join(names) + ")")
            rows.append(_row(adv, names, "not enough data", why))
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


class _Source:
    """The evidence of one stage's analysis: which features it covers, and whether its sample
    allows a verdict at all (``why_not`` says why not). Only habits count: a feature that is a
    context control of the stage (the bid at the view stage) is not judged there."""

    def __init__(self, result: DriversResult, suffix: str) -> None:
        self.suffix = suffix
        self.result = result
        effects = result.effects()
        if not effects.empty and "role" in effects:
            effects = effects[effects["role"] == "advice"]
        self.by_feature = effects.set_index("feature") if not effects.empty else pd.DataFrame()
        # features measured but not among the stage's model terms: each fitted alone with the
        # context controls
        self.single = (result.univariate.set_index("feature") if result.tier == "model"
                       and not result.univariate.empty else pd.DataFrame())
        st = result.stage
        self.names = ((set(st.features) - set(st.controls)) | set(self.by_feature.index)
                      | set(self.single.index))
        events = min(result.n_outcomes, result.n - result.n_outcomes)
        if result.tier == "none":
            self.why_not = result.reason + self.suffix
        elif events < MIN_EVENTS_FOR_VERDICT:
            self.why_not = (f"only {events} outcome events in {st.label}; at least "
                            f"{MIN_EVENTS_FOR_VERDICT} are needed for a verdict")
        else:
            self.why_not = ""

    def covers(self, feature: str) -> bool:
        return feature in self.names

    def evidence(self, feature: str) -> tuple[pd.Series, str] | None:
        if feature in self.by_feature.index:
            return self.by_feature.loc[feature], ""
        if feature in self.single.index:
            return self.single.loc[feature], (" (adjusted for context only: not among the "
                                              "stage's model terms)")
        return None

    def curve(self) -> dict | None:
        """The stage's length curve when length enters it as a curve."""
        if SQUARED in self.by_feature.index:
            return getattr(self.result, "length_optimum", None) or {}
        return None


def _length_status(optimum: dict, result: DriversResult, sign: int) -> tuple[str, str]:
    """"Shorter is better" judged by the length curve: supported when the best length's
    interval lies below the stage's median length, contradicted when above it, unclear
    otherwise (no clear best length, or a worst length in the middle)."""
    kind = optimum.get("kind")
    median = optimum.get("median_words")
    if kind != "peak" or median is None:
        what = ("a worst length in the middle, not a best one" if kind == "valley"
                else optimum.get("note") or "no clear best length")
        return "unclear", f"word_count (length curve): {what}"
    lo, hi, best = optimum["ci_low"], optimum["ci_high"], optimum["words"]
    text = (f"word_count (length curve): best length about {best:.0f} words [{lo:.0f}-"
            f"{hi:.0f}] against your median {median:.0f}")
    if hi < median:
        direction = -1
    elif lo > median:
        direction = +1
    else:
        return "unclear", text + " - your typical length is already within it"
    return ("supported" if direction == sign else "contradicted"), text


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
