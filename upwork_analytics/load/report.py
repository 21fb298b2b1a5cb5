"""The load report: what was read from each file, and every row rejected, repaired or merged."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Issue kinds, in the order the summary lists them.
KINDS = ("rejected", "repaired", "duplicate", "warning")
_VALUE_LIMIT = 200
_LINE_VALUE_LIMIT = 60  # characters of a value shown in a one-line issue


def shorten(value: Any, limit: int = _VALUE_LIMIT) -> str | None:
    """Return ``value`` as text cut to ``limit`` characters (with its full length noted)."""
    if value is None:
        return None
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"


@dataclass(frozen=True)
class LoadIssue:
    """One row-level finding.

    Attributes
    ----------
    kind : {"rejected", "repaired", "duplicate", "warning"}
        ``rejected``: the row was dropped; ``repaired``: a value was set to null or changed;
        ``duplicate``: the row repeated another and was dropped; ``warning``: kept as is.
    file : str
        File name (with ``[sheet]`` for a workbook).
    line : int, str or None
        1-based line of a CSV (header = line 1), row of a worksheet, or index path in JSON.
    location : str
        ``line`` in words: ``"line 14"``, ``"row 14"`` or ``"at data.vendorProposals..."``.
    column : str or None
        The column as the file names it.
    value : str or None
        The offending value (long values are shortened).
    reason : str
        What was wrong and what was done.
    """

    kind: str
    file: str
    line: int | str | None
    location: str
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        """One line: file, location, column, value (shortened, quoted) and reason.

        The value is left out only where the reason already quotes it
        (``cannot read date '31/31/2025' ...``).
        """
        where = f"{self.file} {self.location}".strip()
        column = f", column '{self.column}'" if self.column else ""
        value = ""
        if self.value is not None:
            cut = self.value[:_LINE_VALUE_LIMIT]
            shown = repr(cut + ("..." if len(self.value) > len(cut) else ""))
            if repr(cut) not in self.reason:
                value = f", value {shown}"
        return f"{where}{column}{value}: {self.reason}"


@dataclass
class FileReport:
    """What was read from one file (or worksheet)."""

    file: str
    path: str
    format: str
    rows_read: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    note: str | None = None

    def describe(self) -> str:
        """One line: name, format details, rows and column mapping."""
        details = [self.format]
        if self.encoding:
            details.append(self.encoding)
        if self.delimiter:
            details.append({"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
                self.delimiter, repr(self.delimiter)))
        text = f"{self.file} ({', '.join(details)}): {self.rows_read:,} rows"
        if self.columns:
            pairs = [k if k == v else f"{k} -> {v}" for k, v in self.columns.items()]
            text += "; columns: " + ", ".join(pairs)
        if self.unmapped:
            text += "; kept unmapped: " + ", ".join(self.unmapped)
        if self.note:
            text += f"; {self.note}"
        return text


@dataclass
class LoadReport:
    """Everything a load did: rows read, kept and rejected, and why.

    ``rows_read == rows_kept + len(rejected) + duplicates_dropped`` always holds.
    """

    table: str
    files: list[FileReport] = field(default_factory=list)
    rows_read: int = 0
    rows_kept: int = 0
    duplicates_dropped: int = 0
    issues: list[LoadIssue] = field(default_factory=list)

    def _of(self, kind: str) -> list[LoadIssue]:
        return [i for i in self.issues if i.kind == kind]

    @property
    def rejected(self) -> list[LoadIssue]:
        """Rows dropped because a required value was missing or unreadable."""
        return self._of("rejected")

    @property
    def repaired(self) -> list[LoadIssue]:
        """Values set to null or corrected; the row was kept."""
        return self._of("repaired")

    @property
    def duplicates(self) -> list[LoadIssue]:
        """Rows dropped because they repeated another row: identical repeats and rows that
        repeated an id with different values (``len(duplicates) == duplicates_dropped``)."""
        return self._of("duplicate")

    @property
    def warnings(self) -> list[LoadIssue]:
        """Kept as is, but worth a look (formula-like cells, very long cells, ...)."""
        return self._of("warning")

    @property
    def usable(self) -> bool:
        """True when at least one row was kept."""
        return self.rows_kept > 0

    def add(self, kind: str, file: str, line: int | str | None, location: str,
            column: str | None, value: Any, reason: str) -> None:
        """Record one issue (``kind`` is one of :data:`KINDS`)."""
        if kind not in KINDS:
            raise ValueError(f"unknown issue kind {kind!r}; choose from {KINDS}")
        self.issues.append(LoadIssue(kind, file, line, location, column, shorten(value), reason))

    def sort_issues(self) -> None:
        """Order issues by file (in reading order), then line."""
        order = {f.file: i for i, f in enumerate(self.files)}
        self.issues.sort(key=lambda i: (order.get(i.file, len(order)), isinstance(i.line, str),
                                        i.line if isinstance(i.line, int) else 0, str(i.line)))

    def summary(self, limit: int = 20) -> str:
        """Text for the terminal: totals, a line per file, then up to ``limit`` issues per kind."""
        lines = [f"{self.table}: {self.rows_read:,} rows read from {len(self.files)} file(s), "
                 f"{self.rows_kept:,} kept, {len(self.rejected):,} rejected, "
                 f"{self.duplicates_dropped:,} duplicates dropped, {len(self.repaired):,} "
                 f"values repaired, {len(self.warnings):,} warnings"]
        lines += [f"  {f.describe()}" for f in self.files]
        for kind in KINDS:
            found = self._of(kind)
            if not found:
                continue
            lines.append(f"{kind.capitalize()} ({len(found):,}):")
            lines += [f"  {issue}" for issue in found[:limit]]
            if len(found) > limit:
                lines.append(f"  ... and {len(found) - limit:,} more (write them all with --json)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: counts, files and every issue."""
        return {
            "table": self.table,
            "rows_read": self.rows_read,
            "rows_kept": self.rows_kept,
            "rows_rejected": len(self.rejected),
            "duplicates_dropped": self.duplicates_dropped,
            "values_repaired": len(self.repaired),
            "usable": self.usable,
            "files": [asdict(f) for f in self.files],
            **{f"{kind}s" if kind in ("duplicate", "warning") else kind:
               [asdict(i) for i in self._of(kind)] for kind in KINDS},
        }
