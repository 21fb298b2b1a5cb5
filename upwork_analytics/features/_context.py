"""Context features: what surrounds the text (bid, contract, Connects, competition, timing).

Vectorised functions of canonical proposal columns; a missing column means all unknown (NaN).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from upwork_analytics.schema import P

#: Average month length in days (365.25 / 12), the unit of ``months_since_first``.
DAYS_PER_MONTH = 30.4375

#: Canonical columns the context features read.
CONTEXT_COLUMNS: tuple[str, ...] = (
    P.submitted_at, P.contract_type, P.budget_min, P.budget_max, P.bid_amount, P.connects_spent,
    P.boost_connects, P.boosted, P.is_invited, P.proposals_band, P.proposals_low,
)


def _num(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series(np.nan, index=df.index, dtype=float)
    return pd.to_numeric(df[col], errors="coerce").astype(float)


def _flag(df: pd.DataFrame, col: str) -> pd.Series:
    """A boolean-ish column as 1.0/0.0/NaN ("True"/"False" strings and 1/0 accepted)."""
    if col not in df.columns:
        return pd.Series(np.nan, index=df.index, dtype=float)
    s = df[col]
    mapping = {True: 1.0, False: 0.0, "true": 1.0, "false": 0.0, "1": 1.0, "0": 0.0,
               1: 1.0, 0: 0.0, "yes": 1.0, "no": 0.0}
    return s.map(lambda v: mapping.get(v.strip().lower() if isinstance(v, str) else v,
                                       np.nan) if not pd.isna(v) else np.nan).astype(float)


def submitted_utc(df: pd.DataFrame) -> pd.Series:
    """``submitted_at`` as tz-aware UTC timestamps (NaT when missing or unparsable)."""
    if P.submitted_at not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[us, UTC]")
    return pd.to_datetime(df[P.submitted_at], utc=True, errors="coerce")


def bid_to_budget_ratio(df: pd.DataFrame) -> pd.Series:
    """``bid_amount`` / budget midpoint; a missing budget end is taken from the other one.

    NaN when the bid or both budget ends are unknown, or the midpoint is not positive.
    """
    lo, hi, bid = _num(df, P.budget_min), _num(df, P.budget_max), _num(df, P.bid_amount)
    mid = (lo.fillna(hi) + hi.fillna(lo)) / 2
    return (bid / mid.where(mid > 0)).astype(float)


def is_hourly(df: pd.DataFrame) -> pd.Series:
    """1.0 for ``hourly``, 0.0 for ``fixed`` (case-insensitive), NaN otherwise."""
    if P.contract_type not in df.columns:
        return pd.Series(np.nan, index=df.index, dtype=float)
    kind = df[P.contract_type].astype("string").str.strip().str.lower()
    return kind.map({"hourly": 1.0, "fixed": 0.0}).astype(float)


def boosted(df: pd.DataFrame) -> pd.Series:
    """``boosted`` as 1/0; 1 also when ``boost_connects > 0``; NaN when unknown."""
    flag = _flag(df, P.boosted)
    boost = _num(df, P.boost_connects)
    return flag.where(~(boost > 0), 1.0)


def connects_spent(df: pd.DataFrame) -> pd.Series:
    """Connects paid in total: base + boost. A missing boost counts 0 unless the proposal is
    boosted (then the total is unknown); a missing base gives NaN."""
    base, boost = _num(df, P.connects_spent), _num(df, P.boost_connects)
    boost = boost.where(boost.notna() | (boosted(df) == 1.0), 0.0)
    return base + boost


def invited(df: pd.DataFrame) -> pd.Series:
    """``is_invited`` as 1/0, NaN when unknown."""
    return _flag(df, P.is_invited)


def _band_low(band: object) -> float:
    if not isinstance(band, str):
        return np.nan
    b = band.strip().lower()
    if b.startswith(("less than", "fewer than", "<")):
        return 0.0
    m = re.search(r"\d+", b)
    return float(m.group()) if m else np.nan


def competition_low(df: pd.DataFrame) -> pd.Series:
    """``proposals_low``, else the lower bound parsed from ``proposals_band``
    ("Less than 5" = 0, "5 to 10" = 5, "50+" = 50); NaN when unknown."""
    low = _num(df, P.proposals_low)
    if P.proposals_band in df.columns:
        low = low.fillna(df[P.proposals_band].map(_band_low).astype(float))
    return low


def weekday_sent(df: pd.DataFrame) -> pd.Series:
    """Day of the week the proposal was sent, UTC: 0 = Monday ... 6 = Sunday."""
    return submitted_utc(df).dt.day_of_week.astype(float)


def hour_sent(df: pd.DataFrame) -> pd.Series:
    """Hour of the day the proposal was sent, UTC: 0-23."""
    return submitted_utc(df).dt.hour.astype(float)


def months_since_first(df: pd.DataFrame, first: pd.Timestamp | None = None) -> pd.Series:
    """Months (of ``DAYS_PER_MONTH`` days) since ``first`` (default: the earliest
    ``submitted_at`` in ``df``); may be negative for rows before a given ``first``."""
    sent = submitted_utc(df)
    if first is None or pd.isna(first):
        first = sent.min()
    if pd.isna(first):
        return pd.Series(np.nan, index=df.index, dtype=float)
    return ((sent - first) / pd.Timedelta(days=DAYS_PER_MONTH)).astype(float)


#: Context feature name -> function of the proposals frame (``months_since_first`` also takes
#: ``first``).
CONTEXT_FUNCTIONS = {
    "bid_to_budget_ratio": bid_to_budget_ratio,
    "is_hourly": is_hourly,
    "connects_spent": connects_spent,
    "boosted": boosted,
    "invited": invited,
    "competition_low": competition_low,
    "weekday_sent": weekday_sent,
    "hour_sent": hour_sent,
    "months_since_first": months_since_first,
}
