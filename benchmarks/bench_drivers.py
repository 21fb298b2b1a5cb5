"""Benchmark the drivers analysis and the coach on the bundled sample and a larger history.

Run: ``python benchmarks/bench_drivers.py [--sizes 0 5000]`` (0 = the bundled sample).

Times, per size: building the features; ``analyze_drivers`` for each stage as the ``drivers``
command runs it (model quality included) and as the coach runs it (effects only); the
``drivers`` command end to end (CLI start-up, loading, features, the stage and the interview
stage for the advice audit); the coach's ``prepare_history`` and one ``review``. Wall seconds
and, in brackets, this process's CPU seconds: on a shared machine the difference is time spent
waiting for a core. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from upwork_analytics.analysis.drivers import STAGES, analyze_drivers
from upwork_analytics.coach.review import prepare_history, review
from upwork_analytics.features import build_features
from upwork_analytics.load.loaders import load_messages, load_proposals
from upwork_analytics.paths import EXAMPLE_DRAFT, SAMPLE_DIR
from upwork_analytics.synthetic import generate_sample, write_sample

DRAFT = EXAMPLE_DRAFT


def timed(fn):
    """``(result, wall seconds, cpu seconds)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def fmt(wall: float, cpu: float) -> str:
    return f"{wall:6.2f} s ({cpu:5.2f} s CPU)"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[0, 5000])
    args = p.parse_args()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = SAMPLE_DIR
            if n:
                folder = Path(tmp)
                write_sample(generate_sample(n_proposals=n, seed=3), folder)
            proposals = load_proposals(folder / "proposals.csv")
            messages = load_messages(folder / "messages.csv")
            print(f"== {'bundled sample' if not n else 'synthetic'}: {len(proposals):,} "
                  "proposals")
            features, w, c = timed(lambda: build_features(proposals, messages))
            print(f"  build_features                          {fmt(w, c)}")
            for stage in STAGES:
                _, w, c = timed(lambda: analyze_drivers(features, proposals, stage=stage))
                _, w2, c2 = timed(lambda: analyze_drivers(features, proposals, stage=stage,
                                                          evaluate=False, detail=False))
                print(f"  {stage:<26} drivers {fmt(w, c)}; effects only {fmt(w2, c2)}")
            cmd = [sys.executable, "-m", "upwork_analytics", "drivers",
                   str(folder / "proposals.csv"), "--messages", str(folder / "messages.csv")]
            _, w, c = timed(lambda: subprocess.run(cmd, check=True, capture_output=True))
            print(f"  `drivers` command, end to end           {w:6.2f} s")
            hist, w, c = timed(lambda: prepare_history(proposals))
            print(f"  coach: prepare_history                  {fmt(w, c)}")
            draft = (DRAFT.read_text(encoding="utf-8") if DRAFT.exists()
                     else proposals["cover_letter"].iloc[-1])
            _, w, c = timed(lambda: review(draft, hist))
            print(f"  coach: one review                       {fmt(w, c)}")


if __name__ == "__main__":
    main()
