"""The command line as an installed tool (issue 15): a fast start (``--help`` loads no heavy
library), ``--json -`` on standard output, money options read like tracker cells, progress
only on a terminal and never with ``--quiet``."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from upwork_analytics import cli
from upwork_analytics.load import progress
from upwork_analytics.cli import main
from upwork_analytics.paths import EXAMPLE_DRAFT, SAMPLE_PROPOSALS

#: Libraries that take seconds to import: the parser must not need any of them.
HEAVY = ("pandas", "numpy", "scipy", "sklearn", "statsmodels", "matplotlib", "nltk",
         "nbformat", "nbconvert", "nbclient", "papermill", "jsonschema", "jupyter_client",
         "tqdm", "charset_normalizer", "phonenumbers", "pandera", "openpyxl")

_PROBE = """
import sys
from upwork_analytics.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(%r))
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
sys.exit(code)
""" % (HEAVY,)


@pytest.mark.parametrize("argv, code", [
    (["--help"], 0), (["--version"], 0), (["drivers", "--help"], 0), (["report", "--help"], 0),
    (["validate", "--help"], 0), (["score", "--help"], 0), (["bogus"], 2),
    (["drivers", "--stage", "nope"], 2), (["report", "nope"], 2), (["validate", "--bogus"], 2),
])
def test_help_and_usage_errors_import_no_heavy_library(argv, code):
    """Checked by the modules loaded, not by time (times are measured in benchmarks/)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == code, proc.stderr
    [line] = [ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY=")]
    assert line == "HEAVY="


def test_the_probe_sees_a_heavy_import():
    proc = subprocess.run([sys.executable, "-c", _PROBE.replace(
        "import sys\n", "import sys\nimport pandas\n", 1), "--version"],
        capture_output=True, text=True, timeout=60)
    assert "HEAVY=numpy,pandas" in proc.stderr


def test_driver_choices_match_the_analysis():
    from upwork_analytics.analysis.drivers import OUTCOMES, STAGES

    assert cli.DRIVER_OUTCOMES == tuple(OUTCOMES)
    assert set(cli.DRIVER_STAGES) == {*STAGES, "interview"}


def test_report_names_match_the_renderer():
    from upwork_analytics.reports import render
    from upwork_analytics.reports.registry import REPORTS

    assert render.REPORTS is REPORTS


# --------------------------------------------------------------------------- --json -


def test_validate_json_to_stdout_and_the_text_to_stderr(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a file named "-" would appear
    assert main(["validate", str(SAMPLE_PROPOSALS), "--json", "-"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["proposals"]["rows_kept"] == 1200
    assert "proposals.csv (csv, utf-8, comma): 1,200 rows" in err
    assert list(tmp_path.iterdir()) == []


def test_validate_json_to_a_file_keeps_the_text_on_stdout(capsys, tmp_path):
    out_file = tmp_path / "report.json"
    assert main(["validate", str(SAMPLE_PROPOSALS), "--json", str(out_file)]) == 0
    out, err = capsys.readouterr()
    assert "1,200 rows" in out and err == ""
    assert json.loads(out_file.read_text())["proposals"]["rows_kept"] == 1200


# --------------------------------------------------------------------------- money options


@pytest.mark.parametrize("budget, expected, contract", [
    ("25-50", [25.0, 50.0], None),
    ("€900", [900.0], None),
    ("$1.5K", [1500.0], None),
    ("$25-$50/hr", [25.0, 50.0], "hourly"),
    ("Fixed-price: $600", [600.0], "fixed"),
    ("1,200", [1200.0], None),
])
def test_score_budget_is_read_like_a_tracker_cell(monkeypatch, capsys, budget, expected,
                                                  contract):
    seen = {}

    def fake_review(draft, proposals, job, **kwargs):
        seen.update(kwargs)
        raise KeyboardInterrupt  # stop here: only the parsed options are under test

    import upwork_analytics.coach.review as review_module

    monkeypatch.setattr(review_module, "review", fake_review)
    assert main(["score", str(EXAMPLE_DRAFT), "--budget", budget, "--bid", "30"]) == 130
    assert seen["budget"] == expected and seen["bid"] == 30.0
    assert seen["contract_type"] == contract


@pytest.mark.parametrize("argv, message", [
    (["--budget", "cheap"], "--budget 'cheap':"),
    (["--bid", "$20-$30"], "--bid '$20-$30': give one amount, not a range"),
    (["--bid", "€30", "--budget", "$500"], "different currencies (EUR, USD)"),
])
def test_score_bad_money_is_a_one_line_error(capsys, argv, message):
    assert main(["score", str(EXAMPLE_DRAFT), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


# --------------------------------------------------------------------------- progress


def test_steps_are_untouched_unless_shown_on_a_terminal(monkeypatch):
    items = [1, 2, 3]
    assert progress.steps(items) is items  # not asked for
    with progress.shown():
        assert progress.steps(items) is items  # asked for, but not on a terminal (pytest)
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        assert progress.steps(items) is not items and list(progress.steps(items)) == items
        assert progress.steps(items, min_total=4) is items  # too short for a bar
    with progress.shown(False):  # --quiet
        assert progress.steps(items) is items


def _feature_input(tmp_path):
    path = tmp_path / "proposals.csv"
    pd.read_csv(SAMPLE_PROPOSALS).iloc[:300].to_csv(path, index=False)
    return path


def test_features_show_a_bar_on_a_terminal_and_none_with_quiet(tmp_path, monkeypatch, capsys):
    import upwork_analytics.features.build as build

    monkeypatch.setattr(build, "CHUNK_ROWS", 100)  # 3 chunks: a bar without 2,000+ rows
    data = _feature_input(tmp_path)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["features", str(data), "--out", str(tmp_path / "f.csv")]) == 0
    assert "features, 300 proposals" in capsys.readouterr().err
    assert main(["features", str(data), "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)  # a pipe or cron
    assert main(["features", str(data), "--out", str(tmp_path / "h.csv")]) == 0
    assert capsys.readouterr().err == ""
    first = pd.read_csv(tmp_path / "f.csv")
    assert first.equals(pd.read_csv(tmp_path / "g.csv"))  # the bar changes nothing else
