"""Every command-line option reaches what it controls.

The files are built so that only the right reading passes: dates whose day and month are both
12 or less (so nothing but ``--dayfirst`` can make them day first) and sheet times without a
zone (so nothing but ``--tz`` / ``--data-tz`` can move them). Expected values are worked out by
hand from the calendar (2026-01-01 is a Thursday; New York is UTC-5 in winter and UTC-4 from
8 March to 1 November 2026).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from conftest import register_report_notebook

from upwork_analytics import cli
from upwork_analytics.cli import main

NY = "America/New_York"

# --------------------------------------------------------------------------- files


def _write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


#: Three proposals sent at sheet times (no zone), day and month both <= 12.
SENT = {"p1": "03/04/2026 09:30", "p2": "05/06/2026 22:15", "p3": "11/12/2026 23:45"}
LETTERS = {
    "p1": "Hi Dana, I can rebuild the booking page of your yoga studio this month.",
    "p2": "Hello Omar, your bakery shop needs faster product pages; I can help this week.",
    "p3": "Hi Lee, I can move your yoga studio bookings to a new calendar plugin.",
}
#: (read as, proposal) -> (UTC date, weekday 0 = Monday, UTC hour), worked out by hand.
READINGS = {
    # month first, UTC: 4 March (Wed), 6 May (Wed), 12 November (Thu)
    ("month first, UTC", "p1"): ("2026-03-04", 2, 9),
    ("month first, UTC", "p2"): ("2026-05-06", 2, 22),
    ("month first, UTC", "p3"): ("2026-11-12", 3, 23),
    # day first, New York: 3 April 09:30 EDT = 13:30Z (Fri); 5 June 22:15 EDT = 6 June 02:15Z
    # (Sat); 11 December 23:45 EST = 12 December 04:45Z (Sat)
    ("day first, New York", "p1"): ("2026-04-03", 4, 13),
    ("day first, New York", "p2"): ("2026-06-06", 5, 2),
    ("day first, New York", "p3"): ("2026-12-12", 5, 4),
    # day first, UTC: 3 April (Fri), 5 June (Fri), 11 December (Fri)
    ("day first, UTC", "p1"): ("2026-04-03", 4, 9),
    ("day first, UTC", "p2"): ("2026-06-05", 4, 22),
    ("day first, UTC", "p3"): ("2026-12-11", 4, 23),
    # month first, New York: 4 March 09:30 EST = 14:30Z (Wed); 6 May 22:15 EDT = 7 May
    # 02:15Z (Thu); 12 November 23:45 EST = 13 November 04:45Z (Fri)
    ("month first, New York", "p1"): ("2026-03-04", 2, 14),
    ("month first, New York", "p2"): ("2026-05-07", 3, 2),
    ("month first, New York", "p3"): ("2026-11-13", 4, 4),
}
FLAGS = {"month first, UTC": [], "day first, New York": ["--dayfirst", "--tz", NY],
         "day first, UTC": ["--dayfirst"], "month first, New York": ["--tz", NY]}


def _tracker(path):
    return _write_csv(path, ["Proposal ID", "Date Sent", "Cover Letter", "Status"],
                      [[pid, SENT[pid], LETTERS[pid], status]
                       for pid, status in zip(SENT, ("Hired", "Declined", "Viewed"))])


def _messages(path):
    """Proposal p1's thread: the client writes at a sheet time, I reply at 14:30Z on 3 April.
    Read day first in New York, the client wrote at 14:00Z: a 30-minute reply."""
    return _write_csv(path, ["Proposal ID", "Time", "Sender", "Message"], [
        ["p1", "03/04/2026 10:00", "client", "Can you start soon?"],
        ["p1", "2026-04-03T14:30:00Z", "me", "Yes, I can start on Monday."],
    ])


#: first_reply_minutes of p1 under each reading: 14:30Z on 3 April minus the client's time
FIRST_REPLY = {
    "day first, New York": 30,                     # 14:00Z on 3 April
    "day first, UTC": 4 * 60 + 30,                 # 10:00Z on 3 April
    "month first, UTC": 30 * 1440 + 4 * 60 + 30,   # 10:00Z on 4 March: 30 days earlier
    "month first, New York": 30 * 1440 - 30,       # 15:00Z on 4 March (EST)
}

# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize("reading", ["month first, UTC", "day first, New York"])
def test_validate_reads_dates_and_zones_as_told(tmp_path, capsys, reading):
    """Two rows of one proposal: one at a sheet time, one in UTC. They are the same record
    (an identical repeat) only when the sheet time is read day first in New York; any other
    reading makes them a conflicting repeat that differs in submitted_at. The messages file
    is built the same way."""
    data = _write_csv(tmp_path / "t.csv", ["Proposal ID", "Date Sent", "Cover Letter"], [
        ["p1", "03/04/2026 10:00", "Hello"], ["p1", "2026-04-03T14:00:00Z", "Hello"]])
    msgs = _write_csv(tmp_path / "m.csv", ["Message ID", "Proposal ID", "Time", "Sender",
                                           "Message"], [
        ["m1", "p1", "05/06/2026 08:00", "client", "Hi"],
        ["m1", "p1", "2026-06-05T12:00:00Z", "client", "Hi"]])
    out = tmp_path / "r.json"
    assert main(["validate", str(data), "--messages", str(msgs), "--json", str(out),
                 *FLAGS[reading]]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    for table, key in (("proposals", "proposal_id"), ("messages", "message_id")):
        [dup] = report[table]["duplicates"]
        assert report[table]["rows_kept"] == 1
        if reading == "day first, New York":
            assert dup["reason"].startswith("identical to"), (table, dup)
        else:
            assert dup["reason"].startswith(f"same {key} as") and \
                dup["reason"].endswith("differs in sent_at" if table == "messages"
                                       else "differs in submitted_at"), (table, dup)


def test_validate_dayfirst_decides_which_dates_are_impossible(tmp_path, capsys):
    """13/04/2026 exists only day first, 04/13/2026 only month first: the flag decides which
    row is rejected (without it, a file that mixes both is read month first)."""
    path = _write_csv(tmp_path / "t.csv", ["Date Sent", "Cover Letter"],
                      [["13/04/2026", "a"], ["04/13/2026", "b"], ["03/04/2026", "c"]])
    out = tmp_path / "r.json"
    assert main(["validate", str(path), "--json", str(out)]) == 0
    [rejected] = json.loads(out.read_text())["proposals"]["rejected"]
    assert (rejected["value"], rejected["line"]) == ("13/04/2026", 2)
    assert main(["validate", str(path), "--dayfirst", "--json", str(out)]) == 0
    [rejected] = json.loads(out.read_text())["proposals"]["rejected"]
    assert (rejected["value"], rejected["line"]) == ("04/13/2026", 3)

# --------------------------------------------------------------------------- features


@pytest.mark.parametrize("reading", list(FLAGS))
def test_features_read_dates_zones_and_messages_as_told(tmp_path, capsys, reading):
    data, msgs = _tracker(tmp_path / "t.csv"), _messages(tmp_path / "m.csv")
    out = tmp_path / "f.csv"
    assert main(["features", str(data), "--messages", str(msgs), "--out", str(out),
                 *FLAGS[reading]]) == 0
    table = pd.read_csv(out).set_index("proposal_id")
    for pid in SENT:
        _, weekday, hour = READINGS[(reading, pid)]
        assert (table.loc[pid, "weekday_sent"], table.loc[pid, "hour_sent"]) == (weekday, hour)
    # the thread features come from --messages, read with the same options
    assert table.loc["p1", "first_reply_minutes"] == FIRST_REPLY[reading]
    assert pd.isna(table.loc["p2", "first_reply_minutes"])  # no thread


def test_features_months_since_first_day_first_in_new_york(tmp_path, capsys):
    data, out = _tracker(tmp_path / "t.csv"), tmp_path / "f.csv"
    assert main(["features", str(data), "--dayfirst", "--tz", NY, "--out", str(out)]) == 0
    months = pd.read_csv(out).set_index("proposal_id")["months_since_first"]
    # 3 Apr 13:30Z -> 6 Jun 02:15Z: 64 days less 11 h 15 min; -> 12 Dec 04:45Z: 253 days less
    # 8 h 45 min; a month is 365.25 / 12 days
    assert months["p1"] == 0
    assert months["p2"] == pytest.approx((64 - 11.25 / 24) / 30.4375)
    assert months["p3"] == pytest.approx((253 - 8.75 / 24) / 30.4375)


def test_features_without_messages_has_no_thread_values(tmp_path, capsys):
    data, out = _tracker(tmp_path / "t.csv"), tmp_path / "f.csv"
    assert main(["features", str(data), "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert "first_reply_minutes" not in table or table["first_reply_minutes"].isna().all()


def test_features_jobs_reaches_the_parallel_run_and_changes_no_number(tmp_path, capsys,
                                                                      monkeypatch):
    """--jobs N runs the chunks of the text features in N workers (chunks of 2 rows here, in
    threads so the test stays fast); the table is the same as with one process."""
    from sklearn.utils.parallel import Parallel

    from upwork_analytics.features import build

    rows = [[f"p{i}", f"2026-03-{1 + i:02d}", f"Letter {i}: I can build your shop, with "
             f"{i} examples of my work.", "Viewed"] for i in range(7)]
    data = _write_csv(tmp_path / "t.csv", ["Proposal ID", "Date Sent", "Cover Letter",
                                           "Status"], rows)
    monkeypatch.setattr(build, "CHUNK_ROWS", 2)
    seen = []

    def parallel(n_jobs=None, **kwargs):
        seen.append(n_jobs)
        return Parallel(n_jobs=n_jobs, backend="threading")

    monkeypatch.setattr(build, "Parallel", parallel)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert main(["features", str(data), "--out", str(one)]) == 0
    assert seen == []  # the default is one process
    assert main(["features", str(data), "--jobs", "2", "--out", str(two)]) == 0
    assert seen == [2]
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_features_jobs_must_be_a_count_or_minus_one(tmp_path, capsys, jobs):
    data = _tracker(tmp_path / "t.csv")
    with pytest.raises(SystemExit) as stop:
        main(["features", str(data), "--jobs", jobs])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--jobs" in err and "Traceback" not in err

# --------------------------------------------------------------------------- drivers

#: 24 proposals: 8 not viewed, 8 viewed only, 4 interviewed and not hired, 4 hired.
FUNNEL_ROWS = ([(False, False, False)] * 8 + [(True, False, False)] * 8
               + [(True, True, False)] * 4 + [(True, True, True)] * 4)


def _funnel_tracker(path):
    rows = [[f"f{i:02d}", f"2026-03-{1 + i:02d}", f"Letter number {i}: I build web shops "
             f"and I can start with a {('short', 'full')[i % 2]} audit.",
             str(v).lower(), str(iv).lower(), str(h).lower()]
            for i, (v, iv, h) in enumerate(FUNNEL_ROWS)]
    return _write_csv(path, ["Proposal ID", "Date Sent", "Cover Letter", "viewed",
                             "interviewed", "hired"], rows)


@pytest.mark.parametrize("argv, key, label, n, k", [
    ([], "hired", "hired given sent", 24, 4),
    (["--outcome", "interviewed"], "interviewed", "interviewed given sent", 24, 8),
    (["--outcome", "viewed"], "viewed", "viewed given sent", 24, 16),
    (["--stage", "interviewed_given_viewed"], "interviewed_given_viewed",
     "interviewed given viewed", 16, 8),
    (["--stage", "interview"], "hired_given_interviewed", "hired given interviewed", 8, 4),
])
def test_drivers_stage_and_outcome(tmp_path, capsys, argv, key, label, n, k):
    data, out = _funnel_tracker(tmp_path / "t.csv"), tmp_path / "d.json"
    assert main(["drivers", str(data), *argv, "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["outcome"], result["stage"]) == (key, label)
    assert (result["n_proposals"], result["n_outcomes"]) == (n, k)
    assert result["base_rate"] == pytest.approx(k / n, abs=1e-6)  # JSON: 6 decimals
    assert capsys.readouterr().out.startswith(f"Drivers of: {label}\nProposals: {n} ")


def test_drivers_unknown_stage_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["drivers", "--stage", "won"])
    assert stop.value.code == 2 and "--stage" in capsys.readouterr().err


def test_drivers_reads_messages_and_dayfirst(tmp_path, capsys):
    """--messages adds the interview threads (the analysis says it keeps them for the interview
    stage); --dayfirst changes which rows of a file that mixes 13/04 and 04/13 are readable."""
    data, out = _funnel_tracker(tmp_path / "t.csv"), tmp_path / "d.json"
    msgs = _write_csv(tmp_path / "m.csv", ["Proposal ID", "Time", "Sender", "Message"], [
        ["f20", "2026-03-21 10:00", "client", "When can you start?"],
        ["f20", "2026-03-21 10:30", "me", "Monday."]])
    note = "interview-thread features are analysed only for hired given interviewed"
    assert main(["drivers", str(data), "--json", str(out)]) == 0
    assert not [n for n in json.loads(out.read_text())["notes"] if n.startswith(note)]
    assert main(["drivers", str(data), "--messages", str(msgs), "--json", str(out)]) == 0
    assert [n for n in json.loads(out.read_text())["notes"] if n.startswith(note)]

    rows = list(csv.reader(data.read_text(encoding="utf-8").splitlines()))
    rows[1][1], rows[2][1], rows[3][1] = "13/04/2026", "13/05/2026", "04/13/2026"
    mixed = _write_csv(tmp_path / "mixed.csv", rows[0], rows[1:])
    assert main(["drivers", str(mixed), "--json", str(out)]) == 0
    assert json.loads(out.read_text())["n_proposals"] == 22   # read month first: 2 rejected
    assert main(["drivers", str(mixed), "--dayfirst", "--json", str(out)]) == 0
    assert json.loads(out.read_text())["n_proposals"] == 23   # read day first: 1 rejected

# --------------------------------------------------------------------------- score


def _score(tmp_path, capsys, *argv, draft="Hi Dana, I can rebuild your yoga studio booking "
           "page this month."):
    path, out = tmp_path / "draft.txt", tmp_path / "review.json"
    path.write_text(draft, encoding="utf-8")
    data = _tracker(tmp_path / "t.csv")
    assert main(["score", str(path), "--data", str(data), "--json", str(out), *argv]) == 0
    capsys.readouterr()
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("reading", ["month first, UTC", "day first, New York"])
def test_score_reads_the_history_as_told(tmp_path, capsys, reading):
    """The similar past proposals carry their dates as read."""
    review = _score(tmp_path, capsys, *FLAGS[reading])
    dates = {s["proposal_id"]: s["submitted_at"] for s in review["similar"]}
    assert dates == {pid: READINGS[(reading, pid)][0] for pid in SENT}


def test_score_client_name_decides_whether_the_greeting_is_personal(tmp_path, capsys):
    # "Hi Dana," greets the client only when the client is Dana
    assert _score(tmp_path, capsys, "--client", "Dana Smith")["opening"]["personalized"]
    assert not _score(tmp_path, capsys, "--client", "Omar Haddad")["opening"]["personalized"]


def test_score_contract_type_bid_and_budget_are_the_drafts_context(tmp_path, capsys):
    unknown = "unknown for the draft, so taken as your typical (median) proposal: "
    bare = _score(tmp_path, capsys)
    [note] = [n for n in bare["notes"] if n.startswith(unknown)]
    assert note.removeprefix(unknown).split(", ")[:2] == ["bid_to_budget_ratio", "is_hourly"]
    given = _score(tmp_path, capsys, "--contract-type", "hourly", "--bid", "45", "--budget",
                   "30-60")
    [note] = [n for n in given["notes"] if n.startswith(unknown)]
    assert "is_hourly" not in note and "bid_to_budget_ratio" not in note
    ratio = {f["feature"]: f["draft"] for f in given["features"]}["bid_to_budget_ratio"]
    assert ratio == pytest.approx(45 / 45)  # the bid against the middle of the range
    fixed = _score(tmp_path, capsys, "--contract-type", "fixed", "--bid", "500", "--budget",
                   "400")
    assert {f["feature"]: f["draft"] for f in fixed["features"]}[
        "bid_to_budget_ratio"] == pytest.approx(500 / 400)


def test_score_rejects_an_unknown_contract_type(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["score", "x.txt", "--contract-type", "monthly"])
    assert stop.value.code == 2 and "--contract-type" in capsys.readouterr().err

# --------------------------------------------------------------------------- report


@pytest.mark.notebook
def test_report_passes_the_reading_options_to_the_notebook(tmp_path, capsys, monkeypatch):
    """A report notebook loads the data with the options it was given: the dates it prints
    are read day first in New York."""
    register_report_notebook(
        tmp_path, monkeypatch, "dates",
        "from upwork_analytics import load_proposals\n"
        "df = load_proposals(data, **read_options.get('proposals', {}))\n"
        "print(' '.join(df['submitted_at'].dt.strftime('%Y-%m-%dT%H:%M').sort_values()))")
    data = _tracker(tmp_path / "t.csv")
    out = tmp_path / "out"
    assert main(["report", "dates", "--data", str(data), "--out", str(out), "--quiet",
                 "--month", "2026-06", "--dayfirst", "--data-tz", NY]) == 0
    html = (out / "2026-06" / "dates.html").read_text(encoding="utf-8")
    assert "2026-04-03T13:30 2026-06-06T02:15 2026-12-12T04:45" in html
    assert capsys.readouterr().out.strip() == str(out / "2026-06" / "dates.html")

# --------------------------------------------------------------------------- exit codes


def _raises(exc):
    def run(args):
        raise exc
    return run


def test_an_internal_error_exits_1_with_one_line(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_run_validate", _raises(RuntimeError("boom\nsecond line")))
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err == ("upwork-analytics: internal error: RuntimeError: boom (run with --debug "
                   "for the traceback and please report it)\n")
    assert main(["--debug", "validate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().endswith("please report it)")


def test_ctrl_c_exits_130(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_run_drivers", _raises(KeyboardInterrupt()))
    assert main(["drivers"]) == 130
    assert capsys.readouterr().err == "upwork-analytics: interrupted\n"


def test_a_real_sigint_during_a_command_exits_130(tmp_path):
    """A real SIGINT, sent by another process while the command is loading (here a load that
    never ends, so the signal always arrives in time): exit status 130 and one line."""
    import signal

    data = _tracker(tmp_path / "t.csv")
    script = textwrap.dedent(f"""
        import signal, sys, time
        # as in a terminal: a test runner started in the background (CI, nohup, mutmut)
        # passes SIGINT on as ignored, and Python then installs no handler of its own
        signal.signal(signal.SIGINT, signal.default_int_handler)
        import upwork_analytics.load.loaders as loaders
        from upwork_analytics.cli import main

        def load_forever(*args, **kwargs):
            print("loading", file=sys.stderr, flush=True)
            while True:
                time.sleep(0.01)

        loaders.load_proposals = load_forever
        sys.exit(main(["validate", {str(data)!r}]))
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    try:
        assert child.stderr.readline() == "loading\n"
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=60) == 130
        assert child.stderr.read() == "upwork-analytics: interrupted\n"
    finally:
        child.kill()
        child.stderr.close()
