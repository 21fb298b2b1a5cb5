"""The ``upwork-analytics validate`` command: report, JSON, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from upwork_analytics import cli
from upwork_analytics.paths import SAMPLE_MESSAGES, SAMPLE_PROPOSALS

DATA = Path(__file__).parent / "data" / "loaders"


def test_validate_prints_report_and_writes_json(tmp_path, capsys):
    out = tmp_path / "report" / "load.json"
    code = cli.main(["validate", str(DATA / "tracker_bad_rows.csv"), "--messages",
                     str(DATA / "messages.csv"), "--me", "jdoe", "--json", str(out)])
    assert code == 0  # usable, even with rejected rows
    text = capsys.readouterr().out
    assert text.startswith("proposals: 9 rows read from 1 file(s), 4 kept, 3 rejected")
    assert "tracker_bad_rows.csv line 3, column 'Date Sent': cannot read date '31/31/2025'" in text
    assert "messages: 5 rows read from 1 file(s), 3 kept, 2 rejected" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["proposals"]["rows_rejected"] == 3
    assert data["proposals"]["rejected"][0] == {
        "kind": "rejected", "file": "tracker_bad_rows.csv", "line": 3, "location": "line 3",
        "column": "Date Sent", "value": "31/31/2025",
        "reason": "cannot read date '31/31/2025' (expected e.g. 2025-03-31, Mar 31, 2025, "
                  "03/31/2025 or epoch seconds)"}
    assert data["messages"]["rows_kept"] == 3


def test_validate_map_options(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("When,Proposal Txt,Pitch\n2025-03-04,The letter,x\n", encoding="utf-8")
    assert cli.main(["validate", str(path), "--map-file", str(DATA / "mapping.txt")]) == 0
    assert "Proposal Txt -> cover_letter" in capsys.readouterr().out
    assert cli.main(["validate", str(path), "--map", "When=submitted_at", "--map",
                     "Pitch=cover_letter"]) == 0
    assert "Pitch -> cover_letter" in capsys.readouterr().out
    assert cli.main(["validate", str(path), "--map", "When=nonsense"]) == 2
    assert "not a proposals column" in capsys.readouterr().err


def test_validate_dayfirst(tmp_path, capsys):
    """03/04/2025 and 2025-04-03 of the same proposal are one record only read day first."""
    path = tmp_path / "t.csv"
    path.write_text("Proposal ID,Date Sent,Cover Letter\np1,03/04/2025,a\np1,2025-04-03,a\n",
                    encoding="utf-8")
    out = tmp_path / "r.json"
    assert cli.main(["validate", str(path), "--dayfirst", "--json", str(out)]) == 0
    [dup] = json.loads(out.read_text())["proposals"]["duplicates"]
    assert dup["reason"] == "identical to t.csv line 2, which was kept"
    assert cli.main(["validate", str(path), "--json", str(out)]) == 0
    [dup] = json.loads(out.read_text())["proposals"]["duplicates"]
    assert dup["reason"].endswith("differs in submitted_at")


def test_validate_missing_cover_letter_exits_2_naming_the_column(capsys):
    code = cli.main(["validate", str(DATA / "tracker_no_cover_letter.csv")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no column for 'cover_letter' (required)" in err
    assert "Columns found: Date, Job, Bid, Status" in err


@pytest.mark.parametrize("name", ["empty.csv", "header_only.csv", "garbage.bin"])
def test_validate_unusable_input_exits_2(name, capsys):
    assert cli.main(["validate", str(DATA / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("upwork-analytics: error: ") and err.count("\n") == 1


def test_validate_refuses_to_write_json_over_an_input(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("Date Sent,Cover Letter\n2025-03-04,a\n", encoding="utf-8")
    before = path.read_bytes()
    assert cli.main(["validate", str(path), "--json", str(path)]) == 2
    assert path.read_bytes() == before


def test_validate_sample_reports_zero_rejected(tmp_path, capsys):
    out = tmp_path / "sample.json"
    assert cli.main(["validate", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["proposals"]["files"][0]["path"] == str(SAMPLE_PROPOSALS)
    assert data["proposals"]["rows_rejected"] == 0
    assert data["proposals"]["rows_kept"] == data["proposals"]["rows_read"] > 0
    assert data["messages"]["files"][0]["path"] == str(SAMPLE_MESSAGES)
    assert data["messages"]["rows_rejected"] == 0
    assert data["messages"]["rows_kept"] > 0


def test_validate_json_into_a_folder_or_unwritable_place_exits_2(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("Date Sent,Cover Letter\n2025-03-04,a\n", encoding="utf-8")
    assert cli.main(["validate", str(path), "--json", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"upwork-analytics: error: --json {tmp_path} is a folder; give a file name\n"
    assert cli.main(["validate", str(path), "--json", str(path / "under_a_file.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"upwork-analytics: error: --json {path / 'under_a_file.json'}: "
                          "cannot write there (") and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == "Date Sent,Cover Letter\n2025-03-04,a\n"


def test_validate_lines_name_file_line_column_and_value(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text("Date Sent,Cover Letter,Status,Connects\n2025-03-04,a,Draft,1\n"
                    "2025-03-05,\"open,Viewed,99999999999999999999\n2025-03-06,b\x07c,Viewed,2\n",
                    encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "  t.csv line 2, column 'Status', value 'Draft': status says the proposal was never " \
           "sent" in lines
    assert "  t.csv line 3, column 'Cover Letter', value 'open,Viewed,99999999999999999999': a " \
           "quote opened in this cell is never closed, swallowing line 4 into it; cut the cell " \
           "at the end of line 3 and read line 4 as rows (check this cell)" in lines
    assert "  t.csv line 4, column 'Cover Letter', value 'b\\x07c': removed 1 control " \
           "character(s)" in lines


def test_validate_subprocess_exit_code_and_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "upwork_analytics", "validate",
         str(DATA / "tracker_no_cover_letter.csv")],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "upwork-analytics: error: tracker_no_cover_letter.csv: no column for 'cover_letter' "
        "(required). Columns found: Date, Job, Bid, Status. Map one with --map "
        "\"HEADER=cover_letter\"."]
