"""Reports read the user's files the way ``validate`` does: --map, --dayfirst, --data-tz."""

from __future__ import annotations

import papermill as pm
import pytest

from upwork_analytics.cli import main
from upwork_analytics.paths import NOTEBOOKS_DIR
from upwork_analytics.reports.render import REPORTS, report_parameters


def _odd_tracker(path):
    """A tracker whose letter column is called 'Blurb' and whose dates are day first."""
    rows = ["Sent on,Blurb,Status"]
    for i in range(48):
        month = 9 if i % 2 else 10
        rows.append(f"{1 + i % 28:02d}/{month:02d}/2026,Hello there {i}: I can help with "
                    f"this. When do you need it?,{'Hired' if i % 4 == 0 else 'Viewed'}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_notebook_takes_read_options(name):
    declared = pm.inspect_notebook(str(NOTEBOOKS_DIR / REPORTS[name]))
    assert declared["read_options"]["default"] == "{}"


def test_read_options_reach_the_parameters(tmp_path):
    data = _odd_tracker(tmp_path / "odd.csv")
    options = {"proposals": {"column_map": {"Blurb": "cover_letter"}, "dayfirst": True}}
    params = report_parameters("monthly", data=[data], messages=[], read_options=options)
    assert params["read_options"] == options
    assert params["month"] == "2026-10"  # the last complete month (the data end in October)


@pytest.mark.notebook
def test_report_renders_a_tracker_that_needs_a_map(tmp_path, capsys):
    data = _odd_tracker(tmp_path / "odd.csv")
    out = tmp_path / "out"
    assert main(["report", "monthly", "--data", str(data), "--out", str(out), "--quiet",
                 "--month", "2026-10"]) == 2
    assert "cover_letter" in capsys.readouterr().err
    assert main(["report", "monthly", "--data", str(data), "--out", str(out), "--quiet",
                 "--month", "2026-10", "--map", "Blurb=cover_letter", "--dayfirst"]) == 0
    html = (out / "2026-10" / "monthly.html").read_text(encoding="utf-8")
    assert "proposals sent" in html and "24" in html  # October's 24 proposals, read day first
