"""Benchmark the command line's start-up: ``--help``, an argument error, ``validate`` on 1,100
rows, each run as a fresh process the way a user runs it.

Run: ``python benchmarks/bench_startup.py [--runs 10] [--cli PATH]``.

For each command it prints the fastest and the median wall time of ``--runs`` runs and the
median CPU time (user + system) of one run. On a shared machine the wall time grows with the
load (printed too); the fastest run and the CPU time are the figures that say what the command
itself costs. ``validate`` reads the first 1,100 proposals of the bundled sample, written to a
temporary CSV. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(argv: list[str], runs: int) -> tuple[float, float, float, int]:
    """``(fastest wall s, median wall s, median CPU s, exit code)`` over ``runs`` runs."""
    walls, cpus, code = [], [], 0
    for _ in range(runs):
        cpu0, t0 = _cpu(), time.perf_counter()
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - cpu0)
        code = proc.returncode
    return min(walls), statistics.median(walls), statistics.median(cpus), code


def write_rows(path: Path, n: int) -> None:
    from upwork_analytics.paths import SAMPLE_PROPOSALS

    with open(SAMPLE_PROPOSALS, newline="", encoding="utf-8") as src:
        rows = list(csv.reader(src))
    with open(path, "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows[:n + 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cli", default=shutil.which("upwork-analytics", path=str(
        Path(sys.executable).parent)) or "upwork-analytics", help="the installed command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "proposals-1100.csv"
        write_rows(data, 1100)
        commands = {
            "--help": [args.cli, "--help"],
            "argument error (drivers --stage nope)": [args.cli, "drivers", "--stage", "nope"],
            "validate, 1,100 rows": [args.cli, "validate", str(data)],
            "python -c pass (interpreter alone)": [sys.executable, "-c", "pass"],
        }
        print(f"{args.runs} runs each; {os.cpu_count()} cores; load average "
              f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} at start")
        print(f"{'command':<40} {'fastest':>8} {'median':>8} {'CPU':>7}  exit")
        for label, argv in commands.items():
            fastest, median, cpu, code = time_command(argv, args.runs)
            print(f"{label:<40} {fastest:7.2f}s {median:7.2f}s {cpu:6.2f}s  {code}")
        print(f"load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
