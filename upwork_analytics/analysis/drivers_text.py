"""Plain-text rendering of a drivers analysis for the terminal."""

from __future__ import annotations

import pandas as pd

from upwork_analytics.analysis.drivers import DriversResult


def _fmt_or(row) -> str:
    natural = ""
    if row.odds_ratio_natural == row.odds_ratio_natural and row.natural_unit != "per +1 SD":
        natural = (f"; {row.odds_ratio_natural:.2f} {row.natural_unit} "
                   f"[{row.natural_ci_low:.2f}, {row.natural_ci_high:.2f}]")
    separated = ("; separates the outcome: direction clear, size not estimable"
                 if getattr(row, "separated", False) else "")
    return (f"OR {row.odds_ratio:.2f} per SD [{row.ci_low:.2f}, {row.ci_high:.2f}]"
            f"{natural}, adj. p {row.p_adjusted:.3f}{separated}")


def format_drivers(result: DriversResult, audit: pd.DataFrame) -> str:
    """A readable report of ``result`` and its advice ``audit``."""
    lines = [f"Drivers of: {result.stage.label}"]
    if result.n:
        lines.append(f"Proposals: {result.n} · {result.stage.outcome}: {result.n_outcomes} · "
                     f"base rate {result.base_rate:.1%} "
                     f"[{result.base_rate_ci[0]:.1%}, {result.base_rate_ci[1]:.1%}]")
    lines.append(f"Tier: {result.tier} - {result.reason}")
    if result.model:
        m = result.model
        lines.append(f"Model: cross-validated AUC {m['cv_auc']:.2f} "
                     f"[{m['cv_auc_ci'][0]:.2f}, {m['cv_auc_ci'][1]:.2f}] "
                     f"({m['cv_scheme']}); Brier {m['brier']:.3f} vs {m['brier_base']:.3f} "
                     "for the base rate alone")
    effects = result.effects()
    if not effects.empty:
        source = "model" if result.tier == "model" else "one feature at a time"
        drivers = effects[effects["is_driver"]]
        lines.append("")
        lines.append(f"Drivers ({source}; interval excludes no effect and adjusted p < 0.05):")
        if drivers.empty:
            lines.append("  none: no feature's effect is clear in this data")
        for row in drivers.itertuples(index=False):
            arrow = "+" if row.odds_ratio > 1 else "-"
            lines.append(f"  {arrow} {row.feature:<26} {_fmt_or(row)}")
        unclear = effects.loc[~effects["is_driver"], "feature"].tolist()
        if unclear:
            lines.append("No clear effect: " + ", ".join(unclear))
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
