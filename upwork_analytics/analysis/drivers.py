"""Win-rate drivers: which measured habits go with more views, interviews and hires.

For one funnel stage, :func:`analyze_drivers` reports, in order of how much the data can bear:

1. the base rate with its interval and n;
2. one feature at a time: the rate across natural bins of each feature, and the feature's own
   odds ratio per standard deviation with its interval, p-values corrected for testing many
   features (Benjamini-Hochberg);
3. all together (only with about 10 outcome events per model term): an L2-penalised logistic
   regression on standardised, pre-specified features with the job context as controls, odds
   ratios per +1 SD with bootstrap intervals, repeated stratified cross-validated AUC with an
   interval, Brier score against the base rate, calibration and permutation importance.

A feature is called a *driver* only when its interval excludes "no effect" and its adjusted
p-value is below 0.05. The same input and seed give the same numbers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from upwork_analytics.load import progress
from upwork_analytics.analysis.funnel import rate_with_interval
from upwork_analytics.analysis.stats import (
    adjust_pvalues,
    binned_rates,
    bootstrap_interval,
    bootstrap_pvalue,
)
from upwork_analytics.exceptions import InsufficientDataError, ParameterError, SchemaError
from upwork_analytics.features.threads import INTERVIEW_FEATURES
from upwork_analytics.schema import ProposalCols as P

#: Events per model term below which no multivariable model is fitted.
MIN_EVENTS_PER_TERM = 10
#: Fewer outcome events than this: rates only, no comparison is trusted.
MIN_EVENTS = 5
#: A one-feature log-odds interval wider than this means (quasi-)separation: not estimable.
_MAX_LOG_CI_WIDTH = 20.0
#: Adjusted p-value threshold for calling a feature a driver.
ALPHA = 0.05
SQUARED = "word_count_squared"

_PROPOSAL_TEXT = ("word_count", SQUARED, "question_count", "result_phrase_count",
                  "enthusiasm_score", "template_similarity", "client_question_coverage",
                  "social_proof", "reliability_mentions")
#: Every column the interview-thread analysis adds: valid only once the client replied.
_THREAD_COLUMNS = frozenset(INTERVIEW_FEATURES)
_INTERVIEW_THREAD = ("first_reply_minutes", "answer_coverage", "share_2_to_4_sentences",
                     "follow_up_count", "call_or_video_mentioned")


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
          ("boosted", "invited", "competition_low", "months_since_first", "bid_to_budget_ratio",
           "is_hourly")),
    Stage("interviewed_given_viewed", P.interviewed, P.viewed, "interviewed given viewed",
          ("word_count", SQUARED, "question_count", "result_phrase_count", "enthusiasm_score",
           "template_similarity", "job_overlap", "client_question_coverage", "social_proof",
           "reliability_mentions", "has_portfolio_link", "call_to_action", "mentions_rate",
           "you_i_ratio", "reading_grade"),
          ("bid_to_budget_ratio", "invited", "months_since_first", "is_hourly")),
    Stage("hired_given_interviewed", P.hired, P.interviewed, "hired given interviewed",
          ("bid_to_budget_ratio", "reliability_mentions", "social_proof", "mentions_rate",
           "result_phrase_count", "question_count", "enthusiasm_score", *_INTERVIEW_THREAD),
          ("invited", "is_hourly", "months_since_first")),
    Stage("interviewed", P.interviewed, None, "interviewed given sent",
          ("opening_personalized", "opening_generic", *_PROPOSAL_TEXT, "bid_to_budget_ratio"),
          ("boosted", "invited", "competition_low", "months_since_first")),
    Stage("hired", P.hired, None, "hired given sent",
          ("opening_personalized", "opening_generic", *_PROPOSAL_TEXT, "bid_to_budget_ratio"),
          ("boosted", "invited", "competition_low", "months_since_first")),
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


@dataclass
class DriversResult:
    """Everything :func:`analyze_drivers` found for one stage."""

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

    @property
    def drivers(self) -> pd.DataFrame:
        """The effects whose interval excludes no effect and whose adjusted p < 0.05."""
        table = self.coefficients if self.tier == "model" else self.univariate
        if table.empty:
            return table
        return table[table["is_driver"]]

    def effects(self) -> pd.DataFrame:
        """Per feature, the best evidence the tier allows: the model's where there is one,
        else the one-feature comparison."""
        return self.coefficients if self.tier == "model" else self.univariate

    def to_dict(self) -> dict:
        """The documented JSON shape (see docs/drivers.md)."""
        effects = self.effects()
        drivers = []
        for row in effects.itertuples(index=False):
            drivers.append({
                "feature": row.feature, "odds_ratio": _num(row.odds_ratio),
                "ci_low": _num(row.ci_low), "ci_high": _num(row.ci_high), "unit": row.unit,
                "p_adjusted": _num(row.p_adjusted),
                "importance": _num(getattr(row, "importance", float("nan"))),
                "odds_ratio_natural": _num(row.odds_ratio_natural),
                "natural_ci": [_num(row.natural_ci_low), _num(row.natural_ci_high)],
                "natural_unit": row.natural_unit, "is_driver": bool(row.is_driver),
                "separated": bool(getattr(row, "separated", False)),
                "source": "model" if self.tier == "model" else "one feature at a time",
            })
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
        }


def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if np.isnan(x) else round(x, 6)


#: Right-skewed durations enter the analysis as log2(1 + x): their effects read "per doubling".
LOG2_FEATURES = ("first_reply_minutes", "median_reply_minutes", "follow_up_gap_days")


def modeling_frame(features: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """Join the feature table to the funnel flags on ``proposal_id`` (one row per proposal).

    Durations in :data:`LOG2_FEATURES` are replaced by ``log2(1 + x)``; ``word_count_squared``
    (standardised word count, squared) is added for the length optimum."""
    missing = [c for c in (P.proposal_id,) if c not in features.columns]
    if missing:
        raise SchemaError(f"features table has no {missing[0]!r} column")
    flags = proposals[[P.proposal_id, P.viewed, P.interviewed, P.hired]]
    frame = features.merge(flags, on=P.proposal_id, how="inner", validate="one_to_one")
    for col in LOG2_FEATURES:
        if col in frame:
            frame[col] = np.log2(1 + pd.to_numeric(frame[col], errors="coerce").clip(lower=0))
    if "word_count" in frame:
        wc = pd.to_numeric(frame["word_count"], errors="coerce")
        z = (wc - wc.mean()) / (wc.std() or 1.0)
        frame[SQUARED] = z**2
    return frame


def analyze_drivers(features: pd.DataFrame, proposals: pd.DataFrame, stage: str = "hired",
                    seed: int = 0, n_boot: int = 300, *, evaluate: bool = True
                    ) -> DriversResult:
    """Analyse what goes with the outcome of one funnel stage.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per proposal with ``proposal_id`` and feature columns (``build_features``).
    proposals : pandas.DataFrame
        The canonical proposals table (for the funnel flags).
    stage : str, default="hired"
        A key of :data:`STAGES`: ``hired``, ``interviewed``, ``viewed`` (each given sent),
        ``interviewed_given_viewed`` or ``hired_given_interviewed``.
    seed : int, default=0
        Seed for the bootstrap and the cross-validation splits.
    n_boot : int, default=300
        Bootstrap resamples for the odds-ratio intervals.
    evaluate : bool, default=True
        In the model tier, also measure the model's quality (cross-validated AUC, Brier score,
        calibration, permutation importance). ``False`` skips that (about two thirds of the
        time) for callers that need only the effects: the effects table is the same, its
        ``importance`` column is NaN, and ``model`` holds only ``penalty_C``.

    Returns
    -------
    DriversResult
    """
    if stage not in STAGES:
        raise ParameterError(f"stage={stage!r}; choose from {sorted(STAGES)}")
    st = STAGES[stage]
    inp = _stage_inputs(features, proposals, st)
    rate, lo, hi = rate_with_interval(inp.k, inp.n)
    result = DriversResult(stage=st, n=inp.n, n_outcomes=inp.k, base_rate=rate,
                           base_rate_ci=(lo, hi), tier=inp.tier, reason=inp.reason,
                           notes=inp.notes, seed=seed)
    if inp.tier == "none":
        return result
    # below MIN_EVENTS outcome events no comparison means anything: binned rates only
    fit = min(inp.k, inp.n - inp.k) >= MIN_EVENTS
    result.univariate, result.bins = _one_at_a_time(inp.frame, inp.y, inp.usable, fit=fit)
    if inp.tier == "descriptive":
        return result
    X = inp.frame[inp.model_terms].apply(pd.to_numeric, errors="coerce").astype(float)
    result.coefficients, result.model, result.calibration = _fit_model(
        X, inp.y, seed=seed, n_boot=n_boot, controls=set(st.controls), evaluate=evaluate)
    separated = separating_features(X, inp.y)
    result.coefficients["separated"] = result.coefficients["feature"].isin(separated)
    if separated:
        result.notes.append(
            "the outcome is perfectly split by " + ", ".join(separated) + " (every proposal "
            "on one side of a value had the outcome, none on the other): the direction is "
            "clear but the size is not estimable; the penalty keeps the odds ratio finite, "
            "and its interval, the AUC and the Brier score overstate how sure this is")
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


def _stage_inputs(features: pd.DataFrame, proposals: pd.DataFrame, st: Stage) -> _StageInputs:
    """The rows of stage ``st``, its usable columns and model terms, and which tier of analysis
    they allow: shared by :func:`analyze_drivers` and :func:`fit_stage_model`."""
    frame = modeling_frame(features, proposals)
    notes: list[str] = []
    if st.given is not None:
        frame = frame[frame[st.given].fillna(False).astype(bool)]
    unknown = frame[st.outcome].isna()
    if unknown.any():
        notes.append(f"{int(unknown.sum())} proposals with an unknown outcome left out")
        frame = frame[~unknown]
    y = frame[st.outcome].astype(bool).to_numpy()
    n, k = len(y), int(y.sum())
    inp = _StageInputs(frame=frame, y=y, n=n, k=k, notes=notes, tier="none", reason="")
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

    candidates = [c for c in features.columns if c != P.proposal_id]
    if st.given != P.interviewed:
        # A thread exists only once the client replied: using it before that stage leaks the
        # outcome (having a reply time at all means "interviewed").
        thread = [c for c in candidates if c in _THREAD_COLUMNS]
        candidates = [c for c in candidates if c not in _THREAD_COLUMNS]
        if thread:
            notes.append("interview-thread features are analysed only for hired given "
                         "interviewed (they exist only after the client replied)")
    if SQUARED in frame:
        candidates.append(SQUARED)
    inp.usable = _usable_columns(frame, candidates, notes)
    inp.model_terms = [c for c in (*st.features, *st.controls) if c in inp.usable]
    absent = [c for c in (*st.features, *st.controls) if c not in frame.columns]
    if absent:
        notes.append("not in the data, left out of the model: " + ", ".join(absent))
    events = min(k, n - k)
    epv = events / max(1, len(inp.model_terms))
    inp.tier = "descriptive"
    if events < MIN_EVENTS:
        side = what if events == k else f"not {what}"
        inp.reason = (f"only {events} of {n} proposals {side}: at least {MIN_EVENTS} are "
                      "needed before a comparison means anything, and about "
                      f"{MIN_EVENTS_PER_TERM} per model term for a model; rates only")
        return inp
    if epv < MIN_EVENTS_PER_TERM:
        inp.reason = (f"{events} outcome events for {len(inp.model_terms)} model terms "
                      f"({epv:.1f} per term; about {MIN_EVENTS_PER_TERM} are needed): rates "
                      "and one-feature comparisons only")
        return inp
    inp.tier = "model"
    inp.reason = (f"{events} outcome events for {len(inp.model_terms)} model terms "
                  f"({epv:.1f} per term)")
    return inp


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


def _one_at_a_time(frame: pd.DataFrame, y: np.ndarray, columns: list[str], fit: bool = True
                   ) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Binned rates of each feature and, with ``fit``, its own logistic odds ratio (else an
    empty effects table)."""
    import statsmodels.api as sm

    rows, bins = [], {}
    outcome = pd.Series(y, index=frame.index)
    for col in columns:
        v = pd.to_numeric(frame[col], errors="coerce").astype(float)
        kind = feature_kind(v)
        if col != SQUARED:
            bins[col] = binned_rates(v, outcome, kind)
        if not fit:
            continue
        ok = v.notna().to_numpy()
        x = v[ok].to_numpy()
        sd = float(np.std(x, ddof=1)) if ok.sum() > 1 else float("nan")
        coef = low = high = p = float("nan")
        if sd and not np.isnan(sd):
            z = (x - x.mean()) / sd
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    fit = sm.Logit(y[ok].astype(float), sm.add_constant(z)).fit(disp=0,
                                                                                maxiter=100)
                    low, high = (float(b) for b in fit.conf_int()[1])
                    if np.isfinite([low, high]).all() and high - low < _MAX_LOG_CI_WIDTH:
                        coef, p = float(fit.params[1]), float(fit.pvalues[1])
                    else:  # (quasi-)separation: the estimate runs away
                        low = high = float("nan")
                except Exception:  # separation or no convergence: no estimate
                    low = high = float("nan")
        rows.append(_effect_row(col, coef, low, high, p, sd, kind, int(ok.sum())))
    table = pd.DataFrame(rows)
    if not table.empty:
        table["p_adjusted"] = adjust_pvalues(table["p_value"].to_numpy())
        table["is_driver"] = _is_driver(table)
    return table, bins


def _effect_row(col: str, coef: float, low: float, high: float, p: float, sd: float,
                kind: str, n: int) -> dict:
    size, label = NATURAL_UNITS.get(col, (None, None))
    if kind == "binary":
        size, label = 1.0, "yes vs no"
    if col == SQUARED:
        size, label = None, "curvature of length (below 1 = a best length in the middle)"
    # a natural step beyond MAX_NATURAL_SD standard deviations of the data is extrapolation
    # (+100 words where proposals differ by 7): per SD only
    if size and kind != "binary" and sd and sd == sd and size / sd > MAX_NATURAL_SD:
        size, label = None, None
    natural = nat_low = nat_high = float("nan")
    if size and sd and not np.isnan(coef):
        natural = np.exp(coef / sd * size)
        nat_low, nat_high = np.exp(low / sd * size), np.exp(high / sd * size)
    return {
        "feature": col, "kind": kind, "n": n, "coef": coef, "odds_ratio": np.exp(coef),
        "ci_low": np.exp(low), "ci_high": np.exp(high), "p_value": p,
        # durations enter as log2(1 + x): their SD is in doublings, not minutes or days
        "unit": (f"per +1 SD ({sd:.3g}{' doublings' if col in LOG2_FEATURES else ''})"
                 if sd == sd else "per +1 SD"),
        "odds_ratio_natural": natural, "natural_ci_low": nat_low, "natural_ci_high": nat_high,
        "natural_unit": label or "per +1 SD", "sd": sd,
    }


def _is_driver(table: pd.DataFrame) -> pd.Series:
    excludes_one = (table["ci_low"] > 1) | (table["ci_high"] < 1)
    return (excludes_one & (table["p_adjusted"] < ALPHA)).fillna(False).astype(bool)


def _fit_model(X: pd.DataFrame, y: np.ndarray, *, seed: int, n_boot: int, controls: set[str],
               evaluate: bool = True) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    prep = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    Z = prep.fit_transform(X)
    C = _choose_penalty(Z, y, seed)
    base = LogisticRegression(C=C, solver="newton-cholesky", max_iter=200)
    base.fit(Z, y)
    coefs = base.coef_[0]
    boot, _ = _bootstrap_fits(Z, y, C, seed=seed, n_boot=n_boot)
    low, high = bootstrap_interval(boot)
    pvals = bootstrap_pvalue(coefs, boot)
    sds = X.std(ddof=0).to_numpy()
    rows = []
    for j, col in enumerate(X.columns):
        kind = feature_kind(X[col])
        row = _effect_row(col, coefs[j], low[j], high[j], pvals[j], sds[j], kind,
                          int(X[col].notna().sum()))
        row["role"] = "control" if col in controls else "advice"
        rows.append(row)
    table = pd.DataFrame(rows)
    table["p_adjusted"] = adjust_pvalues(table["p_value"].to_numpy())
    table["is_driver"] = _is_driver(table)
    if evaluate:
        model, calibration, importance = _evaluate(X, y, C, seed)
    else:
        model = {"cv_auc": None, "cv_auc_ci": None, "brier": None, "brier_base": None,
                 "penalty_C": C}
        calibration, importance = pd.DataFrame(), np.full(X.shape[1], np.nan)
    table["importance"] = importance
    order = np.argsort(-np.abs(table["coef"].to_numpy()), kind="stable")
    return table.iloc[order].reset_index(drop=True), model, calibration


def _bootstrap_fits(Z: np.ndarray, y: np.ndarray, C: float, *, seed: int, n_boot: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients ``(n_boot, p)`` and intercepts ``(n_boot,)`` of the penalised model refitted
    on outcome-stratified bootstrap resamples (events and non-events resampled separately, so
    every resample keeps the observed number of each)."""
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y), np.flatnonzero(~y)
    coefs = np.full((n_boot, Z.shape[1]), np.nan)
    intercepts = np.full(n_boot, np.nan)
    for b in progress.steps(range(n_boot), desc="bootstrap refits", min_total=50):
        idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
        fit = LogisticRegression(C=C, solver="newton-cholesky", max_iter=200).fit(Z[idx], y[idx])
        coefs[b], intercepts[b] = fit.coef_[0], fit.intercept_[0]
    return coefs, intercepts


def _pipeline(C: float):
    return make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                         LogisticRegression(C=C, solver="newton-cholesky", max_iter=200))


def _choose_penalty(Z: np.ndarray, y: np.ndarray, seed: int) -> float:
    """The L2 strength with the best cross-validated log-loss on a small grid."""
    from sklearn.model_selection import cross_val_score

    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    best, best_c = -np.inf, 1.0
    for c in (0.03, 0.1, 0.3, 1.0, 3.0):
        score = cross_val_score(LogisticRegression(C=c, solver="newton-cholesky", max_iter=200), Z, y, cv=cv,
                                scoring="neg_log_loss").mean()
        if score > best + 1e-9:
            best, best_c = score, c
    return best_c


def _evaluate(X: pd.DataFrame, y: np.ndarray, C: float, seed: int
              ) -> tuple[dict, pd.DataFrame, np.ndarray]:
    """Repeated stratified CV: AUC with a bootstrap interval, Brier vs base rate, calibration,
    and permutation importance on held-out folds."""
    n_repeats = 5
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=n_repeats, random_state=seed)
    oof = np.zeros((n_repeats, len(y)))
    base_pred = np.zeros((n_repeats, len(y)))
    importance = np.zeros(X.shape[1])
    for i, (train, test) in enumerate(cv.split(X, y)):
        rep = i // 5
        model = _pipeline(C).fit(X.iloc[train], y[train])
        oof[rep, test] = model.predict_proba(X.iloc[test])[:, 1]
        base_pred[rep, test] = y[train].mean()
        if rep == 0:
            imp = permutation_importance(model, X.iloc[test], y[test], scoring="roc_auc",
                                         n_repeats=3, random_state=seed)
            importance += imp.importances_mean / 5
    aucs = [roc_auc_score(y, oof[r]) for r in range(n_repeats)]
    pred = oof.mean(axis=0)
    rng = np.random.default_rng(seed + 1)
    boot = []
    for _ in range(500):
        idx = rng.integers(0, len(y), len(y))
        if y[idx].all() or not y[idx].any():
            continue
        boot.append(roc_auc_score(y[idx], pred[idx]))
    frac_pos, mean_pred = calibration_curve(y, pred, n_bins=8, strategy="quantile")
    model = {
        "cv_auc": float(np.mean(aucs)),
        "cv_auc_ci": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
        "cv_scheme": f"5-fold stratified, repeated {n_repeats} times",
        "brier": float(brier_score_loss(y, pred)),
        "brier_base": float(np.mean([brier_score_loss(y, base_pred[r])
                                     for r in range(n_repeats)])),
        "penalty_C": C,
    }
    calibration = pd.DataFrame({"predicted": mean_pred, "observed": frac_pos})
    return model, calibration, importance


def analyze_funnel_stages(features: pd.DataFrame, proposals: pd.DataFrame, seed: int = 0,
                          n_boot: int = 300) -> dict[str, DriversResult]:
    """:func:`analyze_drivers` for each stage of :data:`FUNNEL_STAGES`."""
    return {s: analyze_drivers(features, proposals, stage=s, seed=seed, n_boot=n_boot)
            for s in FUNNEL_STAGES}


@dataclass
class StageModel:
    """One stage's multivariable model, fitted on the whole history to score new proposals.

    Built by :func:`fit_stage_model`; the same terms, imputation, standardisation, penalty and
    outcome-stratified bootstrap as the model of :func:`analyze_drivers`.

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
        The model's columns, in order.
    penalty_C : float or None
        The cross-validated L2 strength.
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
    _prep: object = field(default=None, repr=False)
    _model: LogisticRegression | None = field(default=None, repr=False)
    _Z: np.ndarray | None = field(default=None, repr=False)
    _y: np.ndarray | None = field(default=None, repr=False)
    _length_scale: tuple[float, float] = field(default=(0.0, 1.0), repr=False)
    _boot: dict = field(default_factory=dict, repr=False)

    @property
    def is_fitted(self) -> bool:
        """Whether a model was fitted (the history is in the model tier)."""
        return self._model is not None

    def design(self, new_features: pd.DataFrame) -> pd.DataFrame:
        """The model's columns for new proposals, transformed as in :func:`modeling_frame`.

        Durations become ``log2(1 + x)`` and ``word_count_squared`` is the squared word count
        standardised on the *history's* mean and SD. A term missing from ``new_features`` is
        unknown (NaN) and, like any unknown, imputed with the history's median.
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
        return out.astype(float)

    def predict_proba(self, new_features: pd.DataFrame) -> np.ndarray:
        """The model's probability of the outcome for each row of ``new_features``.

        Raises
        ------
        InsufficientDataError
            When no model was fitted (see ``reason``).
        """
        self._check_fitted()
        Z = self._prep.transform(self.design(new_features))
        return self._model.predict_proba(Z)[:, 1]

    def predict_proba_interval(self, new_features: pd.DataFrame, n_boot: int = 200,
                               alpha: float = 0.05) -> pd.DataFrame:
        """Predicted probabilities with percentile intervals from the outcome-stratified
        bootstrap (the model refitted ``n_boot`` times; the refits are cached).

        Parameters
        ----------
        new_features : pandas.DataFrame
            Feature rows (``build_features`` columns); missing columns are unknown.
        n_boot : int, default=200
            Bootstrap resamples.
        alpha : float, default=0.05
            One minus the interval's coverage.

        Returns
        -------
        pandas.DataFrame
            ``probability`` (the model fitted on all the history), ``ci_low``, ``ci_high``;
            the index of ``new_features``.

        Raises
        ------
        InsufficientDataError
            When no model was fitted (see ``reason``).
        ParameterError
            For ``n_boot`` below 20.
        """
        self._check_fitted()
        if n_boot < 20:
            raise ParameterError(f"n_boot={n_boot}: at least 20 resamples are needed for an "
                                 "interval")
        if n_boot not in self._boot:
            self._boot[n_boot] = _bootstrap_fits(self._Z, self._y, self.penalty_C,
                                                 seed=self.seed, n_boot=n_boot)
        coefs, intercepts = self._boot[n_boot]
        Z = self._prep.transform(self.design(new_features))
        boot = 1.0 / (1.0 + np.exp(-(Z @ coefs.T + intercepts)))  # rows x resamples
        low, high = bootstrap_interval(boot.T, alpha)
        return pd.DataFrame({"probability": self._model.predict_proba(Z)[:, 1],
                             "ci_low": low, "ci_high": high}, index=new_features.index)

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise InsufficientDataError(f"no model for {self.stage.label}: {self.reason} "
                                        f"(tier {self.tier})")


def fit_stage_model(features: pd.DataFrame, proposals: pd.DataFrame, stage: str = "hired",
                    seed: int = 0) -> StageModel:
    """Fit the multivariable model of one stage on the whole history, for scoring new rows.

    The rows, terms, tier rules, median imputation, standardisation and cross-validated
    penalty are those of :func:`analyze_drivers`; intervals come from
    :meth:`StageModel.predict_proba_interval`.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per proposal with ``proposal_id`` and feature columns (``build_features``).
    proposals : pandas.DataFrame
        The canonical proposals table (for the funnel flags).
    stage : str, default="hired"
        A key of :data:`STAGES`.
    seed : int, default=0
        Seed for the penalty's cross-validation and the bootstrap.

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
    inp = _stage_inputs(features, proposals, st)
    rate, lo, hi = rate_with_interval(inp.k, inp.n)
    result = StageModel(stage=st, n=inp.n, n_outcomes=inp.k, base_rate=rate,
                        base_rate_ci=(lo, hi), tier=inp.tier, reason=inp.reason,
                        notes=inp.notes, seed=seed)
    if inp.tier != "model":
        return result
    if "word_count" in features:
        wc = pd.to_numeric(modeling_frame(features, proposals)["word_count"], errors="coerce")
        result._length_scale = (float(wc.mean()), float(wc.std() or 1.0))
    X = inp.frame[inp.model_terms].apply(pd.to_numeric, errors="coerce").astype(float)
    prep = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    Z = prep.fit_transform(X)
    C = _choose_penalty(Z, inp.y, seed)
    result.terms = list(inp.model_terms)
    result.penalty_C = C
    result._prep, result._Z, result._y = prep, Z, inp.y
    result._model = LogisticRegression(C=C, solver="newton-cholesky", max_iter=200).fit(Z, inp.y)
    return result
