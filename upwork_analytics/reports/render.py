"""Render a report notebook: papermill executes it, nbconvert turns it into one offline HTML file.

Reports (:data:`REPORTS`): ``monthly`` (``monthly_report.ipynb`` among the package's notebooks), ``drivers``
(``win_drivers.ipynb``), ``interviews`` (``interviews.ipynb``) and ``review``
(``proposal_review.ipynb``, a draft reviewed against the history); every notebook takes the same
parameters (:func:`report_parameters`), ``review`` also ``draft`` and ``job``. ``render`` writes
``<out_dir>/<YYYY-MM>/<name>.html`` (``review-<draft file stem>.html`` for a review) and the
executed ``.ipynb`` beside it, atomically; a failing cell leaves
``<name>.failed.ipynb`` for debugging and no HTML. The HTML has no code, prompts, stderr or
``<script>``, and loads nothing from the network. With ``share=True`` the notebook redacts
every piece of user text it shows (:mod:`upwork_analytics.reports.redact`) and the title is redacted
here, before it reaches the notebook or ``<title>``.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import zoneinfo
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
import nbformat
import papermill as pm
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

from upwork_analytics.analysis.experiments import experiments_as_of
from upwork_analytics.analysis.funnel import last_complete_month, parse_month
from upwork_analytics.analysis.monthly import history_until
from upwork_analytics.exceptions import (
    InputFileError,
    OutputExistsError,
    ParameterError,
    ReportError,
)
from upwork_analytics.load.loaders import load_proposals
from upwork_analytics.paths import (
    EXAMPLE_DRAFT,
    EXAMPLE_JOB,
    NBCONVERT_TEMPLATE,
    NOTEBOOKS_DIR,
    SAMPLE_MESSAGES,
    SAMPLE_PROPOSALS,
)
from upwork_analytics.reports.redact import redactor_for
from upwork_analytics.reports.registry import DRAFT_REPORTS, PLANS_REPORTS, REPORTS, TZ_REPORTS

#: Where plans are looked for when a report of one's own data is not told (``--plans``).
DEFAULT_PLANS = Path("experiments")
__all__ = ["DRAFT_REPORTS", "PLANS_REPORTS", "REPORTS", "TZ_REPORTS", "notebook_path",
           "render", "report_parameters", "to_html"]
_UMASK = os.umask(0)
os.umask(_UMASK)
_DEFAULT_TITLES = {"monthly": "Monthly proposal report",
                   "drivers": "What wins you work: drivers",
                   "interviews": "Interview conversations",
                   "review": "Proposal review"}
#: Seconds one cell may run before the render fails.
CELL_TIMEOUT = 600

_MOBILE_CSS = """<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { max-width: 60rem; margin: 0 auto; padding: 0 0.75rem; }
.jp-RenderedHTMLCommon table { display: block; overflow-x: auto; max-width: 100%; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { white-space: normal; }
.jp-RenderedHTMLCommon .ua-table td, .jp-RenderedHTMLCommon .ua-table th { text-align: left;
  vertical-align: top; }
img { max-width: 100%; height: auto; }
.ua-cols { display: flex; flex-wrap: wrap; gap: 1rem; }
.ua-col { flex: 1 1 18rem; min-width: 0; }
.ua-card { border: 1px solid #ddd; border-radius: 6px; padding: 0.2rem 0.75rem;
  margin-bottom: 0.75rem; overflow-wrap: anywhere; }
.ua-card blockquote { margin: 0 0 0.5rem 0; padding-left: 0.6rem; border-left: 3px solid #ccc;
  color: #333; }
.ua-notice { background: #fff8e1; border-left: 4px solid #f0b400; padding: 0.5rem 0.75rem; }
.ua-small, .ua-meta { color: #555; font-size: 0.9em; }
.ua-recs li, .ua-list li { margin-bottom: 0.4rem; }
@media (max-width: 600px) {
  .jp-Cell, .jp-OutputArea-output { padding-left: 0 !important; padding-right: 0 !important; }
  .jp-RenderedHTMLCommon { padding-right: 0 !important; }
  h1 { font-size: 1.5em; }
  .jp-RenderedHTMLCommon table { font-size: 0.8em; }
}
</style>"""


def notebook_path(name: str) -> Path:
    """The notebook behind report ``name``."""
    if name not in REPORTS:
        raise ParameterError(f"unknown report {name!r}; choose from {sorted(REPORTS)}")
    return NOTEBOOKS_DIR / REPORTS[name]


def report_parameters(name: str, *, data: Sequence[str | Path] | None = None,
                      messages: Sequence[str | Path] | None = None, month: str | None = None,
                      share: bool = False, title: str | None = None,
                      draft: str | Path | None = None, job: str | Path | None = None,
                      tz: str | None = None, read_options: dict | None = None,
                      plans: str | Path | None = None) -> dict:
    """The papermill parameters for report ``name``, with defaults filled in.

    The default data is the bundled sample (with its messages); the default month is the last
    complete month in the data. ``draft`` and ``job`` (paths) are for the ``review`` report
    only: there, without a draft, the bundled example draft and job post are reviewed
    (``data/examples/``), and ``job`` is ``""`` when a draft is given without one. ``tz`` (an
    IANA time zone, default UTC) is for the reports of :data:`TZ_REPORTS`: the zone the times
    are shown in (the analysis itself does not depend on it). ``read_options`` says how to read
    the files (``{"proposals": {...}, "messages": {...}}``, keyword arguments of the loaders:
    ``column_map``, ``dayfirst``, ``tz``, ``me``), passed to the notebook as ``read_options``.
    ``plans`` (a folder of experiment plans or one plan file) is for the reports of
    :data:`PLANS_REPORTS`: the experiments they show; default ``./experiments`` for one's own
    data (``data`` given) and none for the bundled sample. The plans are read and checked here,
    so an edited plan is a one-line error before any notebook runs.

    Raises
    ------
    ParameterError
        For an unknown report, ``draft``/``job`` or ``tz`` given to a report that takes none,
        or an unknown time zone.
    InputFileError
        When the draft or job file does not exist.
    """
    notebook_path(name)
    if name not in DRAFT_REPORTS and (draft is not None or job is not None):
        raise ParameterError(f"draft and job apply only to the {sorted(DRAFT_REPORTS)} "
                             f"report(s), not {name!r}")
    if tz is not None and name not in TZ_REPORTS:
        raise ParameterError(f"a time zone applies only to the {sorted(TZ_REPORTS)} "
                             f"report(s), not {name!r}")
    if tz is not None:
        _check_time_zone(tz)
    if plans is not None and name not in PLANS_REPORTS:
        raise ParameterError(f"experiment plans apply only to the {sorted(PLANS_REPORTS)} "
                             f"report(s), not {name!r}")
    if plans is None and data is not None and DEFAULT_PLANS.is_dir():
        plans = DEFAULT_PLANS
    if data is None:
        data = [SAMPLE_PROPOSALS]
        if messages is None:
            messages = [SAMPLE_MESSAGES]
    paths = [str(Path(p).resolve()) for p in data]
    msg_paths = [str(Path(p).resolve()) for p in (messages or [])]
    read_options = {k: dict(v) for k, v in (read_options or {}).items() if v}
    # loaded here too, so that unreadable input is a one-line error (exit 2) before any
    # notebook runs, not a failed cell
    proposals = load_proposals(paths, **read_options.get("proposals", {}))
    month = last_complete_month(proposals) if month is None else parse_month(month)
    title = title or _DEFAULT_TITLES.get(name, f"{name.title()} report")
    if share:  # the title lands in <title> and in the executed notebook: redact it here too
        title = str(redactor_for(proposals, share=True).text(title))
    params = {
        "data": paths,
        "messages": msg_paths,
        "month": str(month),
        "share": bool(share),
        "title": title,
        "read_options": read_options,
    }
    if name in DRAFT_REPORTS:
        if draft is None:
            draft, job = EXAMPLE_DRAFT, EXAMPLE_JOB if job is None else job
        for label, path in (("draft", draft), ("job", job)):
            if path is not None and str(path) != "" and not Path(path).is_file():
                raise InputFileError(f"{label} file not found: {path}")
        params["draft"] = str(Path(draft).resolve())
        params["job"] = "" if job is None or str(job) == "" else str(Path(job).resolve())
    if name in TZ_REPORTS:
        params["timezone"] = tz or "UTC"
    if name in PLANS_REPORTS:
        params["plans"] = "" if plans is None else str(Path(plans).resolve())
        if plans is not None:
            if not Path(plans).exists():
                raise InputFileError(f"--plans {plans}: no such folder or plan file")
            # read and checked here: an edited plan or an arm not in the plan is a one-line
            # error, not a failed cell
            experiments_as_of(params["plans"], history_until(proposals, month), month,
                              ", ".join(Path(p).name for p in paths))
    return params


def _check_time_zone(tz: str) -> None:
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ParameterError(f"unknown time zone {tz!r} (expected an IANA name such as "
                             "Europe/Lisbon, America/New_York or UTC)") from None


def render(name: str, *, data: Sequence[str | Path] | None = None,
           messages: Sequence[str | Path] | None = None, month: str | None = None,
           out_dir: str | Path = "reports", share: bool = False, title: str | None = None,
           force: bool = False, progress: Callable[[str], None] | None = None,
           draft: str | Path | None = None, job: str | Path | None = None,
           tz: str | None = None, read_options: dict | None = None,
           plans: str | Path | None = None) -> Path:
    """Execute report ``name`` and write it as one self-contained HTML file.

    Parameters
    ----------
    name : str
        A key of :data:`REPORTS`.
    data, messages : sequence of path, optional
        Proposal and message files (default: the bundled sample).
    month : str, optional
        ``YYYY-MM``; default the last complete month in the data.
    out_dir : path, default="reports"
        The report lands in ``out_dir/<month>/<name>.html`` (``<name>-shared.html`` with
        ``share``, so a shared copy never replaces the private report).
    share : bool, default=False
        Redact client names, contact details, URLs and job ids for sharing.
    title : str, optional
        Report title.
    force : bool, default=False
        Overwrite an existing report.
    progress : callable, optional
        Called with short progress messages; with it, and stderr a terminal, papermill's
        per-cell progress bar is shown too.
    draft, job : path, optional
        ``review`` only: the draft and the job post (plain text; the job's first line is its
        title). The review lands in ``review-<draft file stem>.html`` so reviews of different
        drafts sit side by side; a shared copy is ``review-shared.html`` (a file name may hold
        a client's name).
    tz : str, optional
        ``interviews`` only: the IANA time zone the times are shown in (default UTC).
    read_options : dict, optional
        How to read the files (see :func:`report_parameters`).
    plans : path, optional
        ``monthly`` only: the folder of experiment plans (or one plan file) whose experiments
        the report shows (see :func:`report_parameters`).

    Returns
    -------
    Path
        The HTML file.

    Raises
    ------
    OutputExistsError
        If the report exists and ``force`` is false.
    ReportError
        If a cell fails; ``<name>.failed.ipynb`` is kept beside the output.
    """
    say = progress or (lambda _msg: None)
    say(f"loading data for the {name} report")
    extra = {} if draft is None and job is None else {"draft": draft, "job": job}
    if plans is not None:
        extra["plans"] = plans
    params = report_parameters(name, data=data, messages=messages, month=month, share=share,
                               title=title, tz=tz, read_options=read_options, **extra)
    target_dir = Path(out_dir) / params["month"]
    stem = f"{name}-shared" if share else name  # a shared copy never replaces the private one
    if name in DRAFT_REPORTS and not share:
        stem = f"{name}-{_slug(Path(params['draft']).stem)}"
    html_path = target_dir / f"{stem}.html"
    if html_path.exists() and not force:
        raise OutputExistsError(f"{html_path} exists; use --force to overwrite it")
    target_dir.mkdir(parents=True, exist_ok=True)
    failed_path = target_dir / f"{stem}.failed.ipynb"
    say(f"executing {notebook_path(name).name} for {params['month']}")
    with tempfile.TemporaryDirectory(prefix="upwork-report-") as work:
        executed = Path(work) / f"{name}.ipynb"
        try:
            nb = pm.execute_notebook(
                str(notebook_path(name)), str(executed), parameters=params,
                kernel_name="python3", cwd=work, log_output=False,
                progress_bar=progress is not None and sys.stderr.isatty(),
                execution_timeout=CELL_TIMEOUT, start_timeout=60,
                # the kernel's own log (ipykernel 7: "running over TCP without encryption",
                # "KeyboardInterrupt caught" at shutdown) is noise in a cron log; cell errors
                # and a dying kernel still reach us through nbclient
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        except pm.PapermillExecutionError as exc:
            if executed.exists():
                _atomic_write_bytes(failed_path, executed.read_bytes())
            first = exc.evalue.splitlines()[0] if exc.evalue else ""
            raise ReportError(
                f"{name} report: cell {exc.exec_count} failed: {exc.ename}: {first} "
                f"(executed notebook kept at {failed_path})") from exc
        except (CellTimeoutError, DeadKernelError) as exc:
            cell = "a cell"
            if executed.exists():  # papermill saves the notebook as far as it ran
                _atomic_write_bytes(failed_path, executed.read_bytes())
                cell = _running_cell(executed)
            what = (f"ran longer than {CELL_TIMEOUT} s" if isinstance(exc, CellTimeoutError)
                    else "stopped: the kernel died (out of memory?)")
            kept = (f"executed notebook kept at {failed_path}" if failed_path.exists()
                    else "no notebook was written")
            raise ReportError(f"{name} report: {cell} {what} ({kept})") from exc
        say("rendering HTML")
        body = to_html(nb, title=params["title"])
        _atomic_write_bytes(target_dir / f"{stem}.ipynb", executed.read_bytes())
    _atomic_write_bytes(html_path, body.encode("utf-8"))
    if failed_path.exists():
        failed_path.unlink()
    say(f"wrote {html_path}")
    return html_path


def _running_cell(path: Path) -> str:
    """``"cell N"`` for the cell papermill was running when execution stopped (1-based among
    all cells, the injected-parameters cell included), or ``"a cell"``."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - a half-written notebook: name no cell
        return "a cell"
    started = [i for i, cell in enumerate(nb.cells, start=1)
               if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    return f"cell {started[-1]}" if started else "a cell"  # the last cell that was started


def _slug(text: str) -> str:
    """A file-name-safe version of ``text``: letters, digits, ``-`` and ``_``."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60]
    return slug or "draft"


def to_html(nb: nbformat.NotebookNode, title: str) -> str:
    """Convert an executed notebook to self-contained HTML: no code, prompts, stderr or CDN."""
    exporter = HTMLExporter(
        template_name="lab", template_file="offline.html.j2", exclude_input=True,
        exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True,
        # the package's template (resources/nbconvert): the lab template without the
        # require.js, MathJax and mermaid <script> tags it loads from CDNs, and without stderr
        extra_loaders=[jinja2.DictLoader({
            "offline.html.j2": NBCONVERT_TEMPLATE.read_text(encoding="utf-8")})],
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body.replace("</head>", _MOBILE_CSS + "\n</head>", 1)


def _atomic_write_bytes(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
