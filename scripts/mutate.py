"""Mutation testing of the critical modules with mutmut: ``make mutate`` (slow; not part of
``make test``).

Each group of modules is mutated in its own copy of the project (``.mutate/<group>/``)
and only the tests written for those modules run against its mutants (mutmut picks, per
mutant, the tests that call the mutated function, fastest first, and stops at the first
failure). Notebook and slow tests are left out: a notebook runs in a kernel that does not see
the mutant. The figures printed per module are: mutants, killed (a test failed or timed out),
survived, not covered by the group's tests, listed as equivalent, and the kill rate
``killed / (mutants - equivalent)``. Equivalent mutants (no test can tell them from the
original: the behaviour is the same) are listed with their reason in
``docs/mutation-equivalent.txt``; every other survivor counts against the rate.

Usage::

    python scripts/mutate.py [GROUP ...] [--max-children N] [--min RATE] [--again]

With ``--min`` the exit status is 1 when a group's kill rate is below RATE percent.
``mutmut show NAME`` inside ``.mutate/<group>/`` shows a mutant's diff.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / ".mutate"  # not build/: the wheel check clears that
EQUIVALENT = ROOT / "docs" / "mutation-equivalent.txt"
#: What the copy of the project needs: the package, its tests and the files they read.
COPY = ("upwork_analytics", "tests", "data", "notebooks", "docs", "pyproject.toml")
MARKERS = "not notebook and not slow"

#: group -> (modules to mutate, tests that run against them)
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cli": (("upwork_analytics/cli.py",),
            ("tests/test_cli.py", "tests/test_cli_plumbing.py", "tests/test_validate_cli.py")),
    "threads": (("upwork_analytics/features/threads.py", "upwork_analytics/features/_lexicon.py"),
                ("tests/test_interviews.py", "tests/test_lexicon_patterns.py",
                 "tests/test_features_content.py")),
    "redaction": (("upwork_analytics/reports/redact.py", "upwork_analytics/reports/excerpts.py"),
                  ("tests/test_redact.py", "tests/test_redact_phones.py",
                   "tests/test_excerpts.py")),
    "statistics": (("upwork_analytics/analysis/stats.py", "upwork_analytics/analysis/funnel.py"),
                   ("tests/test_stats_known_answers.py", "tests/test_funnel.py")),
    "parsing": (("upwork_analytics/load/parsing.py", "upwork_analytics/load/tracker.py"),
                ("tests/test_parsing.py", "tests/test_loaders_tracker.py",
                 "tests/test_loaders_bad_input.py")),
    "drivers": (("upwork_analytics/analysis/drivers.py",),
                ("tests/test_stats_known_answers.py",)),
}
#: Lines left unmutated: the help and description texts of the command line (a line that
#: starts with ``help=``/``description=``, or continues such a text: a string literal
#: indented as the arguments of ``p.add_argument(`` or ``sub.add_parser(`` are).
NOT_MUTATED = (r"^\s+(help|description)=", r"^ {19}\"", r"^ {23}\"", r"^ {24}\"")
#: mutmut's words for a result -> how it counts here
COUNTS_AS = {"killed": "killed", "timeout": "killed", "survived": "survived",
             "no tests": "not covered", "suspicious": "survived", "skipped": "not run",
             "not checked": "not run", "check was interrupted by user": "not run",
             "segfault": "killed", "caught by type check": "killed"}


def _setup(group: str) -> Path:
    """A fresh copy of the project with a mutmut configuration for ``group``."""
    work = BUILD / group
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=ignore)
        else:
            shutil.copy2(src, work / name)
    (work / "setup.cfg").write_text(_config(group), encoding="utf-8")
    return work


def _config(group: str) -> str:
    """The ``[mutmut]`` section for ``group``."""
    modules, tests = GROUPS[group]
    lines = ["[mutmut]", "source_paths = upwork_analytics", "only_mutate ="]
    lines += [f"    {m}" for m in modules]
    lines += ["also_copy =", "    data", "    notebooks", "    docs"]
    lines += ["pytest_add_cli_args_test_selection ="] + [f"    {t}" for t in tests]
    lines += ["pytest_add_cli_args =", "    -m", f"    {MARKERS}", "    -p",
              "    no:cacheprovider", "timeout_multiplier = 10.0"]
    # the wording of --help texts is not behaviour a test should pin: not mutated
    lines += ["do_not_mutate_patterns ="] + [f"    {p}" for p in NOT_MUTATED]
    return "\n".join(lines) + "\n"


def _results(work: Path) -> dict[str, str]:
    """mutant name -> mutmut's status, from ``mutmut results --all true``."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"],
                         cwd=work, capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\S+): (.+)$", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


def _equivalent() -> dict[str, str]:
    """Mutant name -> why it is equivalent (``docs/mutation-equivalent.txt``)."""
    listed = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                listed[name] = reason.strip()
    return listed


def _module_of(name: str, modules: tuple[str, ...]) -> str:
    for path in modules:
        dotted = path.removesuffix(".py").replace("/", ".")
        if name.startswith(dotted + ".x"):
            return path
    return "?"


def run_group(group: str, max_children: int, again: bool = False) -> list[dict]:
    modules, tests = GROUPS[group]
    work = BUILD / group
    names: list[str] = []
    if again and (work / "mutants").is_dir():
        # the last run's survivors only, against the tests as they are now (the code must
        # not have changed since: mutants are numbered per function)
        saved = work / "results.json"
        last = (json.loads(saved.read_text(encoding="utf-8")) if saved.exists()
                else _results(work))
        names = sorted(n for n, s in last.items()
                       if COUNTS_AS.get(s) in ("survived", "not covered"))
        for where in (work / "tests", work / "mutants" / "tests"):
            shutil.rmtree(where, ignore_errors=True)
            shutil.copytree(ROOT / "tests", where,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for where in (work, work / "mutants"):
            (where / "setup.cfg").write_text(_config(group), encoding="utf-8")
        print(f"== {group}: {len(names)} survivors of the last run, against today's tests",
              flush=True)
    else:
        work = _setup(group)
        print(f"== {group}: mutating {', '.join(modules)}; tests: {' '.join(tests)}",
              flush=True)
    start = time.monotonic()
    log = work / "mutmut.log"
    with log.open("a" if names else "w", encoding="utf-8") as fh:
        done = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children",
                               str(max_children), *names], cwd=work, stdout=fh,
                              stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    minutes = (time.monotonic() - start) / 60
    if done.returncode != 0:
        print(f"   mutmut failed (exit {done.returncode}); see {log}")
    results = _results(work)
    saved = work / "results.json"
    if names and saved.exists():  # mutmut forgets the mutants it did not re-run: merge
        results = {**json.loads(saved.read_text(encoding="utf-8")),
                   **{n: s for n, s in results.items() if n in set(names)}}
    saved.write_text(json.dumps(results, indent=1), encoding="utf-8")
    equivalent = _equivalent()
    rows = []
    for path in modules:
        names = {n: s for n, s in results.items() if _module_of(n, modules) == path}
        counts = Counter(COUNTS_AS.get(s, "not run") for s in names.values())
        equiv = [n for n, s in names.items() if n in equivalent and s == "survived"]
        tested = len(names) - len(equiv) - counts["not run"]
        rate = 100.0 * counts["killed"] / tested if tested else float("nan")
        survivors = sorted(n for n, s in names.items()
                           if COUNTS_AS.get(s) in ("survived", "not covered") and n not in equiv)
        rows.append({"group": group, "module": path, "mutants": len(names),
                     "killed": counts["killed"], "survived": counts["survived"] - len(equiv),
                     "not covered": counts["not covered"], "equivalent": len(equiv),
                     "not run": counts["not run"], "rate": rate, "survivors": survivors})
    for r in rows:
        print(f"   {r['module']}: {r['mutants']} mutants, {r['killed']} killed, "
              f"{r['survived']} survived, {r['not covered']} not covered, {r['equivalent']} "
              f"equivalent, {r['not run']} not run: {r['rate']:.1f}% killed")
        for name in r["survivors"]:
            print(f"      survived: {name} ({results[name]})")
    print(f"   {minutes:.1f} min", flush=True)
    stale = [n for n in equivalent if _module_of(n, modules) != "?" and n not in results]
    for name in stale:
        print(f"   listed as equivalent but no longer a mutant: {name}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP",
                        help=f"groups to run (default: all): {', '.join(GROUPS)}")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--min", type=float, default=None, metavar="RATE",
                        help="exit 1 when a module's kill rate is below RATE percent")
    parser.add_argument("--again", action="store_true",
                        help="re-run only the last run's survivors, against the current tests "
                        "(quick, after adding tests; the code must be unchanged)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(GROUPS)}")
    rows = []
    for group in args.groups or list(GROUPS):
        rows += run_group(group, args.max_children, again=args.again)
    print("\nmodule | mutants | killed | survived | not covered | equivalent | kill rate")
    print("---|---|---|---|---|---|---")
    for r in rows:
        print(f"{r['module']} | {r['mutants']} | {r['killed']} | {r['survived']} | "
              f"{r['not covered']} | {r['equivalent']} | {r['rate']:.1f}%")
    killed = sum(r["killed"] for r in rows)
    counted = sum(r["mutants"] - r["equivalent"] - r["not run"] for r in rows)
    if counted:
        print(f"all | {sum(r['mutants'] for r in rows)} | {killed} | "
              f"{sum(r['survived'] for r in rows)} | {sum(r['not covered'] for r in rows)} | "
              f"{sum(r['equivalent'] for r in rows)} | {100 * killed / counted:.1f}%")
    if args.min is not None and any(r["rate"] < args.min for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
