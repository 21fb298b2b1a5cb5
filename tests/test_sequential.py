"""Group-sequential design: sample sizes and boundaries against published figures, and the
recursion's error rates against a plain Monte Carlo of the same Brownian motion."""

from __future__ import annotations

import math

import numpy as np
import pytest

from upwork_analytics.analysis.sequential import (
    alpha_spent,
    efficacy_boundaries,
    fixed_sample_size,
    futility_bound,
    inflation_factor,
    operating_characteristics,
    planned_fractions,
)
from upwork_analytics.exceptions import ParameterError


def test_fixed_size_is_the_textbook_two_proportion_figure():
    # Fleiss, Levin & Paik eq. 4.14 by hand: pbar = 0.25,
    # (1.959964 * sqrt(2 * 0.25 * 0.75) + 0.841621 * sqrt(0.2 * 0.8 + 0.3 * 0.7))^2 / 0.1^2
    # = (1.200234 + 0.511930)^2 / 0.01 = 293.15
    n = fixed_sample_size(0.20, 0.30)
    assert n == pytest.approx(293.15, abs=0.01)
    assert 290 <= math.ceil(n) <= 295
    # symmetric in the two proportions, and twice the arm B at ratio 2 needs fewer in arm A
    assert fixed_sample_size(0.30, 0.20) == pytest.approx(n)
    assert fixed_sample_size(0.20, 0.30, ratio=2.0) < n


@pytest.mark.parametrize("p1, p2", [(0.0, 0.3), (0.2, 1.0), (0.2, 0.2)])
def test_fixed_size_refuses_impossible_rates(p1, p2):
    with pytest.raises(ParameterError):
        fixed_sample_size(p1, p2)


@pytest.mark.parametrize("fractions, published", [
    # Lan-DeMets O'Brien-Fleming-type spending, two-sided 0.05 (alpha/2 per side): the values
    # gsDesign (sfLDOF, test.type = 2) and Jennison & Turnbull's tables give
    ([1.0], [1.960]),
    ([0.5, 1.0], [2.963, 1.969]),
    ([1 / 3, 2 / 3, 1.0], [3.710, 2.511, 1.993]),
    ([0.2, 0.4, 0.6, 0.8, 1.0], [4.877, 3.357, 2.680, 2.290, 2.031]),
])
def test_boundaries_match_published_values(fractions, published):
    got = efficacy_boundaries(fractions).boundaries
    assert got == pytest.approx(published, abs=2e-3)


def _monte_carlo(fractions, bounds, theta, futility=None, n=200_000, seed=1):
    """Reject share of a Brownian motion with drift ``theta`` observed at ``fractions``."""
    rng = np.random.default_rng(seed)
    t = np.asarray(fractions)
    steps = rng.normal(theta * np.diff(np.r_[0, t]), np.sqrt(np.diff(np.r_[0, t])),
                       size=(n, len(t)))
    z = np.cumsum(steps, axis=1) / np.sqrt(t)
    alive = np.ones(n, dtype=bool)
    rejected = np.zeros(n, dtype=bool)
    for k in range(len(t)):
        cross = alive & (np.abs(z[:, k]) >= bounds[k])
        rejected |= cross
        alive &= ~cross
        if futility is not None:
            alive &= ~(np.abs(z[:, k]) < futility[k])
    return rejected.mean()


def test_uneven_looks_spend_exactly_alpha():
    """Monthly looks come at uneven fractions: the boundaries still give 5% overall, checked by
    simulating the z-statistics directly (MC SE 0.05 points)."""
    fractions = [0.07, 0.19, 0.26, 0.44, 0.58, 0.61, 0.83, 1.0]
    bounds = efficacy_boundaries(fractions)
    assert sum(bounds.spent) == pytest.approx(0.05, abs=1e-9)
    assert _monte_carlo(fractions, bounds.boundaries, 0.0) == pytest.approx(0.05, abs=0.002)
    exact = operating_characteristics(fractions, 0.0, futility=False)
    assert exact.reject_upper + exact.reject_lower == pytest.approx(0.05, abs=5e-4)


def test_power_with_futility_agrees_with_monte_carlo():
    fractions = [i / 8 for i in range(1, 9)]
    factor, theta = inflation_factor(lambda f: fractions)
    assert 1.0 < factor < 1.1  # a few percent more than the fixed design
    op = operating_characteristics(fractions, theta)
    assert op.reject_upper + op.reject_lower == pytest.approx(0.80, abs=1e-3)
    bounds = efficacy_boundaries(fractions).boundaries
    fut = [futility_bound(t, theta) if t < 1 else 0.0 for t in fractions]
    assert _monte_carlo(fractions, bounds, theta, fut) == pytest.approx(0.80, abs=0.004)
    # with no difference, futility (non-binding) only lowers the type I error
    null = operating_characteristics(fractions, 0.0, design_theta=theta)
    assert null.reject_upper + null.reject_lower < 0.05
    assert null.expected_fraction < 0.9  # stopping for futility saves proposals


def test_futility_bound_by_hand():
    # a = (1.96 - theta (1 - t) - sqrt(1 - t) * z_0.90) / sqrt(t), t = 0.5, theta = 2:
    # (1.959964 - 1.0 - 0.707107 * 1.281552) / 0.707107 = 0.07604
    assert futility_bound(0.5, 2.0) == pytest.approx(0.07604, abs=1e-4)
    assert futility_bound(0.5, 2.86) == 0.0  # negative: no futility stop yet
    assert futility_bound(1.0, 2.0) == 0.0


def test_spending_function_values():
    # per side 2 - 2 Phi(z_0.9875 / sqrt(t)); at t = 1 the whole 0.05
    assert float(alpha_spent(1.0)) == pytest.approx(0.05)
    assert float(alpha_spent(0.0)) == 0.0
    # z_0.9875 / sqrt(0.5) = 3.170, Phi(3.170) = 0.99924 (tables): 2 * (2 - 2 * 0.99924)
    assert float(alpha_spent(0.5)) == pytest.approx(0.00304, abs=3e-5)


def test_planned_fractions():
    assert planned_fractions(600, 200) == [1 / 3, 2 / 3, 1.0]
    assert planned_fractions(600, None) == [i / 10 for i in range(1, 11)]


@pytest.mark.parametrize("fractions", [[], [0.5, 0.5], [0.0, 1.0], [1.0, 1.2]])
def test_bad_fractions(fractions):
    with pytest.raises(ParameterError):
        efficacy_boundaries(fractions)
