"""Examples for the interviews report: client questions that got no answering reply.

A question is a client sentence ending in '?'; it is answered when my next turn addresses it
(the rule of the ``answer_coverage`` feature, :func:`upwork_analytics.features._thread_text.addresses`).
Cards show excerpts, redacted first in share mode and always HTML-escaped.
"""

from __future__ import annotations

import html
from datetime import tzinfo

import numpy as np
import pandas as pd
from IPython.display import HTML

from upwork_analytics.features import _thread_text as tt
from upwork_analytics.features._tokenize import clean
from upwork_analytics.features.threads import LOCAL_TIME, TURN, rebuild_threads
from upwork_analytics.reports.excerpts import cut_at_word
from upwork_analytics.reports.interviews import format_duration
from upwork_analytics.reports.presentation import notice
from upwork_analytics.reports.redact import Redactor
from upwork_analytics.schema import M, P

#: Threads shown, and the characters of each excerpt (share mode: shorter).
MAX_EXAMPLES = 5
EXCERPT_CHARS, SHARE_EXCERPT_CHARS = 300, 200

_COLUMNS = ["proposal_id", "asked_at", "questions", "reply", "reply_more", "reply_minutes"]


def unanswered_questions(messages: pd.DataFrame | None, proposals: pd.DataFrame,
                         tz: str | tzinfo = "UTC") -> pd.DataFrame:
    """Client questions that my next turn did not address.

    Parameters
    ----------
    messages : pandas.DataFrame or None
        The canonical messages table.
    proposals : pandas.DataFrame
        The canonical proposals table; threads of other proposals are ignored.
    tz : str or tzinfo, default="UTC"
        Time zone of ``asked_at``.

    Returns
    -------
    pandas.DataFrame
        One row per client turn with at least one unaddressed question, latest first:
        ``proposal_id``, ``asked_at`` (the turn's first message, in ``tz``), ``questions``
        (list of the unaddressed question sentences), ``reply`` (the text of the first
        message of my next turn; ``""`` when none or attachment only), ``reply_more`` (further
        messages in that turn) and ``reply_minutes`` (NaN without a next turn).
    """
    if messages is None or messages.empty:
        return pd.DataFrame(columns=_COLUMNS)
    t = rebuild_threads(messages[messages[M.proposal_id].isin(proposals[P.proposal_id])], tz)
    t = t[t[M.sender] != "system"]
    t = t.assign(_text=[clean(x) if isinstance(x, str) else "" for x in t[M.text]])
    turns = t.groupby([M.proposal_id, TURN], sort=False).agg(
        sender=(M.sender, "first"), at=(LOCAL_TIME, "first"), size=("_text", "size"),
        first=("_text", "first"), text=("_text", lambda s: "\n\n".join(x for x in s if x)))
    rows = []
    for (pid, turn), row in turns[turns["sender"] == "client"].iterrows():
        asked = tt.question_sentences(row["text"])
        nxt = turns.loc[(pid, turn + 1)] if (pid, turn + 1) in turns.index else None
        missed = [q for q in asked if not tt.addresses("" if nxt is None else nxt["text"], q)]
        if not missed:
            continue
        if nxt is None:
            rows.append([pid, row["at"], missed, "", 0, np.nan])
        else:
            wait = (nxt["at"] - row["at"]) / pd.Timedelta(minutes=1)
            rows.append([pid, row["at"], missed, nxt["first"], int(nxt["size"]) - 1, wait])
    out = pd.DataFrame(rows, columns=_COLUMNS)
    return out.sort_values("asked_at", ascending=False, kind="stable").reset_index(drop=True)


def unanswered_examples(messages: pd.DataFrame | None, proposals: pd.DataFrame,
                        redactor: Redactor | None = None, n: int = MAX_EXAMPLES,
                        tz: str | tzinfo = "UTC") -> HTML:
    """Up to ``n`` threads where a client question got no answering reply, as cards.

    Parameters
    ----------
    messages, proposals : pandas.DataFrame
        As for :func:`unanswered_questions`.
    redactor : Redactor, optional
        In share mode, client names, emails, phones, links and job ids are redacted (before
        excerpts are cut).
    n : int, default=5
        The most threads shown: the latest question of each, latest threads first.
    tz : str or tzinfo, default="UTC"
        Time zone of the times shown.

    Returns
    -------
    IPython.display.HTML
        The question, when it was asked, the outcome, and my next reply with its delay;
        every string escaped. A notice when there is nothing to show.
    """
    redactor = redactor or Redactor()
    found = unanswered_questions(messages, proposals, tz)
    if found.empty:
        return notice("Not enough data: no conversations were found." if messages is None
                      or messages.empty else "No client question without an answering reply "
                      "was found.")
    picked = found.drop_duplicates("proposal_id").head(n)
    info = proposals.drop_duplicates(P.proposal_id).set_index(P.proposal_id)
    cards = "".join(_card(row, info.loc[row.proposal_id], redactor)
                    for row in picked.itertuples(index=False))
    note = (f"{found['proposal_id'].nunique()} thread(s) have a client question without an "
            f"answering reply; the latest {len(picked)} are shown, one question turn each. "
            + ("Excerpts are shortened and redacted for sharing." if redactor.share else
               f"Excerpts show up to {EXCERPT_CHARS} characters."))
    return HTML(cards + f'<p class="ua-small">{html.escape(note)}</p>')


def _card(row, proposal: pd.Series, redactor: Redactor) -> str:
    title = proposal[P.job_title]
    title = redactor.text(title) if isinstance(title, str) and title.strip() else "(no title)"
    hired = proposal[P.hired]
    outcome = "outcome unknown" if pd.isna(hired) else "hired" if hired else "not hired"
    when = f"{row.asked_at:%Y-%m-%d %H:%M} {row.asked_at.tzname()}"
    later = format_duration(row.reply_minutes)
    more = (f" (and {row.reply_more} more message(s) before the client wrote again)"
            if row.reply_more else "")
    if np.isnan(row.reply_minutes):
        reply = '<p class="ua-small">No reply of mine followed.</p>'
    elif not row.reply:
        reply = (f'<p class="ua-small">My next message, {html.escape(later)} later, had no '
                 f"text (an attachment){html.escape(more)}.</p>")
    else:
        reply = (f'<p class="ua-small">My next reply, {html.escape(later)} later'
                 f"{html.escape(more)}:</p>"
                 f"<blockquote>{html.escape(_excerpt(row.reply, redactor))}</blockquote>")
    return (f'<div class="ua-card"><p><b>{html.escape(str(title))}</b><br><small>'
            f"{html.escape(when)} &middot; {outcome}</small></p>"
            '<p class="ua-small">The client asked (not answered):</p>'
            f"<blockquote>{html.escape(_excerpt(' '.join(row.questions), redactor))}"
            f"</blockquote>{reply}</div>")


def _excerpt(text: str, redactor: Redactor) -> str:
    """``text`` on one line, redacted in share mode before it is cut at a word; not escaped."""
    text = " ".join(str(text).split())
    limit = EXCERPT_CHARS
    if redactor.share:
        text, limit = str(redactor.text(text)), SHARE_EXCERPT_CHARS
    if len(text) <= limit:
        return text
    return cut_at_word(text, limit) + " …"
