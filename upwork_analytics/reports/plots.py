"""Charts for reports: each function returns a matplotlib Figure and never calls ``show``.

Figures are closed in pyplot before they are returned, so a notebook shows each one exactly
once: through the returned object (the last expression of a cell), never again through the
inline backend's end-of-cell flush. Titles and labels are the caller's: pass redacted text in
share mode.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd

from upwork_analytics.analysis.drivers import DriversResult
from upwork_analytics.analysis.funnel import STAGES, funnel_table, monthly_rates

_OR_TICKS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 5.0,
             10.0, 20.0)
_OR_TICKS_WIDE = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
_COLORS = {"viewed": "#4C78A8", "interviewed": "#F58518", "hired": "#54A24B"}


def plot_funnel(proposals: pd.DataFrame, title: str = "Funnel") -> plt.Figure:
    """Horizontal bars of each stage's rate over proposals sent, with Wilson intervals."""
    table = funnel_table(proposals).iloc[1:]
    fig, ax = plt.subplots(figsize=(7, 2.6), layout="constrained")
    y = range(len(table))
    err = _errors(table)
    ax.barh(list(y), table["rate"], xerr=err, capsize=4,
            color=[_COLORS[s] for s in table["stage"]])
    ax.set_yticks(list(y), [f"{s} ({c} of {n})" for s, c, n in
                            zip(table["stage"], table["count"], table["n"])])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of proposals sent (bars: 95% Wilson interval)")
    ax.set_title(title)
    return _done(fig)


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
    return _done(fig)


def plot_forest(result: DriversResult, title: str | None = None) -> plt.Figure:
    """Odds ratios per +1 SD with their 95% intervals, one row per feature (log scale).

    The adjusted model's effects; drivers are drawn dark, other habits grey, context controls
    in sand. A chart with a note when there is no model (rates only).
    """
    table = result.effects()
    title = title or f"Odds ratios, {result.stage.label} ({_tier_words(result)})"
    if table.empty:
        return _message_figure(title, result.reason or "no effects to show")
    table = table.dropna(subset=["odds_ratio"]).sort_values("odds_ratio")
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(table) + 1.3), layout="constrained")
    y = np.arange(len(table))
    colors = np.where(table["is_driver"].astype(bool), "#1f4e79", "#9a9a9a")
    if "role" in table:  # context controls in a lighter shade: adjusted for, never drivers
        colors = np.where(table["role"].to_numpy() == "advice", colors, "#c9b38f")
    ax.hlines(y, table["ci_low"], table["ci_high"], colors=colors, lw=2)
    ax.scatter(table["odds_ratio"], y, c=colors, zorder=3, s=22)
    ax.axvline(1.0, color="#444444", lw=0.8, ls="--")
    ax.set_xscale("log")
    low = float(np.nanmin(table["ci_low"].clip(lower=1e-3)))
    high = float(np.nanmax(table["ci_high"].clip(upper=1e3)))
    candidates = _OR_TICKS if high / low < 6 else _OR_TICKS_WIDE
    ticks = [t for t in candidates if low / 1.3 <= t <= high * 1.3] or [1.0]
    ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.set_yticks(y, table["feature"], fontsize=8)
    ax.set_xlabel("odds ratio per +1 SD (95% interval); dark = driver, sand = context control, "
                  "left of 1 = less often", fontsize=8)
    ax.set_title(title, fontsize=10)
    return _done(fig)


def plot_binned_rates(result: DriversResult, features: list[str] | None = None,
                      ncols: int = 3, title: str | None = None) -> plt.Figure:
    """Small multiples: the outcome rate in each natural bin of each feature, with Wilson
    intervals and the overall rate as a dashed line."""
    names = [f for f in (features or list(result.bins)) if f in result.bins]
    title = title or (f"Crude rate by feature (not adjusted), {result.stage.label} (bars: 95% "
                      "interval)")
    if not names:
        return _message_figure(title, result.reason or "no feature to show")
    nrows = math.ceil(len(names) / ncols)
    height = 2.1 * nrows + 0.8
    # fixed margins: a constrained layout of ~30 axes costs seconds per figure
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.1 * ncols, height), squeeze=False)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.6 / height, top=1 - 0.8 / height,
                        wspace=0.3, hspace=0.85)
    for ax, name in zip(axes.flat, names):
        b = result.bins[name]
        x = np.arange(len(b))
        err = _errors(b)
        ax.errorbar(x, b["rate"], yerr=err, fmt="o", ms=3, capsize=2, color="#1f4e79")
        ax.axhline(result.base_rate, color="#999999", lw=0.8, ls="--")
        ax.set_xticks(x, [str(v) for v in b["bin"]], fontsize=6, rotation=30, ha="right")
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        ax.tick_params(axis="y", labelsize=6)
        ax.set_title(name, fontsize=8)
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=10, y=1 - 0.15 / height)
    return _done(fig)


def plot_calibration(result: DriversResult, title: str | None = None) -> plt.Figure:
    """Predicted against observed rates of the model's out-of-fold predictions; the diagonal
    is perfect calibration. A note instead when no model was fitted."""
    title = title or f"Calibration, {result.stage.label}"
    cal = result.calibration
    if result.tier != "model" or cal is None or cal.empty:
        return _message_figure(title, "no model fitted: " + (result.reason or "too few events"))
    fig, ax = plt.subplots(figsize=(4.2, 4.0), layout="constrained")
    top = float(max(cal["predicted"].max(), cal["observed"].max(), 0.05)) * 1.1
    ax.plot([0, top], [0, top], color="#999999", ls="--", lw=0.8, label="perfect")
    ax.plot(cal["predicted"], cal["observed"], marker="o", color="#1f4e79", label="model")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("predicted rate (out of fold)")
    ax.set_ylabel("observed rate")
    ax.legend(frameon=False, loc="upper left")
    ax.set_title(title, fontsize=10)
    return _done(fig)


def plot_length_curve(result: DriversResult, title: str | None = None) -> plt.Figure:
    """The outcome rate against the length of a proposal (partial dependence: every proposal's
    predicted rate at each length, averaged), with its 95% band and the best or worst length
    with its interval. A note instead when the stage has no length curve."""
    outcome = result.stage.label
    title = title or f"Length, {outcome}"
    curve = result.length_curve
    if curve is None or curve.empty:
        return _message_figure(title, (result.length_optimum or {}).get("note")
                               or "no length curve for this stage")
    fig, ax = plt.subplots(figsize=(6.5, 3.4), layout="constrained")
    ax.fill_between(curve["words"], curve["ci_low"], curve["ci_high"], color="#c6d5e6",
                    label="95% band")
    ax.plot(curve["words"], curve["rate"], color="#1f4e79", label="adjusted rate")
    optimum = result.length_optimum or {}
    kind = optimum.get("kind")
    if kind in ("peak", "valley"):
        color = "#54A24B" if kind == "peak" else "#B22222"
        ax.axvspan(optimum["ci_low"], optimum["ci_high"], color=color, alpha=0.12)
        ax.axvline(optimum["words"], color=color, lw=1,
                   label=f"{'best' if kind == 'peak' else 'worst'} length "
                         f"{optimum['words']:.0f} [{optimum['ci_low']:.0f}-"
                         f"{optimum['ci_high']:.0f}]")
    ax.axhline(result.base_rate, color="#999999", lw=0.8, ls="--", label="overall rate")
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("words in the cover letter")
    ax.set_ylabel(f"rate ({outcome})")
    ax.legend(frameon=False, fontsize=7, loc="best")
    note = "" if kind in ("peak", "valley") else " - " + str(optimum.get("note", ""))
    ax.set_title(title + note, fontsize=9)
    return _done(fig)


def _message_figure(title: str, message: str) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(7, 1.2), layout="constrained")
    ax.axis("off")
    ax.set_title(title, fontsize=10)
    ax.text(0.5, 0.4, message, ha="center", va="center", wrap=True, fontsize=9)
    return _done(fig)


def _errors(table: pd.DataFrame) -> list[np.ndarray]:
    """Error-bar lengths from ``rate``, ``ci_low``, ``ci_high``; never negative (a rate of 0 or
    1 can sit a rounding error outside its interval)."""
    rate = table["rate"].to_numpy(dtype=float)
    return [np.clip(rate - table["ci_low"].to_numpy(dtype=float), 0, None),
            np.clip(table["ci_high"].to_numpy(dtype=float) - rate, 0, None)]


def _tier_words(result: DriversResult) -> str:
    return "adjusted model" if result.tier == "model" else "rates only"


def _done(fig: plt.Figure) -> plt.Figure:
    """Detach ``fig`` from pyplot so that only the returned object is displayed."""
    plt.close(fig)
    return fig
