"""Known answers for the tracker reader's small decisions (aliases, bounds, encodings, XLSX cells,
where a runaway quote starts), written for the survivors of ``make mutate GROUPS=parsing``."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from upwork_analytics import load_proposals
from upwork_analytics.exceptions import InputFileError
from upwork_analytics.load.parsing import (
    clean_job_url,
    excel_serial_date,
    parse_contract_type,
    parse_rating,
)
from upwork_analytics.load.tracker import _cell_text, _fields, _plausible, decode_text
from upwork_analytics.schema import P


# Every spelling the reader accepts, one row each: deleting any alias fails its row.
@pytest.mark.parametrize("text, expected", [
    ("hourly", "hourly"), ("Hour", "hourly"), ("hr", "hourly"), ("per hour", "hourly"),
    ("Hourly rate", "hourly"), ("Time and materials", "hourly"), ("HOURLY", "hourly"),
    ("fixed", "fixed"), ("Fixed price", "fixed"), ("Fixed-price contract", "fixed"),
    ("FP", "fixed"), ("Project", "fixed"), ("flat", "fixed"), ("FIXED_PRICE", "fixed"),
    (None, None), ("  ", None),
])
def test_every_contract_type_spelling(text, expected):
    assert parse_contract_type(text) == expected


def test_an_unknown_contract_type_names_the_value():
    with pytest.raises(ValueError, match=r"cannot read contract type 'retainer'"):
        parse_contract_type("retainer")


@pytest.mark.parametrize("value, expected", [
    (4, 4.0), (4.5, 4.5), (0, 0.0), ("0", 0.0), ("0.0/5", 0.0), ("5.0", 5.0), (5, 5.0),
    ("4.75", 4.75),
])
def test_ratings_from_0_to_5_inclusive(value, expected):
    assert parse_rating(value) == expected


@pytest.mark.parametrize("value, message", [
    (5.5, "rating 5.5 is outside 0-5"), ("5.01", "rating '5.01' is outside 0-5"),
    (6, "rating 6 is outside 0-5"), (-1, "rating -1 is outside 0-5"),
    ("good", "cannot read rating 'good'"), (True, "cannot read rating 'True'"),
])
def test_ratings_outside_0_to_5_or_not_numbers_are_refused_by_value(value, message):
    with pytest.raises(ValueError, match=message):
        parse_rating(value)


@pytest.mark.parametrize("text, expected", [
    ("HTTPS://www.upwork.com/jobs/~01ab?source=rss#x", "https://www.upwork.com/jobs/~01ab"),
    ("Http://example.com/a?b=1", "http://example.com/a"),
    (" https://www.upwork.com/jobs/~01cd?x=1 ", "https://www.upwork.com/jobs/~01cd"),
    ("not a link?really", "not a link?really"),
])
def test_job_links_lose_their_query_whatever_the_scheme_case(text, expected):
    assert clean_job_url(text) == expected


def test_excel_serial_dates_end_before_2100():
    # 73,050 days after 1899-12-30 is 2099-12-31 (73,051 would be 2100-01-01).
    assert excel_serial_date(73_050) == pd.Timestamp("2099-12-31T00:00Z")
    assert excel_serial_date(36_526) == pd.Timestamp("2000-01-01T00:00Z")
    for number in (73_051, 73_051.5, 36_525.9):
        with pytest.raises(ValueError, match="not an Excel serial date from 2000-2100"):
            excel_serial_date(number)


def test_an_explicit_encoding_is_obeyed_and_its_errors_name_file_and_line():
    # b"\xe9" is "é" in cp1252 (what detection picks) but "й" in cp1251 (what was asked).
    assert decode_text(b"caf\xe9\n", "t.csv", "cp1251") == ("caf\u0439\n", "cp1251")
    with pytest.raises(InputFileError, match=r"^t\.csv line 2: bytes ff cannot be read as utf-8"):
        decode_text(b"ok\n\xff\n", "t.csv", "utf-8")


# KS X 1001 (the Korean national set cp949 extends) has 2,350 everyday Hangul syllables; the
# often-cited gap is "똠" (as in the novel "똠방각하"), encoded only by cp949's extension.
def test_korean_readings_made_of_rare_syllables_are_implausible():
    common = "안녕하세요"  # five everyday syllables
    assert _plausible("cp949", common)
    assert _plausible("cp949", common[:4] + "똠")  # one rare in five: still Korean text
    assert not _plausible("cp949", common[:3] + "똠똠")  # two in five: a false reading
    assert _plausible("cp949", "no Hangul at all")
    assert _plausible("cp1252", "똠똠똠")  # the check is for cp949 readings only


def test_shift_jis_bytes_are_not_read_as_korean():
    text = "日付,カバーレター\n2025-03-04,こんにちは、よろしくお願いします。\n"
    assert decode_text(text.encode("shift_jis"), "t.csv") == (text, "cp932")


@pytest.mark.parametrize("value, expected", [
    (True, "TRUE"), (False, "FALSE"), (3.0, "3"), (-2.0, "-2"), (2.5, "2.5"), (None, None),
    (16, "16"), (dt.datetime(2025, 3, 4, 9, 30), "2025-03-04T09:30:00"),
    (dt.date(2025, 3, 4), "2025-03-04"), ("text", "text"),
])
def test_xlsx_cells_as_text(value, expected):
    assert _cell_text(value) == expected


@pytest.mark.parametrize("line, delimiter, expected", [
    ("a;b;c\r\n", ";", ["a", "b", "c"]), ("a\tb\n", "\t", ["a", "b"]),
    ('x,"open\n', ",", ["x", "open"]), ("", ",", []),
])
def test_one_physical_line_read_on_its_own(line, delimiter, expected):
    assert _fields(line, delimiter) == expected


def test_xlsx_rows_keep_their_sheet_row_numbers_and_blank_leading_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Log"
    sheet.append([None, "Date Sent", "Cover Letter", "Status"])
    sheet.append([None, "2025-03-04", "first", "Hired"])
    sheet.append([None, "  ", None, " "])  # a row of blanks: skipped, numbering kept
    sheet.append([None, "yesterday-ish", "second", "Viewed"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    df, report = load_proposals(path, return_report=True)
    assert df[P.cover_letter].tolist() == ["first"]
    (rejected,) = report.rejected
    assert str(rejected).startswith("log.xlsx[Log] row 4, column 'Date Sent': cannot read date "
                                    "'yesterday-ish'")


def test_a_runaway_quote_after_a_closed_multiline_cell_is_placed_on_its_own_line(tmp_path):
    # Record from line 2: a legit two-line letter (lines 2-3), then on line 3 a note cell whose
    # quote never closes and swallows lines 4-5; the quote opens on line 3.
    path = tmp_path / "t.csv"
    path.write_text('Date Sent,Cover Letter,Notes\n'
                    '2025-03-04,"Hello,\nsecond line","oops\n'
                    '2025-03-05,b,fine\n'
                    '2025-03-06,c,fine\n', "utf-8")
    df, report = load_proposals(path, return_report=True)
    assert df[P.cover_letter].tolist() == ["Hello,\nsecond line", "b", "c"]
    (repair,) = report.repaired
    assert (repair.line, repair.column) == (3, "Notes")
    assert "cut the cell at the end of line 3 and read lines 4-5 as rows" in repair.reason
