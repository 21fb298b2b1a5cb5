"""The command line's contract: help, version, one-line errors with exit status 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from upwork_analytics import __version__
from upwork_analytics.cli import main

SUBCOMMANDS = ["validate", "features", "drivers", "report", "score", "sample"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "upwork_analytics", *args], capture_output=True,
                          text=True, timeout=120)


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert f"    {name} " in out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"upwork-analytics {__version__}"


@pytest.mark.parametrize("argv", [["--bogus"], ["sample", "--bogus"], ["report", "nope"], []])
def test_usage_errors_are_one_line_and_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("upwork-analytics")


def test_unknown_option_names_it(capsys):
    with pytest.raises(SystemExit):
        main(["sample", "--out", "x", "--bogus"])
    assert "--bogus" in capsys.readouterr().err


def test_toolkit_errors_exit_2_without_traceback_and_debug_shows_it(tmp_path):
    bad = run("sample", "--out", str(tmp_path), "--proposals", "3")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "upwork-analytics: error: n_proposals=3: need at least 20"]
    debug = run("--debug", "sample", "--out", str(tmp_path), "--proposals", "3")
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_report_with_a_bad_month_is_a_clear_error(tmp_path, capsys):
    assert main(["report", "monthly", "--month", "October", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "month='October'" in err and "YYYY-MM" in err
