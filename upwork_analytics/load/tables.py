"""Building the canonical proposals and messages tables from raw rows (see :mod:`canonical`)."""

from __future__ import annotations

import hashlib
from datetime import tzinfo

import pandas as pd

from upwork_analytics.load.canonical import META, Noted, Rows, drop_duplicates, typed
from upwork_analytics.load.parsing import (
    Band,
    Money,
    clean_job_url,
    job_id_from_url,
    normalize_header,
    parse_band,
    parse_bool,
    parse_contract_type,
    parse_int,
    parse_money,
    parse_rating,
)
from upwork_analytics.load.status import NOT_SENT, apply_funnel_rule, status_flags
from upwork_analytics.schema import (
    FUNNEL,
    MESSAGE_COLUMNS,
    PROPOSAL_COLUMNS,
    M,
    MessageSchema,
    P,
    ProposalSchema,
    conform,
)

_TEXT = (P.job_title, P.job_description, P.job_category, P.client_name, P.client_country,
         P.upwork_status, P.source, P.variant, P.experiment)
_INTS = (P.connects_spent, P.boost_connects, P.client_hires, P.proposals_low, P.proposals_high)
_BOOLS = (P.boosted, P.is_invited, P.client_payment_verified, *FUNNEL)


def _digest(*parts: pd.Series) -> pd.Series:
    joined = parts[0].fillna("").astype(str)
    for part in parts[1:]:
        joined = joined + "|" + part.fillna("").astype(str)
    return joined.map(lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest()[:12])


def _on_text(values: pd.Series, func) -> pd.Series:
    """Apply ``func`` to the str values; everything else becomes None."""
    return values.map(lambda v: func(v) if isinstance(v, str) else None).astype(object)


def _read_money(value: object) -> Money | Noted | None:
    """parse_money, with an ambiguous reading (``€1.200``) returned as :class:`Noted`."""
    notes: list[str] = []
    money = parse_money(value, notes=notes)
    return Noted(money, "; ".join(notes)) if notes else money


def _money(rows: Rows, name: str) -> pd.Series:
    return rows.parse(name, _read_money)


def _amount(money: pd.Series, part: str) -> pd.Series:
    return money.map(lambda m: getattr(m, part) if isinstance(m, Money) else None).astype(object)


def build_proposals(rows: Rows, dayfirst: bool | None, tz: tzinfo) -> pd.DataFrame:
    """Canonical proposals from raw rows: parse, check the funnel, give ids, drop duplicates."""
    raw = rows.raw
    status_raw = rows.column(P.upwork_status)
    not_sent = status_raw.map(lambda v: isinstance(v, str) and normalize_header(v) in NOT_SENT)
    rows.reject_where(not_sent, P.upwork_status, "status says the proposal was never sent")
    out = pd.DataFrame(index=raw.index)
    out[P.submitted_at] = rows.dates(P.submitted_at, dayfirst, tz)
    for name in _TEXT:
        out[name] = rows.text(name)
    out[P.cover_letter] = rows.text(P.cover_letter, strip=False)
    out[P.proposal_id] = rows.text(P.proposal_id)
    out[P.currency] = _on_text(rows.text(P.currency), str.upper)
    url = rows.text(P.job_url)
    out[P.job_url] = _on_text(url, clean_job_url)
    job_id = rows.text(P.job_id)
    out[P.job_id] = job_id.where(job_id.notna(), _on_text(url, job_id_from_url))
    out[P.contract_type] = rows.parse(P.contract_type, parse_contract_type)

    bid, budget = _money(rows, P.bid_amount), _money(rows, P.budget_min)
    budget_max = _money(rows, P.budget_max)
    out[P.bid_amount] = _amount(bid, "amount_min")
    out[P.budget_min] = _amount(budget, "amount_min")
    out[P.budget_max] = _amount(budget_max, "amount_max").where(
        budget_max.notna(), _amount(budget, "amount_max"))
    currency = out[P.currency]
    for money in (bid, budget, budget_max):
        currency = currency.where(currency.notna(), _amount(money, "currency"))
    bid_currency, budget_currency = _amount(bid, "currency"), _amount(budget, "currency")
    mixed = bid_currency.notna() & budget_currency.notna() & (bid_currency != budget_currency)
    for index in mixed.index[mixed.astype(bool)]:
        rows.issue("warning", index, P.bid_amount, rows.raw.at[index, P.bid_amount],
                   f"bid in {bid_currency[index]} but budget in {budget_currency[index]}; "
                   f"{P.currency} is {currency[index]}")
    has_money = bid.notna() | budget.notna() | budget_max.notna()
    out[P.currency] = currency.where(currency.notna() | ~has_money, "USD")
    for money in (bid, budget):
        period = _amount(money, "period")
        out[P.contract_type] = out[P.contract_type].where(out[P.contract_type].notna(), period)
    out[P.client_total_spent] = _amount(_money(rows, P.client_total_spent), "amount_min")
    out[P.contract_value] = _amount(_money(rows, P.contract_value), "amount_min")
    out[P.client_rating] = rows.parse(P.client_rating, parse_rating)

    for name in _INTS:
        out[name] = rows.parse(name, parse_int)
    for name in _BOOLS:
        out[name] = rows.parse(name, parse_bool)
    band = rows.parse(P.proposals_band, parse_band)
    out[P.proposals_band] = band.map(lambda b: b.label if isinstance(b, Band) else None)
    for name, part in ((P.proposals_low, "low"), (P.proposals_high, "high")):
        out[name] = out[name].where(out[name].notna(), band.map(
            lambda b, part=part: getattr(b, part) if isinstance(b, Band) else None))
    boost = out[P.boost_connects]
    out[P.boosted] = out[P.boosted].where(out[P.boosted].notna(),
                                          boost.map(lambda n: None if n is None else n > 0))

    _funnel(rows, out)
    out = out.loc[rows.live()]
    missing_id = out[P.proposal_id].isna()
    out.loc[missing_id, P.proposal_id] = "sheet:" + _digest(
        out[P.job_url], out[P.job_title], out[P.submitted_at].map(
            lambda t: t.isoformat() if t is not None else ""), out[P.cover_letter])[missing_id]
    for spec in PROPOSAL_COLUMNS:
        out[spec.name] = typed(out[spec.name], spec.dtype)
    return _finish(out, rows, P.proposal_id, PROPOSAL_COLUMNS, ProposalSchema,
                   [P.submitted_at, P.proposal_id], [P.submitted_at, P.cover_letter])


def _funnel(rows: Rows, out: pd.DataFrame) -> None:
    """Combine status words with explicit Viewed?/Hired? columns, then fill implied Trues."""
    status = rows.parse(P.upwork_status, status_flags, suffix="")
    for position, name in enumerate(FUNNEL):
        implied = status.map(lambda f, i=position: None if f is None else f[i])
        out[name] = out[name].where(out[name].notna(), implied)
    flags = out[list(FUNNEL)].astype("boolean")
    filled, fixes = apply_funnel_rule(flags)
    for index, column, reason in fixes:
        if index not in rows.rejected:
            rows.issue("repaired", index, column, False, reason)
    for name in FUNNEL:
        out[name] = filled[name].astype(object).where(filled[name].notna(), None)


def _finish(out: pd.DataFrame, rows: Rows, key: str, columns, schema,
            order: list[str], identity: list[str]) -> pd.DataFrame:
    raw = rows.raw.loc[out.index]
    extras = [c for c in raw.columns if c not in META and c not in out.columns
              and c not in {s.name for s in columns}]
    for name in extras:
        out[name] = rows.text(name).loc[out.index].astype("str")
    with_meta = out.join(raw[list(META)])
    compare = [s.name for s in columns]
    kept = drop_duplicates(with_meta, key, compare, rows, identity)
    rows.report.rows_kept = len(kept)
    kept = kept.sort_values(order, kind="stable")
    table = conform(kept.drop(columns=list(META)), columns).reset_index(drop=True)
    return schema.validate(table, lazy=True)


_SENDERS = {"me": "me", "i": "me", "myself": "me", "self": "me", "you": "me", "freelancer": "me",
            "vendor": "me", "client": "client", "buyer": "client", "customer": "client",
            "them": "client", "employer": "client", "system": "system", "upwork": "system",
            "bot": "system", "notification": "system"}


def build_messages(rows: Rows, me: frozenset[str], dayfirst: bool | None,
                   tz: tzinfo) -> pd.DataFrame:
    """Canonical messages from raw rows: sender resolved to me/client/system via ``me``."""
    out = pd.DataFrame(index=rows.raw.index)
    out[M.sent_at] = rows.dates(M.sent_at, dayfirst, tz)
    out[M.proposal_id] = rows.text(M.proposal_id)
    rows.reject_where(out[M.proposal_id].isna(), M.proposal_id, f"no {M.proposal_id} (required)")
    mine = {m.casefold() for m in me}

    def sender(value: object) -> str:
        text = " ".join(str(value).split())
        if text.casefold() in mine:
            return "me"
        if normalize_header(text) in _SENDERS:
            return _SENDERS[normalize_header(text)]
        if mine:
            return "client"
        raise ValueError(f"cannot tell whether sender {text[:60]!r} is me or the client (pass "
                         "--me with your user id or name, or write me/client)")

    out[M.sender] = rows.parse(M.sender, sender, kind="rejected")
    rows.reject_where(out[M.sender].isna(), M.sender, f"no {M.sender} (required)")
    out[M.text] = rows.text(M.text, strip=False)
    out[M.thread_id] = rows.text(M.thread_id)
    out[M.message_id] = rows.text(M.message_id)
    out[M.has_attachment] = rows.parse(M.has_attachment, parse_bool)
    out = out.loc[rows.live()]
    missing = out[M.message_id].isna()
    out.loc[missing, M.message_id] = "msg:" + _digest(
        out[M.proposal_id], out[M.sent_at].map(lambda t: t.isoformat()), out[M.sender],
        out[M.text])[missing]
    for spec in MESSAGE_COLUMNS:
        out[spec.name] = typed(out[spec.name], spec.dtype)
    return _finish(out, rows, M.message_id, MESSAGE_COLUMNS, MessageSchema,
                   [M.proposal_id, M.sent_at, M.message_id], [M.proposal_id, M.sent_at])
