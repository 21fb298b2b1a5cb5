"""Redaction of client names, contact details, links and job ids for shared reports."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from upwork_analytics.reports.presentation import funnel_segments, report_header
from upwork_analytics.reports.redact import (
    Redactor,
    client_names,
    names_pattern,
    redact_file_name,
    redact_frame,
    redact_text,
    redactor_for,
)
from upwork_analytics.schema import PROPOSAL_COLUMNS, conform

NAMES = client_names(["Oliver K.", "Sarah", "Mei R.", "Grace T.", "A", None, "  "])


@pytest.mark.parametrize("text, expected", [
    # phone numbers
    ("Call +1 (415) 555-0132 today", "Call [phone] today"),
    ("or 415.555.0132.", "or [phone]."),
    ("London: +44 20 7946 0958", "London: [phone]"),
    ("office 415-555-0132, cell 4155550132", "office [phone], cell [phone]"),
    ("local 555-0132", "local [phone]"),
    # emails with plus and dots
    ("mail john.doe+upwork@mail.example.co.uk now", "mail [email] now"),
    ("<oliver@peakstudio.com>", "<[email]>"),
    # links with and without a scheme, trailing punctuation kept in the sentence
    ("see https://www.upwork.com/jobs/~019545f690d6c4a552?x=1.", "see [link]."),
    ("(www.example.com/a), and alexmoreno.dev!", "([link]), and [link]!"),
    ("http://localhost:8080/x", "[link]"),
    # job ids
    ("job ~019545f690d6c4a552 and ~02ABCDEF12", "job [job] and [job]"),
    # client names: whole words, as written or in capitals, possessive included
    ("Hi Sarah, thanks", "Hi [client], thanks"),
    ("Sarah's brief; SARAH", "[client]'s brief; [client]"),
    ("Sarahs and Sarahville stay", "Sarahs and Sarahville stay"),
    ("Oliver K. asked Oliver", "[client] asked [client]"),
    ("Mei and Meissen", "[client] and Meissen"),
    ("a grace period for Grace", "a grace period for [client]"),
    # left alone: dates, amounts, counts, frameworks, percentages, abbreviations
    ("On 2026-10-31 I bid $1,200 for 46 hours", "On 2026-10-31 I bid $1,200 for 46 hours"),
    ("10 to 15 proposals, 1500000 USD, 45%", "10 to 15 proposals, 1500000 USD, 45%"),
    ("Node.js and Next.js, e.g. this", "Node.js and Next.js, e.g. this"),
    ("version 3.11.7 and 12/05/2025", "version 3.11.7 and 12/05/2025"),
    ("", ""),
])
def test_redact_text(text, expected):
    assert redact_text(text, NAMES) == expected


def test_client_names_full_and_first_longest_first():
    assert NAMES[:2] == ["Oliver K.", "Grace T."]
    assert set(NAMES) == {"Oliver K.", "Oliver", "Sarah", "Mei R.", "Mei", "Grace T.", "Grace"}


def test_non_strings_pass_through():
    assert redact_text(None) is None
    assert math.isnan(redact_text(float("nan")))


def test_exact_ids_and_no_names():
    assert redact_text("ref 12345-abc ok", ids=["12345-abc"]) == "ref [job] ok"
    assert names_pattern([]) is None
    assert redact_text("Hi Sarah") == "Hi Sarah"


def test_redact_frame_only_named_columns():
    df = pd.DataFrame({"a": ["Hi Sarah", None], "b": ["Hi Sarah", "x"]})
    out = redact_frame(df, ["a", "missing"], names=["Sarah"])
    assert out["a"].tolist()[0] == "Hi [client]" and out["a"].isna().tolist()[1]
    assert out["b"].tolist() == ["Hi Sarah", "x"]
    assert df["a"].iloc[0] == "Hi Sarah"  # a copy


def test_redactor_for_uses_the_data_and_is_inert_unless_sharing():
    proposals = pd.DataFrame({"client_name": ["Oliver K."], "job_id": ["api-778899"]})
    shared = redactor_for(proposals, share=True)
    assert shared.text("Oliver K. posted api-778899") == "[client] posted [job]"
    assert redactor_for(proposals, share=False).text("Oliver") == "Oliver"
    assert Redactor().frame(proposals, ["client_name"]) is proposals


# client names stored in one case and written in another; ordinary words that are first names
CASED = client_names(["acme corp", "Will S.", "may", "JANE DOE", "The Agency", "Dr. Mei R."])


@pytest.mark.parametrize("text, expected", [
    # full names (two or more words): any case, any whitespace between the words
    ("Dear Acme Corp, thanks", "Dear [client], thanks"),
    ("ACME CORP and acme corp and Acme\ncorp", "[client] and [client] and [client]"),
    ("Acme Corp's brief", "[client]'s brief"),
    ("jane doe, Jane Doe, JANE DOE", "[client], [client], [client]"),
    ("will s. and WILL S.", "[client] and [client]"),
    ("the agency", "[client]"),
    # one-word names: any case, whole words only
    ("Hi acme, ACME and Acme", "Hi [client], [client] and [client]"),
    ("Acmeville and acmes stay", "Acmeville and acmes stay"),
    # ... but a first name that is an ordinary word only with a capital first letter
    ("I will do it, Will. WILL", "I will do it, [client]. [client]"),
    ("we may start in May", "we may start in [client]"),
    # a leading article or title is not a first name
    ("The plan: the agency", "The plan: [client]"),
    ("Dr. Mei R. and Mei", "[client] and [client]"),
])
def test_names_in_any_case(text, expected):
    assert redact_text(text, CASED) == expected


def test_client_names_skip_articles_and_titles():
    assert client_names(["The Agency", "Dr. Mei R.", "Mr Bo"]) == [
        "Dr. Mei R.", "The Agency", "Mr Bo", "Mei", "Bo"]


@pytest.mark.parametrize("text, expected", [
    # bare domains with any 2-24 letter ending, paths and ports included
    ("see janedoe.pl or shop.ru", "see [link] or [link]"),
    ("my site: jane.pro/cases.", "my site: [link]."),
    ("at blog.janedoe.photography/work, or JANEDOE.PL", "at [link], or [link]"),
    ("api.janedoe.xyz:8443/v1 (staging)", "[link] (staging)"),
    ("Example.Com and janedoe.md/cv", "[link] and [link]"),
    ("janedoe.pl.Next time", "[link].Next time"),
    ("done.then we", "[link] we"),  # errs on redacting
    # left alone: abbreviations, frameworks, file names, versions, sentence ends
    ("e.g. this, i.e. that, U.S. and a.m.", "e.g. this, i.e. that, U.S. and a.m."),
    ("Node.js, Vue.js, Next.js, ASP.NET or VB.NET", "Node.js, Vue.js, Next.js, ASP.NET or VB.NET"),
    ("see report.pdf, proposals.csv and README.md", "see report.pdf, proposals.csv and README.md"),
    ("Python 3.11.7, v2.0 and 1.5x", "Python 3.11.7, v2.0 and 1.5x"),
    ("It is done.Next I test.It works", "It is done.Next I test.It works"),
    # emails with unusual endings stay emails
    ("write to jane@doe.pl.", "write to [email]."),
])
def test_bare_domains(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize("name, expected", [
    ("Acme_Corp_tracker.csv", "[client]_tracker.csv"),
    ("acme-corp.csv", "[client].csv"),
    ("ACME.CORP.export.xlsx", "[client].export.xlsx"),
    ("Jane_Doe_2026-10.csv", "[client]_2026-10.csv"),
    ("tracker_acme.csv", "tracker_[client].csv"),
    ("Will_S_leads.csv", "[client]_leads.csv"),
    ("will_do_list.csv", "will_do_list.csv"),  # an ordinary word in lower case
    ("jane_doe@mail.com_export.csv", "[email]_export.csv"),
    ("janedoe.pl_leads.csv", "[link]_leads.csv"),
    ("leads_4155550132.csv", "leads_[phone].csv"),
    ("api-778899_notes.txt", "[job]_notes.txt"),
    ("proposals.csv", "proposals.csv"),
    ("my draft.txt", "my draft.txt"),
])
def test_file_names(name, expected):
    names = client_names(["acme corp", "Will S.", "Jane Doe"])
    assert redact_file_name(name, names, ids=["api-778899"]) == expected


def test_report_header_redacts_file_names_and_title_in_share_mode():
    data = conform(pd.DataFrame({"proposal_id": ["p1"], "submitted_at": ["2026-10-01T10:00Z"],
                                 "client_name": ["acme corp"]}), PROPOSAL_COLUMNS)
    shared = report_header("Report for Acme Corp", data, "2026-10",
                           ["/x/Acme_Corp_tracker.csv", "proposals.csv"],
                           redactor_for(data, share=True)).data
    assert "acme" not in shared.lower()
    assert "[client]_tracker.csv, proposals.csv" in shared and "<h1>Report for [client]" in shared
    private = report_header("Report", data, "2026-10", ["/x/Acme_Corp_tracker.csv"]).data
    assert "Acme_Corp_tracker.csv" in private


def test_funnel_segments_redact_category_values_in_share_mode():
    data = conform(pd.DataFrame({
        "proposal_id": ["p1", "p2", "p3"], "submitted_at": ["2026-10-01T10:00Z"] * 3,
        "client_name": ["Acme Corp", "Acme Corp", "Bo L."],
        "job_category": ["Acme Corp projects", "ask jane@doe.pl", "Web Development"],
        "viewed": [True, False, True], "interviewed": [False] * 3, "hired": [False] * 3,
    }), PROPOSAL_COLUMNS)
    shared = funnel_segments(data, redactor_for(data, share=True))
    values = shared.xs("category", level="segment").index.tolist()
    assert sorted(values) == ["Web Development", "[client] projects", "ask [email]"]
    private = funnel_segments(data).xs("category", level="segment").index.tolist()
    assert "Acme Corp projects" in private
