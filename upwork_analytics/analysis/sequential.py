"""Group-sequential designs for comparing two proportions with monthly looks.

The design is the classical one of Jennison & Turnbull (2000), *Group Sequential Methods with
Applications to Clinical Trials*, Chapman & Hall: a two-sided test whose type I error is spent
over the looks with the Lan-DeMets O'Brien-Fleming-type spending function (Lan & DeMets 1983,
"Discrete sequential boundaries for clinical trials", Biometrika 70)

    alpha(t) = 2 - 2 Phi(z_{1 - alpha/2} / sqrt(t)),  t = information fraction,

applied to each side with ``alpha / 2`` (as gsDesign's ``sfLDOF``), so looks may come at any
times (monthly, with uneven numbers of proposals) and any number of them, and a look that is skipped spends nothing. At each look the z-statistic is compared with
a boundary ``c_k`` chosen so that the chance, with no true difference, of crossing it at that
look (and at no earlier look) is the alpha spent there; the boundaries come from the joint normal
distribution of the z-statistics over the looks (independent increments of a Brownian motion on
the information scale), computed by recursive numerical integration on a grid (Armitage,
McPherson & Rowe 1969; Jennison & Turnbull ch. 19). The repeated confidence interval
``estimate +- c_k * SE_k`` (Jennison & Turnbull 1989, JRSS B 51) covers the true difference at
every look at once with probability at least 95%: it stays valid however many monthly looks are
taken.

Futility (stopping for "no difference that matters") is non-binding: the efficacy boundaries
ignore it, so obeying it or not never raises the type I error. It stops when, even if the
planned difference were true in either direction, the conditional power of the rest of the
experiment is below :data:`FUTILITY_POWER` (stochastic curtailment, Lan, Simon & Halperin 1982).
The planned maximum size includes what both rules cost in power: it is the size at which the
whole procedure, efficacy and futility together, has the asked-for power.

Everything here is on the canonical scale (z-statistics, information fractions); the
two-proportion specifics (sample sizes, standard errors) are in :func:`fixed_sample_size`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize
from scipy.special import ndtr
from scipy.stats import norm

from upwork_analytics.exceptions import ParameterError

#: Two-sided type I error and power of the designs.
ALPHA = 0.05
POWER = 0.80
#: Stop for futility when the conditional power under the planned difference (either
#: direction) is below this.
FUTILITY_POWER = 0.10
#: A boundary this large is "no stopping possible at this look" (no alpha left to spend).
MAX_BOUNDARY = 12.0
#: Grid cell width on the z scale, at most (finer when looks are close together).
_CELL = 0.04
#: The grid covers |z| up to this (the chance of a z beyond it is below 1e-16).
_RANGE = 8.5
#: Designs with more looks than this are planned with this many equally spaced looks (an
#: experiment that long is not worth running anyway; the boundaries at monitoring time are
#: still computed for the looks actually taken).
MAX_DESIGN_LOOKS = 36


def fixed_sample_size(p1: float, p2: float, alpha: float = ALPHA, power: float = POWER,
                      ratio: float = 1.0) -> float:
    """Per-arm size of a fixed (single-look) two-sided test of two proportions.

    The textbook formula without continuity correction (Fleiss, Levin & Paik 2003,
    *Statistical Methods for Rates and Proportions*, eq. 4.14)::

        n1 = (z_{a/2} sqrt(pbar qbar (1 + 1/r)) + z_b sqrt(p1 q1 + p2 q2 / r))^2 / (p1 - p2)^2

    with ``pbar = (p1 + r p2) / (1 + r)`` and ``n2 = r n1``. For 0.20 against 0.30 at 80% power
    and 5% two-sided it gives 293.2 per arm.

    Parameters
    ----------
    p1, p2 : float
        The two proportions, each strictly between 0 and 1, and different.
    alpha : float, default=0.05
        Two-sided type I error.
    power : float, default=0.80
    ratio : float, default=1.0
        ``n2 / n1``.

    Returns
    -------
    float
        ``n1`` (not rounded; the caller rounds up).

    Raises
    ------
    ParameterError
        For proportions outside (0, 1), equal proportions, or alpha/power outside (0, 1).
    """
    for name, p in (("p1", p1), ("p2", p2)):
        if not 0 < p < 1:
            raise ParameterError(f"{name}={p}: a proportion strictly between 0 and 1 is needed")
    if p1 == p2:
        raise ParameterError("the two proportions are equal: there is no difference to detect")
    if not (0 < alpha < 1 and 0 < power < 1 and ratio > 0):
        raise ParameterError(f"alpha={alpha}, power={power}, ratio={ratio}: alpha and power "
                             "must be in (0, 1), ratio positive")
    pbar = (p1 + ratio * p2) / (1 + ratio)
    za, zb = norm.ppf(1 - alpha / 2), norm.ppf(power)
    num = (za * math.sqrt(pbar * (1 - pbar) * (1 + 1 / ratio))
           + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2) / ratio))
    return num**2 / (p1 - p2) ** 2


def alpha_spent(t: float | np.ndarray, alpha: float = ALPHA) -> np.ndarray:
    """Cumulative two-sided type I error spent by information fraction ``t`` (0..1).

    Each side spends ``alpha / 2`` with the Lan-DeMets O'Brien-Fleming-type function
    ``2 - 2 Phi(z_{1 - alpha/4} / sqrt(t))`` (the convention of gsDesign's ``sfLDOF`` and of
    ``ldbounds`` for symmetric two-sided designs), so the total is twice that."""
    t = np.clip(np.asarray(t, dtype=float), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        side = 2 * norm.sf(norm.isf(alpha / 4) / np.sqrt(t))  # 2 - 2 Phi(.), without
        # the rounding of 2 - 2 * (1 - 1e-17) to 0 at very early looks
    return np.where(t <= 0, 0.0, 2 * side)


def futility_bound(t: float, theta: float, alpha: float = ALPHA,
                   futility_power: float = FUTILITY_POWER) -> float:
    """The futility bound ``f`` at information fraction ``t`` for planned drift ``theta``.

    Stop for futility when ``|z| < f``: then the conditional power to end above the final
    boundary (approximated by ``z_{1-alpha/2}``) if the drift were ``+theta``, and to end below
    it if it were ``-theta``, are both below ``futility_power``. ``theta`` is the expected
    z-statistic at the planned maximum size under the planned difference. Zero (no futility
    stop possible) at ``t >= 1`` or when the bound would be negative.
    """
    if t >= 1 or theta <= 0:
        return 0.0
    c = norm.ppf(1 - alpha / 2)
    a = (c - theta * (1 - t) - math.sqrt(1 - t) * norm.ppf(1 - futility_power)) / math.sqrt(t)
    return max(a, 0.0)


@dataclass(frozen=True)
class Boundaries:
    """The efficacy boundaries of a sequence of looks and the alpha spent at each."""

    fractions: tuple[float, ...]
    boundaries: tuple[float, ...]
    spent: tuple[float, ...]


def _transition(z: np.ndarray, t0: float, t1: float, theta: float
                ) -> tuple[np.ndarray, float]:
    """Mean of the next look's z for each current point, and its SD, for a Brownian motion with
    drift ``theta`` (per unit information fraction) observed at ``t0`` then ``t1``."""
    dt = t1 - t0
    mu = (z * math.sqrt(t0) + theta * dt) / math.sqrt(t1)
    return mu, math.sqrt(dt / t1)


def _exit_mass(mu: np.ndarray, sd: float, w: np.ndarray, c: float) -> tuple[float, float]:
    """Mass leaving above ``c`` and below ``-c``."""
    up = float(np.dot(w, ndtr((mu - c) / sd)))  # ndtr: the normal CDF, without the
    down = float(np.dot(w, ndtr((-c - mu) / sd)))  # overhead of scipy.stats.norm
    return up, down


def _cells(c: float, f: float, sd: float) -> np.ndarray:
    """Cell edges covering ``(-c, -f)`` and ``(f, c)`` (``f = 0``: one interval), with ``±f``
    exact edges so a futility region is cut cleanly."""
    width = min(_CELL, max(sd / 4, 0.005))
    if f <= 0:
        return np.linspace(-c, c, max(math.ceil(2 * c / width), 2) + 1)
    f = min(f, c)
    side = np.linspace(f, c, max(math.ceil((c - f) / width), 1) + 1)
    return np.concatenate([-side[::-1], side])


def _step(w: np.ndarray, mu: np.ndarray, sd: float, c: float, f: float
          ) -> tuple[np.ndarray, np.ndarray]:
    """Move the masses ``w`` (at means ``mu``) into grid cells covering ``(-c, c)`` without the
    futility region ``(-f, f)``; returns the cell centres and their masses."""
    edges = _cells(min(c, _RANGE), f, sd)
    keep = w > 1e-16 * max(float(w.max()), 1e-300)  # negligible masses: no effect, much time
    mu, w = mu[keep], w[keep]
    cdf = ndtr((edges[None, :] - mu[:, None]) / sd)  # (points, edges)
    cell = w @ np.diff(cdf, axis=1)
    centres = (edges[1:] + edges[:-1]) / 2
    if f > 0:  # the cell from -f to f is the futility region: it stopped
        keep = np.abs(centres) > f * (1 - 1e-12)
        centres, cell = centres[keep], cell[keep]
    return centres, cell


def efficacy_boundaries(fractions: Sequence[float], alpha: float = ALPHA) -> Boundaries:
    """Two-sided efficacy boundaries ``c_k`` for looks at information fractions ``fractions``.

    Parameters
    ----------
    fractions : sequence of float
        Strictly increasing, positive. A fraction of 1 or more is the final look: all the
        remaining alpha is spent there (fractions beyond 1 keep their actual value for the
        correlation between looks); there must be nothing after it.
    alpha : float, default=0.05

    Returns
    -------
    Boundaries
        ``|z_k| >= c_k`` at look ``k`` (and not before) has probability ``alpha(t_k) -
        alpha(t_{k-1})`` with no true difference.
    """
    t = _check_fractions(fractions)
    target = np.diff(np.r_[0.0, alpha_spent(t, alpha)])
    z, w, prev = np.zeros(1), np.ones(1), 0.0
    bounds = []
    for tk, spend in zip(t, target):
        mu, sd = _transition(z, prev, tk, 0.0)
        if spend <= 0:
            c = MAX_BOUNDARY
        elif len(bounds) == 0:  # the first look: a plain normal quantile
            c = min(float(norm.isf(spend / 2)), MAX_BOUNDARY)
        else:
            def excess(c: float, mu=mu, sd=sd, w=w, spend=spend) -> float:
                return sum(_exit_mass(mu, sd, w, c)) - spend
            if excess(MAX_BOUNDARY) >= 0:
                c = MAX_BOUNDARY
            elif excess(1e-6) <= 0:  # pragma: no cover - cannot happen with a valid schedule
                c = 1e-6
            else:
                c = optimize.brentq(excess, 1e-6, MAX_BOUNDARY, xtol=1e-7)
        bounds.append(c)
        z, w = _step(w, mu, sd, c, 0.0)
        prev = tk
    return Boundaries(tuple(float(x) for x in t), tuple(float(b) for b in bounds),
                      tuple(float(s) for s in target))


def _check_fractions(fractions: Sequence[float]) -> np.ndarray:
    t = np.asarray(list(fractions), dtype=float)
    if len(t) == 0:
        raise ParameterError("no looks: at least one information fraction is needed")
    if not np.all(np.isfinite(t)) or t[0] <= 0 or np.any(np.diff(t) <= 0):
        raise ParameterError(f"information fractions {t.tolist()}: they must be positive and "
                             "strictly increasing")
    if np.any(t[:-1] >= 1):
        raise ParameterError("a look after the final one (information fraction 1)")
    return t


@dataclass(frozen=True)
class Operating:
    """What a design does under one true drift: the chance of each decision and the expected
    information fraction at which it stops."""

    reject_upper: float
    reject_lower: float
    futility: float
    expected_fraction: float


def operating_characteristics(fractions: Sequence[float], theta: float, *,
                              alpha: float = ALPHA, futility: bool = True,
                              futility_power: float = FUTILITY_POWER,
                              design_theta: float | None = None,
                              bounds: Boundaries | None = None) -> Operating:
    """Chance of each decision for looks at ``fractions`` when the true drift is ``theta``.

    Parameters
    ----------
    fractions : sequence of float
        As in :func:`efficacy_boundaries`; the last one should be 1 (the planned maximum).
    theta : float
        True drift: the expected z-statistic at information fraction 1.
    futility : bool, default=True
        Include the futility stop (planned for ``design_theta``).
    design_theta : float, optional
        The planned drift the futility rule is computed for (default ``|theta|``).
    bounds : Boundaries, optional
        :func:`efficacy_boundaries` of ``fractions``, when already computed.

    Returns
    -------
    Operating
        ``reject_upper`` + ``reject_lower`` is the chance of declaring a winner (the power, or
        the type I error at ``theta = 0``).
    """
    bounds = efficacy_boundaries(fractions, alpha) if bounds is None else bounds
    plan = abs(theta) if design_theta is None else design_theta
    z, w, prev = np.zeros(1), np.ones(1), 0.0
    up = down = fut = expected = 0.0
    for k, (tk, c) in enumerate(zip(bounds.fractions, bounds.boundaries)):
        mu, sd = _transition(z, prev, tk, theta)
        u, d = _exit_mass(mu, sd, w, c)
        last = k == len(bounds.fractions) - 1
        f = futility_bound(tk, plan, alpha, futility_power) if futility and not last else 0.0
        f = min(f, c)
        if f > 0:
            inside = float(np.dot(w, ndtr((f - mu) / sd) - ndtr((-f - mu) / sd)))
        else:
            inside = 0.0
        stop_here = u + d + inside
        up, down, fut = up + u, down + d, fut + inside
        if last:  # everything still running stops at the final look
            remaining = float(w.sum()) - stop_here
            fut += max(remaining, 0.0)
            expected += tk * float(w.sum())
            break
        expected += tk * stop_here
        z, w = _step(w, mu, sd, c, f)
        prev = tk
    return Operating(up, down, fut, expected)


def planned_fractions(n_max: float, per_look: float | None, default_looks: int = 10
                      ) -> list[float]:
    """Information fractions of looks every ``per_look`` proposals up to ``n_max`` (the last
    look at 1), at most :data:`MAX_DESIGN_LOOKS` of them; ``default_looks`` equally spaced looks
    when the pace is unknown."""
    if per_look is None or per_look <= 0:
        k = default_looks
    else:
        k = min(max(1, math.ceil(n_max / per_look - 1e-9)), MAX_DESIGN_LOOKS)
    return [min(1.0, (i + 1) / k) for i in range(k)]


def inflation_factor(fractions_for: callable, alpha: float = ALPHA, power: float = POWER,
                     futility: bool = True) -> tuple[float, float]:
    """How much larger than a fixed design the sequential maximum must be for ``power``.

    Parameters
    ----------
    fractions_for : callable
        ``fractions_for(factor) -> list of fractions``: the look schedule when the maximum is
        ``factor`` times the fixed size (the schedule depends on the size when looks are
        monthly).

    Returns
    -------
    (factor, theta)
        ``factor = (theta / (z_{1-alpha/2} + z_{power}))^2`` and the drift ``theta`` at which
        the design (with futility when asked) has exactly ``power``.
    """
    fixed_theta = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    factor = 1.0
    theta = fixed_theta
    for _ in range(6):  # the schedule depends on the factor: iterate to a fixed point
        fractions = fractions_for(factor)
        bounds = efficacy_boundaries(fractions, alpha)

        def shortfall(th: float, fractions=fractions, bounds=bounds) -> float:
            op = operating_characteristics(fractions, th, alpha=alpha, futility=futility,
                                           bounds=bounds)
            return op.reject_upper + op.reject_lower - power

        theta = optimize.brentq(shortfall, fixed_theta * 0.8, fixed_theta * 2.0, xtol=1e-5)
        new = (theta / fixed_theta) ** 2
        if abs(new - factor) < 1e-4:
            factor = new
            break
        factor = new
    return factor, theta
