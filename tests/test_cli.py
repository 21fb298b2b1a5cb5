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


# ------------------------------------------------------------- outputs never touch the inputs

_TRACKER = ("Date Sent,Cover Letter,Status\n"
            + "".join(f"2025-03-{d:02d},Hello there {d},{'Hired' if d % 4 == 0 else 'Viewed'}\n"
                      for d in range(1, 25)))


@pytest.mark.parametrize("command", [
    ["features", "{data}", "--out", "{data}"],
    ["drivers", "{data}", "--json", "{data}"],
    ["score", "{draft}", "--data", "{data}", "--json", "{data}"],
    ["score", "{draft}", "--data", "{data}", "--json", "{draft}"],
    ["validate", "{data}", "--json", "{data}"],
])
def test_an_output_path_that_is_an_input_is_refused_and_the_input_kept(tmp_path, capsys,
                                                                      command):
    data, draft = tmp_path / "tracker.csv", tmp_path / "draft.txt"
    data.write_text(_TRACKER, encoding="utf-8")
    draft.write_text("Hi, I can build this. When do you need it?", encoding="utf-8")
    argv = [a.format(data=data, draft=draft) for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is one of the input files" in err
    assert data.read_text(encoding="utf-8") == _TRACKER
    assert draft.read_text(encoding="utf-8").startswith("Hi, I can build this.")


@pytest.mark.parametrize("command", [
    ["features", "{data}", "--out", "{out}"],
    ["drivers", "{data}", "--json", "{out}"],
    ["score", "{draft}", "--data", "{data}", "--json", "{out}"],
])
@pytest.mark.parametrize("where", ["folder", "under a file"])
def test_an_unwritable_output_is_a_one_line_error(tmp_path, capsys, command, where):
    data, draft = tmp_path / "tracker.csv", tmp_path / "draft.txt"
    data.write_text(_TRACKER, encoding="utf-8")
    draft.write_text("Hi, I can build this. When do you need it?", encoding="utf-8")
    out = tmp_path if where == "folder" else data / "x.json"
    assert main([a.format(data=data, draft=draft, out=out) for a in command]) == 2
    err = capsys.readouterr().err
    [line] = [ln for ln in err.splitlines() if "error" in ln]
    assert str(out) in line and ("is a folder" in line or "cannot write there" in line)
    assert "Traceback" not in err and "internal error" not in err
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind
    assert data.read_text(encoding="utf-8") == _TRACKER


def test_loader_options_reach_every_command_that_loads(tmp_path, capsys):
    """A tracker with an unusual header: --map makes features, drivers and score read it."""
    data = tmp_path / "odd.csv"
    data.write_text(_TRACKER.replace("Cover Letter", "Blurb"), encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi, I can build this. When do you need it?", encoding="utf-8")
    assert main(["features", str(data)]) == 2
    assert "cover_letter" in capsys.readouterr().err
    out = tmp_path / "f.csv"
    assert main(["features", str(data), "--map", "Blurb=cover_letter", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") == 25  # header + 24 proposals
    assert main(["drivers", str(data), "--map", "Blurb=cover_letter"]) == 0
    assert main(["score", str(draft), "--data", str(data), "--map", "Blurb=cover_letter"]) == 0


def test_options_are_never_abbreviated(capsys):
    """argparse would read --me as --messages; here it is an unknown option of report."""
    with pytest.raises(SystemExit) as stop:
        main(["report", "monthly", "--mess", "x.csv"])
    assert stop.value.code == 2
    assert "unrecognized arguments: --mess" in capsys.readouterr().err
