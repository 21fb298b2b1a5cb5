"""The planted outcome model of the synthetic sample: one logistic model per funnel stage.

Stages (each conditional on the one before): ``viewed`` given sent, ``interviewed`` given
viewed, ``hired`` given interviewed. Coefficients are log-odds per unit named in ``UNITS``.
"""

from __future__ import annotations

import math

import pandas as pd

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
    """Planted per-stage logistic model; ``effects=False`` keeps only constant base rates."""

    def __init__(self, effects: bool = True):
        self.effects = effects

    def p_viewed(self, x: dict) -> float:
        if not self.effects:
            return NULL_RATES["viewed"]
        z = INTERCEPTS["viewed"] + sum(VIEWED[k] * float(x[k]) for k in VIEWED)
        return _sigmoid(z)

    def p_interviewed(self, x: dict) -> float:
        if not self.effects:
            return NULL_RATES["interviewed"]
        z = INTERCEPTS["interviewed"] + sum(INTERVIEWED[k] * float(x[k]) for k in INTERVIEWED)
        z -= LENGTH_CURVATURE * ((x["word_count"] - LENGTH_PEAK) / LENGTH_SCALE) ** 2
        return _sigmoid(z)

    def p_hired(self, x: dict) -> float:
        if not self.effects:
            return NULL_RATES["hired"]
        z = INTERCEPTS["hired"]
        z += HIRED["bid_to_budget_ratio"] * (x["bid_to_budget_ratio"] - 1.0)
        z += HIRED["reliability_mentions"] * float(x["reliability_mentions"])
        z += HIRED["first_reply_minutes"] * math.log2(max(x["first_reply_minutes"], 1.0) / 60.0)
        z += HIRED["answer_coverage"] * (x["answer_coverage"] - 0.5)
        z += HIRED["share_2_to_4_sentences"] * (x["share_2_to_4_sentences"] - 0.5)
        return _sigmoid(z)

    def describe(self, *, seed: int, n_proposals: int, months: int, start: pd.Timestamp,
                 end: pd.Timestamp) -> dict:
        """The planted truth as a JSON-able dict (written to ``truth.json``)."""
        stages = {"viewed": ("sent", VIEWED), "interviewed": ("viewed", INTERVIEWED),
                  "hired": ("interviewed", HIRED)}
        effects = []
        if self.effects:
            for stage, (given, coefs) in stages.items():
                for feature, coef in coefs.items():
                    effects.append({
                        "feature": feature, "stage": stage, "given": given,
                        "log_odds": coef, "odds_ratio": round(math.exp(coef), 4),
                        "direction": "+" if coef > 0 else "-", "unit": UNITS[feature],
                    })
        return {
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
