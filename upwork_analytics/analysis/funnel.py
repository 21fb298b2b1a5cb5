"""Funnel rates (sent -> viewed -> interviewed -> hired), each with its Wilson interval and n."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.schema import ProposalCols as P

#: Stages reported, each as (label, column).
STAGES = (("viewed", P.viewed), ("interviewed", P.interviewed), ("hired", P.hired))
#: Below this many proposals a rate is shown but flagged as too few to judge.
MIN_N = 20


def rate_with_interval(successes: int, n: int, alpha: float = 0.05) -> tuple[float, float, float]:
    """Return ``(rate, low, high)``: the share and its Wilson score interval.

    Parameters
    ----------
    successes : int
        Number of events (e.g. hires).
    n : int
        Number of trials (e.g. proposals with a known outcome).
    alpha : float, default=0.05
        One minus the confidence level.

    Returns
    -------
    tuple of float
        ``(nan, nan, nan)`` when ``n`` is 0.
    """
    if n < 0 or successes < 0 or successes > n:
        raise ParameterError(f"successes={successes}, n={n}: need 0 <= successes <= n")
    if n == 0:
        return (float("nan"),) * 3
    low, high = proportion_confint(successes, n, alpha=alpha, method="wilson")
    return successes / n, float(low), float(high)


def funnel_table(proposals: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Counts and rates of each funnel stage over all proposals sent.

    A proposal whose stage flag is unknown (null) is left out of that stage's ``n``.

    Returns
    -------
    pandas.DataFrame
        One row per stage with ``count``, ``n``, ``rate``, ``ci_low``, ``ci_high`` and ``note``
        (``"too few to judge"`` below :data:`MIN_N` proposals).
    """
    rows = [{"stage": "sent", "count": len(proposals), "n": len(proposals), "rate": 1.0,
             "ci_low": 1.0, "ci_high": 1.0, "note": ""}]
    for label, col in STAGES:
        known = proposals[col].dropna().astype(bool)
        k, n = int(known.sum()), len(known)
        rate, low, high = rate_with_interval(k, n, alpha)
        rows.append({"stage": label, "count": k, "n": n, "rate": rate, "ci_low": low,
                     "ci_high": high, "note": "too few to judge" if n < MIN_N else ""})
    return pd.DataFrame(rows)


def monthly_rates(proposals: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Per calendar month (UTC): proposals sent and each stage's rate with its interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``month`` (``YYYY-MM``), ``sent``, and for each stage ``<stage>``,
        ``<stage>_rate``, ``<stage>_low``, ``<stage>_high``.
    """
    month = proposals[P.submitted_at].dt.strftime("%Y-%m")
    out = []
    for m, group in proposals.groupby(month, sort=True):
        row: dict = {"month": m, "sent": len(group)}
        for label, col in STAGES:
            known = group[col].dropna().astype(bool)
            rate, low, high = rate_with_interval(int(known.sum()), len(known), alpha)
            row.update({label: int(known.sum()), f"{label}_rate": rate, f"{label}_low": low,
                        f"{label}_high": high})
        out.append(row)
    cols = ["month", "sent"] + [f"{s}{suffix}" for s, _ in STAGES
                                for suffix in ("", "_rate", "_low", "_high")]
    return pd.DataFrame(out, columns=cols)


def last_complete_month(proposals: pd.DataFrame, today: pd.Timestamp | None = None) -> str:
    """The month a monthly report covers by default, as ``YYYY-MM``.

    That is the latest month in the data that has ended: the data's last month if it is before
    the current month, otherwise the month before the current one.
    """
    if proposals.empty:
        raise ParameterError("no proposals: cannot choose a month to report")
    today = pd.Timestamp.now(tz="UTC") if today is None else pd.Timestamp(today)
    if today.tzinfo is None:
        today = today.tz_localize("UTC")
    current = pd.Period(today.tz_convert(None), freq="M")
    latest = pd.Period(proposals[P.submitted_at].max().tz_convert(None), freq="M")
    month = latest if latest < current else current - 1
    return str(month)


def parse_month(month: str) -> str:
    """Check and normalise a ``YYYY-MM`` month; raise :class:`ParameterError` otherwise."""
    if not isinstance(month, str) or not re.fullmatch(r"\d{4}-\d{2}", month.strip()):
        raise ParameterError(f"month={month!r}: expected YYYY-MM, e.g. 2026-10")
    try:
        return str(pd.Period(month.strip(), freq="M"))
    except ValueError:
        raise ParameterError(f"month={month!r}: expected YYYY-MM, e.g. 2026-10") from None


def proposals_in_month(proposals: pd.DataFrame, month: str) -> pd.DataFrame:
    """The proposals sent in ``month`` (``YYYY-MM``, UTC)."""
    period = parse_month(month)
    mask = proposals[P.submitted_at].dt.strftime("%Y-%m") == str(period)
    return proposals[mask.to_numpy(dtype=bool)]


def format_rate(rate: float, low: float, high: float, n: int) -> str:
    """``'31% (27%-35%, n=412)'``; ``'no data'`` when ``n`` is 0 or the rate unknown."""
    if n == 0 or np.isnan(rate):
        return "no data"
    return f"{rate:.0%} ({low:.0%}-{high:.0%}, n={n})"


#: Segments the funnel is broken down by: (label, column).
SEGMENTS = (("category", P.job_category), ("contract type", P.contract_type),
            ("invited", P.is_invited), ("boosted", P.boosted))


def funnel_by(proposals: pd.DataFrame, column: str, alpha: float = 0.05) -> pd.DataFrame:
    """The funnel within each value of ``column`` (unknown values form their own group).

    Returns
    -------
    pandas.DataFrame
        One row per value: ``value``, ``sent``, for each stage ``<stage>`` (count),
        ``<stage>_n`` (known outcomes), ``<stage>_rate``, ``<stage>_low``, ``<stage>_high``, and
        ``connects`` (spent incl. boosts, where known)
        and ``connects_per_hire`` (null without a hire or without Connects data).
    """
    if column not in proposals.columns:
        raise ParameterError(f"no column {column!r} to break the funnel down by")
    key = proposals[column].astype("object").where(proposals[column].notna(), "unknown")
    key = key.map(lambda v: {True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v)
    connects = pd.to_numeric(proposals.get(P.connects_spent), errors="coerce")
    boost = pd.to_numeric(proposals.get(P.boost_connects), errors="coerce")
    rows = []
    for value, group in proposals.groupby(key.to_numpy(), sort=True):
        row: dict = {"value": str(value), "sent": len(group)}
        for label, col in STAGES:
            known = group[col].dropna().astype(bool)
            rate, low, high = rate_with_interval(int(known.sum()), len(known), alpha)
            row.update({label: int(known.sum()), f"{label}_n": len(known),
                        f"{label}_rate": rate, f"{label}_low": low, f"{label}_high": high})
        spent = (connects.loc[group.index] + boost.loc[group.index].fillna(0)
                 if connects is not None else pd.Series(dtype=float))
        known_spent = spent.dropna()
        row["connects"] = float(known_spent.sum()) if len(known_spent) else float("nan")
        row["connects_per_hire"] = (row["connects"] / row["hired"]
                                    if row["hired"] and len(known_spent) else float("nan"))
        rows.append(row)
    return pd.DataFrame(rows)
