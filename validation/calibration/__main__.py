"""``python -m validation.calibration``: the simulation harness of issue 12 (``make validate``).

Simulates proposal histories with known effects through the real pipeline (generator ->
tracker files -> loaders -> features -> drivers analysis, recommendations, coach) and prints
the figures docs/drivers.md and docs/coach.md quote. Records go to a JSON-lines file as each
history finishes (``--out``), so an interrupted run keeps what it did; ``--summarise FILE``
prints the figures of a finished or partial run again without simulating.

Run it under ``nice`` (``make validate`` does): a full run is hours of CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

#: The full run's design: (scenario, sizes, repetitions). Each repetition is one generated
#: history analysed at each size (smaller sizes are random subsets of it), so a size cell
#: pools the scenarios: 300 and 1,200 proposals get 300 histories (200 with a peak, 100 with
#: a valley), 5,000 proposals 200 (100 each). The scenarios differ only in the length effect.
FULL = (("peak", (300, 1200, 5000), range(0, 100)),
        ("peak", (300, 1200), range(100, 200)),
        ("valley", (300, 1200, 5000), range(0, 100)))
QUICK = (("peak", (300, 1200), range(0, 6)), ("valley", (300, 1200), range(0, 6)))


def _tasks(args: argparse.Namespace):
    from validation.calibration.history import SCENARIOS, Task

    design = QUICK if args.quick else FULL
    if args.sizes or args.reps or args.scenarios:
        sizes = args.sizes or (300, 1200, 5000)
        reps = range(args.reps or 200)
        names = (args.scenarios or "peak,valley").split(",")
        design = tuple((name, sizes, reps) for name in names)
    methods = tuple(args.methods.split(","))
    out = []
    for name, sizes, reps in design:
        if name not in SCENARIOS:
            raise SystemExit(f"unknown scenario {name!r}; choose from {sorted(SCENARIOS)}")
        for rep in reps:
            seed = 1_000_000 + 10_000 * sorted(SCENARIOS).index(name) + rep
            out.append(Task(scenario=name, sizes=tuple(sizes), rep=rep, seed=seed,
                            methods=methods, coach=not args.no_coach))
    # histories of 1,200 proposals at most first (cheap: their cells fill early), then the
    # 5,000-proposal ones, scenarios interleaved
    return sorted(out, key=lambda t: (max(t.sizes), t.rep, t.scenario))


def _run_one(task) -> dict:
    from validation.calibration.history import run

    try:
        return {"task": task.__dict__, **run(task)}
    except Exception as exc:  # a failing history is a finding, not a crash of the run
        import traceback

        return {"task": task.__dict__, "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc()}


def _init_worker() -> None:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        os.nice(0)
    except OSError:
        pass


def simulate(args: argparse.Namespace) -> Path:
    tasks = _tasks(args)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = set()
    if out.exists() and args.resume:
        for line in out.read_text().splitlines():
            rec = json.loads(line)
            done.add((rec["task"]["scenario"], tuple(rec["task"]["sizes"]), rec["task"]["rep"],
                      tuple(rec["task"]["methods"])))
    else:
        out.write_text("")
    todo = [t for t in tasks if (t.scenario, t.sizes, t.rep, t.methods) not in done]
    print(f"{len(todo)} histories to simulate ({len(tasks) - len(todo)} already in {out}), "
          f"{args.jobs} job(s)", flush=True)
    start = time.time()
    with out.open("a") as sink, ProcessPoolExecutor(max_workers=args.jobs,
                                                    initializer=_init_worker) as pool:
        futures = [pool.submit(_run_one, t) for t in todo]
        for k, fut in enumerate(as_completed(futures), 1):
            rec = fut.result()
            sink.write(json.dumps(rec, default=_jsonable) + "\n")
            sink.flush()
            if "error" in rec:
                print(f"  history {rec['task']} failed: {rec['error']}", flush=True)
            if k % max(1, len(todo) // 20) == 0 or k == len(todo):
                print(f"  {k}/{len(todo)} histories, {time.time() - start:.0f} s", flush=True)
    return out


def _jsonable(x):
    try:
        return x.item()
    except AttributeError:
        return str(x)


def summarise(path: Path, methods_only: bool = False, docs: bool = False,
              note: str = "") -> None:
    """Print the figures of the records in ``path``; with ``docs``, also write them into
    docs/drivers.md and docs/coach.md (between their ``validation`` markers)."""
    from validation.calibration import summary as s

    recs = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    errors = [r for r in recs if "error" in r]
    recs = [r for r in recs if "error" not in r]
    frames = {k: pd.DataFrame([row for r in recs for row in r.get(k, [])])
              for k in ("effects", "length", "text", "coach", "agreement", "runs", "timings")}
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 60)
    print(f"\n{len(recs)} histories from {path}; {len(errors)} failed")
    for r in errors[:5]:
        print("  failed:", r["task"], r["error"])
    eff = frames["effects"]
    if eff.empty:
        return
    if eff["method"].nunique() > 1 or methods_only:
        _show("Estimators compared (conditional stages)", s.methods_table(eff))
        if methods_only:
            return
    drivers: list[tuple[str, pd.DataFrame]] = [
        ("Effects by stage and size (estimator: bayes)", s.effects_table(eff)),
        ("Each planted effect", s.per_effect_table(eff))]
    coach: list[tuple[str, pd.DataFrame]] = []
    if not frames["length"].empty:
        drivers.append(("Length curve", s.length_table(frames["length"], frames["text"],
                                                       frames["coach"])))
    if not frames["coach"].empty:
        coach.append(("Coach: the hire probability's 95% interval",
                      s.coach_table(frames["coach"])))
    if not frames["runs"].empty:
        drivers.append(("A history grows by 10 proposals (hired given sent)",
                        s.smoothness_table(frames["runs"])))
    drivers.append(("Planted property = measured feature (the estimand's assumption)",
                    s.agreement_table(frames["agreement"])))
    drivers.append(("Seconds per history (median; wall time on the shared machine)",
                    s.timing_table(frames["timings"])))
    criteria = s.criteria_table(eff, frames["length"], frames["text"], frames["coach"])
    for title, table in drivers + coach:
        _show(title, table)
    _show("Issue 12's acceptance criteria", criteria)
    if docs:
        head = (f"Figures from {len(recs)} simulated histories ({len(errors)} failed)"
                + (f"; {note}" if note else "") + ". Command: `python -m validation.calibration"
                f" --summarise {path} --docs` over the records `make validate` wrote. "
                "Coverage and rates are shown with their Monte Carlo standard error "
                "(`±`; coverage pooled over effects is averaged per history first).")
        is_coach = criteria["criterion"].str.contains("coach|no-context")
        _write_docs(Path("docs/drivers.md"), "drivers", head,
                    drivers + [("Issue 12's acceptance criteria (drivers)",
                                criteria[~is_coach])])
        _write_docs(Path("docs/coach.md"), "coach", head,
                    coach + [("Issue 12's acceptance criteria (coach)", criteria[is_coach])])


def _write_docs(path: Path, name: str, head: str, tables: list[tuple[str, pd.DataFrame]]
                ) -> None:
    """Replace the text between ``<!-- validation:NAME:begin -->`` and its end marker."""
    begin, end = f"<!-- validation:{name}:begin -->", f"<!-- validation:{name}:end -->"
    text = path.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        raise SystemExit(f"{path}: no {begin} ... {end} block to write the figures into")
    body = [head, ""]
    for title, table in tables:
        body += [f"**{title}**", "", markdown(table), ""]
    before, rest = text.split(begin, 1)
    after = rest.split(end, 1)[1]
    path.write_text(before + begin + "\n" + "\n".join(body) + end + after, encoding="utf-8")
    print(f"figures written into {path}")


def _show(title: str, table: pd.DataFrame) -> None:
    print(f"\n## {title}\n")
    print(markdown(table))


def markdown(table: pd.DataFrame) -> str:
    """A Markdown table (as docs/ quote them)."""
    cols = [str(c) for c in table.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in table.itertuples(index=False):
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m validation.calibration",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true",
                   help="a few minutes: 6 histories per scenario at 300 and 1,200 proposals")
    p.add_argument("--sizes", type=lambda v: tuple(int(x) for x in v.split(",")),
                   help="history sizes instead of the full design, e.g. 300,1200")
    p.add_argument("--reps", type=int, help="histories per scenario instead of the design")
    p.add_argument("--scenarios", help="peak,valley instead of the design")
    p.add_argument("--methods", default="bayes",
                   help="estimators, e.g. bayes,firth,ml (default bayes)")
    p.add_argument("--no-coach", action="store_true", help="skip the coach's drafts")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--out", default="reports/validation/calibration.jsonl",
                   help="records, one history a line (default %(default)s)")
    p.add_argument("--resume", action="store_true",
                   help="keep the histories already in --out and simulate the rest")
    p.add_argument("--summarise", metavar="FILE", help="only print the figures of FILE")
    p.add_argument("--docs", action="store_true",
                   help="with --summarise: also write the figures into docs/drivers.md and "
                        "docs/coach.md (run from the repository's root)")
    p.add_argument("--note", default="", help="with --docs: a line on the run (date, commit)")
    args = p.parse_args(argv)
    if args.summarise:
        summarise(Path(args.summarise), docs=args.docs, note=args.note)
        return 0
    print(f"validation.calibration, {time.strftime('%Y-%m-%d %H:%M')}: "
          f"python -m validation.calibration {' '.join(sys.argv[1:])}", flush=True)
    summarise(simulate(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
