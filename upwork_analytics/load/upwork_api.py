"""Reading Upwork GraphQL API dumps: ``vendorProposals`` nodes and ``roomStories`` messages.

A dump may be one response, a list of pages, JSON lines, an aliased batch
(``hired: vendorProposals(...)``) or a tool's own wrapper: the reader walks the whole document
and takes every object that looks like a proposal node or a room story, remembering its index
path (``[2].data.vendorProposals.edges[5].node``) for the load report.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from upwork_analytics.exceptions import InputFileError, ParameterError
from upwork_analytics.load.parsing import parse_datetime
from upwork_analytics.schema import M, P

#: Canonical proposal column -> node field paths tried in order (``a.b.c``).
PROPOSAL_FIELDS: dict[str, tuple[str, ...]] = {
    P.proposal_id: ("id",),
    P.submitted_at: ("auditDetails.createdDateTime.rawValue", "auditDetails.createdDateTime"),
    P.cover_letter: ("proposalCoverLetter", "coverLetter"),
    P.bid_amount: ("terms.chargeRate.rawValue", "terms.chargeRate.displayValue",
                   "terms.chargeRate"),
    P.currency: ("terms.chargeRate.currency",),
    P.upwork_status: ("status.status", "status"),
    P.viewed: ("viewedByClient",),
    P.job_id: ("marketplaceJobPosting.id",),
    P.job_title: ("marketplaceJobPosting.content.title",),
    P.job_description: ("marketplaceJobPosting.content.description",),
    P.job_category: ("marketplaceJobPosting.classification.category.preferredLabel",
                     "marketplaceJobPosting.classification.category.prefLabel",
                     "marketplaceJobPosting.classification.category.name"),
    P.contract_type: ("marketplaceJobPosting.contractTerms.contractType",),
    P.client_country: ("marketplaceJobPosting.clientCompanyPublic.country.name",),
    P.client_payment_verified: (
        "marketplaceJobPosting.clientCompanyPublic.paymentVerification.paymentVerified",),
}
_FIXED = "marketplaceJobPosting.contractTerms.fixedPriceContractTerms."
_HOURLY = "marketplaceJobPosting.contractTerms.hourlyContractTerms."
_BUDGET = {"FIXED": ((_FIXED + "amount.rawValue", _FIXED + "amount"),
                     (_FIXED + "maxAmount.rawValue", _FIXED + "maxAmount")),
           "HOURLY": ((_HOURLY + "hourlyBudgetMin",), (_HOURLY + "hourlyBudgetMax",))}
_MODIFIED = ("auditDetails.modifiedDateTime.rawValue", "auditDetails.modifiedDateTime")
_PROPOSAL_KEYS = {"proposalCoverLetter", "coverLetter", "auditDetails", "terms",
                  "marketplaceJobPosting"}
MESSAGE_LABELS = {M.message_id: "id", M.sent_at: "createdDateTime", M.text: "message",
                  M.sender: "user.id", M.proposal_id: "vendorProposal.id", M.thread_id: "roomId",
                  M.has_attachment: "attachments"}


@dataclass
class ApiRecords:
    """Records found in one dump: canonical column -> raw value, with their index paths."""

    records: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def load_json(text: str, name: str, lines: bool) -> list[tuple[int | None, Any]]:
    """Parse JSON (or JSON lines) into ``(line or None, document)`` pairs; bad JSON raises."""
    docs: list[tuple[int | None, Any]] = []
    try:
        if not lines:
            return [(None, json.loads(text))]
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                docs.append((number, json.loads(line)))
    except json.JSONDecodeError as exc:
        where = f"line {number}" if lines else f"line {exc.lineno}"
        raise InputFileError(f"{name} {where}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputFileError(f"{name}: JSON nested too deeply to read") from None
    return docs


def _get(node: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _first(node: dict, paths: tuple[str, ...]) -> tuple[Any, str]:
    for path in paths:
        value = _get(node, path)
        if value is not None and not isinstance(value, (dict, list)):
            return value, path
    return None, paths[0]


def _walk(doc: Any, is_node) -> Iterator[tuple[str, dict, dict[str, Any]]]:
    """Yield ``(path, node, context)`` for each dict ``is_node`` accepts, depth-first, without
    descending into accepted nodes. ``context`` holds the nearest room and proposal ids."""
    stack: list[tuple[str, Any, dict[str, Any]]] = [("", doc, {})]
    while stack:
        path, item, context = stack.pop()
        if isinstance(item, dict):
            context = {**context, **_context(item)}
            if is_node(item):
                yield path or ".", item, context
                continue
            children = [(f"{path}.{k}" if path else str(k), v) for k, v in item.items()]
        elif isinstance(item, list):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(item)]
        else:
            continue
        stack.extend((p, v, context) for p, v in reversed(children)
                     if isinstance(v, (dict, list)))


def _is_proposal(item: dict) -> bool:
    return "id" in item and not _PROPOSAL_KEYS.isdisjoint(item)


def _is_story(item: dict) -> bool:
    return "id" in item and "createdDateTime" in item and ("message" in item or "user" in item)


def _context(item: dict) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for key in ("roomId", "roomId_eq", "room_id"):
        if isinstance(item.get(key), (str, int)):
            context["room"] = str(item[key])
    room_filter = _get(item, "variables.filter.roomId_eq")
    if isinstance(room_filter, (str, int)):
        context["room"] = str(room_filter)
    if "id" in item and ("roomType" in item or "stories" in item or "roomStories" in item):
        context["room"] = str(item["id"])
    for key in ("vendorProposalId", "proposalId", "proposal_id"):
        if isinstance(item.get(key), (str, int)):
            context["proposal"] = str(item[key])
    proposal = _get(item, "vendorProposal.id")
    if isinstance(proposal, (str, int)):
        context["proposal"] = str(proposal)
    return context


def _api_errors(docs: list[tuple[int | None, Any]]) -> str:
    messages = [str(e.get("message")) for _, doc in docs if isinstance(doc, dict)
                for e in (doc.get("errors") or []) if isinstance(e, dict)]
    return f" (the response holds errors: {'; '.join(messages)[:200]})" if messages else ""


def read_vendor_proposals(docs: list[tuple[int | None, Any]], name: str) -> ApiRecords:
    """Turn ``vendorProposals`` nodes into raw canonical records (plus ``modified``)."""
    found = ApiRecords()
    for line, doc in docs:
        for path, node, _ in _walk(doc, _is_proposal):
            record = {column: _first(node, paths)[0] for column, paths in PROPOSAL_FIELDS.items()}
            status = _get(node, "status.status") or node.get("status")
            record[P.upwork_status] = status if isinstance(status, str) else None
            kind = str(record[P.contract_type] or "").upper()
            if kind in _BUDGET:
                record[P.budget_min] = _first(node, _BUDGET[kind][0])[0]
                record[P.budget_max] = _first(node, _BUDGET[kind][1])[0]
            record["modified"] = _first(node, _MODIFIED)[0]
            found.records.append(record)
            found.paths.append(path)
            found.lines.append(line)
    if not found.records:
        hint = (" (it holds room stories: load it as messages, e.g. --messages)"
                if any(True for _, d in docs for _ in _walk(d, _is_story)) else "")
        raise InputFileError(f"{name}: JSON, but no vendorProposals nodes found (objects with "
                             f"'id' and 'proposalCoverLetter'/'auditDetails'){hint}"
                             f"{_api_errors(docs)}")
    return found


def proposal_labels() -> dict[str, str]:
    """Canonical column -> the node field it is read from (for the load report)."""
    labels = {column: paths[0] for column, paths in PROPOSAL_FIELDS.items()}
    labels[P.budget_min] = "contractTerms.(fixed|hourly) budget"
    labels[P.budget_max] = "contractTerms.(fixed|hourly) budget max"
    return labels


def _user_ids(story: dict) -> list[str]:
    ids = [_get(story, "user.id"), _get(story, "user.nid"), _get(story, "user.name"),
           _get(story, "organization.id")]
    return [str(i) for i in ids if i is not None]


def read_room_stories(docs: list[tuple[int | None, Any]], name: str,
                      me: frozenset[str] | None) -> ApiRecords:
    """Turn ``roomStories`` nodes into raw canonical message records.

    Each story's sender is ``me`` when its user id, nid, name or organization id is one of
    ``me``, ``system`` when it has no user, else ``client``. The proposal id comes from the
    nearest enclosing object that names one (``vendorProposal.id``, ``proposalId``), else from
    a room object elsewhere in the dump that links the room to a proposal. A story with a
    room but no proposal link gets its room id as ``proposal_id`` (the conversation's key) and
    the file report notes how many did. ``has_attachment`` is None when a story has no
    ``attachments`` field (or it is null), else whether the list is non-empty.
    """
    found = ApiRecords()
    stories = [(line, path, story, context) for line, doc in docs
               for path, story, context in _walk(doc, _is_story)]
    if not stories:
        raise InputFileError(f"{name}: JSON, but no roomStories found (objects with 'id', "
                             f"'createdDateTime' and 'message'){_api_errors(docs)}")
    if not me:
        seen = Counter(str(_get(s, "user.id")) for _, _, s, _ in stories if _get(s, "user.id"))
        common = ", ".join(f"{uid} ({n})" for uid, n in seen.most_common(3))
        raise ParameterError(f"{name}: room stories do not say who is the freelancer; pass your "
                             f"own user id with --me ID (me=...). Most frequent user ids: "
                             f"{common or 'none'}")
    room_proposals = {}
    for _, doc in docs:
        for _, room, _ in _walk(doc, lambda d: "id" in d and "roomType" in d):
            proposal = _get(room, "vendorProposal.id")
            if proposal is not None:
                room_proposals[str(room["id"])] = str(proposal)
    mine = {m.casefold() for m in me}
    by_room: Counter[str] = Counter()
    for line, path, story, context in stories:
        ids = {i.casefold() for i in _user_ids(story)}
        sender = "system" if not ids else "me" if ids & mine else "client"
        room = context.get("room")
        proposal = context.get("proposal") or room_proposals.get(room or "")
        if proposal is None and room is not None:
            proposal = room
            by_room[room] += 1
        attachments = story.get("attachments")
        found.records.append({
            M.message_id: story.get("id"),
            M.sent_at: story.get("createdDateTime"),
            M.text: story.get("message") if isinstance(story.get("message"), str) else None,
            M.sender: sender,
            M.thread_id: room,
            M.proposal_id: proposal,
            M.has_attachment: None if attachments is None else bool(attachments),
            "modified": story.get("updatedDateTime"),
        })
        found.paths.append(path)
        found.lines.append(line)
    if by_room:
        rooms = ", ".join(sorted(by_room)[:3]) + (", ..." if len(by_room) > 3 else "")
        n = sum(by_room.values())
        found.notes.append(f"{n} {'story' if n == 1 else 'stories'} in {len(by_room)} room(s) ("
                           f"{rooms}) name no proposal; their room id is used as proposal_id "
                           "(thread id), so they will not join a proposal's row")
    return found


def modified_time(value: Any):
    """Parse a ``modifiedDateTime`` for ordering; None when missing or unreadable."""
    try:
        return parse_datetime(value)
    except ValueError:
        return None
