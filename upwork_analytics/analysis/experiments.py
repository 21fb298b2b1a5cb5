"""Experiments on one's own proposals: planning their size, and monitoring them with honest
stopping.

An experiment compares two arms (two templates, two openers, ...) assigned at random by a plan
file (:mod:`upwork_analytics.analysis.assignment`) on one metric, a share of proposals sent
(viewed, interviewed or hired). :func:`design_experiment` says how many proposals it takes to
detect a difference that matters and how many months that is at the user's pace;
:func:`experiment_status` looks at the data at the end of every calendar month since the start
and decides ``continue``, ``stop_a_better``, ``stop_b_better`` or ``stop_no_difference`` with a
group-sequential design (:mod:`upwork_analytics.analysis.sequential`): the interval for the
difference is a repeated confidence interval, valid at every monthly look at once, so looking
every month does not inflate the chance of a false winner.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize

from upwork_analytics.analysis.assignment import (
    METRICS,
    Plan,
    Settings,
    list_plans,
    normalize_label,
)
from upwork_analytics.analysis.funnel import last_complete_month, parse_month, rate_with_interval
from upwork_analytics.analysis.sequential import (
    ALPHA,
    FUTILITY_POWER,
    POWER,
    efficacy_boundaries,
    fixed_sample_size,
    futility_bound,
    inflation_factor,
    operating_characteristics,
    planned_fractions,
)
from upwork_analytics.exceptions import InsufficientDataError, ParameterError
from upwork_analytics.schema import ProposalCols as P

#: Known outcomes each arm needs before a monthly look is taken.
MIN_PER_ARM = 10
#: An experiment that takes longer than this many months is not worth running.
MAX_MONTHS = 12
#: How far back the user's own rate and pace are measured.
RATE_MONTHS = 12
PACE_MONTHS = 6
#: Decisions, as in ``experiment status --json``.
DECISIONS = ("continue", "stop_a_better", "stop_b_better", "stop_no_difference")


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class Design:
    """How large an experiment must be, and what that means at the user's pace."""

    metric: str
    rate: float
    effect: float
    per_arm: int
    total: int
    months: float | None
    per_month: float | None
    fixed_per_arm: int
    inflation: float
    expected_per_arm_null: float
    expected_per_arm_effect: float
    looks: int
    rate_basis: str
    pace_basis: str
    worth_running: bool
    advice: str
    max_per_arm: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict:
        """The JSON shape of ``experiment plan --json``."""
        return {"metric": self.metric, "rate": round(self.rate, 6),
                "effect": round(self.effect, 6), "per_arm": self.per_arm,
                "total": self.total,
                "months": None if self.months is None else round(self.months, 1)}

    def summary(self) -> str:
        """The plan in plain words."""
        pct = _pct
        lines = [
            (f"Experiment plan: {self.metric} rate, {pct(self.rate)} now ({self.rate_basis}); "
             f"detect a change of {100 * self.effect:.0f} points ({pct(self.rate)} -> "
             f"{pct(self.rate + self.effect)}) with {POWER:.0%} power and a {ALPHA:.0%} "
             "two-sided error."),
            (f"  Fixed design (one look at the end): {self.fixed_per_arm} proposals per arm "
             "(Fleiss' two-proportion formula)."),
            (f"  This design, with a look at the end of every month: at most {self.per_arm} per "
             f"arm, {self.total} in all (+{100 * (self.inflation - 1):.0f}% for being allowed to "
             "stop early at any monthly look); on average it stops after about "
             f"{self.expected_per_arm_effect:.0f} per arm if the change is real and "
             f"{self.expected_per_arm_null:.0f} if there is none."),
        ]
        if self.months is not None:
            lines.append(f"  At your pace ({self.per_month:.0f} proposals a month; "
                         f"{self.pace_basis}) that is up to {self.months:.1f} months.")
        else:
            lines.append("  Pace unknown: give --per-month N or --data to see how many months "
                         "that takes.")
        lines.append(f"  {self.advice}")
        return "\n".join(lines)


def current_rate(proposals: pd.DataFrame, metric: str) -> tuple[float, int, int]:
    """The user's own rate of ``metric`` over the last :data:`RATE_MONTHS` months of data:
    ``(rate, events, n)`` among proposals with a known outcome."""
    _check_metric(metric)
    recent = _recent(proposals, RATE_MONTHS)
    known = recent[metric].dropna().astype(bool)
    if len(known) < 20:
        raise InsufficientDataError(f"only {len(known)} proposals with a known {metric} outcome "
                                    f"in the last {RATE_MONTHS} months of the data: give the "
                                    "rate with --rate")
    return float(known.mean()), int(known.sum()), len(known)


def monthly_pace(proposals: pd.DataFrame) -> float:
    """Proposals sent per month over the last :data:`PACE_MONTHS` months of the data."""
    if proposals.empty:
        raise InsufficientDataError("no proposals: give the pace with --per-month")
    last = proposals[P.submitted_at].max()
    first = proposals[P.submitted_at].min()
    span = min(pd.Timedelta(days=30.4375 * PACE_MONTHS), max(last - first, pd.Timedelta(days=1)))
    recent = proposals[proposals[P.submitted_at] > last - span]
    return len(recent) / (span / pd.Timedelta(days=30.4375))


def _recent(proposals: pd.DataFrame, months: int) -> pd.DataFrame:
    if proposals.empty:
        return proposals
    last = proposals[P.submitted_at].max()
    return proposals[proposals[P.submitted_at] > last - pd.DateOffset(months=months)]


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise ParameterError(f"metric {metric!r}: choose from {', '.join(METRICS)}")


def design_experiment(metric: str, effect: float, rate: float | None = None,
                      proposals: pd.DataFrame | None = None, per_month: float | None = None,
                      ratio: Sequence[int] = (1, 1), alpha: float = ALPHA,
                      power: float = POWER) -> Design:
    """Plan an experiment: proposals per arm to detect a change of ``effect`` in ``metric``.

    Parameters
    ----------
    metric : {"viewed", "interviewed", "hired"}
        The share of proposals sent that the experiment compares.
    effect : float
        The smallest change that matters, absolute (0.10 = ten percentage points).
    rate : float, optional
        The current rate of ``metric``; default: measured from ``proposals``.
    proposals : pandas.DataFrame, optional
        The user's history, for the rate (last 12 months) and the pace (last 6 months).
    per_month : float, optional
        Proposals sent per month; default: measured from ``proposals``.
    ratio : (int, int), default=(1, 1)
        Allocation ratio of the arms.

    Returns
    -------
    Design

    Raises
    ------
    ParameterError
        For an unknown metric, an effect outside (0, 1), or ``rate + effect`` not below 1.
    InsufficientDataError
        When the rate must come from ``proposals`` and there are too few.
    """
    _check_metric(metric)
    if not 0 < effect < 1:
        raise ParameterError(f"--effect {effect}: give the change that matters as a share "
                             "between 0 and 1, e.g. 0.10 for ten percentage points")
    if rate is None:
        if proposals is None:
            raise ParameterError("give the current rate with --rate R or your history with "
                                 "--data DATA")
        rate, events, n = current_rate(proposals, metric)
        rate_basis = f"your last {RATE_MONTHS} months: {events} of {n}"
    else:
        rate_basis = "as given"
    if not 0 < rate < 1:
        raise ParameterError(f"rate {rate}: a share strictly between 0 and 1 is needed (a rate "
                             "of 0 or 100% leaves nothing to compare)")
    if rate + effect >= 1:
        raise ParameterError(f"rate {rate} + effect {effect} reaches 100%: test a smaller change")
    pace_basis = "as given"
    if per_month is None and proposals is not None and len(proposals):
        per_month = monthly_pace(proposals)
        pace_basis = f"your last {PACE_MONTHS} months"
    if per_month is not None and per_month <= 0:
        raise ParameterError(f"--per-month {per_month}: give a positive number of proposals")
    r = ratio[1] / ratio[0]
    n1 = fixed_sample_size(rate, rate + effect, alpha=alpha, power=power, ratio=r)
    fixed_total = n1 * (1 + r)

    def fractions_for(factor: float) -> list[float]:
        return planned_fractions(fixed_total * factor, per_month)

    factor, theta = inflation_factor(fractions_for, alpha=alpha, power=power)
    max_a, max_b = math.ceil(n1 * factor), math.ceil(n1 * r * factor)
    total = max_a + max_b
    fractions = planned_fractions(total, per_month)
    null = operating_characteristics(fractions, 0.0, alpha=alpha, design_theta=theta)
    alt = operating_characteristics(fractions, theta, alpha=alpha, design_theta=theta)
    months = total / per_month if per_month else None
    worth, advice = _advice(metric, rate, effect, months, per_month, ratio, alpha, power)
    return Design(metric=metric, rate=float(rate), effect=float(effect), per_arm=max(max_a, max_b),
                  total=total, months=months, per_month=per_month,
                  fixed_per_arm=math.ceil(max(n1, n1 * r)), inflation=factor,
                  expected_per_arm_null=null.expected_fraction * total / (1 + r),
                  expected_per_arm_effect=alt.expected_fraction * total / (1 + r),
                  looks=len(fractions), rate_basis=rate_basis, pace_basis=pace_basis,
                  worth_running=worth, advice=advice, max_per_arm=(max_a, max_b))


def _advice(metric: str, rate: float, effect: float, months: float | None,
            per_month: float | None, ratio: Sequence[int], alpha: float, power: float
            ) -> tuple[bool, str]:
    if months is None:
        return True, "Worth running if you can keep it going for the months it takes."
    if months <= MAX_MONTHS:
        return True, (f"Worth running: {months:.1f} months at most, less if one arm is "
                      "clearly better or clearly no better.")
    # the change detectable in six months at this pace (fixed-design size, then inflated ~5%)
    budget = 6 * per_month / 1.05 / (1 + ratio[1] / ratio[0])
    high = 1 - rate - 1e-6

    def gap(d: float) -> float:
        return fixed_sample_size(rate, rate + d, alpha, power, ratio[1] / ratio[0]) - budget

    detectable = None
    if gap(high) < 0 < gap(1e-3):
        detectable = optimize.brentq(gap, 1e-3, high)
    also = (f" In six months you could detect a change of about {100 * detectable:.0f} points."
            if detectable is not None else "")
    stage = ("a higher-rate stage such as views" if metric != "viewed"
             else "a bigger difference between the arms")
    return False, (f"Not worth running: at your pace this takes {months:.1f} months; test a "
                   f"bigger change or {stage}.{also}")


# --------------------------------------------------------------------------- monitoring


@dataclass(frozen=True)
class Look:
    """One monthly look: the data at the end of ``month`` and what it allowed."""

    month: str
    n: tuple[int, int]
    events: tuple[int, int]
    fraction: float
    boundary: float
    futility: float
    difference: float
    ci_low: float
    ci_high: float
    z: float
    decision: str


@dataclass
class ExperimentStatus:
    """Where an experiment stands at the end of ``month``."""

    plan: Plan
    month: str
    arms: list[dict]
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    decision: str
    reason: str
    looks: list[Look] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    after_last_look: int = 0

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def settings(self) -> Settings:
        return self.plan.settings

    @property
    def stopped(self) -> bool:
        return self.decision != "continue"

    def to_dict(self) -> dict:
        """The JSON shape of ``experiment status --json``."""
        return {"name": self.name,
                "arms": [{k: _num(v) if isinstance(v, float) else v for k, v in a.items()}
                         for a in self.arms],
                "difference": _num(self.difference), "ci_low": _num(self.ci_low),
                "ci_high": _num(self.ci_high), "decision": self.decision, "reason": self.reason}

    def summary(self) -> str:
        """The status in plain words."""
        s = self.settings
        lines = [(f"Experiment {self.name!r}: {s.arms[0]} (A) against {s.arms[1]} (B) on the "
                  f"{s.metric} rate; started {s.start:%Y-%m-%d}; looks at the end of each month "
                  f"(last: {self.looks[-1].month if self.looks else 'none yet'})."),
                 (f"  planned: at most {s.max_per_arm[0]} + {s.max_per_arm[1]} proposals; a "
                  f"difference of {100 * s.effect:.0f} points matters")]
        for a in self.arms:
            lines.append(f"  {a['arm']}: {_rate_text(a)}")
        if self.difference is not None:
            ci = ("" if self.ci_low is None else
                  f" (repeated 95% interval {_pts(self.ci_low)} to {_pts(self.ci_high)})")
            lines.append(f"  difference A - B: {_pts(self.difference)} points{ci}")
        lines.append(f"Decision: {self.decision} - {self.reason}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else round(x, 6)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%" if abs(100 * x - round(100 * x)) < 0.05 else f"{100 * x:.1f}%"


def _pts(x: float) -> str:
    return f"{100 * x:+.1f}"


def _rate_text(a: dict) -> str:
    if not a["n"]:
        return "no proposals with a known outcome yet"
    return (f"{a['events']} of {a['n']} ({100 * a['rate']:.0f}%, 95% interval "
            f"{100 * a['ci_low']:.0f}-{100 * a['ci_high']:.0f}%)")


def experiment_proposals(plan: Plan, proposals: pd.DataFrame, source: str = ""
                         ) -> tuple[pd.DataFrame, list[str]]:
    """The proposals of the experiment with their arm, and notes on the rows left out.

    A proposal belongs to the experiment when its ``experiment`` column names it, or, with that
    column empty, when it was sent after the plan was made and its ``variant`` is one of the
    plan's arms. Names and arms are compared without case and extra spaces.

    Returns
    -------
    (frame, notes)
        ``frame`` has ``submitted_at``, ``arm`` and ``outcome`` (the metric; null while
        unknown), sorted by time.

    Raises
    ------
    ParameterError
        When a proposal marked with this experiment records an arm that is not in the plan.
    """
    s = plan.settings
    n = len(proposals)
    variant = _column(proposals, P.variant)
    experiment = _column(proposals, P.experiment)
    named = experiment.map(normalize_label)
    this = (named == normalize_label(s.name)).to_numpy()
    untagged = (named == "").to_numpy()
    arm = variant.map(plan.arm_of)
    after = (proposals[P.submitted_at] >= s.start).to_numpy(dtype=bool) if n else np.zeros(0, bool)
    notes: list[str] = []
    where = f"{source}: " if source else ""
    bad = this & arm.isna().to_numpy() & (variant.map(normalize_label) != "").to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        row = proposals.iloc[i]
        raise ParameterError(
            f"{where}proposal {_which(row)}, column {P.variant}: {variant.iloc[i]!r} is not an "
            f"arm of experiment {s.name!r} (arms: {', '.join(s.arms)})")
    no_arm = this & (variant.map(normalize_label) == "").to_numpy()
    if no_arm.any():
        notes.append(f"{int(no_arm.sum())} proposal(s) marked with this experiment have no "
                     f"{P.variant} (arm) and are left out: " + _list(proposals[no_arm]))
    early = this & ~after & arm.notna().to_numpy()
    if early.any():
        notes.append(f"{int(early.sum())} proposal(s) marked with this experiment were sent "
                     f"before it started ({s.start:%Y-%m-%d %H:%M} UTC) and are left out: "
                     + _list(proposals[early]))
    other = untagged & after & arm.isna().to_numpy() & (variant.map(normalize_label) != "")
    if np.asarray(other).any():
        counts = variant[np.asarray(other)].value_counts()
        notes.append("proposals sent since the start with a variant that is not an arm of the "
                     "plan are not counted: " + ", ".join(f"{k!r} ({v})" for k, v in
                                                          counts.head(5).items())
                     + " (if one was meant as an arm, correct it in your tracker)")
    member = (this | (untagged & after)) & after & arm.notna().to_numpy()
    outcome = (proposals[s.metric] if s.metric in proposals else
               pd.Series(pd.NA, index=proposals.index, dtype="boolean"))
    member = np.asarray(member, dtype=bool)
    frame = pd.DataFrame({"submitted_at": proposals[P.submitted_at][member].reset_index(drop=True),
                          "arm": arm[member].reset_index(drop=True),
                          "outcome": outcome[member].reset_index(drop=True)})
    pending = int(pd.isna(frame["outcome"]).sum())
    if pending:
        notes.append(f"{pending} proposal(s) of the experiment have no known {s.metric} "
                     "outcome yet and are not counted until they do")
    return frame.sort_values("submitted_at", kind="stable").reset_index(drop=True), notes


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].astype("object")
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _which(row: pd.Series) -> str:
    title = row.get(P.job_title)
    title = f" ({str(title)[:40]!r})" if isinstance(title, str) and title.strip() else ""
    return f"sent {row[P.submitted_at]:%Y-%m-%d %H:%M}{title}"


def _list(rows: pd.DataFrame, limit: int = 5) -> str:
    shown = [_which(r) for _, r in rows.head(limit).iterrows()]
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return "; ".join(shown) + more


def _counts(frame: pd.DataFrame, arms: Sequence[str]) -> tuple[list[int], list[int]]:
    known = frame[frame["outcome"].notna()]
    n = [int((known["arm"] == a).sum()) for a in arms]
    k = [int(known.loc[known["arm"] == a, "outcome"].astype(bool).sum()) for a in arms]
    return n, k


def _adjusted(n: Sequence[int], k: Sequence[int]) -> tuple[float, float]:
    """Agresti-Caffo difference (one success and one failure added to each arm) and its SE."""
    pa, pb = (k[0] + 1) / (n[0] + 2), (k[1] + 1) / (n[1] + 2)
    se = math.sqrt(pa * (1 - pa) / (n[0] + 2) + pb * (1 - pb) / (n[1] + 2))
    return pa - pb, se


def monthly_looks(plan: Plan, frame: pd.DataFrame, month: str) -> list[Look]:
    """The looks at the end of each month from the start to ``month``, up to the first stop.

    A month is looked at when each arm has at least :data:`MIN_PER_ARM` known outcomes and
    there are new ones since the previous look. The information fraction is the share of the
    planned maximum in, and the first look at or past it is the final one.
    """
    s = plan.settings
    first = pd.Period(s.start.tz_convert("UTC").tz_localize(None), freq="M")
    last = pd.Period(parse_month(month), freq="M")
    taken: list[tuple[str, list[int], list[int], float]] = []
    previous = 0
    # cumulative known outcomes and events per arm, in time order (the frame is sorted)
    known = frame["outcome"].notna().to_numpy()
    when = pd.DatetimeIndex(frame["submitted_at"]).as_unit("ns").asi8[known]
    event = frame["outcome"].to_numpy()[known].astype(bool)
    arm = frame["arm"].to_numpy()[known]
    cum_n = [np.cumsum(arm == a) for a in s.arms]
    cum_k = [np.cumsum((arm == a) & event) for a in s.arms]
    for period in pd.period_range(first, last, freq="M") if last >= first else []:
        end = period.end_time.tz_localize("UTC").value  # nanoseconds
        upto = int(np.searchsorted(when, end, side="right"))
        n = [int(c[upto - 1]) if upto else 0 for c in cum_n]
        k = [int(c[upto - 1]) if upto else 0 for c in cum_k]
        if min(n) < MIN_PER_ARM or sum(n) <= previous:
            continue
        taken.append((str(period), n, k, sum(n) / s.max_total))
        previous = sum(n)
        if sum(n) >= s.max_total:
            break
    if not taken:
        return []
    bounds = efficacy_boundaries([t[3] for t in taken], s.alpha)
    looks = []
    for (m, n, k, t), c in zip(taken, bounds.boundaries):
        d, se = _adjusted(n, k)
        z = d / se
        raw = k[0] / n[0] - k[1] / n[1]
        final = t >= 1
        theta = s.effect / (se * math.sqrt(min(t, 1.0)))
        f = 0.0 if final else min(futility_bound(t, theta, s.alpha, FUTILITY_POWER), c)
        if abs(z) >= c:
            decision = "stop_a_better" if z > 0 else "stop_b_better"
        elif final or abs(z) < f:
            decision = "stop_no_difference"
        else:
            decision = "continue"
        # a difference of two shares lies in [-1, 1]: so does its interval
        looks.append(Look(month=m, n=(n[0], n[1]), events=(k[0], k[1]), fraction=t,
                          boundary=c, futility=f, difference=raw,
                          ci_low=max(d - c * se, -1.0), ci_high=min(d + c * se, 1.0), z=z,
                          decision=decision))
        if decision != "continue":
            break
    return looks


def experiment_status(plan: Plan, proposals: pd.DataFrame, month: str | None = None,
                      source: str = "") -> ExperimentStatus:
    """Where experiment ``plan`` stands at the end of ``month``.

    Parameters
    ----------
    plan : Plan
        The experiment's plan (:func:`~upwork_analytics.analysis.assignment.read_plan`).
    proposals : pandas.DataFrame
        The canonical proposals table with the arm in ``variant`` (and optionally the
        experiment's name in ``experiment``).
    month : str, optional
        ``YYYY-MM``: the last monthly look, and nothing after that month is used. Default: the
        last complete month of the data, and the proposals of the month under way are counted
        as "since the last look" (not analysed until that month ends).
    source : str, optional
        The data's file name(s), for error messages.

    Returns
    -------
    ExperimentStatus
    """
    s = plan.settings
    frame, notes = experiment_proposals(plan, proposals, source)
    if month is None:
        month = (last_complete_month(proposals) if len(proposals) else
                 str(pd.Period(pd.Timestamp.now(tz="UTC").tz_localize(None), freq="M") - 1))
        end = max(frame["submitted_at"].max() if len(frame) else pd.Timestamp(0, tz="UTC"),
                  pd.Period(month, freq="M").end_time.tz_localize("UTC"))
    else:
        end = pd.Period(parse_month(month), freq="M").end_time.tz_localize("UTC")
    month = parse_month(month)
    looks = monthly_looks(plan, frame, month)
    if looks:
        last = looks[-1]
        cut = pd.Period(last.month, freq="M").end_time.tz_localize("UTC")
        n, k = list(last.n), list(last.events)
    else:
        cut = end
        n, k = _counts(frame[frame["submitted_at"] <= end], s.arms)
    later = frame[(frame["submitted_at"] > cut) & (frame["submitted_at"] <= end)]
    arms = []
    for arm, ni, ki in zip(s.arms, n, k):
        rate, lo, hi = rate_with_interval(ki, ni)
        arms.append({"arm": arm, "n": ni, "events": ki, "rate": rate, "ci_low": lo,
                     "ci_high": hi})
    notes += _adherence(plan, frame[frame["submitted_at"] <= end])
    status = ExperimentStatus(plan=plan, month=month, arms=arms, difference=None, ci_low=None,
                              ci_high=None, decision="continue", reason="", looks=looks,
                              notes=notes, after_last_look=len(later))
    if looks:
        last = looks[-1]
        status.difference, status.ci_low, status.ci_high = (last.difference, last.ci_low,
                                                            last.ci_high)
        status.decision = last.decision
        status.reason = _reason(s, last, len(looks))
        if status.stopped and len(later):
            notes.append(f"{len(later)} proposal(s) of the experiment came after the stop "
                         f"({last.month}); the decision stands (a new question needs a new "
                         "experiment)")
        elif len(later):
            notes.append(f"{len(later)} proposal(s) since the {last.month} look are counted at "
                         "the next look, at the end of their month")
    else:
        if min(n) and all(n):
            status.difference = k[0] / n[0] - k[1] / n[1]
        status.reason = (f"no monthly look yet: a look is taken at the end of a month once each "
                         f"arm has at least {MIN_PER_ARM} proposals with a known outcome "
                         f"({n[0]} and {n[1]} so far)")
        status.after_last_look = 0
    return status


def _reason(s: Settings, look: Look, number: int) -> str:
    a, b = s.arms
    d, lo, hi = look.difference, look.ci_low, look.ci_high
    interval = f"repeated 95% interval {_pts(lo)} to {_pts(hi)} points"
    size = f"{sum(look.n)} of the planned {s.max_total} proposals"
    matter = f"{100 * s.effect:.0f} points"
    if look.decision == "stop_a_better":
        return (f"{a} beats {b} by {100 * d:.1f} points ({interval}, which excludes no "
                f"difference) at the {look.month} look, with {size}.")
    if look.decision == "stop_b_better":
        return (f"{b} beats {a} by {-100 * d:.1f} points ({interval} for A - B, which excludes "
                f"no difference) at the {look.month} look, with {size}.")
    if look.decision == "stop_no_difference":
        if look.fraction >= 1:
            return (f"the planned size is reached ({size}) and no winner: the difference is "
                    f"{_pts(d)} points ({interval}); a difference of {matter} or more was not "
                    "found.")
        return (f"even if a difference of {matter} were real, finishing the planned "
                f"{s.max_total} proposals would show it with less than a "
                f"{FUTILITY_POWER:.0%} chance: the difference is {_pts(d)} points ({interval}), "
                f"with {size}.")
    return (f"the difference so far, {_pts(d)} points ({interval}), is not yet clear enough to "
            f"call a winner or to rule out {matter}; {size} are in (look {number}, "
            f"{look.month}).")


def _adherence(plan: Plan, frame: pd.DataFrame) -> list[str]:
    """A note when the arms recorded in the tracker stray from the arms handed out."""
    if not plan.issued:
        return []
    issued = [sum(1 for arm, _ in plan.issued if arm == a) for a in plan.settings.arms]
    recorded = [int((frame["arm"] == a).sum()) for a in plan.settings.arms]
    slack = 3 * sum(plan.settings.ratio)  # the largest block
    if max(abs(i - r) for i, r in zip(issued, recorded)) <= slack:
        return []
    a, b = plan.settings.arms
    return [(f"'experiment next' handed out {a} {issued[0]} times and {b} {issued[1]} times, "
             f"but the tracker records {recorded[0]} and {recorded[1]}: check that each "
             "proposal used the arm it was given (a proposal that does not follow the plan "
             "weakens what the experiment can show)")]


def experiments_as_of(plans: str | Path | None, proposals: pd.DataFrame, month: str,
                      source: str = "") -> list[ExperimentStatus]:
    """The status at the end of ``month`` of every experiment in ``plans`` (a folder or a plan
    file) that had started by then; none when ``plans`` is empty or does not exist."""
    if not plans:
        return []
    end = pd.Period(parse_month(month), freq="M").end_time.tz_localize("UTC")
    return [experiment_status(p, proposals, month, source) for p in list_plans(plans)
            if p.settings.start <= end]


def make_settings(name: str, arms: Sequence[str], ratio: Sequence[int], seed: int,
                  design: Design, created: str | None = None) -> Settings:
    """The settings of a new plan from its design."""
    created = created or pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    return Settings(name=name, arms=tuple(arms), ratio=tuple(int(r) for r in ratio),
                    seed=int(seed), metric=design.metric, rate=design.rate,
                    effect=design.effect, max_per_arm=design.max_per_arm,
                    per_month=design.per_month, alpha=ALPHA, power=POWER, created=created)


__all__ = ["DECISIONS", "Design", "ExperimentStatus", "Look", "current_rate",
           "design_experiment", "experiment_proposals", "experiment_status",
           "experiments_as_of", "make_settings", "monthly_looks", "monthly_pace"]
