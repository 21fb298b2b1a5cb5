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


def _month(rows):
    """rows: (day, title, letter, viewed, interviewed, hired); October 2026."""
    return pd.DataFrame({
        "proposal_id": [f"p{i}" for i in range(len(rows))],
        "submitted_at": pd.to_datetime([f"2026-10-{r[0]:02d}" for r in rows], utc=True),
        "job_title": [r[1] for r in rows], "client_name": ["Nadia Petrova"] * len(rows),
        "cover_letter": [r[2] for r in rows],
        "viewed": pd.array([r[3] for r in rows], dtype="boolean"),
        "interviewed": pd.array([r[4] for r in rows], dtype="boolean"),
        "hired": pd.array([r[5] for r in rows], dtype="boolean")})


def test_side_by_side_cards_by_hand():
    """Every part of a card: title (escaped; '(no title)' when missing), date, how far the
    proposal got, its words, the excerpt; the two columns with their counts; other months
    left out."""
    proposals = _month([
        (3, "Shop <fix>", "One two three four.", True, True, True),
        (5, None, "Five words are here now.", True, True, False),
        (7, "Logo", "Six words written for this card.", True, False, False),
        (9, "Site", "Not seen at all.", False, False, False),
        (11, "Blog", "Status unknown here.", None, None, False),
    ])
    other = _month([(1, "Old", "Another month.", True, True, True)]).assign(
        submitted_at=pd.Timestamp("2026-09-30", tz="UTC"))
    page = excerpts_side_by_side(pd.concat([proposals, other]), "2026-10", PRIVATE).data
    hired, lost = page.split('<div class="ua-col">')[1:3]
    assert hired.startswith("<h4>Hired (1 this month)</h4>")
    assert ('<div class="ua-card"><p><b>Shop &lt;fix&gt;</b><br><small>2026-10-03 &middot; '
            'hired &middot; 4 words</small></p><blockquote>One two three four.</blockquote>'
            '</div>') in hired
    assert lost.startswith("<h4>Not hired (4 this month)</h4>")
    # a random pick of 3 of the 4, shown in date order
    cards = lost.split('<div class="ua-card">')[1:]
    assert len(cards) == 3
    dates = [c.split("<small>")[1][:10] for c in cards]
    assert dates == sorted(dates) and set(dates) <= {"2026-10-05", "2026-10-07", "2026-10-09",
                                                    "2026-10-11"}
    reached = {"2026-10-05": "(no title)</b><br><small>2026-10-05 &middot; interviewed, not "
                             "hired &middot; 5 words",
               "2026-10-07": "Logo</b><br><small>2026-10-07 &middot; viewed, no interview "
                             "&middot; 6 words",
               "2026-10-09": "Site</b><br><small>2026-10-09 &middot; not viewed &middot; 4 "
                             "words",
               "2026-10-11": "Blog</b><br><small>2026-10-11 &middot; status unknown &middot; "
                             "3 words"}
    for card, date in zip(cards, dates):
        assert reached[date] in card, card
    assert "Old" not in page
    assert page.endswith('<p class="ua-small">A random pick of up to 3 of each. Excerpts show '
                         'the first 600 characters.</p>')
    # the same seed picks the same cards; another seed may pick others; n limits the pick
    again = excerpts_side_by_side(pd.concat([proposals, other]), "2026-10", PRIVATE).data
    assert again == page
    one = excerpts_side_by_side(proposals, "2026-10", PRIVATE, n=1).data
    assert one.count('<div class="ua-card">') == 2 and "up to 1 of each" in one


def test_side_by_side_with_nobody_hired():
    proposals = _month([(4, "Logo", "Just one letter.", True, False, False)])
    page = excerpts_side_by_side(proposals, "2026-10", SHARED).data
    assert "<h4>Hired (0 this month)</h4><p><i>None this month.</i></p>" in page
    assert "Excerpts are shortened and redacted for sharing." in page


# --------------------------------------------------------------------------- redaction helpers
# (the share-mode building blocks the excerpts and tables use; found unchecked by mutation
# testing)


def test_redactor_frame_redacts_the_named_columns_only_when_sharing():
    from upwork_analytics.reports.redact import client_names, redact_frame

    proposals = pd.DataFrame({"client_name": ["Nadia Petrova", "Dr. Mei Ren"],
                              "job_id": ["JB-1042", "~01abcdef123456"]})
    shared = redactor_for(proposals, share=True)
    private = redactor_for(proposals, share=False)
    table = pd.DataFrame({"title": ["Shop for Nadia (JB-1042)", "Mei's site, job J12"],
                          "note": ["Nadia", "Mei"]})
    out = shared.frame(table, ["title"])
    # the exact id of 4+ characters is a [job]; "J12" is too short to be one
    assert out["title"].tolist() == ["Shop for [client] ([job])", "[client]'s site, job J12"]
    assert out["note"].tolist() == ["Nadia", "Mei"]          # not asked for
    assert table["title"].iloc[0] == "Shop for Nadia (JB-1042)"  # a copy: input unchanged
    assert private.frame(table, ["title"]) is table
    assert redact_frame(table, ["title", "missing"], client_names(["Nadia Petrova"]), ["JB-1042"])[
        "title"].tolist() == ["Shop for [client] ([job])", "Mei's site, job J12"]


def test_client_names_skip_titles_and_short_names():
    from upwork_analytics.reports.redact import client_names

    assert client_names(["Dr. Mei Ren", "Bo", "J.", "  ", None, "The Agency", "Ann  Lee"]) == [
        "Dr. Mei Ren", "The Agency", "Ann Lee", "Ann", "Mei", "Bo"]  # longest first


def test_longer_names_are_replaced_before_their_first_names():
    from upwork_analytics.reports.redact import redact_text

    text = "Jo Ann wrote, then Jo and Ann Marie replied."
    assert redact_text(text, ["Jo", "Jo Ann", "Ann Marie"]) == (
        "[client] wrote, then [client] and [client] replied.")
