"""Win-rate drivers: which measured habits go with more views, interviews and hires.

For one funnel stage, :func:`analyze_drivers` reports, in order of how much the data can bear:

1. the base rate with its interval and n;
2. the crude view: the rate across natural bins of each habit (not adjusted for anything);
3. from 5 outcome events (and non-events) on, at every history size, one adjusted model: a
   logistic regression of the outcome on the stage's pre-specified habits **and** the job
   context (invited, boosted, competition, time, contract type, job category), fitted with a
   weakly informative prior (:mod:`upwork_analytics.analysis.logistic`), odds ratios per +1 SD
   and per a natural unit with profile intervals and likelihood-ratio p-values
   (Benjamini-Hochberg adjusted across the stage's habits), an E-value per effect, the
   best length as a curve, and (from 20 events) cross-validated and time-ordered AUC,
   Brier score and calibration. Each habit is also fitted alone with the context controls
   ("adjusted for context only"), the evidence for habits outside the stage's model.

A habit is called a *driver* only when its interval excludes "no effect" and its adjusted
p-value is below 0.05; context controls, missingness indicators and job categories never are.
The same input and seed give the same numbers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as sps
from threadpoolctl import threadpool_limits

from upwork_analytics.analysis.design import (
    CATEGORY_COLUMN,
    CATEGORY_PREFIX,
    MISSING_SUFFIX,
    DesignSpec,
    category_label,
)
from upwork_analytics.analysis.funnel import rate_with_interval
from upwork_analytics.analysis.logistic import METHODS, Logit, Scaling
from upwork_analytics.analysis.stats import (
    adjust_pvalues,
    auc_score,
    binned_rates,
    e_value,
)
from upwork_analytics.exceptions import InsufficientDataError, ParameterError, SchemaError
from upwork_analytics.features.threads import INTERVIEW_FEATURES
from upwork_analytics.load import progress
from upwork_analytics.schema import ProposalCols as P

#: Below this many events per model term (context, indicators and categories included) the
#: history is "small": the prior steadies the estimates and the intervals are wide (the label
#: changes, the estimator does not).
MIN_EVENTS_PER_TERM = 10
#: Fewer outcome events than this: rates only, no comparison is trusted.
MIN_EVENTS = 5
#: From this many outcome events (and non-events) on, the model's discrimination and
#: calibration are measured.
MIN_EVENTS_EVALUATE = 20
#: Adjusted p-value threshold for calling a feature a driver.
ALPHA = 0.05
SQUARED = "word_count_squared"
#: The estimator of reported effects (``docs/drivers.md``, "Estimation").
ESTIMATOR = "bayes"
#: Posterior draws for derived quantities (the length curve, predicted probabilities).
N_DRAWS = 2000
#: A stage's outcome counts as common (E-values use sqrt(OR) for the risk ratio) above this.
COMMON_OUTCOME = 0.15

_PROPOSAL_TEXT = ("word_count", SQUARED, "question_count", "result_phrase_count",
                  "enthusiasm_score", "template_similarity", "client_question_coverage",
                  "social_proof", "reliability_mentions")
#: Every column the interview-thread analysis adds: valid only once the client replied.
_THREAD_COLUMNS = frozenset(INTERVIEW_FEATURES)
_INTERVIEW_THREAD = ("first_reply_minutes", "answer_coverage", "share_2_to_4_sentences",
                     "follow_up_count", "call_or_video_mentioned")
#: The job context adjusted for in every stage (with the job category, where recorded).
CONTEXT = ("invited", "boosted", "months_since_first", "is_hourly")


@dataclass(frozen=True)
class Stage:
    """One funnel stage: an outcome among the proposals that reached ``given``."""

    key: str
    outcome: str
    given: str | None
    label: str
    features: tuple[str, ...]
    controls: tuple[str, ...]


STAGES: dict[str, Stage] = {s.key: s for s in (
    Stage("viewed", P.viewed, None, "viewed given sent",
          ("opening_personalized", "opening_generic", "enthusiasm_score"),
          (*CONTEXT, "competition_low", "bid_to_budget_ratio")),
    Stage("interviewed_given_viewed", P.interviewed, P.viewed, "interviewed given viewed",
          ("word_count", SQUARED, "question_count", "result_phrase_count", "enthusiasm_score",
           "template_similarity", "job_overlap", "client_question_coverage", "social_proof",
           "reliability_mentions", "has_portfolio_link", "call_to_action", "mentions_rate",
           "you_i_ratio", "reading_grade"),
          (*CONTEXT, "bid_to_budget_ratio")),
    Stage("hired_given_interviewed", P.hired, P.interviewed, "hired given interviewed",
          ("bid_to_budget_ratio", "reliability_mentions", "social_proof", "mentions_rate",
           "result_phrase_count", "question_count", "enthusiasm_score", *_INTERVIEW_THREAD),
          CONTEXT),
    Stage("interviewed", P.interviewed, None, "interviewed given sent",
          ("opening_personalized", "opening_generic", *_PROPOSAL_TEXT, "bid_to_budget_ratio"),
          (*CONTEXT, "competition_low")),
    Stage("hired", P.hired, None, "hired given sent",
          ("opening_personalized", "opening_generic", *_PROPOSAL_TEXT, "bid_to_budget_ratio"),
          (*CONTEXT, "competition_low")),
)}
#: ``--outcome`` values of the CLI (each given sent).
OUTCOMES = ("hired", "interviewed", "viewed")
#: The per-stage view: where in the funnel a habit helps.
FUNNEL_STAGES = ("viewed", "interviewed_given_viewed", "hired_given_interviewed", "hired")

#: A natural unit is used only when its step is at most this many SDs of the data.
MAX_NATURAL_SD = 2.0
#: Natural units for odds ratios that read better than "per SD": feature -> (size, label).
NATURAL_UNITS = {
    "word_count": (50.0, "per 50 words"),
    "question_count": (1.0, "per question"),
    "result_phrase_count": (1.0, "per quantified result"),
    "sentence_count": (1.0, "per sentence"),
    "template_similarity": (0.1, "per +0.1 similarity"),
    "job_overlap": (0.1, "per +0.1 overlap"),
    "client_question_coverage": (0.25, "per +25% of the post's questions answered"),
    "bid_to_budget_ratio": (0.1, "per +10% of the budget"),
    "months_since_first": (1.0, "per month"),
    "competition_low": (10.0, "per +10 competing proposals"),
    "connects_spent": (1.0, "per Connect"),
    "first_reply_minutes": (1.0, "per doubling of the minutes to reply"),
    "median_reply_minutes": (1.0, "per doubling of the minutes to reply"),
    "follow_up_gap_days": (1.0, "per doubling of the days before following up"),
    "answer_coverage": (0.25, "per +25% of questions answered"),
    "share_2_to_4_sentences": (0.25, "per +25% of messages at 2-4 sentences"),
    "follow_up_count": (1.0, "per follow-up"),
}
#: Right-skewed durations enter the analysis as log2(1 + x): their effects read "per doubling".
LOG2_FEATURES = ("first_reply_minutes", "median_reply_minutes", "follow_up_gap_days")


def feature_kind(values: pd.Series) -> str:
    """``binary`` (only 0/1), ``count`` (whole numbers up to 20) or ``continuous``."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    if v.empty:
        return "continuous"
    uniq = set(np.unique(v))
    if uniq <= {0.0, 1.0}:
        return "binary"
    if (v == np.round(v)).all() and v.min() >= 0 and v.max() <= 20:
        return "count"
    return "continuous"


_NO_OPTIMUM = {"kind": "none", "words": None, "ci_low": None, "ci_high": None}


@dataclass
class DriversResult:
    """Everything :func:`analyze_drivers` found for one stage.

    ``coefficients`` holds the adjusted model (every habit and context term; ``role`` says
    which is which), ``univariate`` each habit fitted alone with the context controls,
    ``bins`` the crude rates by natural bins, ``length_optimum`` and ``length_curve`` the best
    length of a proposal with its interval and the partial-dependence curve with its band.
    """

    stage: Stage
    n: int
    n_outcomes: int
    base_rate: float
    base_rate_ci: tuple[float, float]
    tier: str
    reason: str
    notes: list[str] = field(default_factory=list)
    univariate: pd.DataFrame = field(default_factory=pd.DataFrame)
    bins: dict[str, pd.DataFrame] = field(default_factory=dict)
    coefficients: pd.DataFrame = field(default_factory=pd.DataFrame)
    model: dict | None = None
    calibration: pd.DataFrame = field(default_factory=pd.DataFrame)
    seed: int = 0
    length_optimum: dict = field(default_factory=lambda: dict(_NO_OPTIMUM, note=""))
    length_curve: pd.DataFrame = field(default_factory=pd.DataFrame)
    adjusted_for: list[str] = field(default_factory=list)
    method: str = ESTIMATOR

    @property
    def drivers(self) -> pd.DataFrame:
        """The habits whose interval excludes no effect and whose adjusted p < 0.05."""
        table = self.effects()
        if table.empty:
            return table
        return table[table["is_driver"]]

    def effects(self) -> pd.DataFrame:
        """The adjusted model's effects (habits and context) in the model tier; empty below
        it (rates only)."""
        return self.coefficients if self.tier == "model" else pd.DataFrame()

    def to_dict(self) -> dict:
        """The documented JSON shape (see docs/drivers.md)."""
        drivers = []
        for row in self.effects().itertuples(index=False):
            drivers.append({
                "feature": row.feature, "odds_ratio": _num(row.odds_ratio),
                "ci_low": _num(row.ci_low), "ci_high": _num(row.ci_high), "unit": row.unit,
                "p_adjusted": _num(row.p_adjusted),
                "importance": _num(getattr(row, "importance", float("nan"))),
                "odds_ratio_natural": _num(row.odds_ratio_natural),
                "natural_ci": [_num(row.natural_ci_low), _num(row.natural_ci_high)],
                "natural_unit": row.natural_unit, "is_driver": bool(row.is_driver),
                "separated": bool(getattr(row, "separated", False)),
                "source": "model",
                "role": row.role, "p_value": _num(row.p_value),
                "prob_direction": _num(row.prob_direction),
                "e_value": _num(row.e_value), "e_value_ci": _num(row.e_value_ci),
                "e_value_unit": row.e_value_unit, "n": int(row.n),
                "coef_per_unit": _num(row.coef_raw),
                "coef_per_unit_ci": [_num(row.coef_raw_low), _num(row.coef_raw_high)],
            })
        optimum = {k: (_num(v) if isinstance(v, (int, float, np.floating)) and k != "kind"
                       else v) for k, v in self.length_optimum.items()}
        return {
            "n_proposals": self.n, "n_outcomes": self.n_outcomes,
            "outcome": self.stage.key, "stage": self.stage.label,
            "base_rate": _num(self.base_rate),
            "base_rate_ci": [_num(self.base_rate_ci[0]), _num(self.base_rate_ci[1])],
            "tier": self.tier, "reason": self.reason, "notes": list(self.notes),
            "seed": self.seed,
            "drivers": drivers,
            "model": self.model or {"cv_auc": None, "cv_auc_ci": None, "brier": None,
                                    "brier_base": None},
            "length_optimum": optimum,
            "adjusted_for": list(self.adjusted_for),
            "estimator": _ESTIMATOR_TEXT[self.method],
        }


_ESTIMATOR_TEXT = {
    "bayes": "logistic regression with a weakly informative Cauchy(0, 2.5) prior on rescaled "
             "inputs (Gelman et al. 2008); profile intervals, likelihood-ratio p-values",
    "firth": "Firth-penalised logistic regression; profile penalised-likelihood intervals",
    "ml": "maximum-likelihood logistic regression; profile-likelihood intervals",
}


def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if np.isnan(x) or np.isinf(x) else round(x, 6)


def modeling_frame(features: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """Join the feature table to the funnel flags (and the job category) on ``proposal_id``.

    Durations in :data:`LOG2_FEATURES` are replaced by ``log2(1 + x)``; ``word_count_squared``
    (word count standardised over all proposals, squared) is added for the length curve.
    """
    missing = [c for c in (P.proposal_id,) if c not in features.columns]
    if missing:
        raise SchemaError(f"features table has no {missing[0]!r} column")
    cols = [P.proposal_id, P.viewed, P.interviewed, P.hired]
    if P.job_category in proposals.columns and CATEGORY_COLUMN not in features.columns:
        cols.append(P.job_category)
    flags = proposals[cols]
    frame = features.merge(flags, on=P.proposal_id, how="inner", validate="one_to_one")
    for col in LOG2_FEATURES:
        if col in frame:
            frame[col] = np.log2(1 + pd.to_numeric(frame[col], errors="coerce").clip(lower=0))
    if "word_count" in frame:
        mean, sd = length_scale(frame["word_count"])
        wc = pd.to_numeric(frame["word_count"], errors="coerce")
        frame[SQUARED] = ((wc - mean) / sd) ** 2
    return frame


def length_scale(word_count: pd.Series) -> tuple[float, float]:
    """Mean and SD of the word counts that standardise ``word_count_squared``."""
    wc = pd.to_numeric(word_count, errors="coerce")
    sd = float(wc.std())
    return float(wc.mean()), (sd if sd and sd == sd else 1.0)


def analyze_drivers(features: pd.DataFrame, proposals: pd.DataFrame, stage: str = "hired",
                    seed: int = 0, n_boot: int = 300, *, evaluate: bool = True,
                    detail: bool = True, method: str = ESTIMATOR) -> DriversResult:
    """Analyse what goes with the outcome of one funnel stage.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per proposal with ``proposal_id`` and feature columns (``build_features``).
    proposals : pandas.DataFrame
        The canonical proposals table (for the funnel flags and the job category).
    stage : str, default="hired"
        A key of :data:`STAGES`: ``hired``, ``interviewed``, ``viewed`` (each given sent),
        ``interviewed_given_viewed`` or ``hired_given_interviewed``.
    seed : int, default=0
        Seed for the cross-validation splits and the posterior draws.
    n_boot : int, default=300
        Kept for compatibility: intervals come from the profile of the posterior, not from a
        bootstrap. Posterior draws for the length curve's band: ``max(N_DRAWS, n_boot)``.
    evaluate : bool, default=True
        Also measure the model's quality (cross-validated and time-ordered AUC, Brier score,
        calibration, permutation importance). ``False`` skips it for callers that need only
        the effects: the effects are the same, ``importance`` is NaN.
    detail : bool, default=True
        Also compute the crude binned rates (``bins``) and each habit fitted alone with the
        context (``univariate``). ``False`` leaves both empty: the adjusted model, its
        effects and the length curve are the same.
    method : {"bayes", "firth", "ml"}, default="bayes"
        The estimator (:mod:`upwork_analytics.analysis.logistic`); the others are for the
        simulation harness's comparisons.

    Returns
    -------
    DriversResult
    """
    if stage not in STAGES:
        raise ParameterError(f"stage={stage!r}; choose from {sorted(STAGES)}")
    if method not in METHODS:
        raise ParameterError(f"method={method!r}; choose from {list(METHODS)}")
    st = STAGES[stage]
    with threadpool_limits(limits=1, user_api="blas"):  # small matrices: threads only cost
        inp = _stage_inputs(features, proposals, st)
        rate, lo, hi = rate_with_interval(inp.k, inp.n)
        result = DriversResult(stage=st, n=inp.n, n_outcomes=inp.k, base_rate=rate,
                               base_rate_ci=(lo, hi), tier=inp.tier, reason=inp.reason,
                               notes=inp.notes, seed=seed, method=method)
        if inp.tier == "none":
            return result
        if detail:
            result.bins = _crude_bins(inp.frame, inp.y, inp.usable)
        if inp.tier == "descriptive":
            return result
        fitted = _fit(inp, st, method=method)
        result.reason = _model_reason(inp, fitted)
        result.adjusted_for = _adjusted_for(st, fitted.spec)
        table = _effects_table(fitted, st, result.base_rate)
        separated = separating_features(
            inp.frame[inp.model_terms].apply(pd.to_numeric, errors="coerce"), inp.y)
        table["separated"] = table["feature"].isin(separated)
        if separated:
            result.notes.append(
                "the outcome is perfectly split by " + ", ".join(separated) + " (every "
                "proposal on one side of a value had the outcome, none on the other): the "
                "direction is clear but the size is not; the prior keeps the odds ratio "
                "finite, and its interval, the AUC and the Brier score overstate how sure "
                "this is")
        if evaluate and min(inp.k, inp.n - inp.k) >= MIN_EVENTS_EVALUATE:
            result.model, result.calibration, importance = _evaluate(fitted, inp, seed)
            table["importance"] = table["feature"].map(importance).astype(float)
        else:
            table["importance"] = np.nan
            if evaluate:
                result.notes.append(
                    f"fewer than {MIN_EVENTS_EVALUATE} outcome events (or non-events): the "
                    "model's discrimination and calibration are not measured")
        order = np.argsort(-np.abs(table["coef"].to_numpy(dtype=float)), kind="stable")
        result.coefficients = table.iloc[order].reset_index(drop=True)
        result.length_optimum, result.length_curve = _length(
            fitted, inp, result.coefficients, seed=seed, n_draws=max(N_DRAWS, n_boot))
        if detail:
            result.univariate = _one_at_a_time(inp, st, method=method)
    return result


def separating_features(X: pd.DataFrame, y: np.ndarray) -> list[str]:
    """The columns of ``X`` that alone split ``y`` completely: a threshold with every outcome
    on one side and every non-outcome on the other (missing values ignored)."""
    found = []
    yb = np.asarray(y, dtype=bool)
    for col in X.columns:
        v = pd.to_numeric(X[col], errors="coerce").to_numpy(dtype=float)
        ok = ~np.isnan(v)
        pos, neg = v[ok & yb], v[ok & ~yb]
        if len(pos) and len(neg) and (pos.min() > neg.max() or pos.max() < neg.min()):
            found.append(col)
    return found


@dataclass
class _StageInputs:
    """One stage's rows, outcome, usable columns, model terms and tier (with its reason)."""

    frame: pd.DataFrame
    y: np.ndarray
    n: int
    k: int
    notes: list[str]
    tier: str
    reason: str
    usable: list[str] = field(default_factory=list)
    model_terms: list[str] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)
    length: tuple[float, float] = (0.0, 1.0)


def _stage_inputs(features: pd.DataFrame, proposals: pd.DataFrame, st: Stage,
                  exclude: frozenset[str] = frozenset()) -> _StageInputs:
    """The rows of stage ``st``, its usable columns and model terms, and which tier of analysis
    they allow: shared by :func:`analyze_drivers` and :func:`fit_stage_model`."""
    frame = modeling_frame(features, proposals)
    length = length_scale(frame["word_count"]) if "word_count" in frame else (0.0, 1.0)
    notes: list[str] = []
    if st.given is not None:
        frame = frame[frame[st.given].astype("boolean").fillna(False).to_numpy(dtype=bool)]
    unknown = frame[st.outcome].isna()
    if unknown.any():
        notes.append(f"{int(unknown.sum())} proposals with an unknown outcome left out")
        frame = frame[~unknown.to_numpy(dtype=bool)]
    y = frame[st.outcome].astype(bool).to_numpy()
    n, k = len(y), int(y.sum())
    inp = _StageInputs(frame=frame, y=y, n=n, k=k, notes=notes, tier="none", reason="",
                       length=length)
    what = st.outcome
    if n == 0:
        inp.reason = f"no proposals reached this stage ({st.label})"
        return inp
    if k == 0:
        inp.reason = f"no proposal was {what} ({n} {_given_word(st)}): nothing to compare yet"
        return inp
    if k == n:
        inp.reason = (f"every proposal was {what} ({n} of {n}): nothing to compare; the "
                      "rate is all there is")
        return inp

    skip = {P.proposal_id, P.viewed, P.interviewed, P.hired, CATEGORY_COLUMN, *exclude}
    candidates = [c for c in features.columns if c not in skip]
    if st.given != P.interviewed:
        # A thread exists only once the client replied: using it before that stage leaks the
        # outcome (having a reply time at all means "interviewed").
        thread = [c for c in candidates if c in _THREAD_COLUMNS]
        candidates = [c for c in candidates if c not in _THREAD_COLUMNS]
        if thread:
            notes.append("interview-thread features are analysed only for hired given "
                         "interviewed (they exist only after the client replied)")
    if SQUARED in frame and SQUARED not in exclude:
        candidates.append(SQUARED)
    inp.usable = _usable_columns(frame, candidates, notes)
    inp.model_terms = [c for c in (*st.features, *st.controls) if c in inp.usable]
    inp.controls = [c for c in st.controls if c in inp.usable]
    absent = [c for c in (*st.features, *st.controls)
              if c not in frame.columns and c not in exclude]
    if absent:
        notes.append("not in the data, left out of the model: " + ", ".join(absent))
    events = min(k, n - k)
    if events < MIN_EVENTS:
        side = what if events == k else f"not {what}"
        inp.tier = "descriptive"
        inp.reason = (f"only {events} of {n} proposals {side}: at least {MIN_EVENTS} are "
                      "needed before a comparison means anything; rates only")
        return inp
    inp.tier = "model"
    return inp


def _model_reason(inp: _StageInputs, fitted: _Fitted) -> str:
    events = min(inp.k, inp.n - inp.k)
    n_inputs = len(fitted.spec.columns)
    epv = events / max(1, n_inputs)
    text = (f"{events} outcome events for {n_inputs} model terms ({epv:.1f} per term), "
            "adjusted for the job context")
    if epv < MIN_EVENTS_PER_TERM:
        text += ("; a small history: the weakly informative prior steadies the estimates and "
                 "the intervals are wide")
    return text


def _adjusted_for(st: Stage, spec: DesignSpec) -> list[str]:
    out = [c for c in spec.terms if c in st.controls]
    if spec.category_levels:
        out.append(CATEGORY_COLUMN)
    return out


def _given_word(st: Stage) -> str:
    return "sent" if st.given is None else f"{st.given}"


def _usable_columns(frame: pd.DataFrame, candidates: list[str], notes: list[str]) -> list[str]:
    usable = []
    for col in candidates:
        if col not in frame:
            continue
        v = pd.to_numeric(frame[col], errors="coerce")
        if v.notna().sum() == 0:
            notes.append(f"{col}: no values, left out")
        elif v.nunique(dropna=True) < 2:
            notes.append(f"{col}: the same value for every proposal ({v.dropna().iloc[0]:g}), "
                         "left out")
        elif v.isna().mean() > 0.5:
            notes.append(f"{col}: unknown for {v.isna().mean():.0%} of proposals, left out")
        else:
            usable.append(col)
    return usable


def _crude_bins(frame: pd.DataFrame, y: np.ndarray, columns: list[str]
                ) -> dict[str, pd.DataFrame]:
    """The crude rate in natural bins of each column (nothing adjusted)."""
    bins = {}
    outcome = pd.Series(y, index=frame.index)
    for col in columns:
        if col == SQUARED:
            continue
        v = pd.to_numeric(frame[col], errors="coerce").astype(float)
        bins[col] = binned_rates(v, outcome, feature_kind(v))
    return bins


# ---------------------------------------------------------------------------- fitting


@dataclass
class _Fitted:
    """One fitted logistic regression: its design, scaling and posterior."""

    spec: DesignSpec
    scaling: Scaling
    logit: Logit
    raw: pd.DataFrame       # the unscaled model matrix (rows of the stage)
    frame: pd.DataFrame     # the stage's rows (raw terms)

    def index(self, column: str) -> int:
        """Position of ``column`` in the coefficient vector (0 is the intercept)."""
        return 1 + self.spec.columns.index(column)


def _fit_terms(frame: pd.DataFrame, y: np.ndarray, terms: list[str], *, method: str,
               notes: list[str] | None = None) -> _Fitted:
    spec = DesignSpec.learn(frame, terms, notes=notes)
    raw = spec.frame(frame)
    scaling = Scaling.fit(raw.to_numpy(dtype=float))
    logit = Logit(scaling.transform(raw.to_numpy(dtype=float)), y.astype(float), method=method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        logit.mode  # noqa: B018 - fit once
    return _Fitted(spec=spec, scaling=scaling, logit=logit, raw=raw, frame=frame)


def _fit(inp: _StageInputs, st: Stage, *, method: str) -> _Fitted:
    return _fit_terms(inp.frame, inp.y, inp.model_terms, method=method, notes=inp.notes)


def _interval(fitted: _Fitted, j: int) -> tuple[float, float, float]:
    """Profile interval and likelihood-ratio p-value of coefficient ``j`` (rescaled)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = fitted.logit.profile_interval(j)
        p = fitted.logit.lr_pvalue(j)
    return low, high, p


def _effects_table(fitted: _Fitted, st: Stage, base_rate: float) -> pd.DataFrame:
    """One row per model column: the effect per SD and per natural unit with its profile
    interval, p-values (habits: Benjamini-Hochberg adjusted), E-value and role."""
    rows = []
    common = base_rate > COMMON_OUTCOME
    cov = fitted.logit.mode.cov
    for column in progress.steps(fitted.spec.columns, desc="profile intervals", min_total=10):
        j = fitted.index(column)
        low, high, p = _interval(fitted, j)
        b = float(fitted.logit.mode.beta[j])
        scale = float(fitted.scaling.scale[j - 1])
        se = float(np.sqrt(max(cov[j, j], 0.0)))
        rows.append(_effect_row(fitted, st, column, b / scale, low / scale, high / scale, p,
                                common, prob_direction=float(sps.norm.cdf(abs(b) / se))
                                if se > 0 else float("nan")))
    table = pd.DataFrame(rows)
    advice = (table["role"] == "advice").to_numpy()
    table["p_adjusted"] = np.nan
    if advice.any():
        table.loc[advice, "p_adjusted"] = adjust_pvalues(table.loc[advice, "p_value"].to_numpy())
    table["is_driver"] = _is_driver(table) & advice
    return table


def _raw_values(fitted: _Fitted, column: str) -> pd.Series:
    """The column's known values among the fitted rows (indicators and dummies: 0/1)."""
    if column in fitted.spec.terms:
        return pd.to_numeric(fitted.frame[column], errors="coerce").dropna()
    return fitted.raw[column]


def _effect_row(fitted: _Fitted, st: Stage, col: str, coef_raw: float, low_raw: float,
                high_raw: float, p: float, common: bool, prob_direction: float) -> dict:
    values = _raw_values(fitted, col)
    sd = float(values.std(ddof=1)) if len(values) > 1 else float("nan")
    kind = feature_kind(values)
    role_of = fitted.spec.role(col)
    if role_of == "term":
        role = "advice" if col in st.features else "control"
        n = int(len(values))
    else:
        role = "control"
        n = int(values.sum())
    size, label = NATURAL_UNITS.get(col, (None, None))
    if kind == "binary":
        size, label = 1.0, "yes vs no"
    if role_of == "missing":
        label = "unknown vs known"
    elif role_of == "category":
        label = f"vs {fitted.spec.category_reference}"
    if col == SQUARED:
        size, label = None, "curvature of length (see the length curve)"
    # a natural step beyond MAX_NATURAL_SD standard deviations of the data is extrapolation
    # (+100 words where proposals differ by 7): per SD only
    if size and kind != "binary" and sd and sd == sd and size / sd > MAX_NATURAL_SD:
        size, label = None, None
    natural = nat_low = nat_high = float("nan")
    if size and not np.isnan(coef_raw):
        natural = np.exp(coef_raw * size)
        nat_low, nat_high = np.exp(low_raw * size), np.exp(high_raw * size)
    coef = coef_raw * sd if sd == sd else float("nan")
    low, high = (low_raw * sd, high_raw * sd) if sd == sd else (float("nan"),) * 2
    # E-value on the unit a person reads: the natural one where there is one, else per SD
    if size and not np.isnan(natural):
        e, e_ci = e_value(natural, nat_low, nat_high, common)
        e_unit = label
    else:
        e, e_ci = e_value(np.exp(coef), np.exp(low), np.exp(high), common)
        e_unit = "per +1 SD"
    return {
        "feature": col, "kind": kind, "n": n, "coef": coef, "odds_ratio": np.exp(coef),
        "ci_low": np.exp(low), "ci_high": np.exp(high), "p_value": p,
        # durations enter as log2(1 + x): their SD is in doublings, not minutes or days
        "unit": (f"per +1 SD ({sd:.3g}{' doublings' if col in LOG2_FEATURES else ''})"
                 if sd == sd else "per +1 SD"),
        "odds_ratio_natural": natural, "natural_ci_low": nat_low, "natural_ci_high": nat_high,
        "natural_unit": label or "per +1 SD", "sd": sd, "role": role,
        "coef_raw": coef_raw, "coef_raw_low": low_raw, "coef_raw_high": high_raw,
        "prob_direction": prob_direction, "e_value": e, "e_value_ci": e_ci,
        "e_value_unit": e_unit,
    }


def _is_driver(table: pd.DataFrame) -> pd.Series:
    excludes_one = (table["ci_low"] > 1) | (table["ci_high"] < 1)
    return (excludes_one & (table["p_adjusted"] < ALPHA)).fillna(False).astype(bool)


def _one_at_a_time(inp: _StageInputs, st: Stage, *, method: str) -> pd.DataFrame:
    """Each habit fitted alone with the context controls (and the job category): its effect
    adjusted for context only, Benjamini-Hochberg adjusted across habits."""
    rows = []
    common = (inp.k / inp.n) > COMMON_OUTCOME
    controls = [c for c in inp.controls]
    habits = [c for c in inp.usable if c not in controls]
    for col in habits:
        terms = [col] + controls
        if col in ("word_count", SQUARED) and {"word_count", SQUARED} <= set(inp.usable):
            terms = ["word_count", SQUARED] + controls  # length enters as its curve
        fitted = _fit_terms(inp.frame, inp.y, terms, method=method)
        j = fitted.index(col)
        low, high, p = _interval(fitted, j)
        b = float(fitted.logit.mode.beta[j])
        scale = float(fitted.scaling.scale[j - 1])
        se = float(np.sqrt(max(fitted.logit.mode.cov[j, j], 0.0)))
        row = _effect_row(fitted, st, col, b / scale, low / scale, high / scale, p, common,
                          float(sps.norm.cdf(abs(b) / se)) if se > 0 else float("nan"))
        row["role"] = "advice"
        rows.append(row)
    table = pd.DataFrame(rows)
    if not table.empty:
        table["p_adjusted"] = adjust_pvalues(table["p_value"].to_numpy())
        table["is_driver"] = _is_driver(table)
        table["source"] = "adjusted for context only"
    return table


# ---------------------------------------------------------------------------- length


def _length(fitted: _Fitted, inp: _StageInputs, table: pd.DataFrame, *, seed: int,
            n_draws: int) -> tuple[dict, pd.DataFrame]:
    """The best length with its interval (Fieller) and the partial-dependence curve of the
    outcome rate on word count, with a 95% band from posterior draws.

    ``kind`` is ``peak`` when the curvature's interval is below 1 (a best length), ``valley``
    when above 1 (a worst length: shorter or longer did better), ``none`` otherwise or when the
    turning point lies outside the stage's range of lengths ("no clear optimum").
    """
    terms = fitted.spec.terms
    if not {"word_count", SQUARED} <= set(terms):
        return dict(_NO_OPTIMUM, note="length is not among this stage's model terms"), \
            pd.DataFrame()
    mean, sd = inp.length
    jw, jq = fitted.index("word_count"), fitted.index(SQUARED)
    sw, sq = fitted.scaling.scale[jw - 1], fitted.scaling.scale[jq - 1]
    beta, cov = fitted.logit.mode.beta, fitted.logit.mode.cov
    bw, bq = beta[jw] / sw, beta[jq] / sq  # per word; per unit of the squared term
    v = np.array([[cov[jw, jw] / sw ** 2, cov[jw, jq] / (sw * sq)],
                  [cov[jw, jq] / (sw * sq), cov[jq, jq] / sq ** 2]])
    words = pd.to_numeric(inp.frame["word_count"], errors="coerce").dropna()
    lo_data, hi_data = float(words.min()), float(words.max())
    median = float(words.median())
    row = table.set_index("feature").loc[SQUARED]
    curve = _length_curve(fitted, inp, words, seed=seed, n_draws=n_draws)

    def none(note: str) -> dict:
        return dict(_NO_OPTIMUM, note=note, median_words=median)

    if not (row["ci_high"] < 1 or row["ci_low"] > 1):
        return none("no clear optimum: the curvature's interval includes no curvature"), curve
    kind = "peak" if row["ci_high"] < 1 else "valley"
    # d(logit)/d(words) = bw + 2 bq (w - mean) / sd^2 = 0
    c = 2.0 / sd ** 2
    best = mean - bw / (bq * c)
    z2 = float(sps.norm.ppf(0.975)) ** 2
    a2 = c ** 2 * (bq ** 2 - z2 * v[1, 1])
    a1 = 2 * c * (bw * bq - z2 * v[0, 1])
    a0 = bw ** 2 - z2 * v[0, 0]
    low = high = float("nan")
    if a2 > 0:
        disc = a1 ** 2 - 4 * a2 * a0
        if disc >= 0:
            r = np.sqrt(disc)
            low, high = mean + (-a1 - r) / (2 * a2), mean + (-a1 + r) / (2 * a2)
    word = "best" if kind == "peak" else "worst"
    if not lo_data <= best <= hi_data:
        trend = "falls" if (kind == "peak") == (best < lo_data) else "rises"
        return none(f"no clear optimum: the {word} length lies outside your range of "
                    f"{lo_data:.0f}-{hi_data:.0f} words (the rate {trend} across it)"), curve
    if np.isnan(low):
        return none(f"no clear optimum: the {word} length's interval is unbounded"), curve
    note = (f"the {word} length of a proposal is about {best:.0f} words (95% interval "
            f"{low:.0f}-{high:.0f})")
    if kind == "valley":
        note += ": proposals near it did worse than shorter or longer ones"
    if low < lo_data or high > hi_data:
        note += f"; the interval reaches beyond your range of {lo_data:.0f}-{hi_data:.0f} words"
    return {"kind": kind, "words": float(best), "ci_low": float(low), "ci_high": float(high),
            "note": note, "median_words": median}, curve


def _length_curve(fitted: _Fitted, inp: _StageInputs, words: pd.Series, *, seed: int,
                  n_draws: int, max_rows: int = 300) -> pd.DataFrame:
    """Partial dependence of the outcome rate on word count: every row's predicted rate with
    its length set to each grid value, averaged over the rows; 95% band from draws."""
    mean, sd = inp.length
    rng = np.random.default_rng(seed)
    rows = np.arange(len(fitted.raw))
    if len(rows) > max_rows:
        rows = np.sort(rng.choice(rows, max_rows, replace=False))
    Z = fitted.scaling.transform(fitted.raw.to_numpy(dtype=float)[rows])
    X = np.column_stack([np.ones(len(Z)), Z])
    draws = np.vstack([fitted.logit.mode.beta, fitted.logit.draws(n_draws, seed=seed)])
    jw, jq = fitted.index("word_count"), fitted.index(SQUARED)
    base = draws @ X.T - np.outer(draws[:, jw], X[:, jw]) - np.outer(draws[:, jq], X[:, jq])
    grid = np.linspace(float(words.quantile(0.025)), float(words.quantile(0.975)), 41)
    out = []
    for w in grid:
        zw = (w - fitted.scaling.center[jw - 1]) / fitted.scaling.scale[jw - 1]
        zq = (((w - mean) / sd) ** 2 - fitted.scaling.center[jq - 1]) / \
            fitted.scaling.scale[jq - 1]
        prob = (1 / (1 + np.exp(-(base + draws[:, [jw]] * zw + draws[:, [jq]] * zq)))).mean(1)
        out.append({"words": float(w), "rate": float(prob[0]),
                    "ci_low": float(np.percentile(prob[1:], 2.5)),
                    "ci_high": float(np.percentile(prob[1:], 97.5))})
    return pd.DataFrame(out)


# ---------------------------------------------------------------------------- evaluation


def _evaluate(fitted: _Fitted, inp: _StageInputs, seed: int
              ) -> tuple[dict, pd.DataFrame, dict[str, float]]:
    """Out-of-sample quality of the model as fitted (nothing is tuned on the data, so plain
    cross-validation is already nested): repeated stratified 5-fold AUC with a bootstrap
    interval, Brier score against the base rate, a calibration curve, permutation importance;
    and a time-ordered check (fitted on the earliest 70% of the proposals, tested on the
    latest 30%)."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    y = inp.y
    X = fitted.raw.to_numpy(dtype=float)
    columns = fitted.spec.columns
    n_repeats = 5
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=n_repeats, random_state=seed)
    oof = np.zeros((n_repeats, len(y)))
    base_pred = np.zeros((n_repeats, len(y)))
    importance = np.zeros(len(columns))
    rng = np.random.default_rng(seed)
    for i, (train, test) in enumerate(cv.split(X, y)):
        rep = i // 5
        model = _refit(X[train], y[train], fitted.logit.method)
        pred = model(X[test])
        oof[rep, test] = pred
        base_pred[rep, test] = y[train].mean()
        if rep == 0:
            auc = auc_score(y[test], pred)
            for j in range(len(columns)):
                drops = []
                for _ in range(3):
                    shuffled = X[test].copy()
                    shuffled[:, j] = shuffled[rng.permutation(len(test)), j]
                    drops.append(auc - auc_score(y[test], model(shuffled)))
                importance[j] += np.mean(drops) / 5
    aucs = [auc_score(y, oof[r]) for r in range(n_repeats)]
    pred = oof.mean(axis=0)
    boot_rng = np.random.default_rng(seed + 1)
    boot = []
    for _ in range(500):
        idx = boot_rng.integers(0, len(y), len(y))
        value = auc_score(y[idx], pred[idx])
        if value == value:
            boot.append(value)
    calibration = _calibration(y, pred)
    model = {
        "cv_auc": float(np.mean(aucs)),
        "cv_auc_ci": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
        "cv_scheme": f"5-fold stratified, repeated {n_repeats} times; nothing tuned on the "
                     "data, so no fold's test rows inform its model",
        "brier": float(np.mean((pred - y) ** 2)),
        "brier_base": float(np.mean([np.mean((base_pred[r] - y) ** 2)
                                     for r in range(n_repeats)])),
        "penalty_C": None,
        "estimator": fitted.logit.method,
    }
    model.update(_forward_check(fitted, inp, seed))
    return model, calibration, dict(zip(columns, importance))


def _refit(X: np.ndarray, y: np.ndarray, method: str):
    """A predictor fitted on ``(X, y)`` with the same design rules (rescaling learnt on the
    training rows only)."""
    scaling = Scaling.fit(X)
    logit = Logit(scaling.transform(X), y.astype(float), method=method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        logit.mode  # noqa: B018
    return lambda new: logit.predict(scaling.transform(new))


def _calibration(y: np.ndarray, pred: np.ndarray, n_bins: int = 8) -> pd.DataFrame:
    """Observed against mean predicted rate in quantile bins of the predictions."""
    order = np.argsort(pred, kind="stable")
    groups = np.array_split(order, min(n_bins, max(1, len(y) // 10)))
    rows = [{"predicted": float(pred[g].mean()), "observed": float(y[g].mean()),
             "n": int(len(g))} for g in groups if len(g)]
    return pd.DataFrame(rows, columns=["predicted", "observed", "n"])


def _forward_check(fitted: _Fitted, inp: _StageInputs, seed: int) -> dict:
    """AUC and calibration-in-the-large on the latest 30% of the proposals, from a model
    fitted on the earliest 70%."""
    empty = {"forward_auc": None, "forward_auc_ci": None, "forward_n": None,
             "forward_observed": None, "forward_predicted": None}
    if "months_since_first" not in inp.frame:
        return empty
    t = pd.to_numeric(inp.frame["months_since_first"], errors="coerce").to_numpy()
    if np.isnan(t).all():
        return empty
    order = np.argsort(np.where(np.isnan(t), np.inf, t), kind="stable")
    cut = int(round(0.7 * len(order)))
    train, test = order[:cut], order[cut:]
    y = inp.y
    if min(y[train].sum(), (~y[train]).sum(), y[test].sum(), (~y[test]).sum()) < MIN_EVENTS:
        return empty
    X = fitted.raw.to_numpy(dtype=float)
    pred = _refit(X[train], y[train], fitted.logit.method)(X[test])
    rng = np.random.default_rng(seed + 2)
    boot = []
    for _ in range(500):
        idx = rng.integers(0, len(test), len(test))
        value = auc_score(y[test][idx], pred[idx])
        if value == value:
            boot.append(value)
    return {"forward_auc": auc_score(y[test], pred),
            "forward_auc_ci": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
            "forward_n": int(len(test)), "forward_observed": float(y[test].mean()),
            "forward_predicted": float(pred.mean())}


def analyze_funnel_stages(features: pd.DataFrame, proposals: pd.DataFrame, seed: int = 0,
                          n_boot: int = 300) -> dict[str, DriversResult]:
    """:func:`analyze_drivers` for each stage of :data:`FUNNEL_STAGES`."""
    return {s: analyze_drivers(features, proposals, stage=s, seed=seed, n_boot=n_boot)
            for s in FUNNEL_STAGES}


# ---------------------------------------------------------------------------- prediction


@dataclass
class StageModel:
    """One stage's adjusted model, fitted on the whole history to score new proposals.

    Built by :func:`fit_stage_model`: the rows, terms, tier rules, design (missingness
    indicators, job category) and estimator of :func:`analyze_drivers`.

    Attributes
    ----------
    stage : Stage
        The funnel stage.
    n, n_outcomes : int
        Proposals in the stage and how many reached the outcome.
    base_rate : float
        ``n_outcomes / n``; ``base_rate_ci`` its Wilson 95% interval.
    tier : str
        ``model`` when a model was fitted; ``descriptive`` or ``none`` when the history is too
        small (``reason`` says why) and nothing can be predicted.
    terms : list of str
        The model's measured terms, in order (the job category and missingness indicators
        follow them in ``columns``).
    """

    stage: Stage
    n: int
    n_outcomes: int
    base_rate: float
    base_rate_ci: tuple[float, float]
    tier: str
    reason: str
    notes: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    seed: int = 0
    penalty_C: float | None = None
    _fitted: _Fitted | None = field(default=None, repr=False)
    _length_scale: tuple[float, float] = field(default=(0.0, 1.0), repr=False)

    @property
    def is_fitted(self) -> bool:
        """Whether a model was fitted (the history is in the model tier)."""
        return self._fitted is not None

    @property
    def columns(self) -> list[str]:
        """Every model input: the terms, missingness indicators and category dummies."""
        return self._fitted.spec.columns if self._fitted is not None else []

    @property
    def coef_per_unit(self) -> pd.Series:
        """The posterior-mode log odds ratio per unit of each model input (``columns``), as
        :func:`analyze_drivers` reports it in ``coef_raw``."""
        self._check_fitted()
        fitted = self._fitted
        return pd.Series(fitted.logit.mode.beta[1:] / fitted.scaling.scale,
                         index=fitted.spec.columns)

    def design(self, new_features: pd.DataFrame) -> pd.DataFrame:
        """The model's raw terms for new proposals, transformed as in :func:`modeling_frame`.

        Durations become ``log2(1 + x)`` and ``word_count_squared`` is the squared word count
        standardised on the *history's* mean and SD. A term missing from ``new_features`` is
        unknown (NaN): the model fills it like any unknown value. A ``job_category`` column
        is kept for the category control.
        """
        out = pd.DataFrame(index=new_features.index)
        mean, sd = self._length_scale
        for col in self.terms:
            if col == SQUARED and "word_count" in new_features:
                wc = pd.to_numeric(new_features["word_count"], errors="coerce")
                out[col] = ((wc - mean) / sd) ** 2
            elif col in new_features:
                v = pd.to_numeric(new_features[col], errors="coerce").astype(float)
                out[col] = np.log2(1 + v.clip(lower=0)) if col in LOG2_FEATURES else v
            else:
                out[col] = np.nan
        out = out.astype(float)
        if CATEGORY_COLUMN in new_features:
            out[CATEGORY_COLUMN] = new_features[CATEGORY_COLUMN].to_numpy()
        return out

    def inputs(self, new_features: pd.DataFrame) -> pd.DataFrame:
        """The model's inputs for new proposals, unscaled: the terms (unknown values filled),
        the unknown-value indicators and the job-category dummies (``columns``)."""
        self._check_fitted()
        return self._fitted.spec.frame(self.design(new_features))

    @property
    def training_inputs(self) -> tuple[pd.DataFrame, np.ndarray]:
        """The inputs (as :meth:`inputs` gives them) and outcomes of the rows fitted."""
        self._check_fitted()
        return self._fitted.raw, self._fitted.logit.y.astype(bool)

    def matrix(self, new_features: pd.DataFrame) -> np.ndarray:
        """Rescaled model inputs for new proposals (rows of ``new_features``)."""
        self._check_fitted()
        raw = self._fitted.spec.frame(self.design(new_features))
        return self._fitted.scaling.transform(raw.to_numpy(dtype=float))

    def predict_proba(self, new_features: pd.DataFrame) -> np.ndarray:
        """The probability of the outcome for each row at the posterior mode.

        Raises
        ------
        InsufficientDataError
            When no model was fitted (see ``reason``).
        """
        return self._fitted.logit.predict(self.matrix(new_features))

    def draw_proba(self, new_features: pd.DataFrame, n_draws: int = N_DRAWS,
                   seed: int | None = None) -> np.ndarray:
        """Probabilities under ``n_draws`` posterior draws: shape ``(n_draws, n_rows)``."""
        Z = self.matrix(new_features)
        draws = self._fitted.logit.draws(n_draws, seed=self.seed if seed is None else seed)
        return np.atleast_2d(self._fitted.logit.predict(Z, draws))

    def predict_proba_interval(self, new_features: pd.DataFrame, n_boot: int = N_DRAWS,
                               alpha: float = 0.05) -> pd.DataFrame:
        """Predicted probabilities with 95% posterior intervals (the posterior mean and the
        percentiles of ``n_boot`` draws of the Laplace approximation: the intercept's, i.e.
        the base rate's, uncertainty included).

        Raises
        ------
        InsufficientDataError
            When no model was fitted (see ``reason``).
        ParameterError
            For ``n_boot`` below 20.
        """
        self._check_fitted()
        if n_boot < 20:
            raise ParameterError(f"n_boot={n_boot}: at least 20 draws are needed for an "
                                 "interval")
        draws = self.draw_proba(new_features, n_draws=max(n_boot, N_DRAWS))
        return pd.DataFrame({"probability": draws.mean(axis=0),
                             "ci_low": np.percentile(draws, 100 * alpha / 2, axis=0),
                             "ci_high": np.percentile(draws, 100 * (1 - alpha / 2), axis=0)},
                            index=new_features.index)

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise InsufficientDataError(f"no model for {self.stage.label}: {self.reason} "
                                        f"(tier {self.tier})")


def fit_stage_model(features: pd.DataFrame, proposals: pd.DataFrame, stage: str = "hired",
                    seed: int = 0, *, threads: bool = True) -> StageModel:
    """Fit the adjusted model of one stage on the whole history, for scoring new rows.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per proposal with ``proposal_id`` and feature columns (``build_features``).
    proposals : pandas.DataFrame
        The canonical proposals table (for the funnel flags and job category).
    stage : str, default="hired"
        A key of :data:`STAGES`.
    seed : int, default=0
        Seed for the posterior draws.
    threads : bool, default=True
        Use the interview-thread features where the stage has them; ``False`` leaves them
        out (a draft has no thread: the coach predicts hire given interview without them).

    Returns
    -------
    StageModel
        Fitted when the history is in the model tier; otherwise ``tier`` and ``reason`` say
        why not and predicting raises :class:`InsufficientDataError`.

    Raises
    ------
    ParameterError
        For an unknown ``stage``.
    """
    if stage not in STAGES:
        raise ParameterError(f"stage={stage!r}; choose from {sorted(STAGES)}")
    st = STAGES[stage]
    exclude = frozenset() if threads else _THREAD_COLUMNS
    with threadpool_limits(limits=1, user_api="blas"):
        inp = _stage_inputs(features, proposals, st, exclude=exclude)
        rate, lo, hi = rate_with_interval(inp.k, inp.n)
        result = StageModel(stage=st, n=inp.n, n_outcomes=inp.k, base_rate=rate,
                            base_rate_ci=(lo, hi), tier=inp.tier, reason=inp.reason,
                            notes=inp.notes, seed=seed, _length_scale=inp.length)
        if inp.tier != "model":
            return result
        fitted = _fit(inp, st, method=ESTIMATOR)
        result.reason = _model_reason(inp, fitted)
        result.terms = list(inp.model_terms)
        result._fitted = fitted
    return result
