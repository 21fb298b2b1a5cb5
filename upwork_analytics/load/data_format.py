"""The column tables of ``docs/data-format.md``, generated from the canonical schema.

The doc keeps hand-written prose; the text between ``<!-- BEGIN <table> columns -->`` and
``<!-- END <table> columns -->`` is generated. Regenerate with
``python -m upwork_analytics.load.data_format docs/data-format.md``; a test checks it is current.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from upwork_analytics.load.columns import MESSAGE_ALIASES, PROPOSAL_ALIASES
from upwork_analytics.schema import MESSAGE_COLUMNS, PROPOSAL_COLUMNS, ColumnSpec

TABLES = {"proposals": (PROPOSAL_COLUMNS, PROPOSAL_ALIASES),
          "messages": (MESSAGE_COLUMNS, MESSAGE_ALIASES)}


def column_table(columns: tuple[ColumnSpec, ...], aliases: dict[str, tuple[str, ...]]) -> str:
    """A Markdown table: column, type, required, meaning, and the sheet headers it accepts."""
    lines = ["| Column | Type | Required | Meaning | Sheet headers accepted |",
             "|---|---|---|---|---|"]
    for spec in columns:
        allowed = f" One of: {', '.join(f'`{a}`' for a in spec.allowed)}." if spec.allowed else ""
        headers = ", ".join(aliases.get(spec.name, ())) or "-"
        meaning = (spec.description + allowed).replace("|", "\\|")
        lines.append(f"| `{spec.name}` | {spec.dtype} | {'yes' if spec.required else 'no'} | "
                     f"{meaning} | {headers} |")
    return "\n".join(lines)


def update_doc(text: str) -> str:
    """Return ``text`` with each generated column table replaced by the current one."""
    for table, (columns, aliases) in TABLES.items():
        pattern = re.compile(rf"(<!-- BEGIN {table} columns -->\n)(?:.*?\n)?(<!-- END {table} "
                             r"columns -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"no '<!-- BEGIN {table} columns -->' ... '<!-- END {table} "
                             "columns -->' markers in the document")
        text = pattern.sub(lambda m: m.group(1) + column_table(columns, aliases) + "\n"
                           + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite the column tables of the given doc file (default ``docs/data-format.md``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/data-format.md")
    path.write_text(update_doc(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
