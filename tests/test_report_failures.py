"""A report whose cell runs too long, or whose kernel dies, fails like a failing cell: one
ReportError naming the cell, the notebook as far as it ran kept beside the output, no HTML."""

from __future__ import annotations

import pytest
from conftest import register_report_notebook

from upwork_analytics.cli import main
from upwork_analytics.exceptions import OutputExistsError, ReportError
from upwork_analytics.reports import render as report_module
from upwork_analytics.reports.render import render


def _notebook(tmp_path, monkeypatch, code: str, name: str) -> None:
    register_report_notebook(tmp_path, monkeypatch, name, "x = 1", code)


@pytest.mark.notebook
def test_a_cell_past_the_timeout_fails_with_its_number(tmp_path, monkeypatch):
    _notebook(tmp_path, monkeypatch, "import time\ntime.sleep(60)", "slow")
    monkeypatch.setattr(report_module, "CELL_TIMEOUT", 2)
    out = tmp_path / "out"
    # cells: parameters, injected parameters, x = 1, the sleeping cell -> cell 4
    with pytest.raises(ReportError, match=r"slow report: cell 4 ran longer than 2 s "
                                          r"\(executed notebook kept at .*slow\.failed\.ipynb\)"):
        render("slow", out_dir=out, month="2026-10")
    assert (out / "2026-10" / "slow.failed.ipynb").exists()
    assert not (out / "2026-10" / "slow.html").exists()


@pytest.mark.notebook
def test_a_dying_kernel_exits_1_with_one_message(tmp_path, monkeypatch, capsys):
    _notebook(tmp_path, monkeypatch, "import os\nos._exit(1)", "dies")
    assert main(["report", "dies", "--out", str(tmp_path / "out"), "--month", "2026-10"]) == 1
    err = capsys.readouterr().err
    [line] = [ln for ln in err.splitlines() if "report failed" in ln or "error" in ln]
    assert "dies report: cell 4 stopped: the kernel died" in line
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "2026-10" / "dies.html").exists()


@pytest.mark.notebook
def test_force_overwrites_and_a_later_success_clears_the_failed_notebook(tmp_path,
                                                                         monkeypatch):
    """A failed render keeps ``<name>.failed.ipynb``; once the report renders, that stale
    notebook is removed. An existing report is kept unless ``force``, which replaces it."""
    out = tmp_path / "out"
    target = out / "2026-10"
    register_report_notebook(tmp_path, monkeypatch, "flaky", "raise ValueError('not yet')")
    with pytest.raises(ReportError, match="not yet"):
        render("flaky", out_dir=out, month="2026-10")
    assert (target / "flaky.failed.ipynb").exists() and not (target / "flaky.html").exists()

    register_report_notebook(tmp_path, monkeypatch, "flaky", "print('first ' + title)")
    render("flaky", out_dir=out, month="2026-10", title="A")
    assert "first A" in (target / "flaky.html").read_text(encoding="utf-8")
    assert not (target / "flaky.failed.ipynb").exists()

    before = (target / "flaky.html").read_bytes()
    with pytest.raises(OutputExistsError, match="--force"):
        render("flaky", out_dir=out, month="2026-10", title="B")
    assert (target / "flaky.html").read_bytes() == before
    # the command line passes --force through
    assert main(["report", "flaky", "--out", str(out), "--month", "2026-10", "--title", "B",
                 "--force", "--quiet"]) == 0
    html = (target / "flaky.html").read_text(encoding="utf-8")
    assert "first B" in html and "first A" not in html
    assert sorted(p.name for p in target.iterdir()) == ["flaky.html", "flaky.ipynb"]
