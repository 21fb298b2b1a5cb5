"""Benchmark the feature catalogue: throughput and peak memory at 1k / 10k / 100k proposals.

Run: ``python benchmarks/bench_features.py [--sizes 1000 10000 100000] [--baseline-n 2000]
[--jobs N]`` (without ``--jobs``: ``build_features``' default, all cores from 20,000 proposals).

It makes its own random proposals from word banks (35% are light-edit copies of a few templates:
greeting name and one sentence changed), so it depends on nothing but
``upwork_analytics.features``. For each size it times, each in a fresh process:

* ``text``: every feature except ``template_similarity``, computed as ``build_features`` does,
* ``template``: ``template_similarity`` alone (MinHash-LSH above 2,000 proposals),
* ``all``: ``build_features`` itself (text + template, sharing the tokenisation),

and prints proposals per second and the process's peak RSS (``resource.getrusage``; it includes
the interpreter, the libraries and the generated data; with ``n_jobs > 1`` the joblib worker
processes come on top: ``workers MiB`` is the largest one's peak RSS). The naive baseline - a per-row
``DataFrame.apply`` with NLTK's ``PunktSentenceTokenizer`` and ``TreebankWordTokenizer`` and a
per-row ``vaderSentiment`` call, for only 5 features - is measured on ``--baseline-n`` rows and
its throughput extrapolated to every size (it is linear per row). Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

NAMES = ["Sarah", "Michael", "David", "Emma", "Olivia", "James", "Liam", "Sofia", "Noah", "Ava"]
NICHES = ["Shopify store", "WordPress site", "React dashboard", "mobile app", "logo design",
          "SEO audit", "data pipeline", "Python script", "landing page", "email campaign"]
SUBJECTS = "I we my team our studio this approach the result my process".split()
VERBS = ("build design fix improve migrate test deliver review optimise automate document "
         "launch refactor integrate analyse plan write redesign clean configure").split()
ADJECTIVES = ("fast clean modern simple secure custom responsive robust scalable reliable small "
              "large new legacy complex mobile visual clear detailed friendly").split()
NOUNS = ("store site app dashboard theme checkout database report pipeline script page funnel "
         "campaign audit brand logo feature api plugin workflow layout catalogue backend "
         "frontend server invoice module chart form search cart").split()
PREPS = "for with in on across from into".split()
METRICS = "sales traffic conversions revenue signups leads bookings".split()


def sentence(rng) -> str:
    """One random sentence from the word banks (statements, questions, results, links)."""
    w = lambda bank: bank[rng.integers(len(bank))]  # noqa: E731
    kind = rng.random()
    if kind < 0.12:
        return f"Which {w(ADJECTIVES)} {w(NOUNS)} do you {w(VERBS)} {w(PREPS)} the {w(NOUNS)}?"
    if kind < 0.2:
        return (f"Last year I increased {w(METRICS)} by {rng.integers(10, 90)}% for a "
                f"{w(ADJECTIVES)} {w(NOUNS)} client.")
    if kind < 0.24:
        return (f"Here is a {w(ADJECTIVES)} sample: "
                f"https://example.com/{w(NOUNS)}/{rng.integers(99)}")
    if kind < 0.28:
        return f"I am excited to {w(VERBS)} your {w(NOUNS)} and I always deliver on time!"
    return (f"{w(SUBJECTS).capitalize()} can {w(VERBS)} the {w(ADJECTIVES)} {w(NOUNS)} "
            f"{w(PREPS)} your {w(ADJECTIVES)} {w(NOUNS)} and {w(VERBS)} the {w(NOUNS)}.")


def make_proposals(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` random proposals (one freelancer); 35% are light-edit copies of ``n // 2000`` (at
    least 5) templates: greeting name and one sentence changed."""
    rng = np.random.default_rng(seed)
    n_templates = max(5, n // 2000)

    def letter() -> list[str]:
        niche = NICHES[rng.integers(len(NICHES))]
        opener = f"I read your post about the {niche} and I would love to help."
        return [opener] + [sentence(rng) for _ in range(int(rng.integers(5, 10)))] + [
            "Could we schedule a quick call this week?"]

    templates = [letter() for _ in range(n_templates)]
    texts, titles = [], []
    for _ in range(n):
        name = NAMES[rng.integers(len(NAMES))]
        if rng.random() < 0.35:
            body = list(templates[rng.integers(n_templates)])
            body[int(rng.integers(1, len(body)))] = sentence(rng)
        else:
            body = letter()
        texts.append(f"Hi {name},\n\n" + " ".join(body) + "\n\nBest regards,\nAnna")
        titles.append(f"{NICHES[rng.integers(len(NICHES))]} needed")
    start = pd.Timestamp("2023-01-01", tz="UTC")
    return pd.DataFrame({
        "proposal_id": [f"p{i}" for i in range(n)],
        "submitted_at": start + pd.to_timedelta(np.sort(rng.integers(0, 730 * 86400, n)), "s"),
        "cover_letter": texts,
        "job_title": titles,
        "job_description": [f"We need help with a {t}. What is your experience? "
                            "Tell me about a similar project." for t in titles],
        "client_name": [NAMES[i] + " Smith" for i in rng.integers(len(NAMES), size=n)],
        "contract_type": rng.choice(["hourly", "fixed"], n),
        "bid_amount": rng.integers(20, 2000, n).astype(float),
        "budget_min": rng.integers(20, 1500, n).astype(float),
        "budget_max": rng.integers(1500, 3000, n).astype(float),
        "connects_spent": rng.integers(4, 17, n),
        "boost_connects": rng.integers(0, 30, n),
    })


def text_features(df: pd.DataFrame, n_jobs: int | None = None) -> np.ndarray:
    """Every feature except ``template_similarity``, the way ``build_features`` computes them
    (row-wise families in chunks sharing one tokenisation, then the context columns)."""
    from sklearn.utils.parallel import Parallel, delayed

    from upwork_analytics.features import FEATURIZERS
    from upwork_analytics.features.build import _ROWWISE, CHUNK_ROWS, effective_jobs

    def chunk(ests, frame):
        return np.hstack([e.transform(frame["cover_letter"] if e.input_columns ==
                                      ("cover_letter",) else frame) for e in ests])

    ests = []
    for fam in _ROWWISE:
        cls = FEATURIZERS[fam]
        ests.append(cls().fit(df["cover_letter"] if cls.input_columns == ("cover_letter",)
                              else df))
    chunks = [df.iloc[s:s + CHUNK_ROWS] for s in range(0, len(df), CHUNK_ROWS)]
    n_jobs = effective_jobs(len(df), n_jobs)
    if len(chunks) > 1 and n_jobs not in (None, 1):
        blocks = Parallel(n_jobs=n_jobs)(delayed(chunk)(ests, c) for c in chunks)
    else:
        blocks = [chunk(ests, c) for c in chunks]
    context = FEATURIZERS["context"]().fit_transform(df)
    return np.hstack([np.vstack(blocks), context])


def template_only(df: pd.DataFrame, n_jobs: int | None = None) -> np.ndarray:
    from upwork_analytics.features import template_similarity

    return template_similarity(df["cover_letter"].tolist(), df["submitted_at"])


def all_features(df: pd.DataFrame, n_jobs: int | None = None) -> pd.DataFrame:
    from upwork_analytics.features import build_features

    return build_features(df, n_jobs=n_jobs)


def _run(part: str, n: int, n_jobs: int | None) -> tuple[float, float, float]:
    """In a fresh process: make ``n`` proposals, time ``part``; return (seconds, peak RSS MiB,
    largest worker process's peak RSS MiB or 0)."""
    df = make_proposals(n, seed=1 if part == "baseline" else 0)
    func = {"baseline": naive_baseline, "text": text_features, "template": template_only,
            "all": all_features}[part]
    # warm-up on 5 rows (imports, lexicon loading), as any long-running process would have
    func(df.iloc[:5]) if part == "baseline" else func(df.iloc[:5], 1)
    t0 = time.perf_counter()
    func(df) if part == "baseline" else func(df, n_jobs)
    seconds = time.perf_counter() - t0
    return (seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10,
            _workers_peak_mib())


def _workers_peak_mib() -> float:
    """Largest peak RSS (``VmHWM``, Linux) among this process's descendants: joblib's workers."""
    import os
    from pathlib import Path

    children: dict[int, list[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
            children.setdefault(int(fields["PPid"]), []).append(int(status.parent.name))
        except (OSError, KeyError, ValueError):
            continue
    todo, peak = list(children.get(os.getpid(), [])), 0.0
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 2**10)
        except OSError:
            continue
    return peak


def measure(part: str, n: int, n_jobs: int | None = None) -> tuple[float, float, float]:
    """Run :func:`_run` in a new top-level Python process, so each peak-memory figure is its
    own (and joblib's workers start as usual). ``n_jobs=None``: ``build_features``' default."""
    out = subprocess.run([sys.executable, __file__, "--child", part, str(n), str(n_jobs)],
                         check=True, capture_output=True, text=True).stdout
    return tuple(json.loads(out.strip().splitlines()[-1]))


def naive_baseline(df: pd.DataFrame) -> pd.DataFrame:
    """Per-row apply with NLTK tokenizers and a per-row VADER call (what we replace)."""
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    params = PunktParameters()
    params.abbrev_types = {"dr", "mr", "mrs", "ms", "e.g", "i.e", "u.s", "etc", "vs"}
    punkt, words, vader = PunktSentenceTokenizer(params), TreebankWordTokenizer(), \
        SentimentIntensityAnalyzer()

    def row(text: str) -> pd.Series:
        sents = punkt.tokenize(text)
        toks = [w for s in sents for w in words.tokenize(s)]
        return pd.Series({"word_count": len(toks), "sentence_count": len(sents),
                          "question_count": sum(s.endswith("?") for s in sents),
                          "exclamation_count": text.count("!"),
                          "sentiment": vader.polarity_scores(text)["compound"]})

    return df["cover_letter"].apply(row)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        part, n, jobs = argv[1], int(argv[2]), None if argv[3] == "None" else int(argv[3])
        print(json.dumps(_run(part, n, jobs)))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    ap.add_argument("--baseline-n", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=None,
                    help="n_jobs for the text features (default: build_features' default)")
    args = ap.parse_args(argv)

    b_sec, b_mem, _ = measure("baseline", args.baseline_n)
    base_rate = args.baseline_n / b_sec
    print(f"naive baseline (per-row apply: Punkt + Treebank + per-row VADER, 5 features), "
          f"measured on {args.baseline_n} rows in {b_sec:.2f} s -> {base_rate:,.0f} proposals/s "
          f"(extrapolated to every N: linear per row), peak RSS {b_mem:.0f} MiB")
    jobs = "default (all cores from 20,000 proposals)" if args.jobs is None else args.jobs
    print(f"features: n_jobs={jobs}; time = wall clock of the part only; memory = peak RSS "
          f"of a fresh process that also holds the generated data (+ workers: each worker's)")
    print(f"{'N':>8} | {'part':<8} | {'seconds':>8} | {'proposals/s':>12} | {'x baseline':>10} "
          f"| {'peak MiB':>8} | {'workers MiB':>11}")
    times: dict[tuple[int, str], float] = {}
    for n in args.sizes:
        for part in ("text", "template", "all"):
            sec, mem, workers = measure(part, n, args.jobs)
            times[n, part] = sec
            x = f"{(n / sec) / base_rate:10.1f}" if part != "template" else f"{'':>10}"
            w = f"{workers:11.0f}" if workers else f"{'-':>11}"
            print(f"{n:>8} | {part:<8} | {sec:8.2f} | {n / sec:12,.0f} | {x} | {mem:8.0f} | {w}",
                  flush=True)
    big = [n for n in args.sizes if n >= 10000]
    if len(big) >= 2:
        a, b = big[0], big[-1]
        print(f"template_similarity time ratio {a:,} -> {b:,} proposals: "
              f"{times[b, 'template'] / times[a, 'template']:.1f}x for {b / a:.0f}x the data "
              f"(quadratic would be {(b / a) ** 2:.0f}x)")


if __name__ == "__main__":
    main()
