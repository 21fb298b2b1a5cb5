"""The canonical tables (proposals, messages): column names, types and rules, defined once.

Every other module refers to columns through :class:`ProposalCols` and :class:`MessageCols`
(``ProposalCols.cover_letter`` rather than the string), so a name changes in one place.
Unknown values are null (``NaN``/``NA``), never ``0`` or ``False``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

#: Dtypes of the canonical tables (pandas 3: microsecond UTC datetimes, nullable ints/bools).
TEXT = "str"
DATETIME = "datetime64[us, UTC]"
FLOAT = "float64"
INT = "Int64"
BOOL = "boolean"


@dataclass(frozen=True)
class ColumnSpec:
    """One canonical column: its name, dtype, whether a table must have it, and its meaning."""

    name: str
    dtype: str
    required: bool
    description: str
    allowed: tuple[str, ...] | None = None


class ProposalCols:
    """Column names of the canonical proposals table (one row per proposal)."""

    proposal_id = "proposal_id"
    submitted_at = "submitted_at"
    job_id = "job_id"
    job_url = "job_url"
    job_title = "job_title"
    job_description = "job_description"
    job_category = "job_category"
    contract_type = "contract_type"
    budget_min = "budget_min"
    budget_max = "budget_max"
    bid_amount = "bid_amount"
    currency = "currency"
    connects_spent = "connects_spent"
    boost_connects = "boost_connects"
    boosted = "boosted"
    is_invited = "is_invited"
    proposals_band = "proposals_band"
    proposals_low = "proposals_low"
    proposals_high = "proposals_high"
    client_name = "client_name"
    client_country = "client_country"
    client_total_spent = "client_total_spent"
    client_hires = "client_hires"
    client_rating = "client_rating"
    client_payment_verified = "client_payment_verified"
    cover_letter = "cover_letter"
    upwork_status = "upwork_status"
    viewed = "viewed"
    interviewed = "interviewed"
    offered = "offered"
    hired = "hired"
    contract_value = "contract_value"
    source = "source"
    variant = "variant"
    experiment = "experiment"


class MessageCols:
    """Column names of the canonical messages table (one row per message in a thread)."""

    message_id = "message_id"
    proposal_id = "proposal_id"
    thread_id = "thread_id"
    sent_at = "sent_at"
    sender = "sender"
    text = "text"
    has_attachment = "has_attachment"


P = ProposalCols
M = MessageCols

CONTRACT_TYPES = ("hourly", "fixed")
SENDERS = ("me", "client", "system")
#: Funnel stages in order; each implies the ones before it (hired => offered => interviewed => viewed).
FUNNEL = (P.viewed, P.interviewed, P.offered, P.hired)

PROPOSAL_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(P.proposal_id, TEXT, True, "Unique id: the API application id, or `sheet:<hash>` "
               "of the job URL/title and date for a spreadsheet row without one."),
    ColumnSpec(P.submitted_at, DATETIME, True, "When the proposal was sent (UTC)."),
    ColumnSpec(P.job_id, TEXT, False, "Job posting id (API id or the `~...` ciphertext of the URL)."),
    ColumnSpec(P.job_url, TEXT, False, "Link to the job post, without query string."),
    ColumnSpec(P.job_title, TEXT, False, "Title of the job post."),
    ColumnSpec(P.job_description, TEXT, False, "Text of the job post, including the client's own "
               "questions; used to measure tailoring and question coverage."),
    ColumnSpec(P.job_category, TEXT, False, "Category or niche of the job."),
    ColumnSpec(P.contract_type, TEXT, False, "`hourly` or `fixed`.", CONTRACT_TYPES),
    ColumnSpec(P.budget_min, FLOAT, False, "Client budget: the fixed price, or the low end of the "
               "hourly range (in `currency`)."),
    ColumnSpec(P.budget_max, FLOAT, False, "High end of the budget range; equals `budget_min` "
               "for a single amount."),
    ColumnSpec(P.bid_amount, FLOAT, False, "My bid: hourly rate or fixed price (in `currency`)."),
    ColumnSpec(P.currency, TEXT, False, "ISO 4217 code of the money columns (default USD)."),
    ColumnSpec(P.connects_spent, INT, False, "Connects paid to submit (without boost)."),
    ColumnSpec(P.boost_connects, INT, False, "Extra Connects bid to boost the proposal."),
    ColumnSpec(P.boosted, BOOL, False, "Whether the proposal was boosted."),
    ColumnSpec(P.is_invited, BOOL, False, "Whether the client invited me to apply."),
    ColumnSpec(P.proposals_band, TEXT, False, "Competition as shown on the job: `Less than 5`, "
               "`5 to 10`, `10 to 15`, `15 to 20`, `20 to 50`, `50+`."),
    ColumnSpec(P.proposals_low, INT, False, "Lower bound of the competition band."),
    ColumnSpec(P.proposals_high, INT, False, "Upper bound of the competition band (null for `50+`)."),
    ColumnSpec(P.client_name, TEXT, False, "The client's name as shown (private: redacted in shared "
               "reports)."),
    ColumnSpec(P.client_country, TEXT, False, "The client's country."),
    ColumnSpec(P.client_total_spent, FLOAT, False, "The client's total spend on Upwork (USD)."),
    ColumnSpec(P.client_hires, INT, False, "The client's number of past hires."),
    ColumnSpec(P.client_rating, FLOAT, False, "The client's feedback score, 0-5."),
    ColumnSpec(P.client_payment_verified, BOOL, False, "Whether the client's payment is verified."),
    ColumnSpec(P.cover_letter, TEXT, True, "The proposal text as sent (verbatim)."),
    ColumnSpec(P.upwork_status, TEXT, False, "The status exactly as the source gave it."),
    ColumnSpec(P.viewed, BOOL, False, "The client opened the proposal."),
    ColumnSpec(P.interviewed, BOOL, False, "The client replied / started an interview."),
    ColumnSpec(P.offered, BOOL, False, "The client sent an offer."),
    ColumnSpec(P.hired, BOOL, False, "The offer was accepted: a contract started."),
    ColumnSpec(P.contract_value, FLOAT, False, "Earnings from the contract where known."),
    ColumnSpec(P.source, TEXT, False, "Where the row came from: `sheet`, `api` or `sample`."),
    ColumnSpec(P.variant, TEXT, False, "The template or approach the proposal used (your own "
               "label, e.g. `story opener`); in an experiment, its arm."),
    ColumnSpec(P.experiment, TEXT, False, "The experiment the proposal was part of (the name "
               "given to `experiment start`); empty for proposals outside any experiment."),
)

MESSAGE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(M.message_id, TEXT, False, "Unique id of the message (story id, or a hash)."),
    ColumnSpec(M.proposal_id, TEXT, True, "The proposal the conversation belongs to (for an "
               "API room with no proposal link: the room id)."),
    ColumnSpec(M.thread_id, TEXT, False, "The room or thread id, where different."),
    ColumnSpec(M.sent_at, DATETIME, True, "When the message was sent (UTC)."),
    ColumnSpec(M.sender, TEXT, True, "`me`, `client` or `system`.", SENDERS),
    ColumnSpec(M.text, TEXT, False, "The message text; null for an attachment-only message."),
    ColumnSpec(M.has_attachment, BOOL, False, "Whether the message carried a file."),
)


def _pandera_column(spec: ColumnSpec, unique: bool = False) -> pa.Column:
    checks = [pa.Check.isin(list(spec.allowed))] if spec.allowed else []
    return pa.Column(
        spec.dtype,
        checks=checks,
        nullable=not spec.required or spec.dtype == TEXT and spec.name == P.cover_letter,
        required=spec.required,
        unique=unique,
        coerce=True,
        description=spec.description,
    )


def _funnel_is_consistent(df: pd.DataFrame) -> pd.Series:
    """True where no later funnel stage is True while an earlier one is False."""
    ok = pd.Series(True, index=df.index)
    present = [c for c in FUNNEL if c in df.columns]
    for i, later in enumerate(present):
        for earlier in present[:i]:
            bad = df[later].fillna(False).astype(bool) & df[earlier].eq(False).fillna(False)
            ok &= ~bad
    return ok


ProposalSchema = pa.DataFrameSchema(
    {s.name: _pandera_column(s, unique=s.name == P.proposal_id) for s in PROPOSAL_COLUMNS},
    checks=[pa.Check(_funnel_is_consistent, error="funnel: a later stage is true while an "
                     "earlier one is false (hired => offered => interviewed => viewed)")],
    strict=False,
    name="proposals",
)

MessageSchema = pa.DataFrameSchema(
    {s.name: _pandera_column(s) for s in MESSAGE_COLUMNS},
    strict=False,
    name="messages",
)


def empty_proposals() -> pd.DataFrame:
    """An empty canonical proposals table with every column in canonical order and dtype."""
    return pd.DataFrame({s.name: pd.Series(dtype=s.dtype) for s in PROPOSAL_COLUMNS})


def empty_messages() -> pd.DataFrame:
    """An empty canonical messages table with every column in canonical order and dtype."""
    return pd.DataFrame({s.name: pd.Series(dtype=s.dtype) for s in MESSAGE_COLUMNS})


def conform(df: pd.DataFrame, columns: tuple[ColumnSpec, ...]) -> pd.DataFrame:
    """Return ``df`` with every canonical column present (missing ones all-null), in canonical
    order and dtype, followed by any extra columns unchanged."""
    out = df.copy()
    for spec in columns:
        if spec.name not in out.columns:
            out[spec.name] = pd.Series(None, index=out.index, dtype=spec.dtype)
        elif spec.dtype == DATETIME:
            out[spec.name] = pd.to_datetime(out[spec.name], utc=True).astype(DATETIME)
        else:
            out[spec.name] = out[spec.name].astype(spec.dtype)
    names = [s.name for s in columns]
    return out[names + [c for c in out.columns if c not in names]]
