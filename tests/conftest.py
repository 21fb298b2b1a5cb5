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
# ``upwork_analytics.report.render``) and shared by the HTML tests and the browser tests.

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
}


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
        })
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _render_one(key, out_dir, data):
    from upwork_analytics.report import render

    from upwork_analytics import paths

    name, kwargs = REPORT_RUNS[key]
    kwargs = {k: getattr(paths, v) if k in ("draft", "job") else v for k, v in kwargs.items()}
    if key == "xss":
        kwargs = {**kwargs, "data": [data], "messages": []}
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
