"""HTML pieces for report notebooks; every user-supplied string is escaped here."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from upwork_analytics.funnel import format_rate, funnel_table
from upwork_analytics.schema import ProposalCols as P


def report_header(title: str, proposals: pd.DataFrame, month: str, source: str) -> HTML:
    """Title, period, data source and the size of the data, as escaped HTML."""
    first = proposals[P.submitted_at].min()
    last = proposals[P.submitted_at].max()
    span = (f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if len(proposals) else "no proposals")
    return HTML(
        f"<h1>{html.escape(title)}</h1>"
        f"<p><b>Month:</b> {html.escape(month)} &middot; <b>Data:</b> {html.escape(span)}, "
        f"{len(proposals):,} proposals &middot; <b>Source:</b> {html.escape(source)}</p>"
    )


def funnel_summary(proposals: pd.DataFrame) -> pd.DataFrame:
    """The funnel as a small display table: stage, count, rate with interval and n, note."""
    table = funnel_table(proposals).iloc[1:]
    return pd.DataFrame({
        "stage": table["stage"],
        "proposals": table["count"],
        "rate (95% interval, n)": [format_rate(r, lo, hi, n) for r, lo, hi, n in
                                   zip(table["rate"], table["ci_low"], table["ci_high"],
                                       table["n"])],
        "note": table["note"],
    }).set_index("stage")
