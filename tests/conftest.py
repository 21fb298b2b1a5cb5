"""Shared fixtures: the bundled sample, loaded once per session."""

from __future__ import annotations

import pytest

from upwork_analytics.paths import SAMPLE_MESSAGES, SAMPLE_PROPOSALS


@pytest.fixture(scope="session")
def sample_proposals():
    from upwork_analytics import load_proposals

    return load_proposals(SAMPLE_PROPOSALS)


@pytest.fixture(scope="session")
def sample_messages():
    from upwork_analytics import load_messages

    return load_messages(SAMPLE_MESSAGES)


# --------------------------------------------------------------------------- rendered reports
# Every report is rendered once per session (two at a time, in worker processes that call
# ``upwork_analytics.reports.render.render``) and shared by the HTML tests and the browser tests.

XSS = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
#: key -> (report name, keyword arguments of ``render``); "xss" uses a hostile CSV.
REPORT_RUNS = {
    "drivers": ("drivers", {}),
    "monthly": ("monthly", {}),
    "monthly-share": ("monthly", {"share": True}),
    "xss": ("monthly", {"title": f"Report for {XSS}"}),
    "interviews": ("interviews", {}),
    "interviews-share": ("interviews", {"share": True}),
    "drivers-share": ("drivers", {"share": True}),
    "review": ("review", {"draft": "EXAMPLE_DRAFT", "job": "EXAMPLE_JOB"}),
    "pii-share": ("monthly", {"share": True}),
}

#: What the "pii-share" report's input holds: each must be gone from the shared report.
PII_CLIENTS = ["acme corp", "Jane Doe", "Will Turner", "O'Brien Ltd"]
PII_SECRETS = ["jane.doe@acme-mail.org", "+1 (415) 555-0199", "020 7946 0958", "janedoe.pl",
               "acme-corp.pro/portfolio", "https://www.upwork.com/jobs/~01abcdef123456",
               "~01abcdef123456", "Acme Corp", "ACME CORP", "Acme_Corp", "Jane", "DOE",
               "Turner", "O'Brien"]


def write_hostile_proposals(path):
    """A small proposals CSV whose cover letters, client names and job titles hold HTML."""
    import pandas as pd

    rows = []
    for i in range(24):
        month = "2026-10" if i % 2 else "2026-09"
        hired = i % 4 == 1
        rows.append({
            "proposal_id": f"x{i:03d}",
            "submitted_at": f"{month}-{1 + i:02d}T10:00:00Z",
            "job_title": f"Build a page {XSS}",
            "client_name": f"Eve {XSS}" if i % 3 else f"Mallory {XSS_IMG}",
            "cover_letter": f"Hello {XSS} and {XSS_IMG} - I build pages. " * (2 + i % 3),
            "viewed": i % 4 != 0, "interviewed": hired or i % 4 == 2, "hired": hired,
            # an experiment whose arms are HTML: its section and chart must show them as text
            "variant": XSS if i % 4 in (0, 1) else XSS_IMG, "experiment": "xss-test",
        })
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def write_hostile_plan(folder):
    """The plan of the hostile proposals' experiment (arms written in HTML), started
    2026-09-01: one monthly look, at the end of 2026-10 (12 proposals per arm)."""
    from upwork_analytics.analysis.assignment import Settings, write_plan

    settings = Settings(name="xss-test", arms=(XSS, XSS_IMG), ratio=(1, 1), seed=1,
                        metric="interviewed", rate=0.3, effect=0.2, max_per_arm=(60, 60),
                        per_month=24.0, alpha=0.05, power=0.8, created="2026-09-01T00:00:00Z")
    return write_plan(folder / "xss-test.csv", settings).path


def write_pii_proposals(path):
    """A proposals tracker (named after a client, as people name them) whose letters, titles
    and descriptions hold client names in other cases, emails, phones, bare domains and job
    links: the input of the "pii-share" report."""
    import pandas as pd

    rows = []
    for i in range(40):
        month = "2026-10" if i % 2 else "2026-09"
        client = PII_CLIENTS[i % len(PII_CLIENTS)]
        shown = {"acme corp": "Acme Corp", "Jane Doe": "JANE doe"}.get(client, client)
        hired = i % 4 == 1
        rows.append({
            "proposal_id": f"p{i:03d}",
            "submitted_at": f"{month}-{1 + i % 28:02d}T10:00:00Z",
            "job_title": f"Website for {shown}",
            "job_description": f"Contact {client.upper()} at jane.doe@acme-mail.org.",
            "job_url": "https://www.upwork.com/jobs/~01abcdef123456",
            "client_name": client,
            "cover_letter": (f"Hi {shown}, I went through your post on the ACME CORP shop. Reach "
                             "me at jane.doe@acme-mail.org or +1 (415) 555-0199 (UK: 020 7946 "
                             "0958); my work is at janedoe.pl and acme-corp.pro/portfolio. "
                             f"Will Turner and Jane liked it. Thanks, {shown}! " * 2),
            "viewed": i % 4 != 0, "interviewed": hired or i % 4 == 2, "hired": hired,
        })
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _render_one(key, out_dir, data):
    from upwork_analytics import paths
    from upwork_analytics.reports.render import render

    name, kwargs = REPORT_RUNS[key]
    kwargs = {k: getattr(paths, v) if k in ("draft", "job") else v for k, v in kwargs.items()}
    if key == "xss":
        from pathlib import Path

        plans = write_hostile_plan(Path(out_dir))
        kwargs = {**kwargs, "data": [data], "messages": [], "plans": str(plans)}
    if key == "pii-share":
        from pathlib import Path

        pii = write_pii_proposals(Path(data).with_name("Acme_Corp_tracker.csv"))
        kwargs = {**kwargs, "data": [str(pii)], "messages": []}
    return str(render(name, out_dir=out_dir, month="2026-10", **kwargs))


@pytest.fixture(scope="session")
def rendered_reports(tmp_path_factory):
    """``{key: Path}`` of every report in :data:`REPORT_RUNS`, each in its own folder."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

    root = tmp_path_factory.mktemp("rendered")
    data = write_hostile_proposals(root / "hostile.csv")
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {key: pool.submit(_render_one, key, str(root / key), str(data))
                   for key in REPORT_RUNS}
        done = {}
        for key, future in futures.items():
            try:
                done[key] = Path(future.result())
            except Exception as exc:  # fail only the tests that use this report
                done[key] = exc
    return _Reports(done)


class _Reports(dict):
    """A dict of report paths whose failed entries raise their error when looked up."""

    def __getitem__(self, key):
        value = super().__getitem__(key)
        if isinstance(value, Exception):
            raise value
        return value


def register_report_notebook(tmp_path, monkeypatch, name, *cells):
    """Write a minimal report notebook (the parameters every report takes, then ``cells`` as
    code cells) and register it as report ``name`` for this test."""
    import nbformat

    from upwork_analytics.reports.render import REPORTS

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3",
                                                           "display_name": "Python 3",
                                                           "language": "python"}})
    params = nbformat.v4.new_code_cell(
        'data = []\nmessages = []\nmonth = ""\nshare = False\ntitle = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setitem(REPORTS, name, str(path))

