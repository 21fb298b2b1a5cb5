"""A rendered report opened in a real headless Chromium: it draws, and nothing errors."""

from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np
import pytest
from matplotlib import image

from upwork_analytics.report import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/install-system-deps.sh should install it")
        pytest.skip("chromium not installed (run scripts/install-system-deps.sh)")
    return CHROMIUM


@pytest.mark.notebook
def test_monthly_report_renders_in_chromium(chromium, tmp_path):
    html = render("monthly", out_dir=tmp_path / "reports", month="2026-10")
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1000,2400", html.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Uncaught" not in proc.stderr and ":ERROR:CONSOLE" not in proc.stderr
    pixels = image.imread(shot)[..., :3]
    non_white = (pixels < 0.95).any(axis=2).mean()
    assert non_white > 0.05, f"screenshot is almost blank ({non_white:.1%} non-white)"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # text, bars and lines drawn
