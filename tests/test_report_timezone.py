"""The interviews report shows clock times in the time zone asked for (``--tz``)."""

from __future__ import annotations

import re

import pytest

from upwork_analytics.cli import main
from upwork_analytics.exceptions import ParameterError
from upwork_analytics.reports.render import render, report_parameters


def test_only_the_interviews_report_takes_a_time_zone():
    assert report_parameters("interviews", month="2026-10")["timezone"] == "UTC"
    assert report_parameters("interviews", month="2026-10",
                             tz="Asia/Kolkata")["timezone"] == "Asia/Kolkata"
    assert "timezone" not in report_parameters("monthly", month="2026-10")
    with pytest.raises(ParameterError, match="time zone applies only to the.*interviews"):
        report_parameters("monthly", month="2026-10", tz="UTC")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Europe/../etc"])
def test_unknown_time_zone_is_a_one_line_error(zone, capsys):
    assert main(["report", "interviews", "--tz", zone, "--month", "2026-10"]) == 2
    err = capsys.readouterr().err
    [line] = [ln for ln in err.splitlines() if "error" in ln]  # besides the progress lines
    assert "Traceback" not in err
    assert f"unknown time zone {zone!r}" in line and "IANA" in line


@pytest.mark.notebook
def test_interview_examples_are_shown_in_the_time_zone_asked_for(tmp_path):
    utc = render("interviews", out_dir=tmp_path / "utc", month="2026-10")
    india = render("interviews", out_dir=tmp_path / "ist", month="2026-10", tz="Asia/Kolkata")
    stamp = re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) (UTC|IST)")
    in_utc = stamp.findall(utc.read_text(encoding="utf-8"))
    in_ist = stamp.findall(india.read_text(encoding="utf-8"))
    assert in_utc and len(in_utc) == len(in_ist)
    assert {z for _, z in in_utc} == {"UTC"} and {z for _, z in in_ist} == {"IST"}
    # the same moments, 5 h 30 min later on the clock
    import pandas as pd

    for (a, _), (b, _) in zip(in_utc, in_ist):
        assert pd.Timestamp(b) - pd.Timestamp(a) == pd.Timedelta(hours=5, minutes=30)
