"""The interviews report: reply speed, answers, message length and follow-ups against hires.

Every rate is among interviewed proposals with a conversation and a known outcome, with its
Wilson interval and n; a group is compared with the other threads by the Newcombe interval of
the difference and called higher or lower only when that interval excludes zero. Below
:data:`MIN_THREADS` such threads, every section says "not enough data" instead of a chart.
Display helpers return escaped HTML or a Figure; examples of unanswered questions are in
:mod:`upwork_analytics.reports.interview_examples`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import pandas as pd
from IPython.display import HTML

from upwork_analytics.analysis.advice import ADVICE, audit_advice
from upwork_analytics.analysis.drivers import DriversResult
from upwork_analytics.analysis.funnel import MIN_N, format_rate, rate_with_interval
from upwork_analytics.analysis.stats import difference_with_interval
from upwork_analytics.features.threads import INTERVIEW_FEATURES, thread_features
from upwork_analytics.reports.plots import _done, _errors
from upwork_analytics.reports.presentation import notice, table
from upwork_analytics.schema import P, empty_messages

#: Fewer interviewed threads with a known outcome than this: "not enough data", no charts.
MIN_THREADS = 20
#: Advice rows of the audit that concern the interview (plus any advice on a thread feature).
INTERVIEW_ADVICE = ("respond_fast", "concise", "answer_all", "follow_up", "rates", "video")

_HOUR, _DAY = 60.0, 1440.0
#: measure -> (thread feature, table header, [(group, low, high)] with low <= x < high, why a
#: thread has no value).
MEASURES: dict[str, tuple[str, str, list[tuple[str, float, float]], str]] = {
    "reply speed": ("first_reply_minutes", "my first reply came", [
        ("within 1 h", 0, _HOUR), ("after 1-4 h", _HOUR, 4 * _HOUR),
        ("after 4-24 h", 4 * _HOUR, _DAY), ("after over a day", _DAY, math.inf)],
        "no reply of mine after a client message"),
    "answer coverage": ("answer_coverage", "client's questions answered", [
        ("none", 0, 1e-9), ("some", 1e-9, 1 - 1e-9), ("all", 1 - 1e-9, math.inf)],
        "no question from the client"),
    "message length": ("share_2_to_4_sentences", "my messages with 2-4 sentences", [
        ("none", 0, 1e-9), ("under half", 1e-9, 0.5 - 1e-9),
        ("half or more", 0.5 - 1e-9, 1 - 1e-9), ("all", 1 - 1e-9, math.inf)],
        "no message of mine with text"),
    "follow-ups": ("follow_up_count", "follow-ups I sent", [
        ("none", 0, 0.5), ("one", 0.5, 1.5), ("two or more", 1.5, math.inf)], ""),
}
_COLORS = {"hired": "#54A24B", "not hired": "#8c8c8c"}
_RATE_COLUMNS = ["group", "n", "hired", "rate", "ci_low", "ci_high", "diff", "diff_low",
                 "diff_high"]


def interview_threads(messages: pd.DataFrame | None, proposals: pd.DataFrame) -> pd.DataFrame:
    """The thread features of every conversation with the proposal's funnel flags.

    Parameters
    ----------
    messages : pandas.DataFrame or None
        The canonical messages table (``None``: no messages loaded).
    proposals : pandas.DataFrame
        The canonical proposals table.

    Returns
    -------
    pandas.DataFrame
        One row per ``proposal_id`` in ``messages``: the columns of
        :func:`~upwork_analytics.features.threads.thread_features`, then ``matched`` (the proposal
        is in ``proposals``), ``interviewed`` and ``hired`` (null when unmatched or unknown).
    """
    feats = thread_features(empty_messages() if messages is None else messages)
    flags = proposals[[P.proposal_id, P.interviewed, P.hired]].drop_duplicates(P.proposal_id)
    out = feats.merge(flags, on=P.proposal_id, how="left", indicator="matched")
    out["matched"] = out["matched"].eq("both")
    return out


def analysed_threads(threads: pd.DataFrame) -> pd.DataFrame:
    """The threads the rates use: interviewed proposals with a known hire outcome."""
    keep = threads[P.interviewed].eq(True).fillna(False) & threads[P.hired].notna()
    return threads[keep.to_numpy(dtype=bool)].astype({P.hired: bool})


def not_enough_data(threads: pd.DataFrame) -> str | None:
    """Why the thread analysis cannot be shown (no messages, too few threads), else ``None``."""
    n = len(analysed_threads(threads))
    if len(threads) == 0:
        return ("Not enough data: no conversations were found (no messages loaded, or none up "
                "to the end of the month). Pass your messages with --messages to see this "
                "analysis.")
    if n < MIN_THREADS:
        return (f"Not enough data: only {n} interviewed proposal(s) with a conversation and a "
                f"known outcome; at least {MIN_THREADS} are needed before hire rates by reply "
                "speed, answers or follow-ups mean anything.")
    return None


def interview_summary(threads: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """Headline numbers: conversations, interviewed proposals with one, their hire rate with
    Wilson interval and n, the median wait for my first reply with its IQR, unanswered
    questions. Index ``measure``; columns ``value`` and ``note``."""
    a = analysed_threads(threads)
    k, n = int(a[P.hired].sum()), len(a)
    interviewed = int(proposals[P.interviewed].eq(True).fillna(False).sum())
    wait = a["first_reply_minutes"].dropna()
    asked = a["answer_coverage"].dropna()
    rows = [
        ("conversations (proposals with messages)", f"{len(threads):,}",
         f"{int(threads['matched'].sum()):,} match a proposal in the data"),
        ("interviewed proposals with a conversation", f"{n:,} of {interviewed:,}",
         "the threads every rate below uses (outcome known)"),
        ("hire rate among them", format_rate(*rate_with_interval(k, n), n),
         f"{k} hired" + ("; too few to judge" if 0 < n < MIN_N else "")),
        ("median wait for my first reply",
         f"{format_duration(wait.median())} (IQR {format_duration(wait.quantile(0.25))} to "
         f"{format_duration(wait.quantile(0.75))}, n={len(wait)})" if len(wait) else "no data",
         "IQR: the middle half of the threads"),
        ("threads with a client question left unanswered",
         f"{int((asked < 1).sum())} of {len(asked)}" if len(asked) else "no data",
         "of the threads where the client asked a question"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value", "note"]).set_index("measure")


def hire_rate_by(threads: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Hire rate per fixed group of one thread measure (:data:`MEASURES`).

    Parameters
    ----------
    threads : pandas.DataFrame
        :func:`interview_threads`; only :func:`analysed_threads` are counted.
    measure : str
        ``"reply speed"``, ``"answer coverage"``, ``"message length"`` or ``"follow-ups"``.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty group, in order: ``group``, ``n``, ``hired``, ``rate``,
        ``ci_low``, ``ci_high`` (Wilson) and ``diff``, ``diff_low``, ``diff_high`` (against
        the other grouped threads, Newcombe). Threads without a value are left out.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose from {sorted(MEASURES)}")
    a = analysed_threads(threads)
    labels = _groups(a, measure)
    y, grouped = a[P.hired].to_numpy(dtype=bool), labels.notna().to_numpy()
    rows = []
    for label, _, _ in MEASURES[measure][2]:
        inside = (labels == label).to_numpy(dtype=bool)
        k, n = int(y[inside].sum()), int(inside.sum())
        if n == 0:
            continue
        rest = grouped & ~inside
        d = difference_with_interval(k, n, int(y[rest].sum()), int(rest.sum()))[:3]
        rows.append([label, n, k, *rate_with_interval(k, n), *d])
    return pd.DataFrame(rows, columns=_RATE_COLUMNS)


def hire_rate_table(threads: pd.DataFrame, measure: str) -> HTML:
    """:func:`hire_rate_by` as an escaped display table with a plain verdict per group, or a
    "not enough data" notice."""
    why = not_enough_data(threads)
    rates = hire_rate_by(threads, measure) if why is None else None
    if rates is None or rates.empty:
        return notice(why or f"No thread has a value for {measure}.")
    shown = pd.DataFrame({
        MEASURES[measure][1]: rates["group"],
        "hire rate (95% interval, n)": [format_rate(r, lo, hi, n) for r, lo, hi, n in zip(
            rates["rate"], rates["ci_low"], rates["ci_high"], rates["n"])],
        "against the other threads": [_verdict(*v) for v in zip(
            rates["diff"], rates["diff_low"], rates["diff_high"], rates["n"])],
    })
    left_out = len(analysed_threads(threads)) - int(rates["n"].sum())
    why_out = MEASURES[measure][3]
    note = (f'<p class="ua-small">Left out: {left_out} thread(s) with '
            f"{html.escape(why_out)}.</p>" if left_out else "")
    return HTML(table(shown, index=False).data + note)


def plot_hire_rate_by(threads: pd.DataFrame, measures: str | Sequence[str],
                      title: str | None = None) -> plt.Figure | HTML:
    """The hire rate per group of each measure with Wilson intervals (one panel per measure)
    and the overall rate as a dashed line; a notice when there is not enough data."""
    names = [measures] if isinstance(measures, str) else list(measures)
    why = not_enough_data(threads)
    if why is not None:
        return notice("Chart left out: " + why[0].lower() + why[1:])
    base = float(analysed_threads(threads)[P.hired].mean())
    tables = [hire_rate_by(threads, name) for name in names]
    sizes = [max(len(t), 1) for t in tables]
    fig, axes = plt.subplots(len(names), 1, figsize=(6, 0.42 * sum(sizes) + 1.1 * len(names)),
                             layout="constrained", squeeze=False,
                             gridspec_kw={"height_ratios": sizes})
    for ax, name, rates in zip(axes.flat, names, tables):
        y = np.arange(len(rates))
        ax.errorbar(rates["rate"], y, xerr=_errors(rates), fmt="o", capsize=3,
                    color="#1f4e79")
        ax.axvline(base, color="#999999", lw=0.8, ls="--")
        ax.set_yticks(y, [f"{g} (n={n})" for g, n in zip(rates["group"], rates["n"])],
                      fontsize=9)
        ax.set_ylim(len(rates) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_title(MEASURES[name][1], fontsize=9, loc="left")
    axes.flat[-1].set_xlabel("hire rate once interviewed (bars: 95% interval; dashed: all "
                             "threads)", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    return _done(fig)


def plot_reply_times(threads: pd.DataFrame, title: str | None = None) -> plt.Figure | HTML:
    """Histogram of the minutes until my first reply (log scale), hired and not hired each as
    a share of its own threads; a notice when there is not enough data."""
    why = not_enough_data(threads)
    a = analysed_threads(threads).dropna(subset=["first_reply_minutes"])
    if why is not None or a.empty:
        return notice("Chart left out: " + (why[0].lower() + why[1:] if why else
                                            "no thread has a reply of mine to the client."))
    minutes = a["first_reply_minutes"].clip(lower=1.0)  # replies within a minute: at 1 minute
    edges = np.logspace(0, math.log10(max(float(minutes.max()), 2 * _DAY) * 1.1), 31)
    fig, ax = plt.subplots(figsize=(6.5, 3.2), layout="constrained")
    for label, hired in (("hired", True), ("not hired", False)):
        v = minutes[a[P.hired] == hired]
        if v.empty:
            continue
        w = np.full(len(v), 1 / len(v))
        text = f"{label} (n={len(v)}, median {format_duration(v.median())})"
        ax.hist(v, edges, weights=w, histtype="stepfilled", alpha=0.3, color=_COLORS[label])
        ax.hist(v, edges, weights=w, histtype="step", lw=1.5, color=_COLORS[label], label=text)
    for x in (_HOUR, 4 * _HOUR, _DAY):
        ax.axvline(x, color="#bbbbbb", lw=0.8, ls=":")
    ax.set_xscale("log")
    ticks = [t for t in (1, 10, _HOUR, 4 * _HOUR, _DAY, 7 * _DAY) if t <= edges[-1]]
    ax.xaxis.set_major_locator(matplotlib.ticker.FixedLocator(ticks))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: format_duration(x)))
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("time from the client's first message to my first reply (log scale)")
    ax.set_ylabel("share of threads")
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(title or "How long clients waited for my first reply", fontsize=10)
    return _done(fig)


def interview_advice_audit(result: DriversResult) -> pd.DataFrame:
    """The rows of :func:`~upwork_analytics.analysis.advice.audit_advice` about the interview: respond
    fast, 2-4 sentences, answer every part, follow up, rates (and any advice measured on a
    thread feature)."""
    texts = {a.text for a in ADVICE if a.key in INTERVIEW_ADVICE
             or {f for f, _ in a.features} & set(INTERVIEW_FEATURES)}
    audit = audit_advice(result)
    return audit[audit["advice"].isin(texts)].reset_index(drop=True)


def format_duration(minutes: float) -> str:
    """Minutes in words: ``'45 min'``, ``'3.5 h'``, ``'2.1 days'``; ``'n/a'`` for NaN."""
    if minutes is None or np.isnan(minutes):
        return "n/a"
    if round(minutes) < _HOUR:
        return f"{minutes:.0f} min"
    if minutes < _DAY:
        return f"{minutes / _HOUR:.1f}".removesuffix(".0") + " h"
    days = f"{minutes / _DAY:.1f}".removesuffix(".0")
    return f"{days} {'day' if days == '1' else 'days'}"


# --------------------------------------------------------------------------- internals


def _groups(a: pd.DataFrame, measure: str) -> pd.Series:
    column, _, bins, _ = MEASURES[measure]
    v = pd.to_numeric(a[column], errors="coerce")
    out = pd.Series(None, index=a.index, dtype="object")
    for label, low, high in bins:
        out[((v >= low) & (v < high)).to_numpy(dtype=bool)] = label
    return out


def _verdict(diff: float, low: float, high: float, n: int) -> str:
    if np.isnan(diff):
        return "nothing to compare"
    text = f"{100 * diff:+.0f} points ({100 * low:+.0f} to {100 * high:+.0f})"
    if n < MIN_N:
        return f"too few to judge: {text}"
    word = "no clear difference" if low <= 0 <= high else "higher" if diff > 0 else "lower"
    return f"{word}: {text}"
