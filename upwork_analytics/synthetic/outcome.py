"""The planted outcome model of the synthetic sample: one logistic model per funnel stage.

Stages (each conditional on the one before): ``viewed`` given sent, ``interviewed`` given
viewed, ``hired`` given interviewed. Coefficients are log-odds per unit named in ``UNITS``.
"""

from __future__ import annotations

import math

import pandas as pd

from upwork_analytics.synthetic.scenario import (
    MEASURED_HIRED,
    MEASURED_INTERCEPTS,
    MEASURED_INTERVIEWED,
    MEASURED_VIEWED,
    MEASURED_UNITS,
    Scenario,
    log2_reply,
)

# Log-odds coefficients per stage. Features named as in the feature catalogue.
VIEWED = {
    "opening_personalized": 0.9,
    "opening_generic": -0.8,
    "boosted": 1.0,
    "invited": 2.2,
    "competition_step": -0.2,
    "months_since_first": -0.04,
}
INTERVIEWED = {
    "question_count": 0.45,
    "result_phrase_count": 0.45,
    "client_question_coverage": 2.2,
    "template_copy": -1.1,
    "social_proof": 0.8,
}
#: Length optimum at the interview stage: -CURVATURE * ((word_count - PEAK) / SCALE) ** 2.
LENGTH_PEAK, LENGTH_SCALE, LENGTH_CURVATURE = 160.0, 70.0, 1.2
HIRED = {
    "bid_to_budget_ratio": -3.5,
    "reliability_mentions": 1.0,
    "first_reply_minutes": -0.35,
    "answer_coverage": 1.8,
    "share_2_to_4_sentences": 1.2,
}
#: Features generated with deliberately no effect on any stage.
NULLS = ["enthusiasm_score", "exclamation_count", "follow_up_count", "call_or_video_mentioned"]

UNITS = {
    "opening_personalized": "yes vs no",
    "opening_generic": "yes vs no",
    "boosted": "yes vs no",
    "invited": "yes vs no",
    "competition_step": "one band up (Less than 5 -> 5 to 10 -> ... -> 50+)",
    "months_since_first": "per month",
    "question_count": "per question asked (0-3; 4 counts as 3)",
    "result_phrase_count": "per quantified result",
    "client_question_coverage": "all of the post's questions answered vs none, centred at half; no effect when the post asks none",
    "template_copy": "copy of an earlier template (template_similarity near 1) vs written anew",
    "social_proof": "yes vs no",
    "bid_to_budget_ratio": "per 1.0 of bid / budget midpoint, centred at 1.0",
    "reliability_mentions": "yes vs no",
    "first_reply_minutes": "per doubling of the minutes to my first reply, centred at 60 min",
    "answer_coverage": "all of the client's questions answered vs none, centred at 0.5",
    "share_2_to_4_sentences": "all my messages 2-4 sentences vs none, centred at 0.5",
}
# Intercepts, calibrated so the default sample has roughly 60% viewed, 40% of those
# interviewed and 45% of those hired.
INTERCEPTS = {"viewed": 0.9, "interviewed": -0.8, "hired": -0.1}
NULL_RATES = {"viewed": 0.6, "interviewed": 0.4, "hired": 0.45}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


class OutcomeModel:
    """Planted per-stage logistic model; ``effects=False`` keeps only constant base rates.

    ``scenario`` (:class:`~upwork_analytics.synthetic.scenario.Scenario`) selects the outcome
    model and the opt-in effects; ``None`` is the bundled sample's.
    """

    def __init__(self, effects: bool = True, scenario: Scenario | None = None):
        self.effects = effects
        self.scenario = scenario or Scenario()

    def p_viewed(self, x: dict) -> float:
        if not self.effects:
            return NULL_RATES["viewed"]
        sc = self.scenario
        if sc.planted == "measured":
            z = MEASURED_INTERCEPTS["viewed"] + sum(
                MEASURED_VIEWED[k] * float(x[k]) for k in MEASURED_VIEWED)
        else:
            z = INTERCEPTS["viewed"] + sum(VIEWED[k] * float(x[k]) for k in VIEWED)
        z += sc.category_shift("viewed", x.get("niche"))
        return _sigmoid(z)

    def p_interviewed(self, x: dict) -> float:
        if not self.effects:
            return NULL_RATES["interviewed"]
        sc = self.scenario
        if sc.planted == "measured":
            z = MEASURED_INTERCEPTS["interviewed"] + sum(
                MEASURED_INTERVIEWED[k] * float(x[k]) for k in MEASURED_INTERVIEWED)
        else:
            z = INTERCEPTS["interviewed"] + sum(INTERVIEWED[k] * float(x[k])
                                                for k in INTERVIEWED)
        if sc.length == "peak":  # the sample's own arithmetic, unchanged
            z -= LENGTH_CURVATURE * ((x["word_count"] - LENGTH_PEAK) / LENGTH_SCALE) ** 2
        else:
            z += sc.length_term(x["word_count"], LENGTH_PEAK, LENGTH_SCALE, LENGTH_CURVATURE)
        return _sigmoid(z)

    def p_hired(self, x: dict) -> float:
        if not self.effects:
            return NULL_RATES["hired"]
        sc = self.scenario
        if sc.planted == "measured":
            z = MEASURED_INTERCEPTS["hired"]
            z += MEASURED_HIRED["bid_to_budget_ratio"] * (x["bid_to_budget_ratio"] - 1.0)
            z += MEASURED_HIRED["first_reply_minutes"] * log2_reply(x["first_reply_minutes"])
            z += MEASURED_HIRED["share_2_to_4_sentences"] * (x["share_2_to_4_sentences"] - 0.5)
            return _sigmoid(z + sc.category_shift("hired", x.get("niche")))
        z = INTERCEPTS["hired"]
        z += HIRED["bid_to_budget_ratio"] * (x["bid_to_budget_ratio"] - 1.0)
        z += HIRED["reliability_mentions"] * float(x["reliability_mentions"])
        z += HIRED["first_reply_minutes"] * math.log2(max(x["first_reply_minutes"], 1.0) / 60.0)
        z += HIRED["answer_coverage"] * (x["answer_coverage"] - 0.5)
        z += HIRED["share_2_to_4_sentences"] * (x["share_2_to_4_sentences"] - 0.5)
        if sc.category_effects:
            z += sc.category_shift("hired", x.get("niche"))
        return _sigmoid(z)

    def describe(self, *, seed: int, n_proposals: int, months: int, start: pd.Timestamp,
                 end: pd.Timestamp) -> dict:
        """The planted truth as a JSON-able dict (written to ``truth.json``)."""
        measured = self.scenario.planted == "measured"
        stages = ({"viewed": ("sent", MEASURED_VIEWED),
                   "interviewed": ("viewed", MEASURED_INTERVIEWED),
                   "hired": ("interviewed", MEASURED_HIRED)} if measured else
                  {"viewed": ("sent", VIEWED), "interviewed": ("viewed", INTERVIEWED),
                   "hired": ("interviewed", HIRED)})
        units = MEASURED_UNITS if measured else UNITS
        effects = []
        if self.effects:
            for stage, (given, coefs) in stages.items():
                for feature, coef in coefs.items():
                    effects.append({
                        "feature": feature, "stage": stage, "given": given,
                        "log_odds": coef, "odds_ratio": round(math.exp(coef), 4),
                        "direction": "+" if coef > 0 else "-", "unit": units[feature],
                    })
        out = {
            "generator": "upwork_analytics.synthetic.generate_sample",
            "seed": seed, "n_proposals": n_proposals, "months": months,
            "start": start.isoformat(), "end": end.isoformat(), "effects_planted": self.effects,
            "stages": {"viewed": "viewed given sent", "interviewed": "interviewed given viewed",
                       "hired": "hired given interviewed"},
            "intercepts": INTERCEPTS if self.effects else NULL_RATES,
            "effects": effects,
            "optimum": ({"feature": "word_count", "stage": "interviewed", "peak": LENGTH_PEAK,
                         "scale": LENGTH_SCALE, "curvature": LENGTH_CURVATURE,
                         "formula": "-curvature * ((word_count - peak) / scale) ** 2"}
                        if self.effects else None),
            "drift": ({"feature": "months_since_first", "stage": "viewed",
                       "log_odds_per_month": VIEWED["months_since_first"]}
                      if self.effects else None),
            "nulls": NULLS if self.effects else sorted(set(NULLS) | set(VIEWED) |
                                                       set(INTERVIEWED) | set(HIRED)),
            "notes": [
                "template_copy is a proposal that reuses an earlier template with light edits; "
                "it is measured by template_similarity (near 1 for copies).",
                "competition_step is measured by the competition band (competition_low).",
                "Interview-stage features (first_reply_minutes, answer_coverage, "
                "share_2_to_4_sentences, follow_up_count, call_or_video_mentioned) are "
                "properties of the message thread and only exist for interviewed proposals.",
            ],
        }
        sc = self.scenario
        if sc.is_default:
            return out
        out["scenario"] = sc.describe()
        if self.effects and measured:
            out["intercepts"] = MEASURED_INTERCEPTS
            out["notes"] = ["planted='measured': every effect is on a property the features "
                            "measure exactly, in the form the drivers analysis fits; the "
                            "coefficients are the estimands."]
            out["nulls"] = NULLS + ["opening_personalized", "template_similarity", "social_proof",
                                    "reliability_mentions", "client_question_coverage",
                                    "answer_coverage", "has_portfolio_link", "mentions_rate"]
        if self.effects and sc.length == "valley":
            out["optimum"] = {"feature": "word_count", "stage": "interviewed", "kind": "valley",
                              "worst": LENGTH_PEAK, "scale": LENGTH_SCALE,
                              "curvature": sc.describe()["valley_curvature"],
                              "formula": "+curvature * ((word_count - worst) / scale) ** 2"}
        elif self.effects and sc.length == "none":
            out["optimum"] = None
        elif self.effects:
            out["optimum"]["kind"] = "peak"
        return out
