"""The ``upwork-analytics`` command line: parses arguments, then calls library functions only.

Exit codes: 0 success, 1 a report notebook failed or an internal error, 2 bad input or usage
(one line on stderr, no traceback; ``--debug`` shows the traceback).

Start-up is kept fast on purpose: building the parser imports nothing but the standard library
and the light modules ``exceptions``, ``paths``, ``load.progress`` and ``reports.registry``.
pandas, scikit-learn, papermill and the rest are imported inside the ``_run_*`` function of the
command that needs them (``tests/test_cli_startup.py`` checks that ``--help`` loads none of
them). Keep it so when adding a command or an option: no heavy import at module level or in
an ``_add_*`` function.

Output: results on standard output (``--json -`` puts the JSON there and the human-readable
text on standard error); progress bars only on a terminal and never with ``--quiet``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from upwork_analytics import __version__
from upwork_analytics.load import progress
from upwork_analytics.exceptions import ReportError, UpworkAnalyticsError
from upwork_analytics.paths import REPORTS_DIR, SAMPLE_MESSAGES, SAMPLE_PROPOSALS

PROG = "upwork-analytics"
#: ``--json -``: the JSON goes to standard output.
STDOUT = "-"
#: ``drivers --outcome`` / ``--stage`` choices: ``analysis.drivers.OUTCOMES`` and the keys of
#: ``STAGES`` (with ``interview``, short for ``hired_given_interviewed``), written here so that ``--help`` need not import scikit-learn (a test checks that
#: they match).
DRIVER_OUTCOMES = ("hired", "interviewed", "viewed")
DRIVER_STAGES = ("hired", "hired_given_interviewed", "interview", "interviewed",
                 "interviewed_given_viewed", "viewed")


class _OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr and exit status 2, and which
    takes no abbreviated options (``--me`` is never read as ``--messages``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# --------------------------------------------------------------------------- shared options


def _add_load_options(p: argparse.ArgumentParser, tz_flag: str = "--tz") -> None:
    """How to read the user's files: the options of ``validate``, shared by every command
    that loads them."""
    p.add_argument("--map", action="append", default=[], metavar="HEADER=COLUMN",
                   help="map a header to a canonical column, e.g. --map \"Cover Letter="
                   "cover_letter\" (repeatable; COLUMN 'ignore' skips a header)")
    p.add_argument("--map-file", type=Path, metavar="FILE",
                   help="mapping file: HEADER=COLUMN lines or a JSON object")
    p.add_argument("--me", action="append", metavar="ID",
                   help="your own Upwork user id or name, to tell your messages from the "
                   "client's (repeatable)")
    p.add_argument("--dayfirst", action="store_true",
                   help="read 03/04/2025 as 3 April (default: month first, unless a file's "
                   "dates can only be day first)")
    p.add_argument(tz_flag, dest="data_tz", default="UTC", metavar="ZONE",
                   help="time zone of sheet times without one, e.g. Europe/Berlin "
                   "(default: UTC)")
    p.add_argument("--encoding", metavar="NAME",
                   help="text encoding of CSV/TSV/JSON files, e.g. cp1251, shift_jis, utf-16-le "
                   "(default: UTF-8 if the file is valid UTF-8, else detected; the load report "
                   "names it)")


def _load_options(args: argparse.Namespace) -> tuple[dict, dict]:
    """``(options for proposals, options for messages)`` of the loaders, from
    :func:`_add_load_options`' arguments."""
    from upwork_analytics.load.loaders import parse_column_map, read_column_map, split_column_map

    mapping = read_column_map(args.map_file) if args.map_file else {}
    mapping.update(parse_column_map(args.map))
    maps = split_column_map(mapping)
    common = {"dayfirst": True if args.dayfirst else None, "tz": args.data_tz,
              "encoding": args.encoding}
    return ({**common, "column_map": maps["proposals"]},
            {**common, "column_map": maps["messages"], "me": args.me})


def _check_output(path: Path | None, inputs: Sequence[Path | str], flag: str) -> None:
    """Refuse an output path that is one of the input files (they are never written) or a
    folder, before any work is done (``-``, standard output, is always fine)."""
    from upwork_analytics.exceptions import InputFileError, ParameterError

    if path is None or _is_stdout(path):
        return
    if path.resolve() in {Path(p).resolve() for p in inputs}:
        raise InputFileError(f"{flag} {path} is one of the input files; input files are never "
                             "written")
    if path.is_dir():
        raise ParameterError(f"{flag} {path} is a folder; give a file name")


def _is_stdout(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDOUT


def _say(text: str, args: argparse.Namespace, **kwargs) -> None:
    """Print a command's human-readable result: on standard output, or on standard error when
    ``--json -`` takes standard output for the JSON."""
    stream = sys.stderr if _is_stdout(getattr(args, "json", None)) else sys.stdout
    print(text, file=stream, **kwargs)


def _write_output(path: Path, text: str, flag: str) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file beside it, then a rename); an
    unwritable path is a one-line error, and no temporary file is left behind. ``-`` writes
    to standard output."""
    from upwork_analytics.exceptions import ParameterError

    if _is_stdout(path):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # its folder does not exist either
            pass
        raise ParameterError(f"{flag} {path}: cannot write there "
                             f"({exc.strerror or type(exc).__name__})") from None


# --------------------------------------------------------------------------- subcommands


def _add_sample(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sample", help="write the seeded synthetic sample data set",
                       description="Generate a realistic synthetic proposal history with planted "
                       "effects and write proposals.csv, messages.csv, proposal_truth.csv and "
                       "truth.json to DIR.")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    p.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    p.add_argument("--proposals", type=int, default=1200, metavar="N",
                   help="number of proposals (default: 1200)")
    p.add_argument("--months", type=int, default=24, help="months of history (default: 24)")
    p.add_argument("--no-effects", action="store_true",
                   help="plant no effects at all (outcomes independent of every feature)")
    p.set_defaults(run=_run_sample)


def _run_sample(args: argparse.Namespace) -> int:
    from upwork_analytics.synthetic import generate_sample, write_sample

    sample = generate_sample(n_proposals=args.proposals, months=args.months, seed=args.seed,
                             effects=not args.no_effects)
    written = write_sample(sample, args.out)
    for path in written:
        print(path)
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="load proposal/message files and print the load report",
                       description="Check that files load into the canonical schema and print "
                       "what was read, kept, rejected and repaired. Exit status 0 when the data "
                       "is usable (even with some rejected rows), 2 when it is not.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="proposal file(s): tracker CSV/TSV/XLSX or API JSON "
                   f"(default: the bundled sample, {SAMPLE_PROPOSALS})")
    p.add_argument("--messages", nargs="+", type=Path, metavar="PATH",
                   help="message file(s): CSV or API roomStories JSON (default with the sample: "
                   f"{SAMPLE_MESSAGES})")
    _add_load_options(p)
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the report as JSON "
                   "('-': to standard output, the text report then goes to standard error)")
    p.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    import json

    from upwork_analytics.exceptions import InputFileError
    from upwork_analytics.load.loaders import load_messages, load_proposals

    paths, messages = list(args.paths), list(args.messages or [])
    if not paths:
        if not SAMPLE_PROPOSALS.is_file():
            raise InputFileError(f"no PATH given and the bundled sample {SAMPLE_PROPOSALS} is "
                                 "missing (a broken install: reinstall upwork-analytics; in a "
                                 "checkout, 'make sample' writes it)")
        paths = [SAMPLE_PROPOSALS]
        if not messages and SAMPLE_MESSAGES.is_file():
            messages = [SAMPLE_MESSAGES]
    _check_output(args.json, paths + messages, "--json")
    p_opts, m_opts = _load_options(args)
    reports = {}
    _, reports["proposals"] = load_proposals(paths, return_report=True, **p_opts)
    if messages:
        _, reports["messages"] = load_messages(messages, return_report=True, **m_opts)
    _say("\n\n".join(r.summary() for r in reports.values()), args)
    if args.json:
        _write_output(args.json, json.dumps({k: r.to_dict() for k, r in reports.items()},
                                            indent=2, ensure_ascii=False, default=str), "--json")
    return 0


def _add_features(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("features", help="compute the feature table for every proposal")
    p.add_argument("data", nargs="*", type=Path, metavar="DATA",
                   help=f"proposal file(s) (default: {SAMPLE_PROPOSALS})")
    p.add_argument("--messages", nargs="+", type=Path, metavar="PATH", help="message file(s)")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the features as CSV "
                   "(default: print a summary)")
    p.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                   help="processes for the text features (default: 1; -1 = all cores)")
    _add_load_options(p)
    p.set_defaults(run=_run_features)


def _jobs(text: str) -> int:
    """``--jobs``: a number of processes, 1 or more, or -1 for every core."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1 and n != -1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of processes (1 or more) "
                                         "or -1 for all cores")
    return n


def _run_features(args: argparse.Namespace) -> int:
    import pandas as pd

    from upwork_analytics.features import build_features
    from upwork_analytics.load.loaders import load_messages, load_proposals

    data = args.data or [SAMPLE_PROPOSALS]
    _check_output(args.out, [*data, *(args.messages or [])], "--out")
    p_opts, m_opts = _load_options(args)
    proposals = load_proposals(data, **p_opts)
    messages = load_messages(args.messages, **m_opts) if args.messages else None
    table = build_features(proposals, messages, n_jobs=args.jobs)
    if args.out is not None:
        _write_output(args.out, table.to_csv(index=False), "--out")
        print(f"{args.out}: {len(table)} proposals x {table.shape[1] - 1} features")
        return 0
    key = ["word_count", "question_count", "you_i_ratio", "template_similarity", "job_overlap",
           "client_question_coverage", "bid_to_budget_ratio"]
    print(f"{len(table)} proposals x {table.shape[1] - 1} features (use --out FILE for the table)")
    with pd.option_context("display.width", 120, "display.max_columns", 20,
                           "display.float_format", "{:.2f}".format):
        print(table[key].describe().T[["count", "mean", "std", "min", "50%", "max"]])
    return 0


def _add_drivers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("drivers", help="what drives views, interviews and hires, with intervals",
                       description="Which measured habits go with more views, interviews and "
                       "hires in your own history, with intervals, sample-size tiers and an "
                       "audit of the common advice. JSON shape: docs/drivers.md.")
    p.add_argument("data", nargs="*", type=Path, metavar="DATA",
                   help=f"proposal file(s) (default: {SAMPLE_PROPOSALS})")
    p.add_argument("--messages", nargs="+", type=Path, metavar="PATH", help="message file(s)")
    p.add_argument("--outcome", choices=DRIVER_OUTCOMES, default="hired",
                   help="outcome among all proposals sent (default: hired)")
    p.add_argument("--stage", choices=DRIVER_STAGES,
                   help="a funnel stage instead of --outcome, e.g. hired_given_interviewed "
                   "('interview' is short for it)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for the cross-validation and posterior draws (default 0)")
    p.add_argument("--bootstrap", type=int, default=300, metavar="N",
                   help="kept for compatibility: intervals are profile intervals now, not "
                   "bootstrap ones (default 300)")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the result as JSON "
                   "('-': to standard output, the text then goes to standard error)")
    _add_load_options(p)
    p.set_defaults(run=_run_drivers)


def _run_drivers(args: argparse.Namespace) -> int:
    import json

    from upwork_analytics.analysis.advice import audit_advice
    from upwork_analytics.analysis.drivers import analyze_drivers
    from upwork_analytics.analysis.drivers_text import format_drivers
    from upwork_analytics.analysis.variants import compare_variants
    from upwork_analytics.features import build_features
    from upwork_analytics.load.loaders import load_messages, load_proposals

    data = args.data or [SAMPLE_PROPOSALS]
    messages_paths = args.messages or ([SAMPLE_MESSAGES] if not args.data else None)
    _check_output(args.json, [*data, *(messages_paths or [])], "--json")
    p_opts, m_opts = _load_options(args)
    proposals = load_proposals(data, **p_opts)
    messages = load_messages(messages_paths, **m_opts) if messages_paths else None
    features = build_features(proposals, messages)
    stage = args.stage or args.outcome
    if stage == "interview":
        stage = "hired_given_interviewed"
    result = analyze_drivers(features, proposals, stage=stage, seed=args.seed,
                             n_boot=args.bootstrap)
    # advice about the interview itself (reply speed, follow-ups) is measured on the threads
    interviews = None
    if messages is not None and stage != "hired_given_interviewed":
        interviews = analyze_drivers(features, proposals, stage="hired_given_interviewed",
                                     seed=args.seed, n_boot=args.bootstrap)
    audit = audit_advice(result, interviews=interviews)
    variants = compare_variants(proposals, stages=(stage,))
    _say(format_drivers(result, audit), args)
    _say("\n" + variants.summary(stage), args)
    if args.json:
        payload = result.to_dict()
        payload["advice_audit"] = [
            {"advice": r.advice, "features": list(r.features), "verdict": r.verdict,
             "evidence": r.evidence} for r in audit.itertuples(index=False)]
        payload["variants"] = variants.to_list(stage)
        _write_output(args.json, json.dumps(payload, indent=2) + "\n", "--json")
    return 0


def _add_score(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="review a draft proposal against your own history",
                       description="Review a draft against what has worked for you: its "
                       "habits next to your hired and not-hired proposals, the predicted hire "
                       "probability with its interval, suggestions backed by your own drivers, "
                       "the opening as the client sees it, similar past proposals and the "
                       "job's unanswered questions.")
    p.add_argument("draft", type=Path, metavar="DRAFT.txt", help="the draft, as plain text")
    p.add_argument("--job", type=Path, metavar="JOB.txt",
                   help="the job post as plain text: first line the title, then the post")
    p.add_argument("--data", nargs="+", type=Path, metavar="PATH",
                   help=f"your proposal file(s) (default: {SAMPLE_PROPOSALS})")
    p.add_argument("--bid", metavar="AMOUNT", help="your bid (rate or price), written as in "
                   "a tracker: 30, $30/hr, €900")
    p.add_argument("--budget", metavar="AMOUNT[-AMOUNT]",
                   help="the client's budget or its range, written as in a tracker: 25-50, "
                   "€900, $1.5K, \"$25-$50/hr\" (an hourly range also sets --contract-type)")
    p.add_argument("--contract-type", choices=("hourly", "fixed"), help="the contract type")
    p.add_argument("--client", metavar="NAME", help="the client's name")
    p.add_argument("--invited", choices=("yes", "no"),
                   help="whether the client invited you (default: unknown, averaged over your "
                   "own proposals)")
    p.add_argument("--boosted", choices=("yes", "no"),
                   help="whether you boost the proposal (default: unknown, averaged)")
    p.add_argument("--competition", type=float, metavar="N",
                   help="proposals the job already has: the low end of Upwork's band ('10 to "
                   "15' is 10; default: unknown, averaged)")
    p.add_argument("--category", metavar="NAME",
                   help="the job's category as in your tracker's job_category (default: "
                   "unknown, averaged)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for the posterior draws (default 0)")
    p.add_argument("--bootstrap", type=int, default=200, metavar="N",
                   help="kept for compatibility: the interval comes from posterior draws "
                   "(default 200)")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the review as JSON "
                   "('-': to standard output, the text then goes to standard error)")
    _add_load_options(p)
    p.set_defaults(run=_run_score)


def _run_score(args: argparse.Namespace) -> int:
    import json

    from upwork_analytics.coach.report import format_review
    from upwork_analytics.coach.review import read_draft, read_job, review
    from upwork_analytics.exceptions import ParameterError
    from upwork_analytics.load.loaders import load_proposals

    data = args.data or [SAMPLE_PROPOSALS]
    _check_output(args.json, [args.draft, *([args.job] if args.job else []), *data], "--json")
    bid_money = _money_option(args.bid, "--bid")
    budget_money = _money_option(args.budget, "--budget")
    if bid_money is not None and bid_money.amount_min != bid_money.amount_max:
        raise ParameterError(f"--bid {args.bid!r}: give one amount, not a range")
    bid = None if bid_money is None else bid_money.amount_min
    budget = None
    contract_type = args.contract_type
    if budget_money is not None:
        budget = sorted({budget_money.amount_min, budget_money.amount_max})
        if contract_type is None and budget_money.period in ("hourly", "fixed"):
            contract_type = budget_money.period
    currencies = {m.currency for m in (bid_money, budget_money) if m is not None and m.currency}
    if len(currencies) > 1:
        raise ParameterError(f"--bid and --budget are in different currencies "
                             f"({', '.join(sorted(currencies))}); give both in one")
    draft = read_draft(args.draft)
    job = read_job(args.job)
    proposals = load_proposals(data, **_load_options(args)[0])
    yes_no = {"yes": True, "no": False, None: None}
    result = review(draft, proposals, job, bid=bid, budget=budget,
                    contract_type=contract_type, client_name=args.client,
                    invited=yes_no[args.invited], boosted=yes_no[args.boosted],
                    competition=args.competition, category=args.category,
                    seed=args.seed, n_boot=args.bootstrap)
    _say(format_review(result), args, end="")
    if args.json:
        _write_output(args.json, json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
                      + "\n", "--json")
    return 0


def _money_option(value: str | None, flag: str):
    """``value`` read with :func:`~upwork_analytics.load.parsing.parse_money` (as a tracker's
    money cells are), or None; unreadable text is a one-line ParameterError."""
    from upwork_analytics.exceptions import ParameterError
    from upwork_analytics.load.parsing import parse_money

    if value is None:
        return None
    notes: list[str] = []
    try:
        money = parse_money(value, notes=notes)
    except ValueError as exc:
        raise ParameterError(f"{flag} {value!r}: {exc} (give an amount such as 900, €900, "
                             "$1.5K or a range such as \"$25-$50/hr\")") from None
    if money is None:
        raise ParameterError(f"{flag} {value!r}: no amount given")
    for note in notes:
        print(f"{PROG}: note: {flag} {value!r}: {note}", file=sys.stderr)
    return money


def _add_report(sub: argparse._SubParsersAction) -> None:
    from upwork_analytics.reports.registry import REPORTS

    p = sub.add_parser("report", help="render a parameterized notebook into a self-contained "
                       "HTML report", description="Execute a report notebook with papermill and "
                       "render it to <out>/<YYYY-MM>/<name>.html (one offline file) with the "
                       "executed notebook beside it. monthly: the month's numbers, changes, "
                       "drivers and recommendations; drivers: the whole drivers analysis; "
                       "interviews: the interview conversations; review: a draft reviewed "
                       "against your history (--draft, --job). Exits 1 when a cell fails.")
    p.add_argument("name", choices=sorted(REPORTS), help="which report")
    p.add_argument("--data", nargs="+", type=Path, metavar="PATH",
                   help=f"proposal file(s) (default: {SAMPLE_PROPOSALS})")
    p.add_argument("--messages", nargs="+", type=Path, metavar="PATH",
                   help=f"message file(s) (default: {SAMPLE_MESSAGES} with the sample data)")
    p.add_argument("--month", metavar="YYYY-MM",
                   help="month to report (default: the last complete month in the data)")
    p.add_argument("--out", type=Path, default=REPORTS_DIR, metavar="DIR",
                   help=f"output folder (default: ./{REPORTS_DIR}, in the current folder)")
    p.add_argument("--share", action="store_true",
                   help="redact client names, emails, phones, URLs and job ids, and shorten "
                   "excerpts, for sharing")
    p.add_argument("--title", help="report title")
    p.add_argument("--force", action="store_true", help="overwrite an existing report")
    p.add_argument("--draft", type=Path, metavar="DRAFT.txt",
                   help="review only (required there): the draft to review, as plain text")
    p.add_argument("--job", type=Path, metavar="JOB.txt",
                   help="review only: the job post as plain text (first line the title)")
    p.add_argument("--tz", metavar="ZONE",
                   help="interviews only: the time zone the times are shown in, an IANA name "
                        "such as Europe/Lisbon (default UTC)")
    p.add_argument("--plans", type=Path, metavar="DIR",
                   help="monthly only: the folder of experiment plans whose experiments the "
                   "report shows (default: ./experiments with --data, none for the sample)")
    _add_load_options(p, tz_flag="--data-tz")
    p.set_defaults(run=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from upwork_analytics.exceptions import ParameterError
    from upwork_analytics.reports.registry import DRAFT_REPORTS
    from upwork_analytics.reports.render import render

    def say(msg: str) -> None:  # steps and papermill's per-cell bar: on a terminal only
        print(msg, file=sys.stderr)

    draft_args = {}
    if args.name in DRAFT_REPORTS:
        if args.draft is None:
            raise ParameterError(f"report {args.name} needs --draft DRAFT.txt")
        draft_args = {"draft": args.draft, "job": args.job}
    elif args.draft is not None or args.job is not None:
        raise ParameterError(f"--draft and --job apply only to 'report review', not "
                             f"{args.name!r}")
    if args.tz is not None:
        draft_args["tz"] = args.tz  # render() says so when the report takes no time zone
    if args.plans is not None:
        draft_args["plans"] = args.plans  # and when it shows no experiments
    p_opts, m_opts = _load_options(args)
    # only what differs from the loaders' defaults, so the notebook's parameters stay short
    defaults = {"dayfirst": None, "tz": "UTC", "column_map": {}, "me": None, "encoding": None}
    read_options = {table: {k: v for k, v in opts.items() if v != defaults[k]}
                    for table, opts in (("proposals", p_opts), ("messages", m_opts))}
    try:
        html = render(args.name, data=args.data, messages=args.messages, month=args.month,
                      out_dir=args.out, share=args.share, title=args.title, force=args.force,
                      progress=say if progress.enabled() else None,
                      read_options=read_options, **draft_args)
    except ReportError as exc:
        print(f"{PROG}: report failed: {exc}", file=sys.stderr)
        return 1
    print(html)
    return 0


def _add_experiment(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "experiment", help="plan, randomise and monitor an experiment on your own proposals",
        description="Compare two templates or approaches by randomising your own proposals: "
        "'plan' says how many proposals it takes, 'start' writes the randomised plan, 'next' "
        "gives the arm for the next proposal, 'status' says whether to stop. See "
        "docs/experiments.md.")
    esub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_OneLineParser)
    esub.required = True

    def design_options(q: argparse.ArgumentParser, required: bool) -> None:
        q.add_argument("--metric", choices=("viewed", "interviewed", "hired"),
                       required=required, default=None if required else "interviewed",
                       help="the share of proposals sent to compare"
                       + ("" if required else " (default: interviewed)"))
        q.add_argument("--effect", type=float, required=required,
                       default=None if required else 0.10, metavar="D",
                       help="the smallest change that matters, absolute: 0.10 = ten percentage "
                       "points" + ("" if required else " (default: 0.10)"))
        q.add_argument("--rate", type=float, metavar="R",
                       help="your current rate of the metric (default: measured from --data)")
        q.add_argument("--data", nargs="+", type=Path, metavar="DATA",
                       help="your proposal file(s), for your rate and pace (default: the "
                       f"bundled sample, {SAMPLE_PROPOSALS})")
        q.add_argument("--per-month", type=float, metavar="N",
                       help="proposals you send per month (default: measured from --data)")
        _add_load_options(q)

    def plans_option(q: argparse.ArgumentParser) -> None:
        q.add_argument("--plans", type=Path, default=Path("experiments"), metavar="DIR",
                       help="the folder of experiment plans, or one plan file (default: "
                       "./experiments)")

    q = esub.add_parser("plan", help="how many proposals an experiment needs",
                        description="How many proposals per arm it takes to detect a change of "
                        "D in a metric with 80%% power and a 5%% two-sided error, looking at "
                        "the data every month, and how many months that is at your pace.")
    design_options(q, required=True)
    q.add_argument("--json", type=Path, metavar="OUT", help="also write the plan as JSON "
                   "('-': to standard output, the text then goes to standard error)")
    q.set_defaults(run=_run_experiment_plan)

    q = esub.add_parser("start", help="write the randomised plan of a new experiment",
                        description="Write the plan of a new experiment: its design and a "
                        "randomised, balanced (permuted blocks) list of arms for your next "
                        "proposals. The plan file is append-only and never rewritten.")
    q.add_argument("name", metavar="NAME", help="a name for the experiment, e.g. opener")
    q.add_argument("--arms", nargs="+", required=True, metavar="ARM",
                   help="the two arms, e.g. --arms question story")
    q.add_argument("--ratio", default="1:1", help="allocation ratio of the arms (default 1:1)")
    q.add_argument("--seed", type=int, help="random seed (default: a fresh random one, "
                   "recorded in the plan)")
    q.add_argument("--out", type=Path, metavar="PLAN.csv",
                   help="the plan file (default: DIR/NAME.csv in --plans)")
    plans_option(q)
    design_options(q, required=False)
    q.set_defaults(run=_run_experiment_start)

    q = esub.add_parser("next", help="the arm for your next proposal",
                        description="Print the arm the plan gives your next proposal and "
                        "record that it was handed out. Ask only once you have decided to "
                        "send the proposal.")
    q.add_argument("name", metavar="NAME", help="the experiment")
    plans_option(q)
    q.set_defaults(run=_run_experiment_next)

    q = esub.add_parser("status", help="where an experiment stands: continue or stop",
                        description="Per arm n and rate with intervals, the difference with an "
                        "interval valid at every monthly look, and a decision: continue, "
                        "stop_a_better, stop_b_better or stop_no_difference.")
    q.add_argument("name", metavar="NAME", help="the experiment")
    q.add_argument("--data", nargs="+", type=Path, required=True, metavar="DATA",
                   help="your proposal file(s), with the arm in a Variant (or Template) column")
    q.add_argument("--month", metavar="YYYY-MM",
                   help="the last monthly look (default: the last complete month in the data)")
    q.add_argument("--json", type=Path, metavar="OUT", help="also write the status as JSON "
                   "('-': to standard output, the text then goes to standard error)")
    plans_option(q)
    _add_load_options(q)
    q.set_defaults(run=_run_experiment_status)


def _design_from_args(args: argparse.Namespace, ratio=(1, 1)):
    from upwork_analytics.analysis.experiments import design_experiment
    from upwork_analytics.load.loaders import load_proposals

    proposals = None
    if args.data or args.rate is None or args.per_month is None:
        proposals = load_proposals(args.data or [SAMPLE_PROPOSALS], **_load_options(args)[0])
    design = design_experiment(args.metric, args.effect, rate=args.rate, proposals=proposals,
                               per_month=args.per_month, ratio=ratio)
    if not args.data and proposals is not None:
        print("(measured on the bundled sample: give --data with your own proposals, or --rate "
              "and --per-month)", file=sys.stderr)
    return design


def _run_experiment_plan(args: argparse.Namespace) -> int:
    import json

    _check_output(args.json, args.data or [], "--json")
    design = _design_from_args(args)
    _say(design.summary(), args)
    if args.json:
        _write_output(args.json, json.dumps(design.to_dict(), indent=2) + "\n", "--json")
    return 0


def _run_experiment_start(args: argparse.Namespace) -> int:
    from upwork_analytics.analysis.assignment import (
        check_arms,
        check_name,
        list_plans,
        new_seed,
        normalize_label,
        parse_ratio,
        write_plan,
    )
    from upwork_analytics.analysis.experiments import make_settings
    from upwork_analytics.exceptions import ParameterError

    name = check_name(args.name)
    arms = check_arms(args.arms)
    ratio = parse_ratio(args.ratio)
    out = args.out or args.plans / f"{name.replace(' ', '-')}.csv"
    _check_output(out, args.data or [], "--out")
    for folder in {out.parent, args.plans}:
        for other in list_plans(folder) if folder.is_dir() else []:
            if normalize_label(other.name) == normalize_label(name):
                raise ParameterError(f"an experiment named {name!r} already exists "
                                     f"({other.path}); choose another name")
    design = _design_from_args(args, ratio)
    seed = new_seed() if args.seed is None else args.seed
    plan = write_plan(out, make_settings(name, arms, ratio, seed, design))
    print(design.summary())
    print()
    if args.out is not None:
        plans = f" --plans {out}"
    else:
        plans = "" if args.plans == Path("experiments") else f" --plans {args.plans}"
    print(f"Started experiment {name!r}: {arms[0]} (A) against {arms[1]} (B), ratio "
          f"{args.ratio}, seed {seed}; {len(plan.assignments)} assignments in permuted blocks.")
    print(f"Plan: {out} (append-only: never edit it)")
    print(f"For each proposal you send: 'upwork-analytics experiment next {name}{plans}' gives "
          f"its arm; record the arm in your tracker's Variant column and {name!r} in an "
          "Experiment column.")
    print(f"Monthly: 'upwork-analytics experiment status {name} --data YOUR-TRACKER{plans}'.")
    return 0


def _run_experiment_next(args: argparse.Namespace) -> int:
    from upwork_analytics.analysis.assignment import find_plan, issue_next

    plan, seq, arm = issue_next(find_plan(args.name, args.plans))
    total = plan.settings.max_total
    past = " (past the planned size: check 'experiment status')" if seq > total else ""
    print(f"proposal {seq} of experiment {plan.name!r} (planned at most {total}){past}:",
          file=sys.stderr)
    print(arm)
    return 0


def _run_experiment_status(args: argparse.Namespace) -> int:
    import json

    from upwork_analytics.analysis.assignment import find_plan
    from upwork_analytics.analysis.experiments import experiment_status
    from upwork_analytics.load.loaders import load_proposals

    plan = find_plan(args.name, args.plans)
    _check_output(args.json, [*args.data, plan.path], "--json")
    proposals, report = load_proposals(args.data, return_report=True, **_load_options(args)[0])
    source = ", ".join(Path(d).name for d in args.data)
    status = experiment_status(plan, proposals, month=args.month, source=source)
    status.notes += _unread_rows(report, plan.settings.metric)
    _say(status.summary(), args)
    if args.json:
        _write_output(args.json, json.dumps(status.to_dict(), indent=2) + "\n", "--json")
    return 0


def _unread_rows(report, metric: str, limit: int = 5) -> list[str]:
    """Notes on the tracker rows a status cannot count: rows rejected by the loader (they may
    belong to the experiment) and unreadable values in the columns the experiment reads."""
    from upwork_analytics.schema import P

    headers = {h: c for f in report.files for h, c in f.columns.items()}
    read = {P.variant, P.experiment, P.submitted_at, metric}
    notes = []
    for what, issues in (
            ("row(s) of the tracker could not be read and are not counted (any of them may "
             "belong to the experiment)", report.rejected),
            ("value(s) the experiment reads could not be read and were left empty",
             [i for i in report.repaired if headers.get(i.column, i.column) in read])):
        if issues:
            shown = "; ".join(str(i) for i in issues[:limit])
            more = (f"; and {len(issues) - limit} more ('upwork-analytics validate' lists "
                    "them all)" if len(issues) > limit else "")
            notes.append(f"{len(issues)} {what}: {shown}{more}")
    return notes


# --------------------------------------------------------------------------- entry point


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``upwork-analytics`` command."""
    parser = _OneLineParser(
        prog=PROG,
        description="What wins you work on Upwork, from your own proposal history - with "
        "intervals and sample sizes, never more certainty than the data has.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
    sub.required = True
    for add in (_add_validate, _add_features, _add_drivers, _add_report, _add_score,
                _add_experiment, _add_sample):
        add(sub)
    for command in sub.choices.values():  # every command, also those added later
        if "--quiet" not in command._option_string_actions:
            command.add_argument("--quiet", action="store_true",
                                 help="no progress bars or step messages (they are shown only "
                                 "on a terminal anyway)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with progress.shown(not getattr(args, "quiet", False)):
            return int(args.run(args) or 0)
    except UpworkAnalyticsError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so in one line, keep the traceback behind --debug
        if args.debug:
            traceback.print_exc()
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"{PROG}: internal error: {type(exc).__name__}: {first} "
              "(run with --debug for the traceback and please report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
