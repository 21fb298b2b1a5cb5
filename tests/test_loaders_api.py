"""Upwork API JSON dumps: vendorProposals pages and JSON lines, roomStories."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from upwork_analytics import load_messages, load_proposals
from upwork_analytics.exceptions import InputFileError, ParameterError
from upwork_analytics.schema import M, P

DATA = Path(__file__).parent / "data" / "loaders"


def _nullable(values: pd.Series) -> list:
    """Values as a list with pd.NA as None (pd.NA == x is neither True nor False)."""
    return [None if pd.isna(v) else v for v in values]


def test_vendor_proposals_pages_merge_same_node_keeping_latest_modified():
    df, report = load_proposals(DATA / "api_vendor_proposals_pages.json", return_report=True)
    assert df[P.proposal_id].tolist() == ["1600000000000000001", "1600000000000000002"]
    first = df.set_index(P.proposal_id).loc["1600000000000000001"]
    assert first[P.upwork_status] == "Hired"  # page 2 copy: modified Mar 9 > Mar 5
    assert [first[c] for c in (P.viewed, P.interviewed, P.offered, P.hired)] == [True] * 4
    assert first[P.submitted_at] == pd.Timestamp("2025-03-04T00:00Z")  # epoch ms
    assert first[P.cover_letter] == "Hi Anna,\nI built three Shopify stores like yours."
    assert (first[P.bid_amount], first[P.currency]) == (45.0, "USD")
    assert (first[P.contract_type], first[P.budget_min], first[P.budget_max]) == ("hourly", 30.0,
                                                                                  60.0)
    assert first[P.job_id] == "1599999999999999991"
    assert first[P.job_title] == "Shopify store redesign"
    assert first[P.job_description] == "Need a redesign. What is your timeline?"
    assert (first[P.client_country], first[P.client_payment_verified]) == ("Germany", True)
    assert first[P.source] == "api"

    second = df.set_index(P.proposal_id).loc["1600000000000000002"]
    assert second[P.cover_letter] == "Hello, I can write your API docs."  # deprecated field
    assert second[P.submitted_at] == pd.Timestamp("2025-03-10T09:30Z")  # ISO
    assert (second[P.contract_type], second[P.budget_min], second[P.budget_max]) == ("fixed",
                                                                                     500.0, 800.0)
    assert (second[P.offered], second[P.hired]) == (False, False)
    assert pd.isna(second[P.viewed])

    assert (report.rows_read, report.rows_kept, report.duplicates_dropped) == (3, 2, 1)
    (dup,) = report.duplicates
    assert dup.line == "[0].data.vendorProposals.edges[0].node"
    assert "[1].data.hired.edges[0].node" in dup.reason
    assert "upwork_status" in dup.reason


def test_same_node_in_two_dump_files_is_still_merged(tmp_path):
    pages = json.loads((DATA / "api_vendor_proposals_pages.json").read_text())
    node = pages[1]["data"]["hired"]["edges"][0]["node"]
    node["proposalCoverLetter"] += " (edited)"  # an Upwork id is one proposal, whatever differs
    paths = [tmp_path / "march.json", tmp_path / "april.json"]
    for path, page in zip(paths, pages):
        path.write_text(json.dumps(page), encoding="utf-8")
    df, report = load_proposals(paths, return_report=True)
    assert sorted(df[P.proposal_id]) == ["1600000000000000001", "1600000000000000002"]
    assert df.set_index(P.proposal_id).loc["1600000000000000001", P.upwork_status] == "Hired"
    assert report.duplicates_dropped == 1 and not report.warnings


def test_vendor_proposals_json_lines_with_a_bad_date():
    df, report = load_proposals(DATA / "api_vendor_proposals.jsonl", return_report=True)
    assert df[P.proposal_id].tolist() == ["900001", "900003"]
    assert df[P.submitted_at].tolist() == [pd.Timestamp("2025-03-04T00:00Z"),
                                           pd.Timestamp("2025-03-06T08:00Z")]
    assert df[P.upwork_status].tolist() == ["Pending", "Invalid"]
    assert df[P.viewed].tolist()[1] == True  # noqa: E712  viewedByClient
    assert df[P.hired].tolist()[1] == False  # noqa: E712  Invalid
    (rejected,) = report.rejected
    assert (rejected.line, rejected.column, rejected.value) == (
        2, "auditDetails.createdDateTime.rawValue", "not a date")
    assert rejected.location == "line 2 at data.vendorProposals.edges[0].node"


def test_single_response_object(tmp_path):
    pages = json.loads((DATA / "api_vendor_proposals_pages.json").read_text())
    path = tmp_path / "one.json"
    path.write_text(json.dumps(pages[0]), encoding="utf-8")
    df = load_proposals(path)
    assert sorted(df[P.upwork_status]) == ["Activated", "Declined"]
    activated = df.set_index(P.upwork_status).loc["Activated"]
    assert [activated[c] for c in (P.viewed, P.interviewed)] == [True, True]
    assert pd.isna(activated[P.hired])


def test_api_and_sheet_together(tmp_path):
    df, report = load_proposals([DATA / "api_vendor_proposals_pages.json",
                                 DATA / "tracker_bom.csv"], return_report=True)
    assert sorted(df[P.source].unique()) == ["api", "sheet"]
    assert report.rows_kept == 4


def test_room_stories_resolve_me_from_user_id():
    df, report = load_messages(DATA / "api_room_stories.json", me="me_7", return_report=True)
    assert df[M.message_id].tolist() == ["story_1", "story_2", "story_3"]  # sorted by time
    assert df[M.sender].tolist() == ["client", "me", "client"]
    assert df[M.proposal_id].unique().tolist() == ["1600000000000000001"]
    assert df[M.thread_id].unique().tolist() == ["room_abc"]
    assert df[M.sent_at].tolist() == [pd.Timestamp("2025-03-05T10:00Z"),
                                      pd.Timestamp("2025-03-05T12:00Z"),
                                      pd.Timestamp("2025-03-05T16:00Z")]
    # story_1 has "attachments": null, story_2 a file, story_3 an empty list
    assert _nullable(df[M.has_attachment]) == [None, True, False]
    assert df[M.text].tolist()[1] == "Here is my portfolio."
    assert report.rows_kept == 3


def test_room_stories_me_by_name_or_org():
    assert load_messages(DATA / "api_room_stories.json", me=["John D."])[M.sender].tolist() == [
        "client", "me", "client"]
    assert load_messages(DATA / "api_room_stories.json", me="org_client")[M.sender].tolist() == [
        "me", "client", "me"]


def test_room_stories_without_me_lists_candidate_ids():
    with pytest.raises(ParameterError, match=r"--me ID.*client_42 \(2\), me_7 \(1\)"):
        load_messages(DATA / "api_room_stories.json")


def test_room_stories_proposal_from_room_object(tmp_path):
    dump = {"data": {"roomList": {"edges": [{"node": {"id": "r9", "roomType": "INTERVIEW",
                                                      "vendorProposal": {"id": "P9"}}}]}},
            "stories": {"roomId": "r9", "edges": [{"node": {
                "id": "s1", "createdDateTime": "2025-03-05T10:00:00Z", "message": "hi",
                "user": {"id": "u1"}}}]}}
    path = tmp_path / "rooms.json"
    path.write_text(json.dumps(dump), encoding="utf-8")
    df = load_messages(path, me="u1")
    assert (df.loc[0, M.proposal_id], df.loc[0, M.thread_id], df.loc[0, M.sender]) == (
        "P9", "r9", "me")


def test_room_stories_with_only_a_room_use_the_room_id_and_say_so(tmp_path):
    dump = {"roomId": "r1", "stories": [
        {"id": "s1", "createdDateTime": "2025-03-05T10:00:00Z", "message": "hi",
         "user": {"id": "u1"}},
        {"id": "s2", "createdDateTime": "2025-03-05T11:00:00Z", "message": "yo",
         "user": {"id": "u2"}, "vendorProposalId": "P1", "attachments": []}]}
    path = tmp_path / "stories.json"
    path.write_text(json.dumps(dump), encoding="utf-8")
    df, report = load_messages(path, me="u1", return_report=True)
    rows = df.set_index(M.message_id)
    assert rows[M.proposal_id].to_dict() == {"s1": "r1", "s2": "P1"}  # s1: the room id
    assert rows[M.thread_id].to_dict() == {"s1": "r1", "s2": "r1"}
    assert _nullable(rows.loc[["s1", "s2"], M.has_attachment]) == [None, False]  # no field: NA
    assert not report.rejected
    assert report.files[0].note == (
        "1 story in 1 room(s) (r1) name no proposal; their room id is used as proposal_id "
        "(thread id), so they will not join a proposal's row")


def test_room_stories_without_room_or_proposal_are_rejected(tmp_path):
    dump = {"stories": [
        {"id": "s1", "createdDateTime": "2025-03-05T10:00:00Z", "message": "hi",
         "user": {"id": "u1"}},
        {"id": "s2", "createdDateTime": "2025-03-05T11:00:00Z", "message": "yo",
         "user": {"id": "u2"}, "vendorProposalId": "P1"}]}
    path = tmp_path / "stories.json"
    path.write_text(json.dumps(dump), encoding="utf-8")
    df, report = load_messages(path, me="u1", return_report=True)
    assert df[M.message_id].tolist() == ["s2"]
    assert report.rejected[0].reason == "no proposal_id (required)"
    assert report.files[0].note is None


def test_wrong_table_gives_a_hint():
    with pytest.raises(InputFileError, match="load it as messages"):
        load_proposals(DATA / "api_room_stories.json")
    with pytest.raises(InputFileError, match="no roomStories found"):
        load_messages(DATA / "api_vendor_proposals_pages.json", me="x")


def test_graphql_error_response(tmp_path):
    path = tmp_path / "err.json"
    path.write_text('{"data": null, "errors": [{"message": "Transform timeout"}]}', "utf-8")
    with pytest.raises(InputFileError, match="Transform timeout"):
        load_proposals(path)
