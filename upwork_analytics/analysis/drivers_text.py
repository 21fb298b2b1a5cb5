"""Plain-text rendering of a drivers analysis for the terminal."""

from __future__ import annotations

import pandas as pd

from upwork_analytics.analysis.drivers import SQUARED, DriversResult

#: How to read an E-value, in one sentence (reports and the terminal).
E_VALUE_SENTENCE = (
    "E-value: how strongly a factor you did not measure (client quality, say) would have to "
    "go with both the habit and the outcome, as a risk ratio, to explain the effect away; the "
    "second number is the same for the interval's end nearer no effect (1 = no hidden factor "
    "is needed to make the effect unclear).")


def _fmt_or(row) -> str:
    natural = ""
    if row.odds_ratio_natural == row.odds_ratio_natural and row.natural_unit != "per +1 SD":
        natural = (f"; {row.odds_ratio_natural:.2f} {row.natural_unit} "
                   f"[{row.natural_ci_low:.2f}, {row.natural_ci_high:.2f}]")
    separated = ("; separates the outcome: direction clear, size not estimable"
                 if getattr(row, "separated", False) else "")
    evalue = ""
    e = getattr(row, "e_value", float("nan"))
    if e == e:
        evalue = f"; E-value {e:.2f} (interval {getattr(row, 'e_value_ci', float('nan')):.2f})"
    return (f"OR {row.odds_ratio:.2f} per SD [{row.ci_low:.2f}, {row.ci_high:.2f}]"
            f"{natural}, adj. p {row.p_adjusted:.3f}{evalue}{separated}")


def format_drivers(result: DriversResult, audit: pd.DataFrame) -> str:
    """A readable report of ``result`` and its advice ``audit``."""
    lines = [f"Drivers of: {result.stage.label}"]
    if result.n:
        lines.append(f"Proposals: {result.n} · {result.stage.outcome}: {result.n_outcomes} · "
                     f"base rate {result.base_rate:.1%} "
                     f"[{result.base_rate_ci[0]:.1%}, {result.base_rate_ci[1]:.1%}]")
    lines.append(f"Tier: {result.tier} - {result.reason}")
    if result.adjusted_for:
        lines.append("Adjusted for: " + ", ".join(result.adjusted_for)
                     + " (context controls, never called drivers)")
    if result.model and result.model.get("cv_auc") is not None:
        m = result.model
        lines.append(f"Model: cross-validated AUC {m['cv_auc']:.2f} "
                     f"[{m['cv_auc_ci'][0]:.2f}, {m['cv_auc_ci'][1]:.2f}] "
                     f"({m['cv_scheme']}); Brier {m['brier']:.3f} vs {m['brier_base']:.3f} "
                     "for the base rate alone")
        if m.get("forward_auc") is not None:
            lines.append(f"Later proposals: AUC {m['forward_auc']:.2f} "
                         f"[{m['forward_auc_ci'][0]:.2f}, {m['forward_auc_ci'][1]:.2f}] on the "
                         f"latest {m['forward_n']} from a model of the earlier ones; their rate "
                         f"{m['forward_observed']:.1%} against {m['forward_predicted']:.1%} "
                         "predicted")
    effects = result.effects()
    if not effects.empty:
        habits = effects[effects["role"] == "advice"] if "role" in effects else effects
        drivers = habits[habits["is_driver"]]
        lines.append("")
        lines.append("Drivers (adjusted model; interval excludes no effect and adjusted "
                     "p < 0.05):")
        if drivers.empty:
            lines.append("  none: no habit's effect is clear in this data")
        for row in drivers.itertuples(index=False):
            if row.feature == SQUARED:
                kind = (result.length_optimum or {}).get("kind", "none")
                shape = {"peak": "a best length", "valley": "a worst length"}.get(
                    kind, "curved, no clear optimum")
                lines.append(f"  ~ {'length (curve)':<26} {shape}; curvature OR "
                             f"{row.odds_ratio:.2f} per SD [{row.ci_low:.2f}, "
                             f"{row.ci_high:.2f}], adj. p {row.p_adjusted:.3f}")
                continue
            arrow = "+" if row.odds_ratio > 1 else "-"
            lines.append(f"  {arrow} {row.feature:<26} {_fmt_or(row)}")
        if not drivers.empty:
            lines.append("  " + E_VALUE_SENTENCE)
        unclear = habits.loc[~habits["is_driver"], "feature"].tolist()
        if unclear:
            lines.append("No clear effect: " + ", ".join(unclear))
    optimum = result.length_optimum or {}
    if optimum.get("kind") in ("peak", "valley") or str(optimum.get("note", "")).startswith(
            "no clear optimum"):
        lines.append(f"Length: {optimum['note']}")
    if not audit.empty:
        lines.append("")
        lines.append("Advice audit:")
        width = max(len(a) for a in audit["advice"])
        for row in audit.itertuples(index=False):
            lines.append(f"  {row.advice:<{width}}  {row.verdict}")
            lines.append(f"  {'':<{width}}    {row.evidence}")
    if result.notes:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"  - {n}" for n in result.notes)
    return "\n".join(lines)
