"""Report pieces for comparing templates: the variant tables of the drivers report, and the
running experiments of the monthly report (tables and the chart of the difference over time).

Every name and arm comes from the user's data or plans: each is escaped, and redacted in share
mode, before it reaches a table, a sentence or a chart.
"""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
from IPython.display import HTML

from upwork_analytics.analysis.drivers import STAGES
from upwork_analytics.analysis.experiments import ExperimentStatus
from upwork_analytics.analysis.funnel import STAGES as FUNNEL_STAGES
from upwork_analytics.analysis.funnel import format_rate
from upwork_analytics.analysis.variants import VariantsResult
from upwork_analytics.reports.presentation import notice, table
from upwork_analytics.reports.redact import Redactor

#: The stages the "which differ" table shows, in funnel order.
VERDICT_STAGES = ("viewed", "interviewed", "hired", "interviewed_given_viewed",
                  "hired_given_interviewed")
_DECISION_WORDS = {"continue": "continue", "stop_a_better": "stop: A better",
                   "stop_b_better": "stop: B better",
                   "stop_no_difference": "stop: no difference that matters"}


def _name(redactor: Redactor | None, value: object) -> str:
    return str((redactor or Redactor()).text(value))


def variants_summary(result: VariantsResult) -> HTML:
    """Where the variants come from and how to read the comparison, as an escaped list."""
    where = ("from your tracker's variant column" if result.source == "column" else
             "template families detected in your letters (no variant column in the data); "
             "each is named by the first words its letters share")
    items = [f"Variants: {where}.",
             ("Each variant is compared with all other proposals together (Fisher's exact test, "
              "Holm's correction for comparing several variants): \"higher\" or \"lower\" only "
              "when the difference survives the correction; \"not enough proposals to tell\" "
              "when the variant is too small for any result to show a difference."),
             ("These are associations: a template may do better because of the jobs you used it "
              "on. To find out which one causes more hires, randomise them: upwork-analytics "
              "experiment start.")]
    items += [f"Note: {n}." for n in result.notes]
    return HTML('<ul class="ua-list">' + "".join(f"<li>{html.escape(i)}</li>" for i in items)
                + "</ul>")


def variants_table(result: VariantsResult, redactor: Redactor | None = None) -> HTML:
    """Where the variants come from (:func:`variants_summary`), the funnel per variant (each
    rate with its interval and n, Connects per hire), then each variant's verdict against the
    others at every stage."""
    funnel = result.funnel
    if funnel.empty:
        return notice("No variants to compare: record the template you used in a Variant (or "
                      "Template) column of your tracker.")
    summary = variants_summary(result).data
    names = [_name(redactor, v) for v in funnel["value"]]
    rates = pd.DataFrame({"variant": names, "sent": funnel["sent"].astype(int)})
    for stage, _ in FUNNEL_STAGES:
        rates[f"{stage} (95% interval, n)"] = [
            format_rate(r, lo, hi, n) for r, lo, hi, n in
            zip(funnel[f"{stage}_rate"], funnel[f"{stage}_low"], funnel[f"{stage}_high"],
                funnel[f"{stage}_n"])]
    rates["Connects per hire"] = funnel["connects_per_hire"].map(
        lambda v: "-" if pd.isna(v) else f"{v:,.1f}")
    verdicts = pd.DataFrame({"variant": names})
    for stage in VERDICT_STAGES:
        comp = result.comparisons.get(stage)
        if comp is None or comp.empty:
            continue
        by_name = dict(zip(comp["variant"], comp["verdict"]))
        verdicts[STAGES[stage].label] = [by_name.get(v, "not enough proposals to tell")
                                         for v in funnel["value"]]
    both = (summary + table(rates, index=False).data + "<p class=\"ua-small\">Compared with "
            "all other proposals (Holm-corrected):</p>" + table(verdicts, index=False).data)
    return HTML(both)


def plot_variants(result: VariantsResult, redactor: Redactor | None = None,
                  title: str = "Rates by variant (bars: 95% intervals; dashed: all proposals)"
                  ) -> plt.Figure | None:
    """View, interview and hire rate of each variant with its interval, one panel per stage;
    variants that differ from the others are drawn dark. None without variants."""
    funnel = result.funnel
    if funnel.empty:
        return None
    names = [_short(_name(redactor, v), 38) for v in funnel["value"]]
    fig, axes = plt.subplots(1, 3, figsize=(10, 0.34 * len(names) + 1.6), sharey=True,
                             layout="constrained")
    y = np.arange(len(names))
    for ax, (stage, _) in zip(axes, FUNNEL_STAGES):
        rate = funnel[f"{stage}_rate"].to_numpy(dtype=float)
        low = np.clip(rate - funnel[f"{stage}_low"].to_numpy(dtype=float), 0, None)
        high = np.clip(funnel[f"{stage}_high"].to_numpy(dtype=float) - rate, 0, None)
        comp = result.comparisons.get(stage)
        differs = (set(comp.loc[comp["differs"].astype(bool), "variant"])
                   if comp is not None and not comp.empty else set())
        colors = ["#1f4e79" if v in differs else "#9a9a9a" for v in funnel["value"]]
        for yi, r, lo, hi, c in zip(y, rate, low, high, colors):
            if np.isfinite(r):
                ax.errorbar(r, yi, xerr=[[lo], [hi]], fmt="o", ms=4, capsize=2, color=c)
        k = funnel[stage].sum()
        n = funnel[f"{stage}_n"].sum()
        if n:
            ax.axvline(k / n, color="#444444", lw=0.8, ls="--")
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_title(f"{stage}, of sent", fontsize=9)
    axes[0].set_yticks(y, names, fontsize=7)
    axes[0].set_ylim(len(names) - 0.4, -0.6)  # first variant on top
    fig.suptitle(title + "; dark = differs from the others", fontsize=10)
    plt.close(fig)
    return fig


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- experiments


def experiments_overview(statuses: list[ExperimentStatus],
                         redactor: Redactor | None = None) -> HTML:
    """Each experiment: its arms with n and rate, the difference with its repeated interval,
    the decision and its reason. A notice on how to start one when there is none."""
    if not statuses:
        return notice("No experiment is running. Everything above is an association in your "
                      "own history; to find out what causes more replies or hires, randomise: "
                      "'upwork-analytics experiment plan' says how many proposals it takes, "
                      "'experiment start' writes the plan (docs/experiments.md).")
    parts = []
    for st in statuses:
        s = st.settings
        a, b = (_name(redactor, x) for x in s.arms)
        head = (f"<p><b>{html.escape(_name(redactor, st.name))}</b>: {html.escape(a)} (A) "
                f"against {html.escape(b)} (B) on the {html.escape(s.metric)} rate, started "
                f"{s.start:%Y-%m-%d}; a difference of {100 * s.effect:.0f} points matters; "
                f"at most {s.max_per_arm[0]} + {s.max_per_arm[1]} proposals.</p>")
        rows = pd.DataFrame({
            "arm": [f"{x} ({tag})" for x, tag in zip((a, b), "AB")],
            f"{s.metric} rate (95% interval, n)": [
                format_rate(x["rate"], x["ci_low"], x["ci_high"], x["n"]) for x in st.arms],
        })
        if st.difference is None:
            diff = "no data yet"
        elif st.ci_low is None:
            diff = f"{100 * st.difference:+.1f} points (no monthly look yet)"
        else:
            diff = (f"{100 * st.difference:+.1f} points (repeated 95% interval "
                    f"{100 * st.ci_low:+.1f} to {100 * st.ci_high:+.1f})")
        decision = _DECISION_WORDS[st.decision]
        reason = _name(redactor, st.reason)
        body = (f"<p>Difference A - B: {html.escape(diff)}.<br><b>Decision: "
                f"{html.escape(decision)}</b> - {html.escape(reason)}</p>")
        notes = "".join(f"<li>{html.escape(_name(redactor, n))}</li>" for n in st.notes)
        parts.append(head + table(rows, index=False).data + body
                     + (f'<ul class="ua-list ua-small">{notes}</ul>' if notes else ""))
    return HTML("".join(parts))


def plot_experiments(statuses: list[ExperimentStatus], redactor: Redactor | None = None
                     ) -> plt.Figure | None:
    """For each experiment, the difference A - B at every monthly look with its repeated 95%
    interval as a band, zero, and the difference that matters (dashed). None when no
    experiment has had a look yet."""
    shown = [s for s in statuses if s.looks]
    if not shown:
        return None
    fig, axes = plt.subplots(len(shown), 1, figsize=(8, 2.9 * len(shown)), squeeze=False,
                             layout="constrained")
    for ax, st in zip(axes[:, 0], shown):
        s = st.settings
        months = [lk.month for lk in st.looks]
        x = np.arange(len(months))
        diff = 100 * np.array([lk.difference for lk in st.looks])
        low = 100 * np.array([lk.ci_low for lk in st.looks])
        high = 100 * np.array([lk.ci_high for lk in st.looks])
        ax.fill_between(x, low, high, color="#4C78A8", alpha=0.2,
                        label="repeated 95% interval")
        ax.vlines(x, low, high, color="#4C78A8", alpha=0.6, lw=1.5)  # also for a single look
        ax.plot(x, diff, marker="o", color="#1f4e79", label="difference A - B")
        ax.axhline(0, color="#444444", lw=0.8)
        for sign in (1, -1):
            ax.axhline(sign * 100 * s.effect, color="#b55d00", lw=0.8, ls="--",
                       label="difference that matters" if sign == 1 else None)
        if st.stopped:
            ax.annotate(_DECISION_WORDS[st.decision], (x[-1], diff[-1]),
                        textcoords="offset points", xytext=(6, 6), fontsize=8)
        span = max(np.nanmax(np.abs(np.r_[low, high])), 100 * s.effect * 1.5)
        ax.set_ylim(-min(span, 100) * 1.05, min(span, 100) * 1.05)
        ax.set_xticks(x, months, rotation=45 if len(months) > 6 else 0, fontsize=7)
        ax.set_xlim(-0.5, max(len(months) - 0.5, 2.5))
        ax.set_ylabel("percentage points")
        a, b = (_short(_name(redactor, v), 24) for v in s.arms)
        ax.set_title(f"{_short(_name(redactor, st.name), 40)}: {a} - {b}, {s.metric} rate",
                     fontsize=10)
        ax.legend(fontsize=7, frameon=False, loc="upper left")
    plt.close(fig)
    return fig
