"""The probability that a new proposal is hired, with an interval that covers.

:class:`HirePredictor` multiplies the funnel's stage models (``viewed`` given sent,
``interviewed`` given viewed, ``hired`` given interviewed without thread features: a draft has
no thread yet), each the adjusted model of :mod:`upwork_analytics.analysis.drivers`. The chain
follows how outcomes happen; a single "hired given sent" logistic model cannot, since the
product of three stages is not one logistic curve, and its errors are largest where a
prediction matters most (very low and high probabilities). When a stage has too few outcomes
for a model, the single ``hired`` model is used if it can be fitted.

The interval is a posterior predictive one: coefficients are drawn from each stage's posterior
(the Laplace approximation; the stages' likelihoods share no outcome, so their posteriors are
independent), and every draw gives a probability. The intercepts' uncertainty, i.e. the base
rate's, is kept (an outcome-stratified bootstrap fixes the number of hires and drops it).

Inputs the user did not give (invited? boosted? the competition, the job category, the job
post) are **averaged over the history's own mix**: the draft is set into each of (up to 300 of)
the history's proposals in turn, their values of the unknown inputs taken jointly, and the
probabilities averaged per draw. A draft with no context is thus scored for the user's usual
mix of jobs, not for the median of each input (the median of a yes/no input is 0: "not
invited, not boosted").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from upwork_analytics.analysis.design import CATEGORY_COLUMN
from upwork_analytics.analysis.drivers import N_DRAWS, SQUARED, StageModel, fit_stage_model
from upwork_analytics.schema import ProposalCols as P

#: The chain of stages, in funnel order.
CHAIN = ("viewed", "interviewed_given_viewed", "hired_given_interviewed")
#: At most this many of the history's proposals stand for its mix of unknown inputs.
MAX_MIX_ROWS = 300


@dataclass
class Prediction:
    """A predicted probability with its 95% posterior predictive interval."""

    probability: float
    ci_low: float
    ci_high: float
    method: str

    def per_100(self) -> str:
        """``'about 18 in 100 drafts like this one (95% interval 12-25)'``."""
        return (f"about {_per100(self.probability)} in 100 drafts like this one (95% interval "
                f"{_per100(self.ci_low)}-{_per100(self.ci_high)})")


def _per100(p: float) -> str:
    x = 100 * p
    if x < 1:
        return "<1" if x > 0.05 else "0"
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}".rstrip("0").rstrip(".")


@dataclass
class HirePredictor:
    """Hire probability of new proposals from the history's stage models.

    Attributes
    ----------
    models : list of StageModel
        The fitted chain (viewed, interviewed given viewed, hired given interviewed), or the
        single ``hired`` model, or empty when neither can be fitted.
    kind : str
        ``chain``, ``single`` or ``none``.
    reason : str
        Why there is no prediction (``kind == "none"``), else what is used.
    mix : pandas.DataFrame
        The history's proposals (features and job category) standing for unknown inputs.
    """

    models: list[StageModel]
    kind: str
    reason: str
    mix: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    seed: int = 0

    @property
    def is_fitted(self) -> bool:
        """Whether a probability can be given."""
        return bool(self.models)

    @property
    def terms(self) -> list[str]:
        """Every measured input of the models used."""
        return list(dict.fromkeys(t for m in self.models for t in m.terms))

    def predict(self, draft: pd.Series, unknown: Sequence[str] = (), n_draws: int = N_DRAWS,
                ) -> Prediction:
        """The probability that a proposal like ``draft`` is hired.

        Parameters
        ----------
        draft : pandas.Series
            The proposal's features (``build_features`` columns, plus ``job_category`` when
            known).
        unknown : sequence of str
            Inputs the user did not give: averaged over the history's mix. Any other missing
            value is a known "unknown" and handled as the models handle it (its indicator).
        n_draws : int, default=2000
            Posterior draws.
        """
        if not self.is_fitted:
            raise ValueError(f"no prediction: {self.reason}")
        rows = self._rows(draft, list(unknown))
        total = None
        with threadpool_limits(limits=1, user_api="blas"):
            for i, model in enumerate(self.models):
                draws = model.draw_proba(rows, n_draws=n_draws, seed=self.seed + 17 * i)
                total = draws if total is None else total * draws
        per_draw = total.mean(axis=1)  # average over the mix, per draw
        return Prediction(probability=float(per_draw.mean()),
                          ci_low=float(np.percentile(per_draw, 2.5)),
                          ci_high=float(np.percentile(per_draw, 97.5)), method=self.kind)

    def _rows(self, draft: pd.Series, unknown: list[str]) -> pd.DataFrame:
        known = {k: v for k, v in draft.items() if k not in unknown}
        present = [c for c in unknown if c in self.mix.columns]
        if not present or self.mix.empty:
            return pd.DataFrame([draft.to_dict()])
        rows = self.mix[present].copy().reset_index(drop=True)
        for k, v in known.items():
            rows[k] = v
        return rows


def hire_predictor(features: pd.DataFrame, proposals: pd.DataFrame, seed: int = 0
                   ) -> HirePredictor:
    """Fit the stage models a hire probability needs (see the module docstring).

    Parameters
    ----------
    features : pandas.DataFrame
        ``build_features(proposals)`` (thread features, if any, are not used).
    proposals : pandas.DataFrame
        The canonical proposals table.
    seed : int, default=0
        Seed for the posterior draws and the choice of mix rows.

    Returns
    -------
    HirePredictor
    """
    chain = [fit_stage_model(features, proposals, stage=s, seed=seed, threads=False)
             for s in CHAIN]
    mix = _mix(features, proposals, seed)
    if all(m.is_fitted for m in chain):
        n = chain[0].n
        return HirePredictor(models=chain, kind="chain", mix=mix, seed=seed, reason=(
            f"the product of three stage models fitted on your {n:,} proposals: viewed given "
            f"sent ({chain[0].n_outcomes} viewed), interviewed given viewed "
            f"({chain[1].n_outcomes} interviewed), hired given interviewed "
            f"({chain[2].n_outcomes} hired)"))
    single = fit_stage_model(features, proposals, stage="hired", seed=seed, threads=False)
    missing = [f"{m.stage.label}: {m.reason} (tier {m.tier})" for m in chain if not m.is_fitted]
    if single.is_fitted:
        return HirePredictor(models=[single], kind="single", mix=mix, seed=seed, reason=(
            f"the hired-given-sent model fitted on your {single.n:,} proposals "
            f"({single.n_outcomes} hired); the stage-by-stage chain needs more data ("
            + "; ".join(missing) + ")"))
    return HirePredictor(models=[], kind="none", mix=mix, seed=seed,
                         reason=f"{single.reason} (tier {single.tier})")


def _mix(features: pd.DataFrame, proposals: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Up to :data:`MAX_MIX_ROWS` of the history's proposals (features and job category)."""
    frame = features.drop(columns=[c for c in (SQUARED,) if c in features])
    if P.job_category in proposals.columns and CATEGORY_COLUMN not in frame.columns:
        frame = frame.merge(proposals[[P.proposal_id, P.job_category]], on=P.proposal_id,
                            how="left")
    if len(frame) > MAX_MIX_ROWS:
        rng = np.random.default_rng(seed)
        frame = frame.iloc[np.sort(rng.choice(len(frame), MAX_MIX_ROWS, replace=False))]
    return frame.reset_index(drop=True)
