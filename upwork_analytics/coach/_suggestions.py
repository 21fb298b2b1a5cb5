"""The coach's suggestions: concrete changes to a draft, each backed by a driver of the user's
own data (the stage, the effect with its interval, adjusted p and n), and none where the
evidence is thin. Implementation of :func:`upwork_analytics.coach.review.review`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from upwork_analytics.analysis.drivers import (
    ALPHA,
    MIN_EVENTS_EVALUATE,
    SQUARED,
    DriversResult,
    feature_kind,
)
from upwork_analytics.analysis.stats import adjust_pvalues
from upwork_analytics.features import FEATURES
from upwork_analytics.schema import ProposalCols as P

#: Shown as percentages.
_PERCENT = frozenset({"job_overlap", "client_question_coverage", "you_i_ratio",
                      "bid_to_budget_ratio"})
_STAGE_SHORT = {"viewed": "view", "interviewed_given_viewed": "interview", "hired": "hire"}
_STAGE_OUTCOME = {"viewed": "viewed", "interviewed_given_viewed": "interviewed",
                  "hired": "hired"}

#: Feature -> (what to do when more is better, when less is better, what is counted: singular
#: and plural).
_ACTIONS: dict[str, tuple[str, str, tuple[str, str]]] = {
    "word_count": ("Write a little more", "Cut it shorter", ("word", "words")),
    "sentence_count": ("Write a little more", "Use fewer sentences", ("sentence", "sentences")),
    "mean_sentence_words": ("Use fuller sentences", "Use shorter sentences",
                            ("word a sentence", "words a sentence")),
    "reading_grade": ("Write in more detail", "Use shorter sentences and plainer words",
                      ("", "")),
    "question_count": ("Ask the client a question or two about the job",
                       "Ask fewer questions", ("question", "questions")),
    "exclamation_count": ("Show a little more energy", "Use fewer exclamation marks",
                          ("exclamation mark", "exclamation marks")),
    "you_i_ratio": ("Write more about the client and their job ('you') than about yourself "
                    "('I')", "Say more about yourself and your experience", ("", "")),
    "opening_personalized": ("Greet the client by name or refer to their job in the first "
                             "lines", "Open less personally", ("", "")),
    "opening_generic": ("Open with a greeting", "Replace the generic greeting with the "
                        "client's name or a line about their job", ("", "")),
    "result_phrase_count": ("Add a quantified result (a number tied to an outcome, e.g. 'cut "
                            "page load time by 35%')", "Use fewer figures",
                            ("quantified result", "quantified results")),
    "enthusiasm_score": ("Show more enthusiasm", "Tone down the enthusiasm", ("", "")),
    "sentiment": ("Use a warmer tone", "Use a more neutral tone", ("", "")),
    "social_proof": ("Mention reviews, ratings or repeat clients",
                     "Mention reviews and ratings less",
                     ("mention of reviews or repeat clients",
                      "mentions of reviews or repeat clients")),
    "reliability_mentions": ("Say how you keep deadlines and stay reachable",
                             "Say less about availability and deadlines",
                             ("mention of reliability", "mentions of reliability")),
    "has_portfolio_link": ("Link to a relevant work sample", "Leave out the link", ("", "")),
    "call_to_action": ("Close with a next step (a short call, a question to reply to)",
                       "Leave out the call to action", ("", "")),
    "mentions_rate": ("Say something about your rate or the budget",
                      "Leave rate and budget talk for later", ("", "")),
    "template_similarity": ("Reuse more of your earlier proposals",
                            "Write more of it for this job instead of reusing an earlier "
                            "proposal", ("", "")),
    "job_overlap": ("Use the job post's own words: refer to what it asks for",
                    "Repeat less of the job post", ("", "")),
    "client_question_coverage": ("Answer the questions the job post asks",
                                 "Answer fewer of the post's questions", ("", "")),
    "bid_to_budget_ratio": ("Bid closer to the client's budget", "Bid lower against the "
                            "client's budget", ("", "")),
}

#: Yes/no features: what the proposals that have them do.
_DOING = {"opening_generic": "open with a generic greeting",
          "opening_personalized": "greet the client by name or refer to the job",
          "has_portfolio_link": "link to a work sample",
          "call_to_action": "close with a next step",
          "mentions_rate": "talk about the rate or budget"}

# --------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """One stage's evidence behind a suggestion: the effect with its interval, p and n."""

    stage: str
    stage_label: str
    feature: str
    odds_ratio: float
    ci_low: float
    ci_high: float
    unit: str
    odds_ratio_natural: float
    natural_unit: str
    p_adjusted: float
    n: int
    detail: str = ""

    def text(self) -> str:
        """``'interviewed given viewed: odds ratio 1.69 [1.37-2.12] per +1 SD (1.1), 1.60 per
        question; adjusted p 2e-05; n=707'``."""
        natural = ""
        if (isinstance(self.natural_unit, str) and not self.natural_unit.startswith("per +1 SD")
                and not self.natural_unit.startswith("curvature")
                and not math.isnan(self.odds_ratio_natural)):
            natural = f", {self.odds_ratio_natural:.2f} {self.natural_unit}"
        what = "length curvature" if self.feature == SQUARED else "odds ratio"
        unit = "" if self.feature == SQUARED else f" {self.unit}"
        out = (f"{self.stage_label}: {what} {self.odds_ratio:.2f} "
               f"[{self.ci_low:.2f}-{self.ci_high:.2f}]{unit}{natural}; adjusted p "
               f"{_p_text(self.p_adjusted)}; n={self.n:,}")
        return out + (f"; {self.detail}" if self.detail else "")

    def to_dict(self) -> dict:
        """JSON-ready: floats or ``None``."""
        return {"stage": self.stage, "stage_label": self.stage_label, "feature": self.feature,
                "odds_ratio": json_number(self.odds_ratio),
                "odds_ratio_ci": [json_number(self.ci_low), json_number(self.ci_high)],
                "unit": self.unit, "odds_ratio_natural": json_number(self.odds_ratio_natural),
                "natural_unit": self.natural_unit, "p_adjusted": json_number(self.p_adjusted),
                "n": int(self.n), "detail": self.detail}


@dataclass(frozen=True)
class Suggestion:
    """A concrete change the user's own evidence supports."""

    feature: str
    text: str
    draft_value: float
    target: str
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        """JSON-ready: floats or ``None``, with each piece of evidence as data and as text."""
        return {"feature": self.feature, "text": self.text,
                "draft_value": json_number(self.draft_value), "target": self.target,
                "evidence": [e.to_dict() for e in self.evidence],
                "evidence_text": [e.text() for e in self.evidence]}


def split_by_hired(features: pd.DataFrame, proposals: pd.DataFrame
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The feature rows of hired and of not-hired proposals (unknown outcomes in neither)."""
    flags = proposals[[P.proposal_id, P.hired]]
    joined = features.merge(flags, on=P.proposal_id, how="inner")
    hired = joined[P.hired].astype("boolean")
    return (joined[hired.eq(True).fillna(False).to_numpy(dtype=bool)],
            joined[hired.eq(False).fillna(False).to_numpy(dtype=bool)])


def has_evidence(res: DriversResult) -> bool:
    """Whether a stage can back suggestions: an adjusted model with at least
    ``MIN_EVENTS_EVALUATE`` (20) outcome events and as many non-events."""
    return res.tier == "model" and min(res.n_outcomes, res.n - res.n_outcomes) >= \
        MIN_EVENTS_EVALUATE


def _why_not(res: DriversResult) -> str:
    if res.tier != "model":
        return f"{res.reason} (tier {res.tier})"
    events = min(res.n_outcomes, res.n - res.n_outcomes)
    return (f"only {events} outcome events; suggestions need at least {MIN_EVENTS_EVALUATE}")


def coach_drivers(analyses: dict[str, DriversResult]) -> dict[str, pd.DataFrame]:
    """Per stage in the model tier, its habits that are drivers for the coach: a driver of
    the stage whose p-value, adjusted (Benjamini-Hochberg) across **all** the stages the coach
    draws suggestions from, is still below 0.05 (the coach looks at several stages at once,
    so the correction covers them together). ``p_adjusted`` holds that joint value."""
    tables = {k: r.coefficients for k, r in analyses.items()
              if r.tier == "model" and not r.coefficients.empty}
    keyed = [(k, i, float(row.p_value)) for k, t in tables.items()
             for i, row in enumerate(t.itertuples(index=False)) if row.role == "advice"]
    joint = adjust_pvalues([p for *_, p in keyed]) if keyed else []
    out = {}
    for k, t in tables.items():
        t = t.copy()
        t["p_stage"] = t["p_adjusted"]
        for (key, i, _), q in zip(keyed, joint):
            if key == k:
                t.iloc[i, t.columns.get_loc("p_adjusted")] = q
        t["is_driver"] = t["is_driver"].astype(bool) & (t["p_adjusted"] < ALPHA)
        out[k] = t
    return out


def driver_directions(analyses: dict[str, DriversResult]) -> dict[str, list[str]]:
    """Feature -> ``['more is better: interview, hire', ...]``: the stages where it is a
    driver (:func:`coach_drivers`), by direction; length by its curve (a best length, or a
    worst one in the middle: never "best in the middle" for a valley)."""
    found: dict[str, dict[str, list[str]]] = {}
    tables = coach_drivers({k: r for k, r in analyses.items() if has_evidence(r)})
    for key, res in analyses.items():
        if key not in tables:
            continue
        for row in tables[key].itertuples(index=False):
            if not row.is_driver or row.role != "advice":
                continue
            feature = "word_count" if row.feature == SQUARED else row.feature
            if row.feature == SQUARED:
                kind = (res.length_optimum or {}).get("kind")
                if kind not in ("peak", "valley"):
                    continue
                word = ("a best length (see the length curve)" if kind == "peak"
                        else "a worst length in the middle")
            elif row.feature == "word_count" and SQUARED in set(tables[key]["feature"]):
                continue  # the curve speaks for length in this stage
            else:
                word = "more is better" if row.odds_ratio > 1 else "less is better"
            found.setdefault(feature, {}).setdefault(word, []).append(
                _STAGE_SHORT.get(key, key))
    return {f: [f"{w}: {', '.join(stages)}" for w, stages in words.items()]
            for f, words in found.items()}


def _evidence(key: str, res: DriversResult, row, detail: str = "") -> Evidence:
    return Evidence(stage=key, stage_label=res.stage.label, feature=row.feature,
                    odds_ratio=float(row.odds_ratio), ci_low=float(row.ci_low),
                    ci_high=float(row.ci_high), unit=str(row.unit),
                    odds_ratio_natural=float(row.odds_ratio_natural),
                    natural_unit=str(row.natural_unit), p_adjusted=float(row.p_adjusted),
                    n=int(row.n), detail=detail)


def suggest(draft: pd.Series, features: pd.DataFrame, proposals: pd.DataFrame,
            analyses: dict[str, DriversResult]) -> tuple[list[Suggestion], str, list[str]]:
    """Suggestions for ``draft`` backed by the drivers of ``analyses``.

    Only stages in the model tier count, and in them only habits (not the context controls)
    that are drivers for the coach (:func:`coach_drivers`: the driver rule with the
    correction for many habits taken across all the stages together). A habit whose driver
    says more is better is suggested when the draft is below the median of the proposals that
    reached that stage's outcome (for a driver of being interviewed, your interviewed
    proposals; of being hired, your hired ones; with several stages, the furthest); less is
    better: above it. Stages that disagree on a habit's direction give no suggestion. Length
    is read from the stage's length curve: a best length is suggested when the draft lies
    outside its 95% interval; a worst length (a dip in the middle) gives no suggestion, only
    a note.

    Returns
    -------
    tuple
        ``(suggestions, note, notes)``: the suggestions, strongest effect first; why there are
        none, if so; and notes on drivers that could not be checked.
    """
    notes: list[str] = []
    modelled = {k: r for k, r in analyses.items() if has_evidence(r)}
    skipped = [f"{r.stage.label}: {_why_not(r)}" for k, r in analyses.items()
               if not has_evidence(r)]
    if not modelled:
        return [], ("no suggestions: the history is too small for evidence you can act on ("
                    + "; ".join(skipped) + ")"), notes
    if skipped:
        notes.append("no suggestions from " + "; ".join(skipped))
    tables = coach_drivers(modelled)

    # feature -> direction (+1 more is better, -1 less) -> evidence
    found: dict[str, dict[int, list[Evidence]]] = {}
    length: list[Suggestion] = []
    for key, res in modelled.items():
        table = tables[key]
        drivers = table[table["is_driver"].astype(bool) & (table["role"] == "advice")]
        curved = SQUARED in set(table["feature"])
        for row in drivers.itertuples(index=False):
            if row.feature == SQUARED:
                sugg = _length_suggestion(key, res, row, draft.get("word_count"), notes)
                if sugg is not None:
                    length.append(sugg)
                continue
            if row.feature == "word_count" and curved:
                continue  # the length curve speaks for this stage
            sign = 1 if row.odds_ratio > 1 else -1
            found.setdefault(row.feature, {}).setdefault(sign, []).append(
                _evidence(key, res, row))

    out: list[Suggestion] = []
    for feature, by_sign in found.items():
        if len(by_sign) > 1:
            stages = sorted({e.stage_label for ev in by_sign.values() for e in ev})
            notes.append(f"{feature}: the stages disagree on its direction ("
                         + ", ".join(stages) + "): no suggestion")
            continue
        (sign, evidence), = by_sign.items()
        value = float(draft.get(feature, math.nan))
        stage = max((e.stage for e in evidence), key=_FUNNEL_ORDER.index)
        group, reached = reached_outcome(features, proposals, modelled[stage])
        target = pd.to_numeric(reached[feature], errors="coerce").dropna() \
            if feature in reached else pd.Series(dtype=float)
        if math.isnan(value):
            if feature not in ("job_overlap", "client_question_coverage"):  # noted with the job
                notes.append(f"{feature} is a driver ({evidence[0].stage_label}) but unknown "
                             "for the draft" + (": give the bid and the budget" if feature ==
                                                "bid_to_budget_ratio" else ""))
            continue
        if target.empty:
            continue
        median = float(target.median())
        if (sign > 0 and value < median) or (sign < 0 and value > median):
            out.append(Suggestion(feature=feature,
                                  text=_suggestion_text(feature, sign, value, target, group),
                                  draft_value=value,
                                  target=_format_target(feature, target, group),
                                  evidence=tuple(evidence)))
    if length:  # one length suggestion, with the evidence of every stage that backs it
        out.append(Suggestion(feature="word_count", text=length[0].text,
                              draft_value=length[0].draft_value, target=length[0].target,
                              evidence=tuple(e for s in length for e in s.evidence)))
    out.sort(key=lambda s: -max(abs(math.log(e.odds_ratio)) for e in s.evidence))
    note = "" if out else ("no suggestions: on every habit your own evidence supports, this "
                           "draft is already where the proposals that got further were")
    return out, note, notes


#: Stages in funnel order (the furthest stage's proposals give a suggestion's target).
_FUNNEL_ORDER = ("viewed", "interviewed_given_viewed", "interviewed", "hired_given_interviewed",
                 "hired")
_GROUP = {"viewed": "viewed", "interviewed_given_viewed": "interviewed",
          "interviewed": "interviewed", "hired_given_interviewed": "hired", "hired": "hired"}


def reached_outcome(features: pd.DataFrame, proposals: pd.DataFrame, res: DriversResult
                    ) -> tuple[str, pd.DataFrame]:
    """``(word, rows)``: the feature rows of the proposals that reached the outcome of
    ``res``'s stage (``'interviewed'`` for interviewed given viewed)."""
    st = res.stage
    cols = [P.proposal_id, st.outcome] + ([st.given] if st.given else [])
    joined = features.merge(proposals[cols], on=P.proposal_id, how="inner")
    mask = joined[st.outcome].astype("boolean").eq(True).fillna(False)
    if st.given:
        mask &= joined[st.given].astype("boolean").eq(True).fillna(False)
    return _GROUP.get(st.key, st.outcome), joined[mask.to_numpy(dtype=bool)]


def _length_suggestion(key: str, res: DriversResult, row, words, notes: list[str]
                       ) -> Suggestion | None:
    """A length suggestion from stage ``key``'s length curve: only for a best length (a
    peak), and only when the draft lies outside its 95% interval. A worst length (a valley)
    is noted, never suggested as a target."""
    optimum = res.length_optimum or {}
    kind = optimum.get("kind")
    if words is None or pd.isna(words) or kind not in ("peak", "valley"):
        return None
    best, lo, hi = optimum["words"], optimum["ci_low"], optimum["ci_high"]
    outcome = _STAGE_OUTCOME.get(key, key)
    if kind == "valley":
        notes.append(f"length: at the {_STAGE_SHORT.get(key, key)} stage your proposals of "
                     f"about {best:.0f} words ({lo:.0f}-{hi:.0f}) were {outcome} least often, "
                     "shorter and longer ones both more often: a worst length, not a best "
                     "one, so no length to aim for")
        return None
    if round(lo) <= float(words) <= round(hi):
        return None
    detail = (f"best length about {best:.0f} words (between {lo:.0f} and {hi:.0f} at 95% "
              "confidence), from the length curve")
    shorter = words > hi
    text = (f"{'Cut it to' if shorter else 'Write'} about {best:.0f} words (this draft has "
            f"{words:g}): your proposals of about that length were {outcome} most often (the "
            f"best length lies between {lo:.0f} and {hi:.0f} words at 95% confidence)")
    return Suggestion(feature="word_count", text=text, draft_value=float(words),
                      target=f"{lo:.0f}-{hi:.0f} words",
                      evidence=(_evidence(key, res, row, detail),))


def _suggestion_text(feature: str, sign: int, value: float, hired: pd.Series,
                     group: str = "hired") -> str:
    more, less, noun = _ACTIONS.get(feature, (f"More {feature}", f"Less {feature}", ("", "")))
    action = more if sign > 0 else less
    n = len(hired)
    if feature == "bid_to_budget_ratio":
        return (f"{action}: your {group} proposals bid a median of {hired.median():.0%} of the "
                f"budget (n={n}); this bid is {value:.0%}")
    if _is_yes_no(feature):
        doing = _DOING.get(feature, "do this")
        return (f"{action}: {hired.mean():.0%} of your {group} proposals {doing} (n={n}); "
                f"this draft {'does' if value >= 0.5 else 'does not'}")
    median = float(hired.median())
    return (f"{action}: your {group} proposals have a median of "
            f"{_counted(feature, median, noun)} (n={n}); this draft has "
            f"{_counted(feature, value, noun)}")


def _counted(feature: str, value: float, noun: tuple[str, str]) -> str:
    word = noun[0] if value == 1 else noun[1]
    return format_value(feature, value) + (f" {word}" if word else "")


def _is_yes_no(feature: str) -> bool:
    spec = FEATURES.get(feature)
    return spec is not None and spec.unit.startswith("0/1")


#: A registry unit naming one counted thing: "words, >= 0", "questions, >= 0", "Connects; ...".
_COUNT_UNIT = re.compile(r"^[A-Za-z]+(, >= 0)?(;|$)")


def feature_kind_of(feature: str, values: pd.Series | None = None) -> str:
    """``binary``, ``count`` or ``continuous``, from the feature registry's unit: ``0/1`` is
    yes/no; a unit that is one counted noun (``words, >= 0``, ``mentions, >= 0``) a count;
    anything else (a share, a score, a ratio, a similarity, a grade) continuous.

    Only a feature the registry does not know falls back to its values
    (:func:`upwork_analytics.analysis.drivers.feature_kind`): the values of a small history say little
    about the kind (20 proposals with 0 or 1 quantified results are not a yes/no habit).
    """
    spec = FEATURES.get(feature)
    if spec is None:
        return feature_kind(values if values is not None else pd.Series(dtype=float))
    if spec.unit.startswith("0/1"):
        return "binary"
    return "count" if _COUNT_UNIT.match(spec.unit) else "continuous"


def counted(feature: str, value: float) -> str:
    """A value with what it counts, when the coach knows it: ``'20 words'``, ``'3 questions'``,
    ``'54%'``, ``'0.27'``."""
    return _counted(feature, value, _ACTIONS.get(feature, ("", "", ("", "")))[2])


def _format_target(feature: str, values: pd.Series, group: str = "hired") -> str:
    if _is_yes_no(feature):
        return f"{values.mean():.0%} of {group} proposals"
    return f"median {format_value(feature, float(values.median()))} ({group})"


def format_value(feature: str, value: float) -> str:
    """A feature value as a person reads it: yes/no, a percentage, a count or a number."""
    if value is None or pd.isna(value):
        return "unknown"
    if _is_yes_no(feature):
        return "yes" if value >= 0.5 else "no"
    if feature in _PERCENT:
        return f"{value:.0%}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def _p_text(p: float) -> str:
    if p is None or math.isnan(p):
        return "n/a"
    return f"{p:.3f}" if p >= 0.001 else f"{p:.1g}"


def json_number(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else round(x, 6)
