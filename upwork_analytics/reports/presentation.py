"""HTML pieces for report notebooks; every user-supplied string is escaped here.

Helpers return :class:`IPython.display.HTML` built only from ``html.escape``-d text and
``DataFrame.to_html(escape=True)``; in share mode the caller's :class:`~upwork_analytics.reports.redact.
Redactor` is applied first.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML

from upwork_analytics.analysis.drivers import DriversResult
from upwork_analytics.analysis.drivers_text import E_VALUE_SENTENCE
from upwork_analytics.analysis.funnel import SEGMENTS, STAGES, format_rate, funnel_by, funnel_table
from upwork_analytics.reports.redact import Redactor
from upwork_analytics.schema import MessageCols as M
from upwork_analytics.schema import ProposalCols as P
from upwork_analytics.schema import empty_messages


def report_header(title: str, proposals: pd.DataFrame, month: str, source: str | Sequence[str],
                  redactor: Redactor | None = None) -> HTML:
    """Title, the month, the date range and size of the data and its source, escaped.

    Parameters
    ----------
    title : str
        The report title (redacted in share mode).
    proposals : pandas.DataFrame
        The proposals the report uses.
    month : str
        The report month, ``YYYY-MM``.
    source : str or sequence of str
        Input paths; only the file names are shown.
    redactor : Redactor, optional
        Applied to the title and the file names (:meth:`Redactor.file_name`: the extension
        stays, and ``_``, ``-``, ``.`` separate the words of a client name, so
        ``Acme_Corp_tracker.csv`` is shown as ``[client]_tracker.csv``).
    """
    redactor = redactor or Redactor()
    first = proposals[P.submitted_at].min()
    last = proposals[P.submitted_at].max()
    span = (f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if len(proposals) else "no proposals")
    paths = [source] if isinstance(source, str) else list(source)
    names = ", ".join(str(redactor.file_name(Path(p).name)) for p in paths) or "none"
    shared = (" &middot; <b>Shared copy:</b> client names, contact details, links and job ids "
              "are redacted" if redactor.share else "")
    return HTML(
        f"<h1>{html.escape(str(redactor.text(title)))}</h1>"
        f'<p class="ua-meta"><b>Month:</b> {html.escape(month)} &middot; <b>Data:</b> '
        f"{html.escape(span)}, {len(proposals):,} proposals &middot; <b>Source:</b> "
        f"{html.escape(names)}{shared}</p>"
    )


def table(df: pd.DataFrame, index: bool = True, redactor: Redactor | None = None,
          columns: Sequence[str] = ()) -> HTML:
    """``df`` as an escaped HTML table (``columns`` redacted in share mode)."""
    if redactor is not None:
        df = redactor.frame(df, columns)
    return HTML(df.to_html(index=index, escape=True, na_rep="", border=0,
                           classes="ua-table"))


def notice(text: str) -> HTML:
    """A highlighted one-paragraph note (escaped)."""
    return HTML(f'<p class="ua-notice">{html.escape(text)}</p>')


def funnel_summary(proposals: pd.DataFrame) -> pd.DataFrame:
    """The funnel as a small display table: stage, count, rate with interval and n, note."""
    table_ = funnel_table(proposals).iloc[1:]
    return pd.DataFrame({
        "stage": table_["stage"],
        "proposals": table_["count"],
        "rate (95% interval, n)": [format_rate(r, lo, hi, n) for r, lo, hi, n in
                                   zip(table_["rate"], table_["ci_low"], table_["ci_high"],
                                       table_["n"])],
        "note": table_["note"],
    }).set_index("stage")


def drivers_summary(result: DriversResult) -> HTML:
    """The stage, the base rate with interval and n, the tier with its reason, model quality and
    notes, as an escaped paragraph list."""
    lo, hi = result.base_rate_ci
    items = [
        f"Outcome: {result.stage.label}; rate "
        f"{format_rate(result.base_rate, lo, hi, result.n)}, {result.n_outcomes} events.",
        f"Analysis: {_tier_name(result.tier)} - {result.reason}.",
    ]
    if result.adjusted_for:
        items.append("Every effect is adjusted for the job context ("
                     + ", ".join(a.replace("_", " ") for a in result.adjusted_for)
                     + ") and for the other habits in the model; the context is a control, "
                     "never called a driver. The rates by group further down are crude (not "
                     "adjusted).")
    if result.model and result.model.get("cv_auc") is not None:
        auc, (alo, ahi) = result.model["cv_auc"], result.model["cv_auc_ci"]
        items.append(
            f"Model quality: cross-validated AUC {auc:.2f} [{alo:.2f}-{ahi:.2f}] (0.5 = no better "
            f"than chance); Brier score {result.model['brier']:.3f} against "
            f"{result.model['brier_base']:.3f} for the base rate alone (lower is better).")
        if result.model.get("forward_auc") is not None:
            m = result.model
            items.append(
                f"On your latest {m['forward_n']} proposals, from a model of the earlier ones: "
                f"AUC {m['forward_auc']:.2f} [{m['forward_auc_ci'][0]:.2f}-"
                f"{m['forward_auc_ci'][1]:.2f}]; their rate {m['forward_observed']:.0%} "
                f"against {m['forward_predicted']:.0%} predicted.")
    optimum = result.length_optimum or {}
    if optimum.get("kind") in ("peak", "valley") or str(optimum.get("note", "")).startswith(
            "no clear optimum"):
        items.append("Length: " + optimum["note"] + ".")
    if result.notes:  # one item, not one bullet per left-out feature
        items.append("Notes: " + "; ".join(n.rstrip(".") for n in result.notes) + ".")
    return HTML("<ul class=\"ua-list\">" + "".join(f"<li>{html.escape(i)}</li>" for i in items)
                + "</ul>")


def drivers_table(result: DriversResult, only_drivers: bool = False) -> HTML:
    """Effects as a readable table: odds ratio per SD with interval, natural unit, adjusted p,
    n, and whether the feature is a driver. A notice when there is nothing to show."""
    effects = result.effects()
    if effects.empty:
        return notice(f"No effects to show for {result.stage.label}: {result.reason}.")
    if only_drivers:
        effects = effects[effects["is_driver"].astype(bool)]
        if effects.empty:
            return notice("No feature passed the driver rule (95% interval excluding no effect "
                          "and adjusted p < 0.05): no clear drivers yet.")
    rows = pd.DataFrame({
        "feature": effects["feature"],
        "odds ratio per SD [95% interval]": [
            _or_text(o, lo, hi) for o, lo, hi in
            zip(effects["odds_ratio"], effects["ci_low"], effects["ci_high"])],
        "SD": [u.removeprefix("per +1 SD ").strip("()") if isinstance(u, str) else ""
               for u in effects["unit"]],
        "natural unit": [f"{o:.2f} {u} [{lo:.2f}-{hi:.2f}]"
                         if pd.notna(o) and isinstance(u, str) else ""
                         for o, lo, hi, u in zip(effects["odds_ratio_natural"],
                                                 _column(effects, "natural_ci_low"),
                                                 _column(effects, "natural_ci_high"),
                                                 effects["natural_unit"])],
        "adjusted p": [f"{p:.3f}" if pd.notna(p) else "" for p in effects["p_adjusted"]],
        "n": effects["n"].astype(int),
        "driver": np.where(effects["is_driver"].astype(bool), "yes", "no"),
    })
    if "e_value" in effects:
        rows["E-value (interval)"] = [
            f"{e:.2f} ({c:.2f})" if pd.notna(e) and pd.notna(c) else ""
            for e, c in zip(effects["e_value"], effects["e_value_ci"])]
    if "role" in effects:
        rows["role"] = np.where(effects["role"].to_numpy() == "advice", "habit",
                                "context (control)")
    out = table(rows, index=False)
    if "e_value" in effects and effects["is_driver"].astype(bool).any():
        out = HTML(out.data + f'<p class="ua-small">{html.escape(E_VALUE_SENTENCE)}</p>')
    return out


def audit_table(audit: pd.DataFrame) -> HTML:
    """The advice audit as an escaped table: advice, verdict, evidence."""
    shown = audit.assign(features=[", ".join(f) for f in audit["features"]])
    return table(shown[["advice", "verdict", "evidence", "note"]], index=False)


def message_overview(messages: pd.DataFrame | None, proposals: pd.DataFrame) -> pd.DataFrame:
    """Counts only (no text): messages, threads and proposals with a conversation."""
    if messages is None:
        messages = empty_messages()
    with_thread = messages[M.proposal_id].isin(proposals[P.proposal_id]) if len(messages) else []
    rows = [
        ("messages loaded", f"{len(messages):,}"),
        ("conversations (proposals with messages)",
         f"{messages[M.proposal_id].nunique():,}" if len(messages) else "0"),
        ("of which match a proposal in the data",
         f"{messages.loc[with_thread, M.proposal_id].nunique():,}" if len(messages) else "0"),
        ("proposals interviewed", f"{int(proposals[P.interviewed].fillna(False).sum()):,}"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"]).set_index("measure")


def _or_text(o: float, lo: float, hi: float) -> str:
    if pd.isna(o):
        return "not estimable"
    return f"{o:.2f} [{lo:.2f}-{hi:.2f}]"


def _tier_name(tier: str) -> str:
    return {"model": "adjusted model", "descriptive": "crude rates only",
            "none": "no comparison possible"}.get(tier, tier)


def funnel_segments(proposals: pd.DataFrame, redactor: Redactor | None = None) -> pd.DataFrame:
    """The funnel by category, contract type, invited and boosted, as a display table: each
    rate with its interval and n, Connects spent and Connects per hire.

    The segment values come from the data (a job category may hold a client's name or email):
    in share mode they are redacted with ``redactor``. Segments that become the same label stay
    separate rows.
    """
    redactor = redactor or Redactor()
    parts = []
    for label, column in SEGMENTS:
        if column not in proposals.columns or proposals[column].isna().all():
            continue
        seg = funnel_by(proposals, column)
        values = [redactor.text(v) for v in seg["value"]]
        shown = pd.DataFrame({"segment": label, "value": values, "sent": seg["sent"]})
        for stage, _ in STAGES:
            shown[f"{stage} (95% interval, n)"] = [
                format_rate(r, lo, hi, n) for r, lo, hi, n in
                zip(seg[f"{stage}_rate"], seg[f"{stage}_low"], seg[f"{stage}_high"],
                    seg[f"{stage}_n"])]
        shown["Connects"] = seg["connects"].map(lambda v: "unknown" if v != v else f"{v:,.0f}")
        shown["Connects per hire"] = seg["connects_per_hire"].map(
            lambda v: "-" if v != v else f"{v:,.1f}")
        parts.append(shown)
    if not parts:
        return pd.DataFrame({"note": ["no segment columns in the data"]})
    return pd.concat(parts, ignore_index=True).set_index(["segment", "value"])


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """``frame[name]``, or NaN for every row when there is no such column."""
    return frame[name] if name in frame else pd.Series(np.nan, index=frame.index)
