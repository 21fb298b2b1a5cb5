"""Rendered reports opened in a real headless Chromium: they draw, nothing errors, nothing is
fetched from the network, and user-supplied HTML never becomes an element.

Reports come from the session-wide ``rendered_reports`` fixture (conftest.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Every host name resolves to nothing, so a fetch cannot succeed; the net log records it anyway.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--enable-logging=stderr", "--v=0"]
#: Chromium logs every console message (console.log and console.error alike) as
#: ``INFO:CONSOLE``; a report has no script, so any console line means something ran.
_ERRORS = ("Uncaught", ":CONSOLE")
#: Schemes a self-contained page may load (itself, its embedded images).
_LOCAL = ("file:", "data:", "blob:", "about:", "chrome:", "chrome-error:")


def in_ci() -> bool:
    """Whether this run is CI's (``CI=true``, as ``.ci/run`` and most CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="module")
def chromium():
    return find_chromium()


def find_chromium() -> str:
    """The Chromium binary. Missing: the browser tests skip, saying why, on a developer's
    machine, and fail in CI, where ``scripts/install-system-deps.sh`` (run by ``make test``
    and so by ``.ci/run``) must have installed it."""
    if CHROMIUM is None:
        if in_ci():
            pytest.fail("chromium is missing in CI (CI=true): scripts/install-system-deps.sh "
                        "should have installed it")
        pytest.skip("chromium is not installed: the real-browser tests are skipped (make test "
                    "installs it through scripts/install-system-deps.sh; in CI, with "
                    "CI=true, a missing browser fails)")
    return CHROMIUM


def page_fetches(net_log: Path) -> list[str]:
    """URLs the page itself requested beyond its own file and embedded data, from Chromium's
    ``--log-net-log`` (the browser's own background requests have no origin: not counted)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] != start or params.get("initiator") == "not an origin":
            continue
        url = params.get("url")
        if url and not url.startswith(_LOCAL):  # (the job's end events carry no url)
            urls.append(url)
    return urls


def page_problems(chromium, tmp_path, *args) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run Chromium on a page; what went wrong: script errors, console output, network
    fetches."""
    net_log = tmp_path / "net.json"
    proc = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           f"--log-net-log={net_log}", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    problems = [ln for ln in proc.stderr.splitlines() if any(e in ln for e in _ERRORS)]
    problems += [f"fetched {url}" for url in page_fetches(net_log)]
    return proc, problems


def _run(chromium, tmp_path, *args):
    proc, problems = page_problems(chromium, tmp_path, *args)
    assert not problems, problems[:5]
    return proc


def test_the_checks_catch_a_page_that_fetches_and_runs_script(chromium, tmp_path):
    """The checks themselves: a page with a remote image and stylesheet and a script that
    writes to the console is caught on every count."""
    page = tmp_path / "canary.html"
    page.write_text('<html><body><p>hi</p><img src="https://cdn.example.com/a.png">'
                    '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
                    '<script>console.log("hello")</script></body></html>', encoding="utf-8")
    _, problems = page_problems(chromium, tmp_path, f"--screenshot={tmp_path / 's.png'}",
                                page.as_uri())
    assert "fetched https://cdn.example.com/a.png" in problems
    assert "fetched https://cdn.example.com/x.css" in problems
    assert any(":CONSOLE" in p and "hello" in p for p in problems)


@pytest.mark.notebook
@pytest.mark.parametrize("key, width, height", [
    ("monthly", 1000, 2400), ("monthly", 390, 2400), ("monthly-share", 390, 2400),
    ("drivers", 1000, 2400), ("drivers-share", 390, 2400), ("interviews", 1000, 1200),
    ("interviews", 390, 1200), ("interviews-share", 390, 1200), ("review", 1000, 1600),
    ("review", 390, 1600), ("xss", 1000, 2400),
])
def test_report_draws_without_errors(chromium, tmp_path, rendered_reports, key, width, height):
    shot = tmp_path / "shot.png"
    _run(chromium, tmp_path, f"--screenshot={shot}", f"--window-size={width},{height}",
         rendered_reports[key].as_uri())
    pixels = image.imread(shot)[..., :3]
    assert pixels.shape[1] == width
    non_white = (pixels < 0.95).any(axis=2).mean()
    assert non_white > 0.03, f"screenshot is almost blank ({non_white:.1%} non-white)"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # text and charts drawn
    # readable on a phone: nothing wider than the screen except scrollable tables
    right_edge = pixels[:, -3:, :]
    assert (right_edge > 0.9).mean() > 0.9, "content is cut off at the right edge"


@pytest.mark.notebook
def test_user_html_never_becomes_an_element(chromium, tmp_path, rendered_reports):
    proc = _run(chromium, tmp_path, "--dump-dom", rendered_reports["xss"].as_uri())
    dom = proc.stdout
    assert "<main" in dom and "Build a page" in dom
    assert "<script" not in dom and '<img src="x"' not in dom and "onerror=" not in dom.replace(
        "onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception),
                                         ("", pytest.skip.Exception),
                                         ("false", pytest.skip.Exception)])
def test_missing_browser_skips_with_a_reason_except_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium is"):
        find_chromium()
