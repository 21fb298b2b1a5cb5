"""Figures from the harness's records: coverage with Monte Carlo standard errors, median
estimate / truth, false-driver rates, coach coverage, the best length, smoothness."""

from __future__ import annotations

import numpy as np
import pandas as pd

from validation.calibration.history import CONDITIONAL, MARGINAL, TARGETS


def _mc(values: pd.Series) -> str:
    """``'0.94 ± 0.02'``: the mean of 0/1 outcomes with its Monte Carlo standard error."""
    v = values.dropna().astype(float)
    if v.empty:
        return "-"
    p = v.mean()
    se = np.sqrt(max(p * (1 - p), 1e-12) / len(v))
    return f"{p:.3f} ± {se:.3f}"


def _cluster_mc(frame: pd.DataFrame, col: str) -> str:
    """Mean of ``col`` with a standard error over histories (rows of one history are
    correlated: each history's mean is one observation)."""
    per = frame.groupby(["scenario", "rep"])[col].mean().dropna()
    if per.empty:
        return "-"
    se = per.std(ddof=1) / np.sqrt(len(per)) if len(per) > 1 else float("nan")
    return f"{frame[col].dropna().astype(float).mean():.3f} ± {se:.3f}"


def _scorable(effects: pd.DataFrame) -> pd.DataFrame:
    """Rows with an estimand: pooled job categories ('other') mix several planted shifts."""
    pooled = effects["feature"].fillna("").str.endswith(": other")
    return effects[~pooled]


def effects_table(effects: pd.DataFrame, method: str = "bayes") -> pd.DataFrame:
    """Per stage and size: coverage of the planted effects' 95% intervals (every planted
    term, habits and context), median estimate / truth, false-driver rate on null habits
    (per habit, and any null habit in a history), and the histories in the cell."""
    e = _scorable(effects[(effects["method"] == method) & effects["feature"].notna()])
    rows = []
    for (stage, size), g in e.groupby(["stage", "size"], sort=False):
        planted = g[g["planted"]]
        nulls = g[g["null"]]
        histories = g.groupby(["scenario", "rep"]).ngroups
        row = {"stage": stage, "size": size, "histories": histories}
        if stage in CONDITIONAL:
            row["coverage (planted)"] = _cluster_mc(planted, "covered")
            ratio = (planted["estimate"] / planted["truth"]).replace([np.inf, -np.inf], np.nan)
            row["median est/truth"] = (f"{ratio.groupby(planted['feature']).median().median():.2f}"
                                       if len(ratio.dropna()) else "-")
            row["coverage (nulls, truth 0)"] = _cluster_mc(g[g["truth"] == 0], "covered")
        else:
            row["coverage (planted)"] = "no planted estimand"
            row["median est/truth"] = "-"
            row["coverage (nulls, truth 0)"] = "-"
        row["false driver per null habit"] = _mc(nulls["is_driver"])
        anyf = nulls.groupby(["scenario", "rep"])["is_driver"].any()
        row["histories with a false driver"] = _mc(anyf)
        rows.append(row)
    order = {s: i for i, s in enumerate(CONDITIONAL + MARGINAL)}
    out = pd.DataFrame(rows)
    return out.sort_values(["stage", "size"], key=lambda c: c.map(order) if c.name == "stage"
                           else c).reset_index(drop=True)


def per_effect_table(effects: pd.DataFrame, method: str = "bayes") -> pd.DataFrame:
    """Per planted effect and size: coverage, median estimate / truth, and the median error
    in standard errors ((estimate - truth) / SE, SE = interval width / 3.92): a ratio to a
    truth smaller than its standard error (the linear length term, whose truth is near 0
    because the planted peak is near the mean length) says little; the error in SEs does."""
    e = _scorable(effects[(effects["method"] == method)
                          & effects["planted"].fillna(False).astype(bool)])
    rows = []
    for (stage, feature, size), g in e.groupby(["stage", "feature", "size"], sort=False):
        ratio = (g["estimate"] / g["truth"]).replace([np.inf, -np.inf], np.nan)
        se = ((g["high"] - g["low"]) / (2 * 1.959964)).replace([np.inf, 0.0], np.nan)
        bias = ((g["estimate"] - g["truth"]) / se).median()
        rows.append({"stage": stage, "feature": feature, "size": size,
                     "truth": f"{g['truth'].median():.3g}", "coverage": _mc(g["covered"]),
                     "median est/truth": f"{ratio.median():.2f}",
                     "median error (SE)": f"{bias:+.2f}", "n": len(g)})
    return pd.DataFrame(rows).sort_values(["stage", "feature", "size"]).reset_index(drop=True)


def methods_table(effects: pd.DataFrame) -> pd.DataFrame:
    """Coverage and median estimate / truth of the planted effects in conditional stages, and
    the false-driver rate, by estimator and size."""
    e = _scorable(effects[effects["feature"].notna() & effects["stage"].isin(CONDITIONAL)])
    rows = []
    for (method, size), g in e.groupby(["method", "size"]):
        planted = g[g["planted"]]
        ratio = (planted["estimate"] / planted["truth"]).replace([np.inf, -np.inf], np.nan)
        width = (planted["high"] - planted["low"]).replace([np.inf], np.nan)
        med = ratio.groupby(planted["feature"]).median().median()
        rows.append({"method": method, "size": size,
                     "coverage (planted)": _cluster_mc(planted, "covered"),
                     "median est/truth": f"{med:.2f}",
                     "median width": f"{width.median():.3f}",
                     "false driver per null habit": _mc(g[g["null"]]["is_driver"])})
    return pd.DataFrame(rows)


def coach_table(coach: pd.DataFrame) -> pd.DataFrame:
    """Coverage of the coach's 95% interval by target probability and size; how often a
    draft got a probability at all."""
    rows = []
    for (kind, target, size), g in coach.groupby(["kind", coach["target"].fillna(-1), "size"],
                                                 sort=True):
        done = g[g["predicted"]]
        rows.append({"draft": kind, "target p": "-" if target < 0 else f"{target:g}",
                     "size": size, "drafts": len(g), "with a probability": len(done),
                     "median true p": f"{g['p_true'].median():.3f}",
                     "coverage": _mc(done["covered"]),
                     "median width": f"{(done['high'] - done['low']).median():.3f}"
                     if len(done) else "-"})
    return pd.DataFrame(rows)


def length_table(length: pd.DataFrame, text: pd.DataFrame, coach: pd.DataFrame) -> pd.DataFrame:
    """The best (worst) length at interviewed given viewed: the kind found, and for a peak
    how often the planted 160 words is inside the interval; whether any text called a valley
    a sweet spot or best in the middle."""
    rows = []
    b = length[length["method"] == "bayes"]
    for (truth, size), g in b.groupby(["truth_kind", "size"]):
        t = (text[(text["truth_kind"] == truth) & (text["size"] == size)] if not text.empty
             else pd.DataFrame({"forbidden_in_reports": []}))
        c = (coach[(coach["scenario"] == g["scenario"].iloc[0]) & (coach["size"] == size)]
             if not coach.empty else pd.DataFrame({"forbidden": []}))
        found = g["kind"].value_counts(normalize=True)
        rows.append({
            "planted": truth, "size": size, "histories": len(g),
            "found peak": f"{found.get('peak', 0):.3f}",
            "found valley": f"{found.get('valley', 0):.3f}",
            "found none": f"{found.get('none', 0):.3f}",
            "160 words inside the interval": (_mc(g["contains"].where(g["kind"] == "peak",
                                                                       False))
                                              if truth == "peak" else "-"),
            "median interval width (words)": (f"{(g['high'] - g['low']).median():.0f}"
                                              if g["low"].notna().any() else "-"),
            "'sweet spot'/'best in the middle' in reports or coach": (
                int(t["forbidden_in_reports"].sum()) + int(c["forbidden"].sum())),
        })
    return pd.DataFrame(rows)


def smoothness_table(runs: pd.DataFrame) -> pd.DataFrame:
    """How much the hired-given-sent estimates move when the history grows by 10 proposals."""
    rows = []
    for size, g in runs.groupby("size"):
        s = g["max_shift_se"].dropna()
        d = g["driver_changes"].dropna()
        rows.append({"size": f"{size - 10} -> {size}", "histories": len(s),
                     "median of the largest shift (SE)": f"{s.median():.2f}",
                     "95th percentile": f"{s.quantile(0.95):.2f}",
                     "histories where a driver appears or vanishes": _mc(d > 0),
                     "most drivers changing at once": int(d.max()) if len(d) else "-"})
    return pd.DataFrame(rows)


def agreement_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """Median share of proposals whose measured feature equals the planted property."""
    cols = [c for c in agreement.columns if c.startswith("agree_")]
    return pd.DataFrame({"planted property": [c.removeprefix("agree_") for c in cols],
                         "min agreement": [f"{agreement[c].min():.4f}" for c in cols],
                         "median agreement": [f"{agreement[c].median():.4f}" for c in cols]})


def timing_table(timings: pd.DataFrame) -> pd.DataFrame:
    """Median seconds per history, by size."""
    cols = [c for c in timings.columns if c not in ("scenario", "size", "rep")]
    out = timings.groupby("size")[cols].median().round(2).reset_index()
    return out.rename(columns={"cpu": "cpu (all but generating)"})


def _mean(frame: pd.DataFrame, col: str) -> tuple[float, float, int]:
    """Mean of ``col`` with its standard error over histories, and the number of histories."""
    per = frame.groupby(["scenario", "rep"])[col].mean().dropna().astype(float)
    if per.empty:
        return float("nan"), float("nan"), 0
    se = float(per.std(ddof=1) / np.sqrt(len(per))) if len(per) > 1 else float("nan")
    return float(frame[col].dropna().astype(float).mean()), se, len(per)


def criteria_table(effects: pd.DataFrame, length: pd.DataFrame, text: pd.DataFrame,
                   coach: pd.DataFrame, min_histories: int = 200) -> pd.DataFrame:
    """Issue 12's "done when", cell by cell: the figure, its Monte Carlo standard error, the
    number of histories, and whether the figure meets the bar (judged on the figure itself;
    a figure within one or two standard errors of the bar is a coin toss, the table shows
    both)."""
    e = _scorable(effects[(effects["method"] == "bayes") & effects["feature"].notna()])
    rows = []

    def add(criterion, cell, value, se, n, met, count=False):
        rows.append({"criterion": criterion, "cell": cell,
                     "figure": "-" if value != value else (f"{value:.0f}" if count
                                                           else f"{value:.3f}"),
                     "± MC SE": "-" if se != se else f"{se:.3f}", "histories": n,
                     "met": ("yes" if met else "NO") if value == value else "no data"})

    sizes = sorted(e["size"].unique())
    for stage in CONDITIONAL:
        for size in sizes:
            g = e[(e["stage"] == stage) & (e["size"] == size)]
            planted = g[g["planted"]]
            value, se, n = _mean(planted, "covered")
            lo, hi = (0.85, 1.0) if size < 1200 else (0.90, 0.97)
            add(f"coverage of planted effects in [{lo:.2f}, {hi:.2f}]", f"{stage}, {size}",
                value, se, n, lo <= value <= hi)
    for stage in CONDITIONAL:
        for size in [s for s in sizes if s >= 1200]:
            g = e[(e["stage"] == stage) & (e["size"] == size) & e["planted"]]
            ratio = (g["estimate"] / g["truth"]).replace([np.inf, -np.inf], np.nan)
            med = float(ratio.groupby(g["feature"]).median().median())
            add("median estimate / truth in [0.85, 1.15] (median over effects)",
                f"{stage}, {size}", med, float("nan"), g.groupby(["scenario", "rep"]).ngroups,
                0.85 <= med <= 1.15)
    for stage in CONDITIONAL + MARGINAL:
        for size in sizes:
            g = e[(e["stage"] == stage) & (e["size"] == size) & e["null"]]
            value, se, n = _mean(g, "is_driver")
            add("false drivers per null habit <= 0.05", f"{stage}, {size}", value, se, n,
                value <= 0.05)
    if not coach.empty:
        for (kind, target, size), g in coach.groupby(["kind", coach["target"].fillna(-1),
                                                      "size"]):
            done = g[g["predicted"]]
            cov = done["covered"].astype(float)
            value = float(cov.mean()) if len(cov) else float("nan")
            se = float(np.sqrt(value * (1 - value) / len(cov))) if len(cov) else float("nan")
            label = "base rate" if kind == "base rate" else (
                "no context" if target < 0 else f"p = {target:g}")
            add("coach interval covers the true probability >= 0.90"
                if kind != "base rate" else "no-context draft: the base rate in its interval",
                f"{label}, {size}", value, se, len(g), value >= 0.90)
    b = length[length["method"] == "bayes"] if not length.empty else length
    for size, g in (b[b["truth_kind"] == "peak"].groupby("size") if not b.empty else ()):
        hit = g["contains"].where(g["kind"] == "peak", False).astype(float)
        value = float(hit.mean())
        add("planted best length inside its interval" + (" >= 0.90" if size >= 1200 else ""),
            f"peak, {size}", value, float(np.sqrt(value * (1 - value) / len(hit))), len(hit),
            value >= 0.90 or size < 1200)
    for size in sizes:
        t = text[text["size"] == size] if not text.empty else text
        c = coach[coach["size"] == size] if not coach.empty else coach
        t_valley = t[t["truth_kind"] == "valley"] if not t.empty else t
        c_valley = (c[c["scenario"] == "valley"] if not c.empty else c)
        bad = (int(t_valley["forbidden_in_reports"].sum()) if not t_valley.empty else 0) + (
            int(c_valley["forbidden"].sum()) if not c_valley.empty else 0)
        n = len(t_valley)
        add("valley: 'sweet spot' / 'best in the middle' never said (count)",
            f"valley, {size}", float(bad), float("nan"), n, bad == 0, count=True)
    for size in sizes:
        n = e[e["size"] == size].groupby(["scenario", "rep"]).ngroups
        add(f"at least {min_histories} histories per cell", f"{size}", float(n),
            float("nan"), n, n >= min_histories, count=True)
    return pd.DataFrame(rows)
