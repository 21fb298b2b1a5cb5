"""Rendering report notebooks with papermill into self-contained HTML."""

from __future__ import annotations

import json
import re

import nbformat
import papermill as pm
import pytest

from upwork_analytics.cli import main
from upwork_analytics.exceptions import OutputExistsError, ReportError
from upwork_analytics.paths import NOTEBOOKS_DIR
from upwork_analytics.report import REPORTS, render, report_parameters


@pytest.fixture(scope="module")
def monthly(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return render("monthly", out_dir=out, month="2026-10")


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_parameters_match_the_notebook(name):
    declared = pm.inspect_notebook(str(NOTEBOOKS_DIR / REPORTS[name]))
    assert set(report_parameters(name, month="2026-10")) == set(declared)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_notebooks_are_committed_thin_and_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS_DIR / REPORTS[name], as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert "parameters" in nb.cells[0].metadata.get("tags", [])
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert not re.search(r"^\s*(def|class) ", cell.source, re.M)


@pytest.mark.notebook
def test_monthly_report_is_one_offline_html_file(monthly):
    html = monthly.read_text(encoding="utf-8")
    assert monthly.name == "monthly.html" and monthly.parent.name == "2026-10"
    assert (monthly.parent / "monthly.ipynb").exists()
    assert "<title>Monthly proposal report</title>" in html
    for heading in ("Monthly proposal report", "This month", "All months", "How to read this"):
        assert heading in html
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) >= 2
    assert "<script" not in html
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert "name=\"viewport\"" in html
    assert "Traceback" not in html and "In&nbsp;[" not in html


@pytest.mark.notebook
def test_existing_report_is_not_overwritten_without_force(monthly):
    before = monthly.read_bytes()
    with pytest.raises(OutputExistsError, match="--force"):
        render("monthly", out_dir=monthly.parent.parent, month="2026-10")
    assert monthly.read_bytes() == before


@pytest.mark.notebook
def test_failing_cell_keeps_the_notebook_and_writes_no_html(tmp_path, monkeypatch):
    broken = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3",
                                                               "display_name": "Python 3",
                                                               "language": "python"}})
    params = nbformat.v4.new_code_cell(
        'data = []\nmessages = []\nmonth = ""\nshare = False\ntitle = ""')
    params.metadata["tags"] = ["parameters"]
    broken.cells = [params, nbformat.v4.new_code_cell("raise ValueError('bad column xyz')")]
    path = tmp_path / "broken.ipynb"
    nbformat.write(broken, path)
    monkeypatch.setitem(REPORTS, "broken", str(path))
    out = tmp_path / "out"
    with pytest.raises(ReportError, match="ValueError: bad column xyz"):
        render("broken", out_dir=out, month="2026-10")
    assert (out / "2026-10" / "broken.failed.ipynb").exists()
    assert not (out / "2026-10" / "broken.html").exists()
    failed = json.loads((out / "2026-10" / "broken.failed.ipynb").read_text())
    assert failed["metadata"]["papermill"]["exception"] is True


@pytest.mark.notebook
def test_report_cli_prints_the_html_path(tmp_path, capsys):
    assert main(["report", "monthly", "--out", str(tmp_path), "--quiet"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == str(tmp_path / "2026-10" / "monthly.html")
