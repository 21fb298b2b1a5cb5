"""Header aliases of real tracker sheets and the matching of a file's headers to canonical columns.

Headers match after :func:`~upwork_analytics.load.parsing.normalize_header` (case, spaces and
punctuation ignored). A user mapping (``{"Cover Letter": "cover_letter"}``) wins over aliases;
mapping a header to ``""`` or ``"ignore"`` keeps it out of the canonical columns.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.load.parsing import normalize_header
from upwork_analytics.schema import MESSAGE_COLUMNS, PROPOSAL_COLUMNS, M, P

#: Canonical proposal column -> header aliases seen in real trackers, most specific first.
PROPOSAL_ALIASES: dict[str, tuple[str, ...]] = {
    P.proposal_id: ("Proposal ID", "Application ID", "Vendor proposal ID", "ID"),
    P.submitted_at: ("Date Sent", "Submitted at", "Submitted on", "Submitted", "Date submitted",
                     "Date applied", "Applied on", "Applied at", "Sent at", "Sent on", "Sent",
                     "Proposal date", "Bid date", "proposalSubmittedAt", "Created at", "Date",
                     "Timestamp", "ts"),
    P.job_id: ("Job ID", "Posting ID", "Job posting ID"),
    P.job_url: ("Job Link", "Job URL", "jobLink", "Bid link", "Posting URL", "Job post URL",
                "Upwork link", "URL", "Link"),
    P.job_title: ("Job Title", "jobTitle", "Title", "Job", "Job name", "Project", "Project title",
                  "Position"),
    P.job_description: ("Job Description", "jobDescription", "Job details", "Description"),
    P.job_category: ("Job category", "Category", "Niche", "Service"),
    P.contract_type: ("Contract type", "Job type", "jobType", "Bid type", "Budget type",
                      "Payment type", "Hourly/Fixed", "Pricing", "Type"),
    P.budget_min: ("Budget", "Client budget", "Job budget", "projectPrice", "Budget min",
                   "Min budget", "Est budget", "Estimated budget"),
    P.budget_max: ("Budget max", "Max budget"),
    P.bid_amount: ("My Bid", "Bid amount", "Bid", "My rate", "My price", "Proposed rate",
                   "Bid price", "Charge rate", "Quote", "Price", "Rate"),
    P.currency: ("Currency",),
    P.connects_spent: ("Connects", "Connects spent", "Connects used", "connectsUsed",
                       "Connects cost", "Connects required"),
    P.boost_connects: ("Boost connects", "boostConnects", "Boost bid", "Boost"),
    P.boosted: ("Boosted?", "Boosted", "Is boosted"),
    P.is_invited: ("Invited?", "Invited", "Is invited", "Invite", "Invitation", "Was invited"),
    P.proposals_band: ("Proposals", "Competition", "Proposals band", "Number of proposals",
                       "Applicants", "Proposal count"),
    P.client_name: ("Client name", "clientName", "Client", "Customer"),
    P.client_country: ("Client Country", "clientCountry", "Client location", "clientLocation",
                       "Country", "Location"),
    P.client_total_spent: ("Client total spent", "clientTotalSpent", "Client spend",
                           "Client spent", "Total spent", "Client spending"),
    P.client_hires: ("Client hires", "Total hires", "Hires"),
    P.client_rating: ("Client rating", "clientRating", "Client feedback", "Client score",
                      "Rating"),
    P.client_payment_verified: ("Payment verified", "Client verified", "Payment verification",
                                "paymentVerificationStatus", "Verified"),
    P.cover_letter: ("Cover Letter", "coverLetter", "proposalCoverLetter", "Proposal text",
                     "proposalText", "proposalWriting", "My proposal", "Proposal", "Letter",
                     "Pitch", "Message", "Text"),
    P.upwork_status: ("Status", "Proposal status", "Upwork status", "Outcome", "Result", "Stage"),
    P.viewed: ("Viewed?", "Viewed", "Viewed by client", "Was viewed", "Seen", "Opened"),
    P.interviewed: ("Interviewed?", "Interviewed", "Interview", "Replied", "Responded", "hasReply",
                    "Client replied", "Got reply", "Reply"),
    P.offered: ("Offered?", "Offered", "Offer", "Got offer", "Offer received"),
    P.hired: ("Hired?", "Hired", "Won", "Got hired", "Win"),
    P.contract_value: ("Contract value", "Earned", "Earnings", "Revenue", "Deal value",
                       "Actual value"),
    P.source: ("Source",),
    P.variant: ("Variant", "Template", "Version", "Opener", "Experiment arm", "Arm",
                "Template name", "Template used", "Proposal template", "Cover letter template",
                "Approach"),
    P.experiment: ("Experiment", "Experiment name", "AB test", "A/B test", "Split test"),
}

#: Canonical message column -> header aliases.
MESSAGE_ALIASES: dict[str, tuple[str, ...]] = {
    M.message_id: ("Message ID", "Story ID", "Msg ID", "ID"),
    M.proposal_id: ("Proposal ID", "proposalId", "vendorProposalId", "Application ID",
                    "Proposal"),
    M.thread_id: ("Thread ID", "Room ID", "roomId", "Conversation ID", "Thread", "Room"),
    M.sent_at: ("Sent at", "Time", "Timestamp", "Date", "Datetime", "Sent", "Created at",
                "createdDateTime", "ts"),
    M.sender: ("Sender", "From", "Author", "Who", "Sender role", "Role", "Actor", "User", "By"),
    M.text: ("Text", "Message", "Body", "Content", "Msg"),
    M.has_attachment: ("Has attachment", "Attachment", "Attachments", "Has file"),
}

IGNORE = "ignore"


def _alias_index(columns, aliases: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, int]]:
    """Normalised alias -> (canonical column, rank); the canonical name itself has rank 0."""
    index: dict[str, tuple[str, int]] = {normalize_header(s.name): (s.name, 0) for s in columns}
    for column, names in aliases.items():
        index.setdefault(normalize_header(column), (column, 0))
        for rank, name in enumerate(names, start=1):
            index.setdefault(normalize_header(name), (column, rank))
    return index


_PROPOSAL_INDEX = _alias_index(PROPOSAL_COLUMNS, PROPOSAL_ALIASES)
_MESSAGE_INDEX = _alias_index(MESSAGE_COLUMNS, MESSAGE_ALIASES)
TABLES = {"proposals": (PROPOSAL_COLUMNS, PROPOSAL_ALIASES, _PROPOSAL_INDEX),
          "messages": (MESSAGE_COLUMNS, MESSAGE_ALIASES, _MESSAGE_INDEX)}


def check_column_map(column_map: Mapping[str, str] | None, table: str) -> dict[str, str]:
    """Validate a user mapping ``{header: canonical column}`` and return it keyed by the
    normalised header (target ``""`` or ``"ignore"`` means: never map this header).

    Raises
    ------
    ParameterError
        When a target is not a column of ``table``.
    """
    names = [s.name for s in TABLES[table][0]]
    checked: dict[str, str] = {}
    for header, target in (column_map or {}).items():
        target = target.strip()
        if target not in names and target not in ("", IGNORE):
            hint = (f" (did you mean '{target}={header}'?)" if header in names else "")
            raise ParameterError(f"cannot map '{header}' to '{target}': not a {table} column"
                                 f"{hint}; choose from {', '.join(names)} or '{IGNORE}'")
        checked[normalize_header(header)] = "" if target == IGNORE else target
    return checked


@dataclass
class ColumnMatch:
    """Which header (by position) feeds which canonical column."""

    canonical: dict[int, str] = field(default_factory=dict)
    unmapped: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def label_of(self, header: Sequence[str]) -> dict[str, str]:
        """Canonical column -> header text as the file spells it."""
        return {name: header[i] for i, name in self.canonical.items()}


def match_columns(header: Sequence[str], table: str,
                  column_map: Mapping[str, str] | None = None) -> ColumnMatch:
    """Match headers to canonical columns: user mapping first, then the best-ranked alias.

    ``column_map`` must come from :func:`check_column_map`. When two headers look like the same
    column (``Date`` and ``Date Sent``), the more specific alias wins and a note says so.
    """
    index = TABLES[table][2]
    user = column_map or {}
    match = ColumnMatch()
    best: dict[str, tuple[int, int]] = {}  # canonical -> (rank, position)
    taken = {user[k] for k in map(normalize_header, header) if user.get(k)}
    for position, text in enumerate(header):
        key = normalize_header(text)
        if key in user:
            if user[key]:
                match.canonical[position] = user[key]
            continue
        if key in index:
            column, rank = index[key]
            if column in taken:
                continue
            if column not in best or rank < best[column][0]:
                if column in best:
                    match.notes.append(_both(header, best[column][1], position, column))
                best[column] = (rank, position)
            else:
                match.notes.append(_both(header, position, best[column][1], column))
    for column, (_, position) in best.items():
        match.canonical[position] = column
    match.unmapped = [i for i in range(len(header)) if i not in match.canonical]
    return match


def _both(header: Sequence[str], loser: int, winner: int, column: str) -> str:
    return (f"columns '{header[loser]}' and '{header[winner]}' both look like {column}; "
            f"using '{header[winner]}' (choose with --map \"HEADER={column}\")")


def closest_header(column: str, table: str, candidates: Sequence[str]) -> str | None:
    """The candidate header most similar to ``column`` or one of its aliases, if any is close."""
    aliases = [normalize_header(a) for a in (column, *TABLES[table][1].get(column, ()))]
    best, best_score = None, 0.0
    for header in candidates:
        key = normalize_header(header)
        if not key:
            continue
        score = max(difflib.SequenceMatcher(None, key, alias).ratio() for alias in aliases)
        if score > best_score:
            best, best_score = header, score
    return best if best_score >= 0.6 else None
