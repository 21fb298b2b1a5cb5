"""The variant table of the drivers report and the running experiments of the monthly report
(rendered once per session by ``rendered_reports``; the browser tests open the same files)."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from conftest import XSS, XSS_IMG, write_hostile_plan, write_hostile_proposals

from upwork_analytics.analysis.assignment import PlanEditedError
from upwork_analytics.cli import main
from upwork_analytics.exceptions import ParameterError
from upwork_analytics.reports.render import report_parameters

_IMG = re.compile(r'<img [^>]*src="data:image/png;base64,[^"]+"')


def _section(html: str, start: str, end: str) -> str:
    """The HTML from the heading ``start`` to the heading ``end``."""
    i = html.index(f'<h2 id="{start.replace(" ", "-")}"')
    return html[i:html.index(f'<h2 id="{end.replace(" ", "-")}"', i)]


@pytest.mark.notebook
def test_monthly_report_shows_the_running_experiment_escaped(rendered_reports):
    html = rendered_reports["xss"].read_text(encoding="utf-8")
    part = _section(html, "Running experiments", "About this report")
    assert f"{htmllib.escape(XSS)} (A)" in part and f"{htmllib.escape(XSS_IMG)} (B)" in part
    assert "<script>" not in part and "<img src=x" not in part
    # one look (end of 2026-10, 12 proposals per arm): the decision, its reason, the chart
    assert re.search(r"Decision: (continue|stop: [^<]+)</b> - ", part)
    assert "repeated 95% interval" in part
    assert len(_IMG.findall(part)) == 1
    assert re.search(r"\d+% \(\d+%-\d+%, n=12\)", part)


@pytest.mark.notebook
def test_drivers_report_shows_the_template_families(rendered_reports):
    html = rendered_reports["drivers"].read_text(encoding="utf-8")
    part = htmllib.unescape(_section(html, "Your templates and variants",
                                     "Viewed, of proposals sent"))
    assert "other proposals (no detected template)" in part
    assert part.count("“") >= 8 * 2  # eight families, in the rates and the verdict tables
    assert re.search(r"<td>\d+% \(\d+%-\d+%, n=\d+\)</td>", part)
    for verdict in ("higher", "no clear difference", "not enough proposals to tell"):
        assert f"<td>{verdict}</td>" in part, verdict
    assert len(_IMG.findall(part)) == 1
    shared = rendered_reports["drivers-share"].read_text(encoding="utf-8")
    assert "Your templates and variants" in shared


def test_plans_are_checked_before_any_notebook_runs(tmp_path):
    data = write_hostile_proposals(tmp_path / "hostile.csv")
    plan = write_hostile_plan(tmp_path)
    params = report_parameters("monthly", data=[data], messages=[], month="2026-10",
                               plans=plan)
    assert params["plans"] == str(plan.resolve())
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",1,", ",2,", 1)
    plan.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PlanEditedError):
        report_parameters("monthly", data=[data], messages=[], month="2026-10", plans=plan)
    with pytest.raises(ParameterError, match="only to the"):
        report_parameters("drivers", data=[data], messages=[], month="2026-10", plans=plan)
    # with the bundled sample, no plans unless asked
    assert report_parameters("monthly", month="2026-10")["plans"] == ""


def test_report_with_an_edited_plan_exits_2(tmp_path, capsys):
    data = write_hostile_proposals(tmp_path / "hostile.csv")
    plan = write_hostile_plan(tmp_path)
    plan.write_text(plan.read_text(encoding="utf-8").replace("assign,1,", "assign,01,"),
                    encoding="utf-8")
    assert main(["report", "monthly", "--data", str(data), "--plans", str(plan), "--out",
                 str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "was edited" in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.html"))
