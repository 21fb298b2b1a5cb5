"""Redaction of client names, contact details, links and job ids for shared reports."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from upwork_analytics.redact import (
    Redactor,
    client_names,
    names_pattern,
    redact_frame,
    redact_text,
    redactor_for,
)

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
