"""Tracker sheets (CSV, TSV, XLSX) through load_proposals / load_messages."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from upwork_analytics import LoadReport, load_messages, load_proposals
from upwork_analytics.exceptions import ParameterError, SchemaError
from upwork_analytics.load.loaders import parse_column_map, read_column_map, split_column_map
from upwork_analytics.schema import MESSAGE_COLUMNS, PROPOSAL_COLUMNS, M, P

DATA = Path(__file__).parent / "data" / "loaders"


def _by_title(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index(P.job_title)


def test_basic_tracker_aliases_and_typed_values():
    df, report = load_proposals(DATA / "tracker_basic.csv", return_report=True)
    assert list(df.columns[: len(PROPOSAL_COLUMNS)]) == [s.name for s in PROPOSAL_COLUMNS]
    assert str(df[P.submitted_at].dtype) == "datetime64[us, UTC]"
    rows = _by_title(df)
    shop = rows.loc["Shopify store redesign"]
    assert shop[P.submitted_at] == pd.Timestamp("2025-03-04T00:00Z")
    assert shop[P.cover_letter] == "Hi Anna,\nI have redesigned 12 Shopify stores.\nBest, Jo"
    assert shop[P.bid_amount] == 25.0
    assert (shop[P.budget_min], shop[P.budget_max]) == (25.0, 50.0)
    assert shop[P.contract_type] == "hourly"
    assert shop[P.job_url] == "https://www.upwork.com/jobs/~01aaaabbbbcccc1111"
    assert shop[P.job_id] == "~01aaaabbbbcccc1111"
    assert shop[P.boosted] is True or shop[P.boosted] == True  # noqa: E712
    assert shop[P.connects_spent] == 16
    assert (shop[P.proposals_band], shop[P.proposals_low], shop[P.proposals_high]) == (
        "Less than 5", 0, 5)
    assert shop[P.client_country] == "Germany"
    assert [shop[c] for c in (P.viewed, P.interviewed)] == [True, True]
    assert pd.isna(shop[P.offered]) and pd.isna(shop[P.hired])
    assert shop["Notes"] == "good fit"

    logo = rows.loc["Logo design"]
    assert logo[P.submitted_at] == pd.Timestamp("2025-03-03T00:00Z")
    assert logo[P.bid_amount] == 1500.0
    assert (logo[P.budget_min], logo[P.contract_type]) == (600.0, "fixed")
    assert [logo[c] for c in (P.viewed, P.interviewed, P.offered, P.hired)] == [True] * 4
    assert (logo[P.proposals_low], logo[P.client_payment_verified]) == (20, True)

    data = rows.loc["Data cleanup"]
    assert data[P.submitted_at] == pd.Timestamp("2025-03-04T00:00Z")  # 03/04 month first
    assert (data[P.bid_amount], data[P.currency], data[P.budget_min]) == (900.0, "EUR", 1200.0)
    assert (data[P.offered], data[P.hired]) == (False, False)
    assert pd.isna(data[P.viewed])  # Declined says nothing about viewing
    assert (data[P.proposals_band], data[P.proposals_low]) == ("50+", 50)
    assert pd.isna(data[P.proposals_high])

    assert rows.loc["API docs", P.submitted_at] == pd.Timestamp("2025-03-04T00:00Z")  # epoch s
    assert rows.loc["Chatbot", P.submitted_at] == pd.Timestamp("2025-03-04T00:00Z")  # epoch ms
    assert rows.loc["Chatbot", P.hired] == False  # noqa: E712  Withdrawn
    assert pd.isna(rows.loc["Chatbot", P.viewed])
    assert pd.isna(rows.loc["Chatbot", P.boosted])  # empty cell stays unknown, never False
    assert rows.loc["API docs", P.boosted] == False  # noqa: E712  "0"

    assert (report.rows_read, report.rows_kept, len(report.rejected)) == (5, 5, 0)
    assert report.files[0].columns["Date Sent"] == P.submitted_at
    assert report.files[0].unmapped == ["Notes"]
    assert set(df[P.source]) == {"sheet"}


def test_sheet_ids_are_sha1_of_url_title_date_and_letter():
    df = load_proposals(DATA / "tracker_basic.csv")
    row = _by_title(df).loc["Logo design"]
    digest = hashlib.sha1("|Logo design|2025-03-03T00:00:00+00:00|Hello there".encode())
    assert row[P.proposal_id] == "sheet:" + digest.hexdigest()[:12]


def test_returns_dataframe_only_by_default():
    df = load_proposals(str(DATA / "tracker_tab.tsv"))
    assert isinstance(df, pd.DataFrame)
    assert df.loc[0, P.cover_letter] == "Tab letter, with a comma"
    assert (df.loc[0, P.bid_amount], df.loc[0, P.contract_type]) == (30.0, "hourly")


def test_cp1252_file_with_curly_quotes_and_euro():
    raw = (DATA / "tracker_cp1252.csv").read_bytes()
    assert b"\x93" in raw and b"\x94" in raw and b"\x80" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    df, report = load_proposals(DATA / "tracker_cp1252.csv", return_report=True)
    assert df.loc[0, P.cover_letter] == ("\u201cHello\u201d \u2013 I build caf\u00e9 sites for "
                                         "\u20ac900")
    assert df.loc[0, P.job_title] == "Caf\u00e9 website"
    assert (df.loc[0, P.bid_amount], df.loc[0, P.currency]) == (900.0, "EUR")
    assert report.files[0].encoding == "cp1252"


#: A tracker with text from several scripts: each encoding below must give it back exactly.
_WORLD = ("Date Sent\tCover Letter\tClient\tJob Title\n"
          "2026-03-04\tCaf\u00e9 cr\u00e8me \u2013 na\u00efve r\u00e9sum\u00e9 \u2713 "
          "\u4f60\u597d \u041f\u0440\u0438\u0432\u0435\u0442\tZo\u00eb\tLogo\n"
          "2026-03-05\tSecond letter, plain\tAnn\tSite\n")


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_files_with_a_bom_are_read_exactly(tmp_path, bom, codec):
    """Excel's "Unicode text" export: UTF-16 with a byte-order mark, tab-separated."""
    path = tmp_path / "unicode.txt"
    path.write_bytes(bom + _WORLD.encode(codec))
    df, report = load_proposals(path, return_report=True)
    assert report.rows_kept == 2 and report.files[0].encoding.startswith("utf-16")
    assert df[P.cover_letter].tolist() == [
        "Caf\u00e9 cr\u00e8me \u2013 na\u00efve r\u00e9sum\u00e9 \u2713 \u4f60\u597d "
        "\u041f\u0440\u0438\u0432\u0435\u0442", "Second letter, plain"]
    assert df[P.client_name].tolist() == ["Zo\u00eb", "Ann"]
    assert path.read_bytes() == bom + _WORLD.encode(codec)  # never modified


def test_utf16_messages_file_through_validate(tmp_path, capsys):
    from upwork_analytics.cli import main

    path = tmp_path / "messages.csv"
    path.write_text("Proposal ID,Time,Sender,Message\np1,2026-03-04 10:00,client,"
                    "\u00bfCu\u00e1ndo empieza?\np1,2026-03-04 10:30,me,Ma\u00f1ana.\n",
                    encoding="utf-16")
    out = tmp_path / "r.json"
    assert main(["validate", str(DATA / "tracker_basic.csv"), "--messages", str(path),
                 "--json", str(out)]) == 0
    import json

    report = json.loads(out.read_text(encoding="utf-8"))["messages"]
    assert report["rows_kept"] == 2 and report["files"][0]["encoding"].startswith("utf-16")
    df = load_messages(path)
    assert df[M.text].tolist() == ["\u00bfCu\u00e1ndo empieza?", "Ma\u00f1ana."]


def test_latin1_file_is_read_exactly(tmp_path):
    """A Latin-1 (ISO 8859-1) export: not UTF-8, and every character comes back."""
    text = ("Date Sent,Cover Letter,Client\n"
            "2026-03-04,\"Jalape\u00f1o caf\u00e9 at 25\u00b0C, \u00a9 2026, \u00bd price\","
            "Bj\u00f6rk\n")
    path = tmp_path / "latin1.csv"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    df = load_proposals(path)
    assert df.loc[0, P.cover_letter] == "Jalape\u00f1o caf\u00e9 at 25\u00b0C, \u00a9 2026, \u00bd price"
    assert df.loc[0, P.client_name] == "Bj\u00f6rk"


def test_bom_file_header_matches():
    df, report = load_proposals(DATA / "tracker_bom.csv", return_report=True)
    assert report.files[0].encoding == "utf-8-sig"
    assert report.files[0].columns["Date Sent"] == P.submitted_at
    assert df[P.cover_letter].tolist() == ["Hello from a BOM file", "Second letter"]
    assert df[P.offered].tolist() == [True, True]
    assert df[P.hired].tolist()[1] is True or df[P.hired].tolist()[1] == True  # noqa: E712


def test_semicolon_file_day_first_and_decimal_comma():
    df, report = load_proposals(DATA / "tracker_semicolon.csv", return_report=True)
    assert report.files[0].delimiter == ";"
    assert df[P.submitted_at].tolist() == [pd.Timestamp("2025-03-31T00:00Z"),
                                           pd.Timestamp("2025-04-01T00:00Z")]
    assert "day first" in report.files[0].note
    assert df[P.job_title].tolist()[0] == "Website, landing page"
    assert df[P.bid_amount].tolist() == [1200.5, 25.5]
    assert df[P.currency].tolist() == ["EUR", "EUR"]
    assert df[P.boosted].tolist() == [True, False]


def test_dayfirst_argument_overrides_inference(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Date Sent,Cover Letter\n03/04/2025,a\n05/06/2025,b\n", encoding="utf-8")
    assert load_proposals(path)[P.submitted_at].dt.month.tolist() == [3, 5]
    assert load_proposals(path, dayfirst=True)[P.submitted_at].dt.month.tolist() == [4, 6]


def test_tz_argument_converts_naive_times_to_utc(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Date Sent,Cover Letter\n2025-03-04 10:00,a\n", encoding="utf-8")
    df = load_proposals(path, tz="Europe/Berlin")
    assert df.loc[0, P.submitted_at] == pd.Timestamp("2025-03-04T09:00Z")
    with pytest.raises(ParameterError, match="unknown time zone 'Mars/Base'"):
        load_proposals(path, tz="Mars/Base")


def test_user_mapping_overrides_aliases(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("When,Proposal Txt,Message,Status\n2025-03-04,The letter,Other,Viewed\n",
                    encoding="utf-8")
    mapping = read_column_map(DATA / "mapping.txt")
    assert mapping == {"Proposal Txt": "cover_letter", "When": "submitted_at"}
    df, report = load_proposals(path, column_map=mapping, return_report=True)
    assert df.loc[0, P.cover_letter] == "The letter"  # not the "Message" alias
    assert df.loc[0, "Message"] == "Other"
    assert report.files[0].columns == {"When": P.submitted_at, "Proposal Txt": P.cover_letter,
                                       "Status": P.upwork_status}


def test_mapping_to_ignore_and_bad_targets(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Date Sent,Cover Letter,Budget\n2025-03-04,x,$50\n", encoding="utf-8")
    df = load_proposals(path, column_map={"budget": "ignore"})
    assert pd.isna(df.loc[0, P.budget_min]) and df.loc[0, "Budget"] == "$50"
    with pytest.raises(ParameterError, match="not a proposals column"):
        load_proposals(path, column_map={"Budget": "the_budget"})
    with pytest.raises(ParameterError, match="did you mean 'Budget=budget_min'"):
        load_proposals(path, column_map={"budget_min": "Budget"})


def test_parse_and_split_column_map(tmp_path):
    assert parse_column_map(["Cover Letter=cover_letter", " A = b=c "]) == {
        "Cover Letter": "cover_letter", "A = b": "c"}
    with pytest.raises(ParameterError):
        parse_column_map(["no equals sign"])
    split = split_column_map({"Letter": "cover_letter", "Who": "sender", "Id": "proposal_id",
                              "Skip": "ignore"})
    assert split == {"proposals": {"Letter": "cover_letter", "Id": "proposal_id",
                                   "Skip": "ignore"},
                     "messages": {"Who": "sender", "Id": "proposal_id", "Skip": "ignore"}}
    json_map = tmp_path / "map.json"
    json_map.write_text('{"Proposal Txt": "cover_letter"}', encoding="utf-8")
    assert read_column_map(json_map) == {"Proposal Txt": "cover_letter"}


def test_several_files_concatenated_and_deduplicated(tmp_path):
    march = tmp_path / "march.csv"
    april = tmp_path / "april.csv"
    march.write_text("Date Sent,Job Title,Cover Letter,Status\n"
                     "2025-03-04,Shop,Hello,Viewed\n2025-03-05,Blog,Hi,Viewed\n", "utf-8")
    april.write_text("Date Sent,Job Title,Cover Letter,Status\n"
                     "2025-03-05,Blog,Hi,Viewed\n2025-04-01,App,Hey,Hired\n", "utf-8")
    df, report = load_proposals([march, april], return_report=True)
    assert sorted(df[P.job_title]) == ["App", "Blog", "Shop"]
    assert (report.rows_read, report.rows_kept, report.duplicates_dropped) == (4, 3, 1)
    (dup,) = report.duplicates  # an identical repeat is listed too, naming the row it repeats
    assert (dup.file, dup.line) == ("april.csv", 2)
    assert dup.reason == "identical to march.csv line 3, which was kept"
    assert [f.file for f in report.files] == ["march.csv", "april.csv"]


def test_same_file_name_in_two_folders_keeps_both_labels(tmp_path):
    for month in ("jan", "feb"):
        (tmp_path / month).mkdir()
        (tmp_path / month / "tracker.csv").write_text(
            f"Date Sent,Cover Letter\n2025-03-04,{month}\n", "utf-8")
    _, report = load_proposals([tmp_path / "jan" / "tracker.csv",
                                tmp_path / "feb" / "tracker.csv"], return_report=True)
    assert report.files[0].file == "tracker.csv"
    assert report.files[1].file.endswith("feb/tracker.csv")
    assert report.rows_kept == 2


def test_xlsx_title_row_formula_and_types(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["just some notes"])
    sheet = book.create_sheet("March")
    sheet.append(["My Upwork tracker 2025"])
    sheet.append(["Date Sent", "Job Title", "Cover Letter", "My Bid", "Status", "Boosted?",
                  "Job Link", "Connects"])
    sheet.append([dt.datetime(2025, 3, 4, 9, 30), "Shop", "Hello xlsx", 25.5, "Hired", True,
                  '=HYPERLINK("https://www.upwork.com/jobs/~01cccc00000000003","link")', 16])
    sheet.append([dt.date(2025, 3, 5), "Blog", "Second", "$40/hr", "Viewed", False, None, 8.0])
    path = tmp_path / "tracker.xlsx"
    book.save(path)

    df, report = load_proposals(path, return_report=True)
    assert df[P.submitted_at].tolist() == [pd.Timestamp("2025-03-04T09:30Z"),
                                           pd.Timestamp("2025-03-05T00:00Z")]
    assert df[P.bid_amount].tolist() == [25.5, 40.0]
    assert df[P.boosted].tolist() == [True, False]
    assert df[P.connects_spent].tolist() == [16, 8]
    assert df.loc[0, P.job_url].startswith("=HYPERLINK(")  # kept as text, not evaluated
    assert df.loc[0, P.job_id] == "~01cccc00000000003"
    (warning,) = report.warnings
    assert (warning.file, warning.line, warning.column) == ("tracker.xlsx[March]", 3, "Job Link")
    assert "formula" in warning.reason
    skipped = [f for f in report.files if f.file == "tracker.xlsx[Notes]"]
    assert skipped and skipped[0].note.startswith("skipped: no column for 'submitted_at'")


def _with_cached_values(path: Path, cached: dict[str, str]) -> None:
    """Give formula cells the value Excel would have stored with them (openpyxl writes
    ``<f>FORMULA</f><v />``); ``cached`` maps a formula to ``<v>`` text, ``"b:1"`` for a
    boolean."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    for formula, value in cached.items():
        kind, _, value = value.rpartition(":")
        old = f"><f>{formula}</f><v />"
        assert old in sheet
        sheet = sheet.replace(old, (f' t="{kind}"' if kind else "") + f"><f>{formula}</f>"
                              f"<v>{value}</v>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_xlsx_formulas_give_cached_values_and_serial_dates_are_read(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date Sent", "Cover Letter", "Boosted?", "Job Link"])
    sheet.append(["=TODAY()", "cached date", "✔️", None])
    sheet.append([45718.5, "serial number", "=1=1", None])
    sheet.append(["2025/03/04", "year first", "No",
                  '=HYPERLINK("https://www.upwork.com/jobs/~01dddd00000000004","x")'])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    _with_cached_values(path, {"TODAY()": "45717", "1=1": "b:1"})  # HYPERLINK: none cached

    df, report = load_proposals(path, return_report=True)
    rows = df.set_index(P.cover_letter)
    assert rows[P.submitted_at].to_dict() == {
        "cached date": pd.Timestamp("2025-03-01T00:00Z"),  # =TODAY() as last computed
        "serial number": pd.Timestamp("2025-03-02T12:00Z"),
        "year first": pd.Timestamp("2025-03-04T00:00Z")}
    assert rows[P.boosted].to_dict() == {"cached date": True, "serial number": True,
                                         "year first": False}
    assert rows.loc["year first", P.job_url].startswith("=HYPERLINK(")  # no cached value
    (warning,) = report.warnings
    assert (warning.line, warning.column) == (4, "Job Link") and "formula" in warning.reason
    assert (report.rows_kept, len(report.rejected), len(report.repaired)) == (3, 0, 0)


def test_serial_numbers_are_dates_only_in_workbooks(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Date Sent,Cover Letter\n45717,a\n2025-03-05,b\n", encoding="utf-8")
    df, report = load_proposals(path, return_report=True)
    assert df[P.cover_letter].tolist() == ["b"]
    assert report.rejected[0].value == "45717"


def test_ids_reused_by_monthly_exports_are_kept_apart():
    files = [DATA / "tracker_month1.csv", DATA / "tracker_month2.csv"]
    df, report = load_proposals(files, return_report=True)
    rows = df.set_index(P.proposal_id)
    assert rows[P.cover_letter].to_dict() == {
        "tracker_month1:1": "January letter one", "tracker_month1:2": "January letter two",
        "3": "Sent in January", "4": "Identical in both",
        "tracker_month2:1": "February letter one", "tracker_month2:2": "February letter two"}
    assert rows.loc["3", P.upwork_status] == "Interview"  # same proposal, later export kept
    assert (report.rows_read, report.rows_kept, report.duplicates_dropped) == (8, 6, 2)
    assert [(i.file, i.line, i.value) for i in report.duplicates] == [
        ("tracker_month1.csv", 4, "3"), ("tracker_month2.csv", 5, "4")]
    assert [str(w) for w in report.warnings] == [
        f"tracker_month2.csv line {n + 1}, column 'ID', value '{n}': same proposal_id as "
        f"tracker_month1.csv line {n + 1} but a different submitted_at and cover_letter: a "
        f"different proposal; kept both, as 'tracker_month1:{n}' and 'tracker_month2:{n}'"
        for n in (1, 2)]


def test_message_ids_reused_by_two_files_for_other_threads_are_kept_apart(tmp_path):
    for name, proposal in (("jan.csv", "p1"), ("feb.csv", "p2")):
        (tmp_path / name).write_text(f"ID,Proposal ID,Time,Sender,Message\n"
                                     f"1,{proposal},2025-03-05 10:00,me,hi\n", "utf-8")
    df, report = load_messages([tmp_path / "jan.csv", tmp_path / "feb.csv"],
                               return_report=True)
    assert df[M.message_id].tolist() == ["jan:1", "feb:1"]
    assert df[M.proposal_id].tolist() == ["p1", "p2"]
    (warning,) = report.warnings
    assert "different proposal_id: a different message" in warning.reason


def test_id_reused_within_one_file_is_still_one_proposal(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("ID,Date Sent,Cover Letter\n1,2025-01-06,first\n1,2025-01-07,second\n",
                    encoding="utf-8")
    df, report = load_proposals(path, return_report=True)
    assert df[P.proposal_id].tolist() == ["1"]
    assert report.duplicates_dropped == 1 and not report.warnings


def test_messages_csv_resolves_senders_with_me():
    df, report = load_messages(DATA / "messages.csv", me="jdoe", return_report=True)
    assert list(df.columns) == [s.name for s in MESSAGE_COLUMNS]
    assert df[M.sender].tolist() == ["client", "me", "client"]
    assert df[M.text].tolist() == ["Hi John, can we talk?", "Sure - here is my portfolio.",
                                   "Great."]
    assert df[M.sent_at].tolist()[0] == pd.Timestamp("2025-03-05T10:00Z")
    assert df[M.message_id].str.startswith("msg:").all()
    assert [(i.line, i.column) for i in report.rejected] == [(5, "Proposal ID"), (6, "Time")]
    assert (report.rows_read, report.rows_kept) == (5, 3)


def test_messages_csv_without_me_rejects_named_senders():
    df, report = load_messages(DATA / "messages.csv", return_report=True)
    assert df[M.sender].tolist() == ["me", "client"]
    assert any("cannot tell whether sender 'Anna K.'" in i.reason for i in report.rejected)


def test_load_report_summary_and_dict():
    _, report = load_proposals(DATA / "tracker_basic.csv", return_report=True)
    assert isinstance(report, LoadReport)
    text = report.summary()
    assert text.startswith("proposals: 5 rows read from 1 file(s), 5 kept, 0 rejected")
    assert "Date Sent -> submitted_at" in text
    data = report.to_dict()
    assert (data["rows_read"], data["rows_kept"], data["rows_rejected"]) == (5, 5, 0)
    assert set(data) >= {"files", "rejected", "repaired", "duplicates", "warnings"}


def test_missing_column_in_one_file_is_an_error(tmp_path):
    with pytest.raises(SchemaError, match="tracker_no_cover_letter.csv: no column for "
                       "'cover_letter'"):
        load_proposals([DATA / "tracker_basic.csv", DATA / "tracker_no_cover_letter.csv"])


def test_ten_thousand_rows_all_kept_and_parsed(tmp_path):
    """A 10,000-row tracker loads whole (its speed: benchmarks/bench_loaders.py)."""
    lines = ["Date Sent,Job Title,Cover Letter,My Bid,Budget,Status,Boosted?,Connects"]
    for i in range(10_000):
        lines.append(f"Mar {i % 28 + 1:02d}, 2025,Job {i},\"Letter {i}, with text\",$"
                     f"{20 + i % 30}.00/hr,Hourly: $10-$50,{['Viewed', 'Hired', 'Lost'][i % 3]},"
                     f"{['Yes', 'No'][i % 2]},{i % 20}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines).replace("Mar ", "\"Mar ").replace(", 2025,", ", 2025\","),
                    encoding="utf-8")
    df, report = load_proposals(path, return_report=True)
    assert report.rows_kept == 10_000 and not report.rejected
    rows = df.set_index(P.job_title)
    assert rows.index.is_unique and len(rows) == 10_000
    assert rows.loc[["Job 0", "Job 1", "Job 9999"], P.bid_amount].tolist() == [20.0, 21.0, 29.0]
    assert rows.loc[["Job 0", "Job 29"], P.submitted_at].dt.day.tolist() == [1, 2]
    assert df[P.hired].sum() == len(range(1, 10_000, 3))
