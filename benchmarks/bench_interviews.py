"""Benchmark the interview-thread features on 10k and 100k messages.

Run: ``python benchmarks/bench_interviews.py [--sizes 10000 100000]``.

Takes the bundled sample's message threads and repeats them under new thread ids until there
are N messages, every text made unique (a prefix per copy, so the tokenizer memo does not
help), then times ``thread_features`` (rebuilding the threads, reply times, answer coverage,
sentences, follow-ups). Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from upwork_analytics.features.threads import thread_features
from upwork_analytics.load.loaders import load_messages
from upwork_analytics.paths import SAMPLE_DIR
from upwork_analytics.schema import M


def repeated_messages(messages: pd.DataFrame, n: int) -> pd.DataFrame:
    """``messages`` repeated under new ids (and with unique texts) to ``n`` rows."""
    reps = -(-n // len(messages))
    parts = []
    for r in range(reps):
        part = messages.copy()
        part[M.proposal_id] = part[M.proposal_id] + f"-{r}"
        part[M.text] = ("Ref" + str(r) + " " + part[M.text]).where(part[M.text].notna())
        parts.append(part)
    return pd.concat(parts, ignore_index=True).iloc[:n]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    args = ap.parse_args(argv)
    sample = load_messages(SAMPLE_DIR / "messages.csv")
    print(f"sample: {len(sample):,} messages in {sample[M.proposal_id].nunique():,} threads")
    print(" messages |  threads |  seconds | messages/s")
    for n in args.sizes:
        big = repeated_messages(sample, n)
        start = time.perf_counter()
        out = thread_features(big)
        seconds = time.perf_counter() - start
        print(f"{n:9,} | {len(out):8,} | {seconds:8.2f} | {n / seconds:10,.0f}")


if __name__ == "__main__":
    main()
