"""The proposal coach: a draft reviewed against what has worked for this freelancer (issue #8).

:func:`review` measures a draft with the feature catalogue and sets it next to the user's own
history: the medians of their hired and not-hired proposals, the hire probability the funnel's
stage models predict (:mod:`upwork_analytics.analysis.predict`: "about X in 100 drafts like this
one", with a posterior predictive interval, next to the base rate), suggestions backed only by
drivers of the user's own data, the opening as the
client sees it, the most similar past proposals, and the job's questions the draft leaves
unanswered. Small histories get a clear note instead of a prediction or suggestions, and so
does a draft whose model inputs lie outside the span of the history (:func:`history_span`):
the model would be extrapolating.

A job post is plain text: the first non-empty line is the job title, the rest the description
(:func:`parse_job`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from upwork_analytics.analysis.design import CATEGORY_COLUMN
from upwork_analytics.analysis.drivers import (
    SQUARED,
    DriversResult,
    analyze_drivers,
)
from upwork_analytics.analysis.funnel import rate_with_interval
from upwork_analytics.analysis.predict import HirePredictor, Prediction, hire_predictor
from upwork_analytics.coach._suggestions import (
    Evidence,
    Suggestion,
    counted,
    driver_directions,
    feature_kind_of,
    format_value,
    has_evidence,
    json_number,
    split_by_hired,
    suggest,
)
from upwork_analytics.exceptions import InputFileError, InsufficientDataError, ParameterError
from upwork_analytics.features import (
    FEATURES,
    build_features,
    client_question_coverage,
    job_questions,
    opening_generic,
    text_similarity,
)
from upwork_analytics.schema import ProposalCols as P

__all__ = [
    "COACH_N_BOOT",
    "NEAR_COPY",
    "OUTCOME_LABELS",
    "CoachHistory",
    "Evidence",
    "Job",
    "Review",
    "Suggestion",
    "feature_kind_of",
    "format_value",
    "history_span",
    "outcome_label",
    "parse_job",
    "prepare_history",
    "read_draft",
    "read_job",
    "read_text_file",
    "review",
]

#: Stages whose drivers back suggestions, in funnel order.
SUGGESTION_STAGES = ("viewed", "interviewed_given_viewed", "hired")
#: Bootstrap resamples for the effects and the prediction interval (the ``drivers`` command
#: uses 300; 200 keeps a review of 1,200 proposals well under 20 s).
COACH_N_BOOT = 200
#: Similarity to a past proposal from which the draft counts as a near-copy.
NEAR_COPY = 0.8
#: How many similar past proposals are listed.
N_SIMILAR = 5
#: Characters of the draft the client sees in the proposal list.
OPENING_CHARS = 240
#: Features compared with the history: every text feature, and the bid against the budget.
COMPARED_FEATURES = tuple(
    [name for name, spec in FEATURES.items() if spec.family != "context"]
    + ["bid_to_budget_ratio"])
# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Job:
    """A job post: its title and description (either may be empty)."""

    title: str
    description: str


def parse_job(text: str) -> Job | None:
    """A job post from plain text: the first non-empty line is the title, the rest (stripped)
    the description. ``None`` for empty or whitespace-only text."""
    if not isinstance(text, str) or not text.strip():
        return None
    lines = text.strip().splitlines()
    return Job(title=lines[0].strip(), description="\n".join(lines[1:]).strip())


def read_text_file(path: str | Path, what: str = "file") -> str:
    """The text of ``path`` (UTF-8, with or without BOM; Windows-1252 as a fallback).

    Raises
    ------
    InputFileError
        When ``path`` does not exist, is not a file, or is binary.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{what} not found: {path}")
    if not path.is_file():
        raise InputFileError(f"{what} is not a file: {path}")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputFileError(f"{what} {path} is binary, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_draft(path: str | Path) -> str:
    """The draft's text from a plain-text file (see :func:`read_text_file`).

    Raises
    ------
    InputFileError
        When the file is missing or unreadable.
    ParameterError
        When it holds no text: nothing to review.
    """
    text = read_text_file(path, "draft file")
    if not text.strip():
        raise ParameterError(f"the draft is empty: nothing to review ({path})")
    return text


def read_job(path: str | Path | None) -> Job | None:
    """The job post in a plain-text file (:func:`parse_job`); ``None`` for ``None`` or ``""``
    (no job given).

    Raises
    ------
    InputFileError
        When the file is missing or holds no text.
    """
    if path is None or str(path) == "":
        return None
    job = parse_job(read_text_file(path, "job file"))
    if job is None:
        raise InputFileError(f"job file {path} is empty: the first line should be the job "
                             "title, the rest the description")
    return job


# --------------------------------------------------------------------------- history


@dataclass
class CoachHistory:
    """The user's history, measured and analysed once, ready to review any number of drafts.

    Attributes
    ----------
    proposals : pandas.DataFrame
        The canonical proposals table.
    features : pandas.DataFrame
        ``build_features(proposals)``.
    analyses : dict of str to DriversResult
        The drivers of each stage in :data:`SUGGESTION_STAGES` (effects only: no model-quality
        evaluation).
    model : HirePredictor
        The hire probability: the funnel's stage models (:mod:`upwork_analytics.analysis.
        predict`).
    seed, n_boot : int
        As used for the analyses and the prediction interval.
    span : pandas.DataFrame or None
        :func:`history_span` of the model (``None`` when no model was fitted; computed on
        first use when not given).
    """

    proposals: pd.DataFrame
    features: pd.DataFrame
    analyses: dict[str, DriversResult]
    model: HirePredictor
    seed: int = 0
    n_boot: int = COACH_N_BOOT
    span: pd.DataFrame | None = None


def prepare_history(history: pd.DataFrame, *, features: pd.DataFrame | None = None,
                    seed: int = 0, n_boot: int = COACH_N_BOOT) -> CoachHistory:
    """Measure and analyse a proposal history for :func:`review`.

    Parameters
    ----------
    history : pandas.DataFrame
        The canonical proposals table (``load_proposals``).
    features : pandas.DataFrame, optional
        ``build_features(history)`` if already computed (thread features, if any, are not
        used: a draft has no thread).
    seed : int, default=0
        Seed for the bootstrap and the cross-validation.
    n_boot : int, default=200
        Bootstrap resamples for the effects and the prediction interval.

    Returns
    -------
    CoachHistory

    Raises
    ------
    InsufficientDataError
        When the history holds no proposal.
    """
    if not isinstance(history, pd.DataFrame):
        raise ParameterError(f"history must be the proposals table (a pandas DataFrame), got "
                             f"{type(history).__name__}")
    if len(history) == 0:
        raise InsufficientDataError("the history holds no proposal: nothing to compare the "
                                    "draft with")
    if features is None:
        features = build_features(history)
    analyses = {s: analyze_drivers(features, history, stage=s, seed=seed, n_boot=n_boot,
                                   evaluate=False, detail=False) for s in SUGGESTION_STAGES}
    model = hire_predictor(features, history, seed=seed)
    span = history_span(model, features, history) if model.is_fitted else None
    return CoachHistory(proposals=history, features=features, analyses=analyses, model=model,
                        seed=seed, n_boot=n_boot, span=span)


def history_span(model: HirePredictor, features: pd.DataFrame, proposals: pd.DataFrame
                 ) -> pd.DataFrame:
    """The range of each model input over the proposals sent.

    One row per input of ``model.terms``, ``word_count_squared`` read through ``word_count``
    (a word count inside the history's range has a squared standardised length no larger
    than the history's largest). Ranges are of the raw values: standardising, and the
    ``log2(1 + x)`` of durations, keep the order, so "outside the raw range" is "outside the
    standardised range". Unknown values are left out (the model imputes them with the median,
    which is inside).

    Returns
    -------
    pandas.DataFrame
        ``feature``, ``low``, ``high`` (the history's min and max) and ``n`` (the proposals
        with a known value).
    """
    rows = features.merge(proposals[[P.proposal_id]], on=P.proposal_id, how="inner")
    out = []
    for term in model.terms:
        col = "word_count" if term == SQUARED else term
        if col not in rows or col in {r["feature"] for r in out}:
            continue
        v = pd.to_numeric(rows[col], errors="coerce").dropna()
        if len(v):
            out.append({"feature": col, "low": float(v.min()), "high": float(v.max()),
                        "n": len(v)})
    return pd.DataFrame(out, columns=["feature", "low", "high", "n"])


def _outside_span(draft: pd.Series, span: pd.DataFrame) -> list[dict]:
    """The draft's model inputs outside the history's [min, max]: ``feature``, ``draft``,
    ``history_min``, ``history_max``, ``n``. Unknown draft values are not checked (they are
    imputed with the history's median)."""
    out = []
    for r in span.itertuples(index=False):
        value = pd.to_numeric(draft.get(r.feature, math.nan), errors="coerce")
        if value is None or pd.isna(value):
            continue
        value = float(value)
        tol = 1e-9 * max(1.0, abs(r.high - r.low))  # rounding, not distance
        if value < r.low - tol or value > r.high + tol:
            out.append({"feature": r.feature, "draft": value, "history_min": r.low,
                        "history_max": r.high, "n": int(r.n)})
    return out


def _outside_note(outside: list[dict], n_sent: int) -> str:
    """``'too far outside your history to predict: word_count: this draft has 20 words, your
    history spans 43-294 ...'``."""
    items = [f"{o['feature']}: this draft has {counted(o['feature'], o['draft'])}, your "
             f"history spans {format_value(o['feature'], o['history_min'])}-"
             f"{format_value(o['feature'], o['history_max'])}" for o in outside]
    return ("too far outside your history to predict: " + "; ".join(items)
            + f" (the model was fitted on your {n_sent:,} proposals: beyond their range its "
            "number would be an extrapolation, not evidence; the comparison, suggestions and "
            "similar proposals still apply)")


# --------------------------------------------------------------------------- the review


@dataclass
class Review:
    """Everything :func:`review` found about one draft.

    Attributes
    ----------
    draft : str
        The draft as given.
    job : Job or None
        The job post, when given.
    opening : str
        The first :data:`OPENING_CHARS` characters as the client sees them in the list (white
        space collapsed); ``opening_flags`` says what is wrong with them, if anything.
    draft_features : pandas.Series
        The draft's catalogue features (context unknown unless given).
    comparison : pandas.DataFrame
        Per feature of :data:`COMPARED_FEATURES`: the draft's value, the medians of hired and
        not-hired proposals with their n, and the stages where it is a driver.
    probability, probability_ci : float, tuple or None
        The predicted hire probability (posterior mean) and its 95% posterior predictive
        interval; ``None`` when the history is too small or the draft lies outside it
        (``prediction_note`` says why). ``probability_text`` says it as "about X in 100 drafts
        like this one".
    outside_history : list of dict
        The draft's model inputs outside the range of the history (``feature``, ``draft``,
        ``history_min``, ``history_max``, ``n``): when any, no probability is given.
    base_rate, base_rate_ci : float, tuple
        The hire rate of all proposals sent, with its Wilson 95% interval; ``n_proposals``,
        ``n_hired`` behind it.
    suggestions : list of Suggestion
        Only where a driver of the user's own data supports them; ``suggestions_note`` says
        why there are none, and ``evidence_enough`` is false when no stage had the evidence
        for any (the history is too small).
    similar : pandas.DataFrame
        The most similar past proposals: ``proposal_id``, ``submitted_at``, ``job_title``,
        ``similarity``, ``outcome``, ``cover_letter``.
    warnings : list of str
        Near-copies of earlier proposals.
    job_questions, unanswered, unchecked : list of str
        The job's questions, those the draft leaves unanswered, and those without content
        words to check; empty without a job.
    notes : list of str
        What was assumed or left out, and why there are no suggestions, if so.
    """

    draft: str
    job: Job | None
    opening: str
    opening_flags: list[str]
    draft_features: pd.Series
    comparison: pd.DataFrame
    probability: float | None
    probability_ci: tuple[float, float] | None
    prediction_note: str
    base_rate: float
    base_rate_ci: tuple[float, float]
    n_proposals: int
    n_hired: int
    model_tier: str
    suggestions: list[Suggestion]
    suggestions_note: str
    evidence_enough: bool
    similar: pd.DataFrame
    warnings: list[str]
    job_questions: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    n_boot: int = COACH_N_BOOT
    seed: int = 0
    outside_history: list[dict] = field(default_factory=list)
    probability_text: str = ""

    @property
    def opening_is_generic(self) -> bool:
        """Whether the opening greets no one in particular."""
        return bool(self.draft_features.get("opening_generic", 0) == 1)

    def to_dict(self) -> dict:
        """The JSON shape of ``upwork-analytics score --json``: numbers are floats or null."""
        ci = (None if self.probability_ci is None
              else [json_number(self.probability_ci[0]), json_number(self.probability_ci[1])])
        return {
            "probability": json_number(self.probability),
            "probability_ci": ci,
            "probability_text": self.probability_text,
            "prediction_note": self.prediction_note,
            "outside_history": [
                {"feature": o["feature"], "draft": json_number(o["draft"]),
                 "history_min": json_number(o["history_min"]),
                 "history_max": json_number(o["history_max"]), "n": int(o["n"])}
                for o in self.outside_history],
            "model_tier": self.model_tier,
            "base_rate": json_number(self.base_rate),
            "base_rate_ci": [json_number(self.base_rate_ci[0]), json_number(self.base_rate_ci[1])],
            "n_proposals": self.n_proposals,
            "n_hired": self.n_hired,
            "opening": {"text": self.opening, "generic": self.opening_is_generic,
                        "personalized": bool(self.draft_features.get(
                            "opening_personalized", 0) == 1),
                        "flags": list(self.opening_flags)},
            "features": [
                {"feature": r.feature, "kind": r.kind, "draft": json_number(r.draft),
                 "hired_median": json_number(r.hired_median),
                 "not_hired_median": json_number(r.not_hired_median), "n_hired": int(r.n_hired),
                 "n_not_hired": int(r.n_not_hired),
                 "drives": [d for d in r.drives.split("; ") if d]}
                for r in self.comparison.itertuples(index=False)],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "suggestions_note": self.suggestions_note,
            "evidence_enough": self.evidence_enough,
            "similar": [
                {"proposal_id": str(r.proposal_id),
                 "submitted_at": None if pd.isna(r.submitted_at) else f"{r.submitted_at:%Y-%m-%d}",
                 "job_title": None if pd.isna(r.job_title) else str(r.job_title),
                 "similarity": json_number(r.similarity), "outcome": r.outcome,
                 "near_copy": bool(r.similarity >= NEAR_COPY)}
                for r in self.similar.itertuples(index=False)],
            "warnings": list(self.warnings),
            "job": None if self.job is None else {"title": self.job.title},
            "job_questions": list(self.job_questions),
            "unanswered_questions": list(self.unanswered),
            "unchecked_questions": list(self.unchecked),
            "notes": list(self.notes),
            "n_boot": self.n_boot, "seed": self.seed,
        }


def review(draft: str, history: pd.DataFrame | CoachHistory, job: Job | str | None = None, *,
           bid: float | None = None, budget: float | Sequence[float] | None = None,
           contract_type: str | None = None, client_name: str | None = None,
           invited: bool | None = None, boosted: bool | None = None,
           competition: float | None = None, category: str | None = None,
           seed: int = 0, n_boot: int = COACH_N_BOOT) -> Review:
    """Review a draft proposal against the user's own history.

    Parameters
    ----------
    draft : str
        The cover letter as it would be sent.
    history : pandas.DataFrame or CoachHistory
        The canonical proposals table (``load_proposals``), or a :class:`CoachHistory` from
        :func:`prepare_history` to review several drafts without measuring the history again.
    job : Job or str, optional
        The job post: a :class:`Job`, or its text (first non-empty line the title, the rest
        the description). Gives tailoring, question coverage and the unanswered questions.
    bid : float, optional
        The bid (hourly rate or fixed price).
    budget : float or (float, float), optional
        The client's budget, or its range (hourly ``(25, 50)``).
    contract_type : {"hourly", "fixed"}, optional
        The contract type.
    client_name : str, optional
        The client's name, for the personalised-opening check.
    invited, boosted : bool, optional
        Whether the client invited you; whether you boost the proposal.
    competition : float, optional
        How many proposals the job already has (the low end of Upwork's band, "10 to 15" is
        10).
    category : str, optional
        The job's category, as in your history's ``job_category``.
    seed, n_boot : int
        Seed of the posterior draws; ``n_boot`` is kept for compatibility (ignored with a
        prepared ``history``).

    Returns
    -------
    Review

    Raises
    ------
    ParameterError
        When the draft is empty, or ``budget`` or ``contract_type`` is malformed.
    InsufficientDataError
        When the history holds no proposal.

    Notes
    -----
    No probability is given for a draft any of whose model inputs lies outside the range of
    the proposals the model was fitted on (:func:`history_span`): ``outside_history`` names
    them, ``prediction_note`` says so, and the rest of the review is unchanged.

    The draft's context is unknown unless given, and unknown context (and, without a job post,
    its tailoring and question coverage) is averaged over the history's own mix of proposals
    (:mod:`upwork_analytics.analysis.predict`). ``template_similarity`` is the highest
    similarity to any proposal of the history; ``months_since_first`` the history's latest
    value (the draft is sent now).
    """
    if not isinstance(draft, str) or not draft.strip():
        raise ParameterError("the draft is empty: nothing to review")
    if contract_type is not None and str(contract_type).strip().lower() not in ("hourly",
                                                                                "fixed"):
        raise ParameterError(f"contract_type={contract_type!r}; choose from ['fixed', "
                             "'hourly']")
    budget_min, budget_max = _budget_range(budget)
    if isinstance(job, str):
        job = parse_job(job)
    hist = (history if isinstance(history, CoachHistory)
            else prepare_history(history, seed=seed, n_boot=n_boot))
    proposals, features = hist.proposals, hist.features
    notes: list[str] = []

    draft_features, similar = _draft_features(draft, hist, job, bid=bid, budget_min=budget_min,
                                              budget_max=budget_max,
                                              contract_type=contract_type,
                                              client_name=client_name)
    for name, value in (("invited", invited), ("boosted", boosted)):
        if value is not None:
            draft_features[name] = float(bool(value))
    if competition is not None:
        if not math.isfinite(float(competition)) or float(competition) < 0:
            raise ParameterError(f"competition={competition!r}; give the number of proposals "
                                 "the job has (0 or more)")
        draft_features["competition_low"] = float(competition)
    comparison = _comparison(draft_features, features, proposals, hist.analyses)

    model = hist.model
    n_sent = int(proposals[P.hired].notna().sum()) if P.hired in proposals else len(proposals)
    n_hired = int(proposals[P.hired].fillna(False).astype(bool).sum()) \
        if P.hired in proposals else 0
    probability = probability_ci = None
    probability_text = ""
    outside: list[dict] = []
    unknown = [c for c in ("bid_to_budget_ratio", "is_hourly", "boosted", "invited",
                           "competition_low") if pd.isna(draft_features.get(c))]
    if category is None:
        unknown.append(CATEGORY_COLUMN)
    if job is None:
        unknown += ["job_overlap", "client_question_coverage"]
    if model.is_fitted:
        if hist.span is None:
            hist.span = history_span(model, features, proposals)
        outside = _outside_span(draft_features, hist.span)
    if outside:
        prediction_note = _outside_note(outside, n_sent)
    elif model.is_fitted:
        scored = draft_features.astype(object)  # numbers and the category's name
        scored[CATEGORY_COLUMN] = category
        pred: Prediction = model.predict(scored, unknown=unknown)
        probability = pred.probability
        probability_ci = (pred.ci_low, pred.ci_high)
        probability_text = pred.per_100()
        averaged = [c for c in unknown if c in model.mix.columns]
        prediction_note = (f"from {model.reason}; a 95% posterior predictive interval (the base "
                           "rate's uncertainty included)")
        if averaged:
            prediction_note += ("; not given, so averaged over your own mix of proposals: "
                                + ", ".join(averaged))
    else:
        prediction_note = f"history too small to predict: {model.reason}"
    context = [c for c in unknown if c in ("bid_to_budget_ratio", "is_hourly", "boosted",
                                           "invited", "competition_low", CATEGORY_COLUMN)]
    if context:
        notes.append("unknown for the draft, so averaged over your own mix of proposals: "
                     + ", ".join(context))
    if job is None:
        notes.append("no job post given: tailoring (job_overlap) and the answers to the "
                     "post's questions (client_question_coverage) are unknown and averaged "
                     "over your own proposals; give the job (--job) to check them")

    suggestions, suggestions_note, sugg_notes = suggest(draft_features, features,
                                                             proposals, hist.analyses)
    notes.extend(sugg_notes)

    warnings = [
        f"near-copy of a proposal you sent on {_date(r.submitted_at)} "
        f"('{_title(r.job_title)}', similarity {r.similarity:.2f}, {r.outcome})"
        for r in similar.itertuples(index=False) if r.similarity >= NEAR_COPY]

    questions, unanswered, unchecked = [], [], []
    if job is not None:
        questions, unanswered, unchecked = _question_check(draft, job.description)
        if not questions:
            notes.append("the job post asks no question the coach can find")

    opening, flags = _opening(draft, draft_features)
    rate, lo, hi = rate_with_interval(n_hired, n_sent)
    return Review(
        draft=draft, job=job, opening=opening, opening_flags=flags,
        draft_features=draft_features, comparison=comparison, probability=probability,
        probability_ci=probability_ci, probability_text=probability_text,
        prediction_note=prediction_note, base_rate=rate,
        base_rate_ci=(lo, hi), n_proposals=n_sent, n_hired=n_hired,
        model_tier="model" if model.is_fitted else _tier(hist),
        suggestions=suggestions, suggestions_note=suggestions_note,
        evidence_enough=any(has_evidence(r) for r in hist.analyses.values()), similar=similar,
        warnings=warnings, job_questions=questions, unanswered=unanswered,
        unchecked=unchecked, notes=notes, n_boot=hist.n_boot, seed=hist.seed,
        outside_history=outside)


# --------------------------------------------------------------------------- pieces


def _tier(hist: CoachHistory) -> str:
    """The tier of the ``hired`` analysis (why there is no prediction)."""
    res = hist.analyses.get("hired")
    return res.tier if res is not None else "none"


def _budget_range(budget) -> tuple[float, float]:
    if budget is None:
        return math.nan, math.nan
    if isinstance(budget, (int, float)) and not isinstance(budget, bool):
        values = [float(budget)]
    elif isinstance(budget, Sequence) and not isinstance(budget, str) and 1 <= len(budget) <= 2:
        values = [float(b) for b in budget]
    else:
        raise ParameterError(f"budget={budget!r}; give a number or a (low, high) pair")
    if any(not math.isfinite(v) or v <= 0 for v in values):
        raise ParameterError(f"budget={budget!r}; amounts must be positive")
    return min(values), max(values)


def _draft_features(draft: str, hist: CoachHistory, job: Job | None, *, bid, budget_min,
                    budget_max, contract_type, client_name
                    ) -> tuple[pd.Series, pd.DataFrame]:
    """The draft's features and the most similar past proposals."""
    row = pd.DataFrame({
        P.proposal_id: ["draft"], P.cover_letter: [draft],
        P.job_title: [job.title if job and job.title else None],
        P.job_description: [job.description if job and job.description else None],
        P.client_name: [client_name], P.contract_type: [contract_type],
        P.bid_amount: [np.nan if bid is None else float(bid)],
        P.budget_min: [budget_min], P.budget_max: [budget_max],
    })
    values = build_features(row).iloc[0].drop(P.proposal_id).astype(float)
    proposals = hist.proposals
    letters = proposals[P.cover_letter].fillna("").astype(str).to_numpy()
    sims = np.array([text_similarity(draft, t) for t in letters], dtype=float)
    values["template_similarity"] = float(sims.max()) if len(sims) else 0.0
    months = (pd.to_numeric(hist.features["months_since_first"], errors="coerce")
              if "months_since_first" in hist.features else pd.Series(dtype=float))
    values["months_since_first"] = float(months.max()) if months.notna().any() else math.nan
    order = np.argsort(-sims, kind="stable")[:N_SIMILAR]
    order = [i for i in order if sims[i] > 0]
    picked = proposals.iloc[order]
    similar = pd.DataFrame({
        "proposal_id": picked[P.proposal_id].to_numpy(),
        "submitted_at": (picked[P.submitted_at].to_numpy() if P.submitted_at in picked
                         else [pd.NaT] * len(picked)),
        "job_title": (picked[P.job_title].to_numpy() if P.job_title in picked
                      else [None] * len(picked)),
        "similarity": sims[order],
        "outcome": [outcome_label(r) for _, r in picked.iterrows()],
        "cover_letter": picked[P.cover_letter].to_numpy(),
    })
    return values, similar


#: Every :func:`outcome_label`.
OUTCOME_LABELS = ("hired", "interviewed, not hired", "viewed, not hired", "not viewed",
                  "not hired", "interviewed", "viewed", "unknown")


def outcome_label(row: pd.Series) -> str:
    """How far a proposal got, and whether it lost.

    ``hired``; a proposal known not hired (``hired`` False, e.g. "Declined", whatever is
    unknown about the earlier stages) says so: ``interviewed, not hired``, ``viewed, not
    hired``, ``not viewed`` or, when how far it got is unknown, ``not hired``; with the hire
    still unknown: ``interviewed``, ``viewed``, ``not viewed`` or ``unknown``.
    """
    def flag(col: str) -> bool | None:
        value = row.get(col)
        return None if value is None or pd.isna(value) else bool(value)

    hired, interviewed, viewed = flag(P.hired), flag(P.interviewed), flag(P.viewed)
    if hired:
        return "hired"
    lost = ", not hired" if hired is False else ""
    if interviewed:
        return "interviewed" + lost
    if viewed:
        return "viewed" + lost
    if viewed is False:
        return "not viewed"
    return "not hired" if hired is False else "unknown"


def _comparison(draft: pd.Series, features: pd.DataFrame, proposals: pd.DataFrame,
                analyses: dict[str, DriversResult]) -> pd.DataFrame:
    hired, not_hired = split_by_hired(features, proposals)
    drivers = driver_directions(analyses)
    rows = []
    for col in COMPARED_FEATURES:
        if col not in features:
            continue
        h = pd.to_numeric(hired[col], errors="coerce").dropna()
        nh = pd.to_numeric(not_hired[col], errors="coerce").dropna()
        kind = feature_kind_of(col, features[col])
        rows.append({
            "feature": col, "kind": kind, "draft": float(draft.get(col, math.nan)),
            "hired_median": float(h.median()) if len(h) else math.nan,
            "not_hired_median": float(nh.median()) if len(nh) else math.nan,
            "hired_share": float(h.mean()) if len(h) and kind == "binary" else math.nan,
            "not_hired_share": float(nh.mean()) if len(nh) and kind == "binary" else math.nan,
            "n_hired": len(h), "n_not_hired": len(nh),
            "drives": "; ".join(drivers.get(col, [])),
        })
    return pd.DataFrame(rows, columns=["feature", "kind", "draft", "hired_median",
                                       "not_hired_median", "hired_share", "not_hired_share",
                                       "n_hired", "n_not_hired", "drives"])


def _question_check(draft: str, description: str) -> tuple[list[str], list[str], list[str]]:
    """The post's questions, those the draft leaves unanswered, and those without content
    words (not checkable): per question, the rule of ``client_question_coverage``."""
    questions = job_questions(description)
    unanswered, unchecked = [], []
    for q in questions:
        text = q.strip()
        if not text.rstrip("\"'”’)] ").endswith(("?", "？")):
            text = text.rstrip(" .:;!") + "?"
        covered = client_question_coverage(draft, text)
        if math.isnan(covered):
            unchecked.append(q)
        elif covered < 1:
            unanswered.append(q)
    return questions, unanswered, unchecked


def _opening(draft: str, values: pd.Series) -> tuple[str, list[str]]:
    text = " ".join(draft.split())
    shown = text[:OPENING_CHARS]
    if len(text) > OPENING_CHARS:
        shown = shown.rstrip() + " …"
    flags = []
    if opening_generic(draft):
        flags.append("generic: it greets no one in particular ('Dear Sir/Madam', 'Hello,', "
                     "'Dear Hiring Manager')")
    if values.get("opening_personalized") == 0:
        flags.append("not personalised: no client name and no reference to the job in the "
                     "first 240 characters")
    return shown, flags


def _date(value) -> str:
    return "an unknown date" if value is None or pd.isna(value) else f"{value:%Y-%m-%d}"


def _title(value) -> str:
    return "no title" if value is None or pd.isna(value) else str(value)
