"""Table tests of the pure value parsers and the status map."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from upwork_analytics.load.parsing import (
    Band,
    Money,
    clean_job_url,
    clean_text,
    job_id_from_url,
    looks_like_formula,
    normalize_header,
    numeric_date_order,
    parse_band,
    parse_bool,
    parse_contract_type,
    parse_datetime,
    parse_int,
    parse_money,
    parse_rating,
)
from upwork_analytics.load.status import apply_funnel_rule, status_flags
from upwork_analytics.schema import P


@pytest.mark.parametrize("text, expected", [
    ("$1,200.00", Money(1200.0, 1200.0, "USD", None)),
    ("$25.00/hr", Money(25.0, 25.0, "USD", "hourly")),
    ("Hourly: $25.00-$50.00", Money(25.0, 50.0, "USD", "hourly")),
    ("Fixed-price: $600", Money(600.0, 600.0, "USD", "fixed")),
    ("$1.5K", Money(1500.0, 1500.0, "USD", None)),
    ("€900", Money(900.0, 900.0, "EUR", None)),
    ("1.200,50 EUR", Money(1200.5, 1200.5, "EUR", None)),
    ("12,50 €", Money(12.5, 12.5, "EUR", None)),
    ("1 200 €", Money(1200.0, 1200.0, "EUR", None)),
    ("$10–$25/hr", Money(10.0, 25.0, "USD", "hourly")),
    ("$25.00 Hourly", Money(25.0, 25.0, "USD", "hourly")),
    ("$600 fixed", Money(600.0, 600.0, "USD", "fixed")),
    ("USD 25", Money(25.0, 25.0, "USD", None)),
    ("£40 per hour", Money(40.0, 40.0, "GBP", "hourly")),
    ("$10K+", Money(10000.0, 10000.0, "USD", None)),
    ("$2M", Money(2_000_000.0, 2_000_000.0, "USD", None)),
    ("45", Money(45.0, 45.0, None, None)),
    (45.5, Money(45.5, 45.5, None, None)),
    ("€1.200", Money(1200.0, 1200.0, "EUR", None)),  # dot between thousands with EUR
    ("1.200 EUR", Money(1200.0, 1200.0, "EUR", None)),
    ("€1.200,50", Money(1200.5, 1200.5, "EUR", None)),
    ("1.200.000 €", Money(1_200_000.0, 1_200_000.0, "EUR", None)),
    ("€12.50", Money(12.5, 12.5, "EUR", None)),  # two digits after the dot: decimals
    ("€1.5K", Money(1500.0, 1500.0, "EUR", None)),
    ("$1.200", Money(1.2, 1.2, "USD", None)),
    ("", None), ("n/a", None), ("-", None), (None, None), (float("nan"), None),
])
def test_parse_money(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("text, notes", [
    ("€1.200", ["read '1.200' as 1,200 ('.' as thousands separator, usual with EUR)"]),
    ("1.200 PLN", ["read '1.200' as 1,200 ('.' as thousands separator, usual with PLN)"]),
    ("€1,200", ["read '1,200' as 1,200 (',' as thousands separator; with EUR it could mean 1.2)"]),
    ("$1.200", ["read '1.200' as 1.2 ('.' as decimal point; it could mean 1,200)"]),
    ("€1.200-€1.500", ["read '1.200' as 1,200 ('.' as thousands separator, usual with EUR)",
                       "read '1.500' as 1,500 ('.' as thousands separator, usual with EUR)"]),
    ("$1,200", []), ("€1.200,50", []), ("€12.50", []), ("€1.250K", []), ("45", []),
])
def test_parse_money_notes_ambiguous_separators(text, notes):
    found: list[str] = []
    parse_money(text, notes=found)
    assert found == notes


@pytest.mark.parametrize("text", ["fifty dollars", "abc", "-5", "$5 or €5", "$1 $2 $3",
                                  "$25/hr fixed", "call me", "$99999999999999999999",
                                  "9" * 400, 1e300])
def test_parse_money_rejects(text):
    with pytest.raises(ValueError):
        parse_money(text)


UTC = timezone.utc


@pytest.mark.parametrize("text, dayfirst, expected", [
    ("2025-03-04", False, datetime(2025, 3, 4, tzinfo=UTC)),
    ("2025-03-04T10:15:00Z", False, datetime(2025, 3, 4, 10, 15, tzinfo=UTC)),
    ("2025-03-04 10:00:00+02:00", False, datetime(2025, 3, 4, 8, 0, tzinfo=UTC)),
    ("Mar 03, 2025", False, datetime(2025, 3, 3, tzinfo=UTC)),
    ("Mar 3, 2025 10:15 AM", False, datetime(2025, 3, 3, 10, 15, tzinfo=UTC)),
    ("March 3, 2025", False, datetime(2025, 3, 3, tzinfo=UTC)),
    ("Monday, March 3, 2025", False, datetime(2025, 3, 3, tzinfo=UTC)),
    ("Sept 5, 2025", False, datetime(2025, 9, 5, tzinfo=UTC)),
    ("03/04/2025", False, datetime(2025, 3, 4, tzinfo=UTC)),
    ("03/04/2025", True, datetime(2025, 4, 3, tzinfo=UTC)),
    ("12/25/24 3:05 PM", False, datetime(2024, 12, 25, 15, 5, tzinfo=UTC)),
    ("1741046400", False, datetime(2025, 3, 4, tzinfo=UTC)),
    ("1741046400000", False, datetime(2025, 3, 4, tzinfo=UTC)),
    (1741046400, False, datetime(2025, 3, 4, tzinfo=UTC)),
    (datetime(2025, 3, 4, 9, 30), False, datetime(2025, 3, 4, 9, 30, tzinfo=UTC)),
    (date(2025, 3, 4), False, datetime(2025, 3, 4, tzinfo=UTC)),
    ("2025/03/04", False, datetime(2025, 3, 4, tzinfo=UTC)),
    ("2025/3/4 10:15", True, datetime(2025, 3, 4, 10, 15, tzinfo=UTC)),  # year first: Y/M/D
    ("", False, None), ("n/a", False, None),
])
def test_parse_datetime(text, dayfirst, expected):
    result = parse_datetime(text, dayfirst=dayfirst)
    assert result == (pd.Timestamp(expected) if expected else None)
    if result is not None:
        assert str(result.tz) == "UTC"


def test_parse_datetime_takes_naive_times_in_the_given_zone():
    berlin = ZoneInfo("Europe/Berlin")
    assert parse_datetime("2025-03-04 10:00", tz=berlin) == pd.Timestamp("2025-03-04 09:00Z")
    assert parse_datetime("2025-03-04T10:00Z", tz=berlin) == pd.Timestamp("2025-03-04 10:00Z")


@pytest.mark.parametrize("text", ["31/31/2025", "not a date", "20250304", "1/1/1990", "42",
                                  "13:00", "2025-02-30"])
def test_parse_datetime_rejects(text):
    with pytest.raises(ValueError):
        parse_datetime(text)


@pytest.mark.parametrize("value, expected", [
    (45717, datetime(2025, 3, 1, tzinfo=UTC)), ("45717", datetime(2025, 3, 1, tzinfo=UTC)),
    ("45717.75", datetime(2025, 3, 1, 18, 0, tzinfo=UTC)),
    (36526, datetime(2000, 1, 1, tzinfo=UTC)),
    ("1741046400", datetime(2025, 3, 4, tzinfo=UTC)),  # epoch seconds still win
])
def test_parse_datetime_excel_serial_days(value, expected):
    assert parse_datetime(value, excel_serial=True) == pd.Timestamp(expected)


@pytest.mark.parametrize("value", [45717, "45717"])
def test_excel_serial_days_only_when_asked(value):
    with pytest.raises(ValueError):
        parse_datetime(value)


@pytest.mark.parametrize("value", ["12", 36525, "80000", "999999"])
def test_excel_serial_days_outside_2000_2100_are_rejected(value):
    with pytest.raises(ValueError, match="not an Excel serial date from 2000-2100"):
        parse_datetime(value, excel_serial=True)


def test_parse_datetime_error_names_value_and_examples():
    with pytest.raises(ValueError, match=r"cannot read date '31/31/2025' \(expected e\.g\. "
                       r"2025-03-31, Mar 31, 2025, 03/31/2025 or epoch seconds\)"):
        parse_datetime("31/31/2025")


@pytest.mark.parametrize("text, expected", [
    ("31/03/2025", "dayfirst"), ("03/31/2025", "monthfirst"), ("03/04/2025", None),
    ("31/31/2025", None), ("2025-03-04", None),
])
def test_numeric_date_order(text, expected):
    assert numeric_date_order(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Yes", True), ("no", False), ("TRUE", True), ("False", False), ("1", True), ("0", False),
    ("✓", True), ("✗", False), ("x", True), ("Payment verified", True), ("unverified", False),
    ("✔️", True), ("✔", True), ("☑️", True), ("❌️", False), ("✖️", False),
    (True, True), (0, False), ("", None), ("n/a", None), (None, None),
])
def test_parse_bool(text, expected):
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text", ["maybe", "2", "yes please"])
def test_parse_bool_rejects(text):
    with pytest.raises(ValueError):
        parse_bool(text)


@pytest.mark.parametrize("text, expected", [
    ("Less than 5", Band("Less than 5", 0, 5)),
    ("5 to 10", Band("5 to 10", 5, 10)),
    ("20 to 50", Band("20 to 50", 20, 50)),
    ("50+", Band("50+", 50, None)),
    ("10-15 proposals", Band("10 to 15", 10, 15)),
    ("More than 50", Band("50+", 50, None)),
    ("12", Band("12", 12, 12)),
    ("", None),
])
def test_parse_band(text, expected):
    assert parse_band(text) == expected


@pytest.mark.parametrize("text", ["lots", "50 to 20", "5 or 6", "99999999999999999999",
                                  "Less than 99999999999999999999", "1 to 2000000000",
                                  "9" * 400 + "+"])
def test_parse_band_rejects(text):
    with pytest.raises(ValueError):
        parse_band(text)


@pytest.mark.parametrize("text, expected", [
    ("12", 12), ("1,234", 1234), ("12.0", 12), ("16 Connects", 16), (8.0, 8), ("", None),
])
def test_parse_int(text, expected):
    assert parse_int(text) == expected


def test_parse_int_bound():
    assert parse_int("1,000,000,000") == 1_000_000_000
    with pytest.raises(ValueError, match=r"number '1000000001' is too large \(expected at most "
                       r"1,000,000,000\)"):
        parse_int("1000000001")


@pytest.mark.parametrize("text", ["-3", "1.5", "many", True, "99999999999999999999", "9" * 400,
                                  1e300, float("inf")])
def test_parse_int_rejects(text):
    with pytest.raises(ValueError):
        parse_int(text)


@pytest.mark.parametrize("text, expected", [
    ("4.9", 4.9), ("4,9", 4.9), ("4.9/5", 4.9), ("4.9 stars", 4.9), ("5", 5.0), ("", None),
])
def test_parse_rating(text, expected):
    assert parse_rating(text) == expected


@pytest.mark.parametrize("text", ["7.5", "great"])
def test_parse_rating_rejects(text):
    with pytest.raises(ValueError):
        parse_rating(text)


@pytest.mark.parametrize("text, expected", [
    ("Hourly", "hourly"), ("HOURLY", "hourly"), ("Fixed-price", "fixed"), ("FIXED_PRICE", "fixed"),
    ("fixed price", "fixed"), ("", None),
])
def test_parse_contract_type(text, expected):
    assert parse_contract_type(text) == expected


@pytest.mark.parametrize("header, expected", [
    ("Date Sent", "datesent"), ("date_sent", "datesent"), ("Boosted?", "boosted"),
    ("jobLink", "joblink"), ("\ufeffPrénom", "prenom"), ("  Cover-Letter ", "coverletter"),
])
def test_normalize_header(header, expected):
    assert normalize_header(header) == expected


@pytest.mark.parametrize("text, expected, removed", [
    ("plain", "plain", 0),
    ("a\r\nb\rc", "a\nb\nc", 0),
    ("tab\tand\nnewline", "tab\tand\nnewline", 0),
    ("bell\x07 esc\x1b nul\x00 vt\x0b del\x7f", "bell esc nul vt del", 5),
    ("<b>HTML</b> & <script>x</script>", "<b>HTML</b> & <script>x</script>", 0),
])
def test_clean_text(text, expected, removed):
    assert clean_text(text) == (expected, removed)


@pytest.mark.parametrize("text, expected", [
    ('=HYPERLINK("https://x","y")', True), ("=1+1", True), ("+SUM(A1:A3)", True),
    ("@cmd(1)", True), ("- a bullet point", False), ("Hello = world", False),
    ("+1 555 0100", False),
])
def test_looks_like_formula(text, expected):
    assert looks_like_formula(text) is expected


def test_job_url_helpers():
    url = "https://www.upwork.com/jobs/Shop_~01aaaabbbbcccc1111/?source=rss#top"
    assert clean_job_url(url) == "https://www.upwork.com/jobs/Shop_~01aaaabbbbcccc1111/"
    assert job_id_from_url(url) == "~01aaaabbbbcccc1111"
    assert job_id_from_url("no id here") is None


@pytest.mark.parametrize("word, expected", [
    ("Accepted", (None, None, None, None)), ("applied", (None, None, None, None)),
    ("no_reply", (None, None, None, None)), ("Viewed", (True, None, None, None)),
    ("Responded", (True, True, None, None)), ("Interviewing", (True, True, None, None)),
    ("Activated", (True, True, None, None)), ("Offered", (True, True, True, None)),
    ("Hired", (True, True, True, True)), ("Won", (True, True, True, True)),
    ("Declined", (None, None, False, False)), ("Archived", (None, None, False, False)),
    ("LOST", (None, None, False, False)), ("Withdrawn", (None, None, None, False)),
])
def test_status_flags(word, expected):
    assert status_flags(word) == expected


def test_status_flags_rejects_unknown_word():
    with pytest.raises(ValueError, match="unknown status 'Maybe later'"):
        status_flags("Maybe later")


def test_apply_funnel_rule_fills_true_never_false():
    df = pd.DataFrame({P.viewed: [None, False, None], P.interviewed: [None, None, None],
                       P.offered: [None, None, False], P.hired: [True, True, None]},
                      dtype="boolean")
    filled, fixes = apply_funnel_rule(df)
    assert filled.loc[0].tolist() == [True, True, True, True]
    assert filled.loc[1].tolist() == [True, True, True, True]
    assert filled[P.offered].tolist() == [True, True, False]
    assert filled.loc[2, [P.viewed, P.interviewed, P.hired]].isna().all()
    assert [(i, c) for i, c, _ in fixes] == [(1, P.viewed)]
