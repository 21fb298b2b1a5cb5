"""Proposal excerpts: the private report shows the start of a letter; a shared report never
more than 200 characters and never more than half of the letter (README, "--share")."""

from __future__ import annotations

import pandas as pd
import pytest

from upwork_analytics.reports.excerpts import excerpt, excerpts_side_by_side
from upwork_analytics.reports.redact import Redactor, redactor_for

PRIVATE = Redactor(share=False)
SHARED = redactor_for(pd.DataFrame({"client_name": ["Nadia Petrova"]}), share=True)

#: 100 characters, 20 words of four letters plus a space each ("abcd abcd ... abcd").
WORDS_100 = " ".join(["abcd"] * 20)
assert len(WORDS_100) == 99


def _shown(text: str) -> str:
    return text.removesuffix(" …")


@pytest.mark.parametrize("length", [12, 40, 99, 150, 399, 401, 1000])
def test_shared_excerpt_is_at_most_half_the_letter_and_200_characters(length):
    letter = ("word " * 400)[:length]
    cut = excerpt(letter, SHARED)
    assert cut.endswith(" …")  # always shortened: no full letter appears
    shown = _shown(cut)
    assert len(shown) <= min(200, len(letter.strip()) // 2)
    assert letter.startswith(shown)


def test_shared_excerpt_of_a_99_character_letter_by_hand():
    # half of 99 is 49: "abcd " x 9 is 45 characters, and the 10th word would end at 49
    # ("abcd abcd ... abcd" with 10 words is 49 long): cut there
    assert excerpt(WORDS_100, SHARED) == " ".join(["abcd"] * 10) + " …"
    # the private report shows up to 600 characters: all of it
    assert excerpt(WORDS_100, PRIVATE) == WORDS_100


def test_long_letters_are_cut_at_a_word_in_both_modes():
    letter = "Hello there, " + "I can help with the shop. " * 40   # 1,053 characters
    private, shared = excerpt(letter, PRIVATE), excerpt(letter, SHARED)
    assert len(_shown(private)) <= 600 and len(_shown(shared)) <= 200
    assert len(_shown(private)) >= 590 and len(_shown(shared)) >= 190   # cut at the last word
    for cut in (private, shared):
        assert letter.startswith(_shown(cut)) and cut.endswith(" …")
        assert not _shown(cut).endswith((",", " "))


def test_shared_excerpt_is_redacted_before_it_is_cut():
    letter = ("Nadia, mail me at someone.long.address@example.com and see "
              "https://example.com/portfolio/item/42 for more. " + "More words here. " * 30)
    shown = _shown(excerpt(letter, SHARED))
    assert shown.startswith("[client], mail me at [email] and see [link] for more.")
    assert "Nadia" not in shown and "@" not in shown and "example.com" not in shown


@pytest.mark.parametrize("value", [None, float("nan"), "", "   "])
def test_empty_letters_give_no_excerpt(value):
    assert excerpt(value, SHARED) == "" and excerpt(value, PRIVATE) == ""


def test_side_by_side_cards_in_share_mode_show_half_letters():
    letters = [f"Letter {i}: " + "I can build the page you need. " * (2 + i) for i in range(6)]
    proposals = pd.DataFrame({
        "proposal_id": [f"p{i}" for i in range(6)],
        "submitted_at": pd.to_datetime([f"2026-10-{1 + i:02d}" for i in range(6)], utc=True),
        "job_title": ["Landing page"] * 6, "client_name": ["Nadia Petrova"] * 6,
        "cover_letter": letters, "viewed": [True] * 6, "interviewed": [True] * 6,
        "hired": [True, False] * 3})
    page = excerpts_side_by_side(proposals, "2026-10", SHARED).data
    quotes = [q.split("</blockquote>")[0] for q in page.split("<blockquote>")[1:]]
    assert len(quotes) == 6
    for quote in quotes:
        letter = next(t for t in letters if t.startswith(_shown(quote)))
        assert len(_shown(quote)) <= len(letter.strip()) // 2
    assert "shortened and redacted for sharing" in page
