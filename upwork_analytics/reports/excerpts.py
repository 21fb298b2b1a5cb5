"""Proposal excerpts for the reports: hired and not-hired proposals side by side, each cut at a
word, redacted first in share mode and always HTML-escaped.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from upwork_analytics.analysis.funnel import proposals_in_month
from upwork_analytics.reports.redact import Redactor
from upwork_analytics.schema import ProposalCols as P

#: Characters of a proposal shown as an excerpt; in share mode at most half the text and 200.
EXCERPT_CHARS = 600
SHARE_EXCERPT_CHARS = 200


def excerpts_side_by_side(proposals: pd.DataFrame, month: str, redactor: Redactor,
                          n: int = 3, seed: int = 0) -> HTML:
    """Up to ``n`` hired and ``n`` not-hired proposals of the month in two columns.

    The proposals are a seeded random pick (not the best or worst). Each card shows the date,
    job title, how far it got, its length and an excerpt; in share mode the excerpt is redacted
    and at most 200 characters and half the text, so no full proposal appears. Every string is
    HTML-escaped.

    Returns
    -------
    IPython.display.HTML
    """
    m = proposals_in_month(proposals, month)
    hired = m[m[P.hired].eq(True).fillna(False).to_numpy(dtype=bool)]
    not_hired = m[m[P.hired].eq(False).fillna(False).to_numpy(dtype=bool)]
    columns = []
    for heading, part in ((f"Hired ({len(hired)} this month)", hired),
                          (f"Not hired ({len(not_hired)} this month)", not_hired)):
        pick = part.sample(min(n, len(part)), random_state=seed) if len(part) else part
        pick = pick.sort_values(P.submitted_at)
        cards = "".join(_card(row, redactor) for _, row in pick.iterrows()) or (
            "<p><i>None this month.</i></p>")
        columns.append(f'<div class="ua-col"><h4>{html.escape(heading)}</h4>{cards}</div>')
    note = ("Excerpts are shortened and redacted for sharing." if redactor.share else
            f"Excerpts show the first {EXCERPT_CHARS} characters.")
    return HTML(f'<div class="ua-cols">{"".join(columns)}</div>'
                f'<p class="ua-small">A random pick of up to {n} of each. '
                f"{html.escape(note)}</p>")


def excerpt(text: object, redactor: Redactor) -> str:
    """The start of a proposal, cut at a word: redacted, at most 200 characters and half the
    text in share mode; at most :data:`EXCERPT_CHARS` otherwise. Not escaped."""
    if not isinstance(text, str) or not text.strip():
        return ""
    text = " ".join(text.split())
    limit = EXCERPT_CHARS
    if redactor.share:
        text = str(redactor.text(text))  # redact before cutting: no half-email survives
        limit = min(SHARE_EXCERPT_CHARS, len(text) // 2)
    if len(text) <= limit:
        return text
    return cut_at_word(text, limit) + " …"


def cut_at_word(text: str, limit: int) -> str:
    """The longest start of ``text`` of at most ``limit`` characters that ends at the end of a
    word (a word that is longer than ``limit`` is cut), without trailing ``,.;:``."""
    head = text[:limit + 1]  # one more: a space right after the limit ends a whole word
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    return cut.rstrip(",.;:")


def _card(row: pd.Series, redactor: Redactor) -> str:
    title = redactor.text(row[P.job_title]) if isinstance(row[P.job_title], str) else "(no title)"
    words = len(str(row[P.cover_letter] or "").split())
    date = f"{row[P.submitted_at]:%Y-%m-%d}"
    return ('<div class="ua-card">'
            f"<p><b>{html.escape(str(title))}</b><br><small>{date} &middot; "
            f"{html.escape(_reached(row))} &middot; {words} words</small></p>"
            f"<blockquote>{html.escape(excerpt(row[P.cover_letter], redactor))}</blockquote>"
            "</div>")


def _reached(row: pd.Series) -> str:
    for col, words in ((P.hired, "hired"), (P.interviewed, "interviewed, not hired"),
                       (P.viewed, "viewed, no interview")):
        if pd.notna(row[col]) and bool(row[col]):
            return words
    return "not viewed" if pd.notna(row[P.viewed]) else "status unknown"
