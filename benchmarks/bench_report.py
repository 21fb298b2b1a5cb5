"""Benchmark rendering the monthly report at 1k and 20k proposals, next to papermill's own cost.

Run: ``python benchmarks/bench_report.py [--sizes 1000 20000] [--repeat 1]``.

For each size it writes a seeded synthetic history (``generate_sample(n_proposals=...)`` +
``write_sample``) into a temporary folder (and first uses the bundled sample) and times ``upwork_analytics.reports.render.render("monthly",
...)`` end to end (load, papermill execution in a fresh ``python3`` kernel, nbconvert to offline
HTML, atomic writes), then prints the slowest cells from the executed notebook. The baseline is
papermill executing a notebook with one empty cell (kernel start-up and shutdown, the floor of
any report) and nbconvert rendering it. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

from upwork_analytics.paths import SAMPLE_DIR
from upwork_analytics.reports.render import render, to_html
from upwork_analytics.synthetic import generate_sample, write_sample


def empty_notebook_seconds(work: Path) -> tuple[float, float]:
    """Seconds for papermill to execute a one-empty-cell notebook, and for nbconvert."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell("")]
    src = work / "empty.ipynb"
    nbformat.write(nb, src)
    start = time.perf_counter()
    executed = pm.execute_notebook(str(src), str(work / "empty.out.ipynb"),
                                   kernel_name="python3", cwd=str(work), progress_bar=False)
    run = time.perf_counter() - start
    start = time.perf_counter()
    to_html(executed, title="empty")
    return run, time.perf_counter() - start


def monthly_seconds(n: int, work: Path) -> tuple[float, list[tuple[float, str]]]:
    """Seconds to render the monthly report of ``n`` synthetic proposals (0: the bundled
    sample), and the slowest cells as ``(seconds, first line of source)``."""
    data_dir = SAMPLE_DIR
    if n:
        data_dir = work / f"data-{n}"
        write_sample(generate_sample(n_proposals=n), data_dir)
    start = time.perf_counter()
    html = render("monthly", data=[data_dir / "proposals.csv"],
                  messages=[data_dir / "messages.csv"], out_dir=work / f"reports-{n}",
                  force=True)
    seconds = time.perf_counter() - start
    executed = json.loads(html.with_suffix(".ipynb").read_text(encoding="utf-8"))
    cells = [(c["metadata"]["papermill"]["duration"] or 0.0,
              "".join(c["source"]).splitlines()[0][:70])
             for c in executed["cells"] if c["cell_type"] == "code" and c["source"]]
    return seconds, sorted(cells, reverse=True)[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 20000])
    parser.add_argument("--repeat", type=int, default=1, help="renders per size (best kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        work = Path(tmp)
        run, convert = empty_notebook_seconds(work)
        print(f"papermill, empty notebook: {run:6.1f} s   (nbconvert of it: {convert:.2f} s)")
        for n in [0, *args.sizes]:
            best, slow = min(monthly_seconds(n, work) for _ in range(args.repeat))
            what = f"{n:>6,} proposals" if n else "bundled sample"
            print(f"monthly report, {what}: {best:6.1f} s   "
                  f"({best - run:5.1f} s above the empty notebook)")
            for seconds, source in slow:
                print(f"    {seconds:6.1f} s  {source}")


if __name__ == "__main__":
    main()
