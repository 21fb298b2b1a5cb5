"""Opt-in scenarios for the generator: what the bundled sample lacks (issue 12).

``generate_sample(..., scenario=Scenario(...))``; the default ``Scenario()`` (or ``None``)
leaves every draw, and so the bundled sample, unchanged.

* ``planted="measured"``: the outcome model plants effects only on properties the features
  measure exactly (questions asked, quantified results, the call to action, a generic
  greeting, boost, invite, the competition band's low end, time; the bid, the minutes to the
  first reply, the share of 2-4 sentence messages), in the form the drivers analysis fits
  (linear
  terms, the quadratic length curve). The planted coefficients are then the very quantities
  the analysis estimates, so a simulation can check its intervals against them. The default
  ``"sample"`` model plants on latent habits some features only approximate (a template copy
  read through text similarity, reliability as a phrase count), which is realistic but makes
  the planted numbers a different estimand.
* ``length``: ``"peak"`` (a best length, the sample's), ``"valley"`` (a worst length in the
  middle: shorter and longer letters both do better) or ``"none"``.
* ``correlated_null``: the portfolio link (no effect anywhere) travels with quantified results
  (a real interview effect): a crude comparison finds it, an adjusted one must not.
* ``category_effects``: the job category shifts the view and hire odds, and the share of
  letters that talk about the rate (no effect) and the number of questions asked (a real
  effect): a confounder the analysis must adjust for.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from upwork_analytics.exceptions import ParameterError

LENGTHS = ("peak", "valley", "none")
PLANTED = ("sample", "measured")

#: ``planted="measured"``: log-odds per unit of what the features measure.
MEASURED_VIEWED = {
    "opening_generic": -0.8,
    "boosted": 1.0,
    "invited": 2.2,
    "competition_low": -0.02,
    "months_since_first": -0.04,
}
MEASURED_INTERVIEWED = {
    "question_count": 0.45,
    "result_phrase_count": 0.45,
    "call_to_action": 0.5,
}
MEASURED_HIRED = {
    "bid_to_budget_ratio": -3.5,
    "first_reply_minutes": -0.35,
    "share_2_to_4_sentences": 1.2,
}
MEASURED_UNITS = {
    "opening_generic": "yes vs no",
    "boosted": "yes vs no", "invited": "yes vs no",
    "competition_low": "per proposal at the low end of the competition band",
    "months_since_first": "per month",
    "question_count": "per question asked (0-4)",
    "result_phrase_count": "per quantified result",
    "call_to_action": "yes vs no",
    "bid_to_budget_ratio": "per 1.0 of bid / budget midpoint (unknown budget: as 1.0)",
    "first_reply_minutes": "per doubling of (1 + minutes to my first reply), i.e. per unit of "
                           "log2(1 + minutes)",
    "share_2_to_4_sentences": "per 1.0 of the share of my messages with 2-4 sentences",
}
MEASURED_INTERCEPTS = {"viewed": 1.2, "interviewed": -0.5, "hired": -0.1}
#: Not planted under ``planted="measured"``, though the sample plants it: the personalised
#: opening, which the feature reads from phrases and misses in some ("Your membership site
#: project caught my eye ..."), so its planted value would not be the measured one.
MEASURED_NOT_PLANTED = ("opening_personalized",)
#: The valley's curvature: +VALLEY_CURVATURE * ((words - peak) / scale) ** 2.
VALLEY_CURVATURE = 0.5

#: ``category_effects``: log-odds shifts by job category (Web Development the reference).
CATEGORY_VIEWED = {"Web Development": 0.0, "Data Analytics": 0.4, "Mobile Apps": -0.3,
                   "E-commerce": -0.5}
CATEGORY_HIRED = {"Web Development": 0.0, "Data Analytics": -0.4, "Mobile Apps": 0.3,
                  "E-commerce": -0.6}
#: Share of letters that talk about the rate, by category (otherwise 0.3).
CATEGORY_RATE_TALK = {"Web Development": 0.2, "Data Analytics": 0.3, "Mobile Apps": 0.3,
                      "E-commerce": 0.6}
#: Questions asked to the client (0-4), by category (otherwise the sample's distribution).
CATEGORY_QUESTIONS = {"Data Analytics": [0.12, 0.2, 0.3, 0.22, 0.16],
                      "E-commerce": [0.45, 0.3, 0.15, 0.07, 0.03]}
DEFAULT_QUESTIONS = [0.3, 0.28, 0.22, 0.13, 0.07]


@dataclass(frozen=True)
class Scenario:
    """Opt-in changes to a generated history (see the module docstring).

    Parameters
    ----------
    planted : {"sample", "measured"}, default="sample"
        Which outcome model.
    length : {"peak", "valley", "none"}, default="peak"
        The shape of the length effect at the interview stage.
    correlated_null : bool, default=False
        Make the portfolio link (a null habit) travel with quantified results.
    category_effects : bool, default=False
        Job category shifts outcomes and habits.
    """

    planted: str = "sample"
    length: str = "peak"
    correlated_null: bool = False
    category_effects: bool = False

    def __post_init__(self) -> None:
        if self.planted not in PLANTED:
            raise ParameterError(f"planted={self.planted!r}; choose from {list(PLANTED)}")
        if self.length not in LENGTHS:
            raise ParameterError(f"length={self.length!r}; choose from {list(LENGTHS)}")

    @property
    def is_default(self) -> bool:
        """Whether this is the bundled sample's scenario."""
        return self == Scenario()

    def portfolio_link_rate(self, result_phrases: int) -> float:
        """Chance of a portfolio link: 0.5, or with ``correlated_null`` 0.2 + 0.25 per
        quantified result (0.2 to 0.95)."""
        return 0.2 + 0.25 * result_phrases if self.correlated_null else 0.5

    def rate_talk_rate(self, niche: str) -> float:
        """Chance that a letter talks about the rate."""
        return CATEGORY_RATE_TALK.get(niche, 0.3) if self.category_effects else 0.3

    def question_probs(self, niche: str) -> list[float]:
        """Distribution of the questions asked (0-4)."""
        if self.category_effects:
            return CATEGORY_QUESTIONS.get(niche, DEFAULT_QUESTIONS)
        return DEFAULT_QUESTIONS

    def length_term(self, words: float, peak: float, scale: float, curvature: float) -> float:
        """The length term of the interview log-odds."""
        if self.length == "none":
            return 0.0
        if self.length == "valley":
            return VALLEY_CURVATURE * ((words - peak) / scale) ** 2
        return -curvature * ((words - peak) / scale) ** 2

    def category_shift(self, stage: str, niche: str | None) -> float:
        """The job category's log-odds shift at ``stage`` (``viewed`` or ``hired``)."""
        if not self.category_effects or niche is None:
            return 0.0
        table = CATEGORY_VIEWED if stage == "viewed" else CATEGORY_HIRED
        return table.get(niche, 0.0)

    def describe(self) -> dict:
        """The scenario as JSON (written to ``truth.json`` when not the default)."""
        out = asdict(self)
        if self.planted == "measured":
            out["measured_model"] = {
                "intercepts": MEASURED_INTERCEPTS,
                "viewed": MEASURED_VIEWED, "interviewed": MEASURED_INTERVIEWED,
                "hired": MEASURED_HIRED, "units": MEASURED_UNITS,
                "hired_formula": "bid_to_budget_ratio * (ratio - 1) + first_reply_minutes * "
                                 "(log2(1 + minutes) - log2(61)) + share_2_to_4_sentences * "
                                 "(share - 0.5)",
            }
        if self.length == "valley":
            out["valley_curvature"] = VALLEY_CURVATURE
        if self.category_effects:
            out["category"] = {"viewed": CATEGORY_VIEWED, "hired": CATEGORY_HIRED,
                               "rate_talk_share": CATEGORY_RATE_TALK,
                               "questions_asked_probs": CATEGORY_QUESTIONS}
        if self.correlated_null:
            out["correlated_null"] = {"feature": "has_portfolio_link",
                                      "with": "result_phrase_count",
                                      "rate": "0.2 + 0.25 per quantified result"}
        return out


def log2_reply(minutes: float) -> float:
    """``log2(1 + minutes) - log2(61)``: the measured model's reply-time term."""
    return math.log2(1.0 + max(minutes, 0.0)) - math.log2(61.0)
