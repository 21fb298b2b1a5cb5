"""Reports read the user's files the way ``validate`` does: --map, --dayfirst, --data-tz."""

from __future__ import annotations

import papermill as pm
import pytest

from upwork_analytics.cli import main
from upwork_analytics.paths import NOTEBOOKS_DIR
from upwork_analytics.reports.render import REPORTS, report_parameters


def _odd_tracker(path):
    """A tracker whose letter column is called 'Blurb' and whose dates are day first, with
    days of 12 or less: only --dayfirst can read them so. Day first, the 24 even rows fall on
    1, 3, ..., 11 October and the 24 odd rows on 2, 4, ..., 12 September; month first they
    would spread over the year (4 of them in October)."""
    rows = ["Sent on,Blurb,Status"]
    for i in range(48):
        month = 9 if i % 2 else 10
        rows.append(f"{1 + i % 12:02d}/{month:02d}/2026,Hello there {i}: I can help with "
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
    import html as htmllib
    import re

    page = (out / "2026-10" / "monthly.html").read_text(encoding="utf-8")
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", page,
                                                         flags=re.S)))
    text = " ".join(text.split())
    assert "Data: 2026-09-02 to 2026-10-11, 48 proposals" in text
    assert re.search(r"\bproposals sent 24 view rate\b", text), text[:2000]
