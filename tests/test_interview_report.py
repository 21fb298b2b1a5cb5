"""The interviews report's functions (issue #7): groups, rates, charts, unanswered-question
examples, the not-enough-data path, escaping and share-mode redaction.

Message tables are built by hand: ``(proposal_id, minutes after T0, sender, text)``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from IPython.display import HTML

from upwork_analytics.analysis.advice import ADVICE, VERDICTS
from upwork_analytics.analysis.drivers import analyze_drivers
from upwork_analytics.analysis.funnel import rate_with_interval
from upwork_analytics.reports.interview_examples import unanswered_examples, unanswered_questions
from upwork_analytics.reports.interviews import (
    MEASURES,
    MIN_THREADS,
    analysed_threads,
    format_duration,
    hire_rate_by,
    hire_rate_table,
    interview_advice_audit,
    interview_summary,
    interview_threads,
    not_enough_data,
    plot_hire_rate_by,
    plot_reply_times,
)
from upwork_analytics.reports.redact import redactor_for

T0 = pd.Timestamp("2026-10-01 09:00", tz="UTC")
ASK = "Can you build my Shopify store?"
YES = "Yes, I can build your Shopify store this week."


def _messages(rows) -> pd.DataFrame:
    return pd.DataFrame([{"proposal_id": p, "sent_at": T0 + pd.Timedelta(minutes=m),
                          "sender": s, "text": t} for p, m, s, t in rows])


def _proposals(ids, hired, interviewed=True) -> pd.DataFrame:
    n = len(ids)
    flags = [interviewed] * n if np.isscalar(interviewed) else interviewed
    return pd.DataFrame({
        "proposal_id": ids, "viewed": True, "interviewed": flags, "hired": hired,
        "job_title": [f"Shopify store {i}" for i in range(n)],
        "client_name": ["Oliver K."] * n, "job_id": [f"job-{i:04d}" for i in range(n)]})


#: 40 threads, first replies after 30, 60, 300 and 2000 minutes in turn; every 30-minute thread
#: hired, half of the 60-minute ones (i % 8 == 1), none of the others.
DELAYS = (30, 60, 300, 2000)
IDS = [f"t{i:02d}" for i in range(40)]
HIRED = [i % 4 == 0 or i % 8 == 1 for i in range(40)]


@pytest.fixture(scope="module")
def speed():
    rows = []
    for i, pid in enumerate(IDS):
        rows += [(pid, 0, "client", ASK), (pid, DELAYS[i % 4], "me", YES)]
    messages, proposals = _messages(rows), _proposals(IDS, HIRED)
    return messages, proposals, interview_threads(messages, proposals)


def test_reply_speed_buckets_have_fixed_edges_wilson_intervals_and_n(speed):
    _, _, threads = speed
    rates = hire_rate_by(threads, "reply speed")
    assert list(rates["group"]) == ["within 1 h", "after 1-4 h", "after 4-24 h",
                                    "after over a day"]  # exactly 60 minutes: 1-4 h
    assert list(rates["n"]) == [10, 10, 10, 10] and list(rates["hired"]) == [10, 5, 0, 0]
    row = rates.iloc[1]
    assert (row["rate"], row["ci_low"], row["ci_high"]) == pytest.approx(rate_with_interval(5, 10))
    # against the other 30 threads: 5/10 vs 10/30
    assert row["diff"] == pytest.approx(0.5 - 10 / 30)
    assert row["diff_low"] < 0 < row["diff_high"]


def test_rate_table_states_verdicts_and_interval(speed):
    out = hire_rate_table(speed[2], "reply speed")
    assert isinstance(out, HTML)
    assert "my first reply came" in out.data and "50% (24%-76%, n=10)" in out.data
    assert "too few to judge" in out.data  # every group has fewer than 20 threads
    assert "Left out" not in out.data


def test_summary_counts_rate_and_median_with_iqr(speed):
    _, proposals, threads = speed
    s = interview_summary(threads, proposals)["value"]
    assert s["interviewed proposals with a conversation"] == "40 of 40"
    assert s["hire rate among them"] == "38% (24%-53%, n=40)"
    # quartiles interpolate linearly: 30 + 0.75 * 30 and 300 + 0.25 * 1700 minutes
    assert s["median wait for my first reply"] == "3 h (IQR 52 min to 12.1 h, n=40)"
    assert s["threads with a client question left unanswered"] == "0 of 40"


def test_charts_are_figures_closed_in_pyplot(speed):
    threads = speed[2]
    hist = plot_reply_times(threads)
    rates = plot_hire_rate_by(threads, ["answer coverage", "message length", "reply speed"])
    assert isinstance(hist, plt.Figure) and isinstance(rates, plt.Figure)
    assert len(rates.axes) == 3 and plt.get_fignums() == []
    assert "hired (n=15" in [t.get_text() for t in hist.axes[0].get_legend().get_texts()][0]


@pytest.mark.parametrize("minutes, expected", [
    (0, "0 min"), (45.4, "45 min"), (59.6, "1 h"), (90, "1.5 h"), (240, "4 h"),
    (1440, "1 day"), (3000, "2.1 days"), (15840, "11 days"), (np.nan, "n/a")])
def test_format_duration(minutes, expected):
    assert format_duration(minutes) == expected


def test_coverage_length_and_follow_up_groups():
    rows = [
        # all answered, one 2-sentence message, no follow-up
        ("a", 0, "client", "Have you used Django? What is your budget?"),
        ("a", 10, "me", "I have used Django for six years. My budget estimate is $900."),
        # some answered, one follow-up two days later
        ("b", 0, "client", "Have you used Django? What is your budget?"),
        ("b", 10, "me", "I have used Django for six years."),
        ("b", 10 + 2 * 1440, "me", "Just checking in. Any news? Happy to help."),
        # none answered, two follow-ups
        ("c", 0, "client", "Have you used Django? What is your budget?"),
        ("c", 10, "me", "Hello."),
        ("c", 10 + 2 * 1440, "me", "Following up."),
        ("c", 10 + 4 * 1440, "me", "Following up again."),
        # no question from the client: left out of the coverage groups
        ("d", 0, "client", "Thanks for applying."),
        ("d", 5, "me", "Thank you. I can start on Monday. I will send a plan."),
    ]
    threads = interview_threads(_messages(rows), _proposals(list("abcd"), [True, False, False,
                                                                           True]))
    cov = hire_rate_by(threads, "answer coverage").set_index("group")
    assert list(cov.index) == ["none", "some", "all"] and list(cov["n"]) == [1, 1, 1]
    assert list(cov["hired"]) == [0, 0, 1]
    length = hire_rate_by(threads, "message length").set_index("group")["n"].to_dict()
    assert length == {"none": 1, "half or more": 1, "all": 2}
    follow = hire_rate_by(threads, "follow-ups").set_index("group")["n"].to_dict()
    assert follow == {"none": 2, "one": 1, "two or more": 1}


def test_unknown_measure_names_the_choices(speed):
    with pytest.raises(ValueError, match="choose from"):
        hire_rate_by(speed[2], "speed")
    assert set(MEASURES) == {"reply speed", "answer coverage", "message length", "follow-ups"}


# --------------------------------------------------------------------------- not enough data


def test_too_few_threads_show_a_notice_instead_of_charts(speed):
    messages, proposals, _ = speed
    few = IDS[:MIN_THREADS - 1]
    threads = interview_threads(messages[messages["proposal_id"].isin(few)], proposals)
    why = not_enough_data(threads)
    assert why.startswith("Not enough data: only 19 interviewed")
    for out in (hire_rate_table(threads, "reply speed"), plot_reply_times(threads),
                plot_hire_rate_by(threads, "follow-ups")):
        assert isinstance(out, HTML) and "not enough data" in out.data.lower()
    assert plt.get_fignums() == []


def test_without_messages_every_section_says_so():
    proposals = _proposals(["x1", "x2"], [True, False])
    threads = interview_threads(None, proposals)
    assert threads.empty and "no conversations were found" in not_enough_data(threads)
    assert isinstance(plot_reply_times(threads), HTML)
    summary = interview_summary(threads, proposals)["value"]
    assert summary["hire rate among them"] == "no data"
    assert summary["median wait for my first reply"] == "no data"
    assert "no conversations were found" in unanswered_examples(None, proposals).data


def test_only_interviewed_threads_with_a_known_outcome_are_rated():
    rows = [(p, 0, "client", ASK) for p in "abc"] + [(p, 5, "me", YES) for p in "abc"]
    rows.append(("zz", 0, "client", ASK))  # a thread of a proposal not in the data
    proposals = _proposals(list("abc"), [True, None, False], interviewed=[True, True, False])
    threads = interview_threads(_messages(rows), proposals)
    assert list(threads["matched"]) == [True, True, True, False]
    assert list(analysed_threads(threads)["proposal_id"]) == ["a"]


def test_interview_audit_keeps_the_interview_advice_only(speed):
    _, proposals, threads = speed
    features = threads.drop(columns=["matched", "interviewed", "hired"])
    audit = interview_advice_audit(analyze_drivers(features, proposals,
                                                   stage="hired_given_interviewed", n_boot=20))
    by_key = {a.key: a.text for a in ADVICE}
    assert list(audit["advice"]) == [by_key[k] for k in (
        "concise", "answer_all", "rates", "respond_fast", "follow_up")]
    assert set(audit["verdict"]) <= set(VERDICTS)


# --------------------------------------------------------------------------- unanswered questions

QUESTIONS = [
    # q1: the budget question is not answered; my reply comes 90 minutes later, then one more
    ("q1", 0, "client", "Have you used Django? What is your budget?"),
    ("q1", 90, "me", "Yes, I have used Django for six years."),
    ("q1", 100, "me", "I can start on Monday."),
    # q2: answered in full
    ("q2", 0, "client", "Have you used Django?"),
    ("q2", 5, "me", "Yes, I have used Django for six years."),
    # q3: the client asks last; no reply of mine follows
    ("q3", 0, "client", "Hello, thanks."),
    ("q3", 5, "me", "Thank you."),
    ("q3", 2000, "client", "Can you also migrate the database?"),
]


def test_unanswered_questions_lists_each_missed_question_and_my_next_reply():
    found = unanswered_questions(_messages(QUESTIONS), _proposals(["q1", "q2", "q3"],
                                                                  [False, True, False]))
    assert list(found["proposal_id"]) == ["q3", "q1"]  # latest first
    q3, q1 = found.iloc[0], found.iloc[1]
    assert q1["questions"] == ["What is your budget?"]
    assert q1["reply"] == "Yes, I have used Django for six years." and q1["reply_more"] == 1
    assert q1["reply_minutes"] == 90
    assert q3["questions"] == ["Can you also migrate the database?"] and q3["reply"] == ""
    assert np.isnan(q3["reply_minutes"])


def test_examples_show_question_reply_delay_and_time_zone():
    out = unanswered_examples(_messages(QUESTIONS), _proposals(["q1", "q2", "q3"],
                                                               [False, True, False]),
                              tz="Europe/Berlin").data
    assert out.count('class="ua-card"') == 2
    assert "What is your budget?" in out and "My next reply, 1.5 h later (and 1 more" in out
    assert "No reply of mine followed." in out
    assert "2026-10-01 11:00 CEST" in out  # 09:00 UTC in Berlin
    assert "Have you used Django?</blockquote>" not in out  # answered: not shown
    assert "2 thread(s) have a client question" in out


def test_examples_are_limited_to_n_threads(speed):
    messages, proposals, _ = speed
    unanswered = messages.assign(text=np.where(messages["sender"] == "me", "Sure.",
                                               "Have you used Django before?"))
    out = unanswered_examples(unanswered, proposals, n=3).data
    assert out.count('class="ua-card"') == 3 and "40 thread(s)" in out
    answered = unanswered_examples(messages, proposals).data
    assert "No client question without an answering reply" in answered


XSS = "<script>alert(1)</script>"


def test_examples_escape_user_html_in_every_mode():
    rows = [("h1", 0, "client", f"Can you embed the widget {XSS} on the pricing page?"),
            ("h1", 30, "me", f"Hello. {XSS} <b>bold</b>.")]
    proposals = _proposals(["h1"], [False]).assign(job_title=f"Page {XSS}")
    for share in (False, True):
        out = unanswered_examples(_messages(rows), proposals,
                                  redactor_for(proposals, share)).data
        assert "<script" not in out and "<b>bold" not in out
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


SECRETS = ("Oliver", "oliver@example.com", "+1 (415) 555-0132", "www.oliver-shop.com/cart",
           "job-0000")


def test_share_mode_redacts_names_contacts_and_links_in_examples():
    rows = [("s1", 0, "client", "Hi, Oliver here. Can you email oliver@example.com or call "
             "+1 (415) 555-0132 about www.oliver-shop.com/cart and job-0000?"),
            ("s1", 60, "me", "Hello Oliver. I will write to oliver@example.com today.")]
    messages, proposals = _messages(rows), _proposals(["s1"], [False])
    private = unanswered_examples(messages, proposals, redactor_for(proposals, False)).data
    assert all(s in private for s in SECRETS)
    shared = unanswered_examples(messages, proposals, redactor_for(proposals, True)).data
    assert not [s for s in SECRETS if s in shared]
    for tag in ("[client]", "[email]", "[phone]", "[link]", "[job]"):
        assert tag in shared, tag
    assert "redacted for sharing" in shared


def test_share_mode_excerpts_are_short():
    long = "Can you migrate the database? " + "I have more details about the shop. " * 20
    rows = [("l1", 0, "client", long.strip()), ("l1", 5, "me", "Sure. " * 120)]
    proposals = _proposals(["l1"], [False])
    shared = unanswered_examples(_messages(rows), proposals, redactor_for(proposals, True)).data
    quotes = shared.split("<blockquote>")[1:]
    assert quotes and all(len(q.split("</blockquote>")[0]) <= 202 for q in quotes)
