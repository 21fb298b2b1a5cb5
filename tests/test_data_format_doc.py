"""docs/data-format.md: the generated column tables match the schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from upwork_analytics.load.data_format import column_table, update_doc
from upwork_analytics.schema import MESSAGE_COLUMNS, PROPOSAL_COLUMNS

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-format.md"


def test_committed_doc_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    assert update_doc(text) == text, (
        "docs/data-format.md is out of date: run "
        "'python -m upwork_analytics.load.data_format docs/data-format.md'")


def test_every_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for spec in PROPOSAL_COLUMNS + MESSAGE_COLUMNS:
        assert f"| `{spec.name}` | {spec.dtype} |" in text


def test_column_table_rows():
    table = column_table(MESSAGE_COLUMNS, {"sender": ("From",)})
    lines = table.splitlines()
    assert len(lines) == 2 + len(MESSAGE_COLUMNS)
    assert "| `sender` | str | yes | `me`, `client` or `system`. One of: `me`, `client`, " \
           "`system`. | From |" in lines


def test_update_doc_needs_markers():
    with pytest.raises(ValueError, match="BEGIN proposals columns"):
        update_doc("no markers here")
