"""The monthly report's own numbers: headline figures and the change against earlier months.

Every rate is a share of proposals sent with its Wilson interval and n; every change is a
difference of two proportions with its Newcombe interval, and is called a change only when that
interval excludes zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from upwork_analytics.analysis.funnel import (
    MIN_N,
    STAGES,
    format_rate,
    parse_month,
    proposals_in_month,
    rate_with_interval,
)
from upwork_analytics.analysis.stats import difference_with_interval
from upwork_analytics.schema import ProposalCols as P

#: Months pooled for the "trailing months" comparison.
TRAILING_MONTHS = 6

_RATE_LABELS = {"viewed": "view rate", "interviewed": "interview rate", "hired": "hire rate"}


def history_until(proposals: pd.DataFrame, month: str) -> pd.DataFrame:
    """The proposals sent up to the end of ``month`` (``YYYY-MM``): the report's view of the
    data, so that a report of an earlier month does not use later data."""
    end = pd.Period(parse_month(month), freq="M").end_time.tz_localize("UTC")
    return proposals[(proposals[P.submitted_at] <= end).to_numpy(dtype=bool)]


def months_before(proposals: pd.DataFrame, month: str, n: int) -> pd.DataFrame:
    """The proposals of the ``n`` calendar months just before ``month``."""
    period = pd.Period(parse_month(month), freq="M")
    wanted = {str(period - i) for i in range(1, n + 1)}
    months = proposals[P.submitted_at].dt.strftime("%Y-%m")
    return proposals[months.isin(wanted).to_numpy(dtype=bool)]


def headline_numbers(proposals: pd.DataFrame, month: str) -> pd.DataFrame:
    """The month's headline figures as a display table.

    Parameters
    ----------
    proposals : pandas.DataFrame
        The canonical proposals table (all months).
    month : str
        ``YYYY-MM``.

    Returns
    -------
    pandas.DataFrame
        Index ``measure``; columns ``value`` and ``note``: proposals sent; view, interview and
        hire rates with interval and n; Connects spent and per hire; earnings where known, per
        currency (:func:`earnings_text`).
    """
    m = proposals_in_month(proposals, month)
    rows = [("proposals sent", f"{len(m):,}", "")]
    for label, col in STAGES:
        known = m[col].dropna().astype(bool)
        k, n = int(known.sum()), len(known)
        note = "too few proposals to judge" if 0 < n < MIN_N else ""
        rows.append((f"{_RATE_LABELS[label]} ({k} {label})",
                     format_rate(*rate_with_interval(k, n), n), note))
    connects = (pd.to_numeric(m[P.connects_spent], errors="coerce").astype(float)
                + pd.to_numeric(m[P.boost_connects], errors="coerce").astype(float).fillna(0))
    known_c = connects.dropna()
    hires = int(m[P.hired].fillna(False).astype(bool).sum())
    total_c = float(known_c.sum())
    c_note = "" if len(known_c) == len(m) else f"known for {len(known_c)} of {len(m)} proposals"
    rows.append(("Connects spent (incl. boosts)", f"{total_c:,.0f}" if len(known_c) else "unknown",
                 c_note))
    rows.append(("Connects per hire", f"{total_c / hires:,.1f}" if hires and len(known_c)
                 else "no hires this month" if not hires else "unknown", c_note if hires else ""))
    hired = m[m[P.hired].fillna(False).astype(bool).to_numpy()]
    rows.append(("earnings where known", earnings_text(hired) if hires else "no hires this month",
                 f"from {hired[P.contract_value].notna().sum()} of {hires} hires with a known "
                 "value" if hires else ""))
    return pd.DataFrame(rows, columns=["measure", "value", "note"]).set_index("measure")


def earnings_text(hired: pd.DataFrame) -> str:
    """The known contract values of ``hired`` summed per currency, largest first
    (``"1,500 EUR + 200 USD"``): amounts in different currencies are never added together. A
    missing currency counts as USD (the data format's default); ``"unknown"`` without a value.
    """
    values = pd.to_numeric(hired[P.contract_value], errors="coerce")
    known = values.notna().to_numpy()
    if not known.any():
        return "unknown"
    currency = hired[P.currency].astype("object").where(hired[P.currency].notna(), "USD")
    totals = values[known].groupby(currency[known].str.upper().to_numpy()).sum()
    order = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return " + ".join(f"{total:,.0f} {code}" for code, total in order)


def compare_months(proposals: pd.DataFrame, month: str,
                   trailing: int = TRAILING_MONTHS) -> pd.DataFrame:
    """Each rate this month against the previous month and the ``trailing`` months before it.

    Returns
    -------
    pandas.DataFrame
        One row per (rate, comparison): ``rate``, ``compared with``, a plain ``verdict`` ("no
        clear change" whenever the interval includes zero), ``change (95% interval)`` in
        percentage points, ``this month`` and ``then``.
    """
    period = pd.Period(parse_month(month), freq="M")
    this = proposals_in_month(proposals, month)
    earlier = {f"previous month ({period - 1})": months_before(proposals, month, 1),
               f"{trailing} months before ({period - trailing} to {period - 1})":
                   months_before(proposals, month, trailing)}
    rows = []
    for label, col in STAGES:
        k1, n1 = _counts(this, col)
        for name, other in earlier.items():
            k2, n2 = _counts(other, col)
            diff, low, high, _ = difference_with_interval(k1, n1, k2, n2)
            rows.append({  # the verdict first: on a phone the last columns need scrolling
                "rate": _RATE_LABELS[label], "compared with": name,
                "verdict": change_verdict(diff, low, high, min(n1, n2)),
                "change (95% interval)": _points(diff, low, high),
                "this month": format_rate(*rate_with_interval(k1, n1), n1),
                "then": format_rate(*rate_with_interval(k2, n2), n2),
            })
    return pd.DataFrame(rows)


def change_verdict(diff: float, low: float, high: float, n: int) -> str:
    """Plain words for a difference and its interval: ``"no clear change"`` when the interval
    includes zero, ``"higher"``/``"lower"`` when it excludes it, ``"too few proposals to judge"``
    below :data:`~upwork_analytics.analysis.funnel.MIN_N`."""
    if n == 0 or np.isnan(diff):
        return "no data to compare"
    if n < MIN_N:
        return "too few proposals to judge"
    if low <= 0 <= high:
        return "no clear change"
    return "higher" if diff > 0 else "lower"


def _counts(frame: pd.DataFrame, col: str) -> tuple[int, int]:
    known = frame[col].dropna().astype(bool)
    return int(known.sum()), len(known)


def _points(diff: float, low: float, high: float) -> str:
    if np.isnan(diff):
        return "n/a"
    return f"{100 * diff:+.1f} points ({100 * low:+.1f} to {100 * high:+.1f})"
