"""Small-sample statistics used by the drivers analysis: intervals, comparisons, corrections.

Pure functions on counts and arrays; statsmodels does the interval arithmetic.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep

from upwork_analytics.analysis.funnel import rate_with_interval


def difference_with_interval(k1: int, n1: int, k2: int, n2: int,
                             alpha: float = 0.05, pvalue: bool = True
                             ) -> tuple[float, float, float, float]:
    """Difference of two proportions ``k1/n1 - k2/n2`` with its Newcombe interval and p-value.

    Returns
    -------
    tuple of float
        ``(difference, low, high, p_value)``; all NaN when a group is empty. The p-value is
        Fisher's exact test (exact at any size, conservative on large tables); NaN with
        ``pvalue=False``.
    """
    if n1 == 0 or n2 == 0:
        return (float("nan"),) * 4
    low, high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff",
                                           alpha=alpha)
    p = sps.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue if pvalue else float("nan")
    return k1 / n1 - k2 / n2, float(low), float(high), float(p)


def adjust_pvalues(pvalues: list[float] | np.ndarray, method: str = "fdr_bh") -> np.ndarray:
    """Benjamini-Hochberg (default) adjusted p-values; NaNs stay NaN and are not counted."""
    p = np.asarray(pvalues, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = multipletests(p[ok], method=method)[1]
    return out


def natural_bins(values: pd.Series, kind: str, max_bins: int = 5) -> pd.Series:
    """Group a feature into bins a person reads naturally.

    ``kind`` is ``"binary"`` (no / yes), ``"count"`` (0, 1, 2, 3+) or ``"continuous"``
    (quantile bins, at most ``max_bins``, labelled by their value range). Missing values stay
    missing.
    """
    v = pd.to_numeric(values, errors="coerce")
    if kind == "binary":
        return v.map({0.0: "no", 1.0: "yes"}).astype("object")
    if kind == "count":
        clipped = v.clip(upper=3)
        return clipped.map(lambda x: None if pd.isna(x) else ("3+" if x >= 3 else str(int(x))))
    n_unique = v.dropna().nunique()
    if n_unique <= max_bins:
        return v.map(lambda x: None if pd.isna(x) else f"{x:g}")
    codes = pd.qcut(v.rank(method="first"), q=max_bins, labels=False)
    labels = {}
    for code in sorted(codes.dropna().unique()):
        part = v[codes == code]
        labels[code] = f"{_short(part.min())}-{_short(part.max())}"
    return codes.map(labels)


def _short(x: float) -> str:
    if abs(x) >= 100 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.2g}"


def binned_rates(values: pd.Series, outcome: pd.Series, kind: str,
                 alpha: float = 0.05) -> pd.DataFrame:
    """Outcome rate per natural bin of a feature, each with its interval, n and the difference
    from all other rows (Newcombe interval).

    Returns
    -------
    pandas.DataFrame
        Columns ``bin``, ``n``, ``events``, ``rate``, ``ci_low``, ``ci_high``, ``diff``,
        ``diff_low``, ``diff_high``; bins in natural order.
    """
    bins = natural_bins(values, kind)
    y = outcome.astype(bool).to_numpy()
    rows = []
    order = _bin_order(bins.dropna().unique(), kind)
    for b in order:
        inside = (bins == b).to_numpy()
        other = (~inside) & bins.notna().to_numpy()
        k, n = int(y[inside].sum()), int(inside.sum())
        ko, no = int(y[other].sum()), int(other.sum())
        rate, lo, hi = rate_with_interval(k, n, alpha)
        d, dlo, dhi, _ = difference_with_interval(k, n, ko, no, alpha, pvalue=False)
        rows.append({"bin": b, "n": n, "events": k, "rate": rate, "ci_low": lo, "ci_high": hi,
                     "diff": d, "diff_low": dlo, "diff_high": dhi})
    return pd.DataFrame(rows, columns=["bin", "n", "events", "rate", "ci_low", "ci_high", "diff",
                                       "diff_low", "diff_high"])


def _bin_order(labels, kind: str) -> list:
    if kind == "binary":
        return [x for x in ("no", "yes") if x in set(labels)]
    if kind == "count":
        return [x for x in ("0", "1", "2", "3+") if x in set(labels)]

    def key(label: str) -> float:
        try:
            return float(label.split("-")[0]) if not label.startswith("-") else -float(
                label[1:].split("-")[0])
        except ValueError:
            return math.inf
    return sorted(labels, key=key)


def bootstrap_interval(estimates: np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray,
                                                                            np.ndarray]:
    """Percentile interval of bootstrap estimates (rows = resamples, columns = parameters)."""
    est = np.asarray(estimates, dtype=float)
    return (np.nanpercentile(est, 100 * alpha / 2, axis=0),
            np.nanpercentile(est, 100 * (1 - alpha / 2), axis=0))


def bootstrap_pvalue(point: np.ndarray, estimates: np.ndarray) -> np.ndarray:
    """Two-sided p-value for "no effect" from the bootstrap standard error: the normal test of
    ``point / sd(estimates)``. Smoother than counting resamples beyond zero, which can never go
    below ``1 / n_resamples``."""
    est = np.asarray(estimates, dtype=float)
    se = np.nanstd(est, axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.abs(np.asarray(point, dtype=float)) / se
    return 2 * sps.norm.sf(z)


def e_value(odds_ratio: float, ci_low: float, ci_high: float, common: bool
            ) -> tuple[float, float]:
    """The E-value of an odds ratio and of its interval (VanderWeele & Ding 2017).

    The E-value is the smallest strength of association, on the risk-ratio scale, that an
    unmeasured factor would need with both the habit and the outcome to explain the observed
    association away: ``E = RR + sqrt(RR * (RR - 1))`` for ``RR >= 1`` (a ratio below 1 is
    inverted first). With a common outcome (more than about 15%) the odds ratio overstates the
    risk ratio, and ``sqrt(OR)`` is used as its approximation; with a rare one, the odds ratio
    itself.

    Parameters
    ----------
    odds_ratio, ci_low, ci_high : float
        The odds ratio and its interval.
    common : bool
        Whether the outcome is common (its rate above 15%).

    Returns
    -------
    tuple of float
        ``(e_value, e_value_ci)``: for the estimate, and for the interval's bound nearer 1
        (1 when the interval includes 1: no unmeasured factor is needed). NaN for a missing
        or non-positive odds ratio.
    """
    def rr(x: float) -> float:
        x = math.sqrt(x) if common else x
        return 1.0 / x if x < 1 else x

    def ev(x: float) -> float:
        return x + math.sqrt(x * (x - 1.0))

    vals = [odds_ratio, ci_low, ci_high]
    if any(v is None or not np.isfinite(v) or v <= 0 for v in vals[:1]):
        return float("nan"), float("nan")
    point = ev(rr(float(odds_ratio)))
    lo, hi = ci_low, ci_high
    if lo is None or hi is None or np.isnan(lo) or np.isnan(hi):
        return point, float("nan")
    if lo <= 1 <= hi:
        return point, 1.0
    nearer = lo if lo > 1 else hi
    if not np.isfinite(nearer) or nearer <= 0:
        return point, float("nan")
    return point, ev(rr(float(nearer)))


def auc_score(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve from ranks (Mann-Whitney U), ties counted half; NaN when
    ``y`` holds one class only."""
    y = np.asarray(y, dtype=bool)
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = sps.rankdata(np.asarray(score, dtype=float))
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))
