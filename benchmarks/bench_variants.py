"""Benchmark template-family detection and experiment status at 1k / 10k / 100k proposals.

Run: ``python benchmarks/bench_variants.py [--sizes 1000 10000 100000]``.

It makes random proposals from word banks (as ``bench_features.py``); a third are light-edit
copies (greeting name and one sentence changed) of ``n // 500`` (at least 5) templates, and it
records which, so it can say how well the detected families recover them: purity (share of the
proposals in a detected family whose family is one template) and recall (share of the template
copies that land in their template's family; a template used fewer than 5 times cannot form
one). Times ``template_families`` (all pairs up to 2,000 proposals, MinHash-LSH above),
``compare_variants`` (the whole drivers-report table) and ``experiment_status`` on a 50/50
experiment over all the proposals. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from upwork_analytics.analysis.assignment import Settings, write_plan
from upwork_analytics.analysis.experiments import experiment_status
from upwork_analytics.analysis.variants import (
    OTHER,
    compare_variants,
    template_families,
)

NAMES = ["Sarah", "Michael", "David", "Emma", "Olivia", "James", "Liam", "Sofia", "Noah", "Ava"]
NICHES = ["Shopify store", "WordPress site", "React dashboard", "mobile app", "logo design",
          "SEO audit", "data pipeline", "Python script", "landing page", "email campaign"]
VERBS = ["build", "design", "fix", "improve", "migrate", "test", "deliver", "review", "optimise",
         "automate", "document", "launch", "refactor", "integrate", "analyse", "plan", "write",
         "redesign", "clean", "configure"]
ADJECTIVES = ["fast", "clean", "modern", "simple", "secure", "custom", "responsive", "robust",
              "scalable", "reliable", "small", "large", "new", "legacy", "complex", "mobile",
              "visual", "clear", "detailed", "friendly"]
NOUNS = ["store", "site", "app", "dashboard", "theme", "checkout", "database", "report",
         "pipeline", "script", "page", "funnel", "campaign", "audit", "brand", "logo", "feature",
         "api", "plugin", "workflow", "layout", "catalogue", "backend", "frontend", "server",
         "invoice", "module", "chart", "form", "search", "cart"]


def sentence(rng: np.random.Generator) -> str:
    """One random sentence from the word banks (as in ``bench_features.py``)."""
    def pick(words: list[str]) -> str:
        return words[int(rng.integers(len(words)))]

    return (f"I {pick(VERBS)} {pick(ADJECTIVES)} {pick(NOUNS)}s and {pick(VERBS)} the "
            f"{pick(ADJECTIVES)} {pick(NOUNS)} for {pick(NOUNS)} teams.")


def make_proposals(n: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Proposals and the template each copies (-1: written fresh)."""
    rng = np.random.default_rng(seed)
    n_templates = max(5, n // 500)

    def letter() -> list[str]:
        niche = NICHES[rng.integers(len(NICHES))]
        return ([f"I read your post about the {niche} and I would love to help."]
                + [sentence(rng) for _ in range(int(rng.integers(5, 10)))])

    templates = [letter() for _ in range(n_templates)]
    texts, which = [], np.full(n, -1)
    for i in range(n):
        if rng.random() < 1 / 3:
            which[i] = int(rng.integers(n_templates))
            body = list(templates[which[i]])
            body[int(rng.integers(1, len(body)))] = sentence(rng)
        else:
            body = letter()
        texts.append(f"Hi {NAMES[rng.integers(len(NAMES))]},\n\n" + " ".join(body))
    start = pd.Timestamp("2024-01-01", tz="UTC")
    y = rng.random(n) < 0.25
    df = pd.DataFrame({
        "proposal_id": [f"p{i}" for i in range(n)],
        "submitted_at": start + pd.to_timedelta(np.sort(rng.integers(0, 700 * 86400, n)), "s"),
        "cover_letter": texts, "job_title": "job", "viewed": y, "interviewed": y,
        "offered": y & (rng.random(n) < 0.5), "connects_spent": 8, "boost_connects": 0,
        "variant": rng.choice(["A", "B"], n), "experiment": "bench",
    })
    df["hired"] = df["offered"]
    return df, which


def recovery(labels: pd.Series, which: np.ndarray) -> tuple[float, float]:
    lab = labels.to_numpy()
    in_family = lab != OTHER
    pure = 0
    for name in pd.unique(lab[in_family]):
        members = which[lab == name]
        pure += np.bincount(members[members >= 0]).max() if (members >= 0).any() else 0
    purity = pure / max(in_family.sum(), 1)
    counts = np.bincount(which[which >= 0])
    big = [t for t in range(len(counts)) if counts[t] >= 5]
    hits = 0
    for t in big:
        names = lab[which == t]
        top = pd.Series(names[names != OTHER]).value_counts()
        hits += int(top.iloc[0]) if len(top) else 0
    return purity, hits / max(sum(counts[t] for t in big), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args(argv)
    warm, _ = make_proposals(200, seed=1)  # first calls import and compile: not timed
    compare_variants(warm.drop(columns=["variant"]))
    print(f"{'proposals':>10} {'families s':>10} {'purity':>7} {'recall':>7} "
          f"{'variants s':>10} {'status s':>9}")
    for n in args.sizes:
        df, which = make_proposals(n)
        t0 = time.perf_counter()
        labels = template_families(df.drop(columns=["variant"]))
        t1 = time.perf_counter()
        purity, recall = recovery(labels, which)
        t2 = time.perf_counter()
        compare_variants(df.drop(columns=["variant"]), labels=labels, source="detected")
        t3 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            plan = write_plan(Path(tmp) / "bench.csv", Settings(
                name="bench", arms=("A", "B"), ratio=(1, 1), seed=1, metric="interviewed",
                rate=0.25, effect=0.05, max_per_arm=(n, n), per_month=n / 24, alpha=0.05,
                power=0.8, created="2024-01-01T00:00:00Z"))
            t4 = time.perf_counter()
            experiment_status(plan, df, "2025-12")
            t5 = time.perf_counter()
        print(f"{n:>10,} {t1 - t0:>10.2f} {purity:>7.1%} {recall:>7.1%} {t3 - t2:>10.2f} "
              f"{t5 - t4:>9.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
