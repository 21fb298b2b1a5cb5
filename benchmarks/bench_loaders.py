"""Benchmark loading a hand-kept tracker: rows per second at 10k and 100k rows.

Run: ``python benchmarks/bench_loaders.py [--sizes 10000 100000]``.

Writes a tracker CSV in a temporary folder with the headers and values people type ("Date Sent"
as ``Mar 03, 2025``, bids as ``$25.00/hr``, budgets as ``Hourly: $10-$50``, Yes/No, status
words; 1 row in 50 with an unreadable date, so the rejection path is timed too) and times
``load_proposals`` on it (detection, header matching, parsing, validation, the load report),
each size in a fresh process so the peak RSS is that size's own. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_tracker(path: Path, n: int) -> None:
    """``n`` tracker rows with messy but readable values (1 in 50 with a bad date)."""
    statuses = ["Viewed", "Hired", "Lost", "Interviewing", "Archived", "Offer"]
    lines = ["Date Sent,Job Title,Job Link,Cover Letter,My Bid,Budget,Status,Boosted?,Connects"]
    for i in range(n):
        date = "31/31/2025" if i % 50 == 49 else f"Mar {i % 28 + 1:02d}, 2025"
        lines.append(f'"{date}",Job {i},https://www.upwork.com/jobs/~01{i:016d},'
                     f'"Hi Sam, I read your post about job {i}. I cut load time by 40% for a '
                     f'similar store. When do you want it live?",${20 + i % 30}.00/hr,'
                     f'"Hourly: $10.00-$50.00",{statuses[i % 6]},{["Yes", "No"][i % 2]},{i % 20}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _child(path: str) -> None:
    from upwork_analytics.load.loaders import load_proposals

    start = time.perf_counter()
    df, report = load_proposals(path, return_report=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "kept": report.rows_kept,
                      "rejected": len(report.rejected), "peak_mib": peak}))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child)
        return
    print("    rows |  seconds |  rows/s |    kept | rejected | peak MiB")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"tracker-{n}.csv"
            write_tracker(path, n)
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], check=True,
                                 capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(f"{n:8,} | {r['seconds']:8.2f} | {n / r['seconds']:7,.0f} | {r['kept']:7,} | "
                  f"{r['rejected']:8,} | {r['peak_mib']:8.0f}")


if __name__ == "__main__":
    main()
