"""Charts for reports: each function returns a matplotlib Figure and never calls ``show``."""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker
import pandas as pd

from upwork_analytics.funnel import STAGES, funnel_table, monthly_rates

_COLORS = {"viewed": "#4C78A8", "interviewed": "#F58518", "hired": "#54A24B"}


def plot_funnel(proposals: pd.DataFrame, title: str = "Funnel") -> plt.Figure:
    """Horizontal bars of each stage's rate over proposals sent, with Wilson intervals."""
    table = funnel_table(proposals).iloc[1:]
    fig, ax = plt.subplots(figsize=(7, 2.6), layout="constrained")
    y = range(len(table))
    err = [table["rate"] - table["ci_low"], table["ci_high"] - table["rate"]]
    ax.barh(list(y), table["rate"], xerr=err, capsize=4,
            color=[_COLORS[s] for s in table["stage"]])
    ax.set_yticks(list(y), [f"{s} ({c} of {n})" for s, c, n in
                            zip(table["stage"], table["count"], table["n"])])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of proposals sent (bars: 95% Wilson interval)")
    ax.set_title(title)
    return fig


def plot_monthly_rates(proposals: pd.DataFrame, title: str = "Rates by month") -> plt.Figure:
    """Each stage's monthly rate with its 95% interval as a band, and proposals sent as bars."""
    table = monthly_rates(proposals)
    fig, (ax, ax_n) = plt.subplots(2, 1, figsize=(9, 5), sharex=True, layout="constrained",
                                   gridspec_kw={"height_ratios": [3, 1]})
    x = range(len(table))
    for label, _ in STAGES:
        ax.plot(list(x), table[f"{label}_rate"], marker="o", ms=3, label=label,
                color=_COLORS[label])
        ax.fill_between(list(x), table[f"{label}_low"], table[f"{label}_high"], alpha=0.15,
                        color=_COLORS[label])
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_ylabel("share of proposals sent")
    ax.legend(loc="upper right", ncols=3, frameon=False)
    ax.set_title(title)
    ax_n.bar(list(x), table["sent"], color="#999999")
    ax_n.set_ylabel("sent")
    step = max(1, len(table) // 12)
    ax_n.set_xticks(list(x)[::step], table["month"].iloc[::step], rotation=45, ha="right")
    return fig
