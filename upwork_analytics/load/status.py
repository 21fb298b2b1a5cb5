"""Status words (tracker sheets and the Upwork API) mapped to the funnel flags they imply.

The funnel is ``viewed => interviewed => offered => hired`` (see :data:`schema.FUNNEL`). A status
sets only what it tells: "Viewed" says the client opened the proposal and nothing about later
stages, so those stay null. "Declined" says the proposal lost (``hired`` False, ``offered`` False)
and nothing about whether it was viewed. Implied True values are filled by
:func:`apply_funnel_rule`; False is never implied.
"""

from __future__ import annotations

import pandas as pd

from upwork_analytics.load.parsing import normalize_header
from upwork_analytics.schema import FUNNEL

#: (viewed, interviewed, offered, hired): True/False where the status says so, else None.
Flags = tuple[bool | None, bool | None, bool | None, bool | None]

_OPEN: Flags = (None, None, None, None)
_VIEWED: Flags = (True, None, None, None)
_INTERVIEWED: Flags = (True, True, None, None)
_OFFERED: Flags = (True, True, True, None)
_HIRED: Flags = (True, True, True, True)
_LOST: Flags = (None, None, False, False)
_NOT_HIRED: Flags = (None, None, None, False)

_STATUS_WORDS: dict[Flags, tuple[str, ...]] = {
    _OPEN: ("Accepted", "Pending", "New", "Applied", "Submitted", "Sent", "Open", "Active",
            "No reply", "No response", "No_reply", "Waiting", "Awaiting"),
    _VIEWED: ("Viewed", "Seen", "Opened", "Viewed by client"),
    _INTERVIEWED: ("Responded", "Replied", "Reply", "Response", "Interview", "Interviewing",
                   "Interviewed", "Activated", "In talks", "Negotiating", "Shortlisted",
                   "Chatting", "Messaged", "Candidacy", "Active candidacy"),
    _OFFERED: ("Offer", "Offered", "Offer received"),
    _HIRED: ("Hired", "Won", "Contract", "Contract started", "Accepted offer", "Closed won"),
    _LOST: ("Declined", "Lost", "Rejected", "Archived", "Closed", "Closed lost", "Job closed",
            "Not hired", "Hired someone else", "Expired", "Ghosted", "Cancelled", "Canceled"),
    _NOT_HIRED: ("Withdrawn", "Withdrew", "Invalid"),
}

#: Normalised status word -> flags it implies.
STATUS_FLAGS: dict[str, Flags] = {
    normalize_header(word): flags for flags, words in _STATUS_WORDS.items() for word in words
}

#: Status words of rows that were planned but never sent: such rows are not proposals.
NOT_SENT = frozenset(normalize_header(w) for w in ("To apply", "Draft", "Not sent", "Planned",
                                                   "Todo", "To do", "Skipped"))


def status_flags(status: str) -> Flags:
    """Return the funnel flags a status word implies (case, spaces and punctuation ignored).

    Raises
    ------
    ValueError
        When the word is not a known status.
    """
    key = normalize_header(status)
    if key in STATUS_FLAGS:
        return STATUS_FLAGS[key]
    raise ValueError(f"unknown status {status[:60]!r}; funnel flags left empty (known: Viewed, "
                     "Interview, Offer, Hired/Won, Declined/Lost, Withdrawn, ...)")


def apply_funnel_rule(df: pd.DataFrame) -> tuple[pd.DataFrame, list[tuple[object, str, str]]]:
    """Fill implied True values (hired => offered => interviewed => viewed) in boolean columns.

    A later stage that is True overrides an earlier stage that is False (a hire proves the
    client viewed the proposal); each such override is returned as
    ``(index, column, reason)`` so the loader can report it. False is never implied.
    """
    out = df.copy()
    fixes: list[tuple[object, str, str]] = []
    stages = [c for c in FUNNEL if c in out.columns]
    for i, later in enumerate(stages):
        later_true = out[later].eq(True).fillna(False)
        for earlier in stages[:i]:
            contradicted = later_true & out[earlier].eq(False).fillna(False)
            for index in out.index[contradicted]:
                fixes.append((index, earlier, f"{earlier}=False contradicts {later}=True; "
                              f"set {earlier} to True"))
            out.loc[later_true, earlier] = True
    return out, fixes

