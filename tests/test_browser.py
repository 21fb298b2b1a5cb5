"""Rendered reports opened in a real headless Chromium: they draw, nothing errors, nothing is
fetched from the network, and user-supplied HTML never becomes an element.

Reports come from the session-wide ``rendered_reports`` fixture (conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import pytest
from matplotlib import image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Every host name resolves to nothing: any network fetch fails and logs an error.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--enable-logging=stderr", "--v=0"]
_ERRORS = ("Uncaught", ":ERROR:CONSOLE", "Failed to load resource", "ERR_NAME_NOT_RESOLVED")


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/install-system-deps.sh should install it")
        pytest.skip("chromium not installed (run scripts/install-system-deps.sh)")
    return CHROMIUM


def _run(chromium, tmp_path, *args):
    proc = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    errors = [ln for ln in proc.stderr.splitlines() if any(e in ln for e in _ERRORS)]
    assert not errors, errors[:5]
    return proc


@pytest.mark.notebook
@pytest.mark.parametrize("key, width, height", [
    ("monthly", 1000, 2400), ("monthly", 390, 2400), ("monthly-share", 390, 2400),
    ("drivers", 1000, 2400), ("interviews", 1000, 1200), ("interviews", 390, 1200),
    ("xss", 1000, 2400),
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
