"""Reading tracker spreadsheets (CSV, TSV, XLSX) into rows of text with their line numbers.

Files are only ever opened for reading. The format is told from the content, not the name:
a ZIP container is a workbook, ``{``/``[`` starts JSON, anything else is delimited text. Text
is decoded as UTF-16 (with a BOM), UTF-8 (with or without BOM), else cp1252, else latin-1.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from upwork_analytics.exceptions import InputFileError

DELIMITERS = ",;\t|"
_FIELD_LIMIT = 50_000_000
_BINARY_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\x1f\x8b": "a gzip archive",
                 b"\xd0\xcf\x11\xe0": "an old Excel .xls (or other OLE) file; save it as .xlsx "
                                      "or CSV", b"\xff\xd8\xff": "a JPEG image"}


@dataclass
class RawSheet:
    """One table of text cells as found in a file, before any column matching."""

    label: str  # file name, with [sheet] for a workbook
    path: str
    format: str  # "csv" or "xlsx"
    rows: list[list[str | None]]
    lines: list[int]  # 1-based line (CSV) or row (XLSX) of each row
    location_word: str = "line"
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def read_bytes(path: Path) -> bytes:
    """Read a file's bytes; a missing, unreadable or empty file raises InputFileError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputFileError(f"{path.name}: the file is empty")
    return data


def sniff_format(data: bytes, name: str) -> str:
    """Return ``"xlsx"``, ``"json"``, ``"jsonl"`` or ``"delimited"`` from the bytes themselves."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputFileError(f"{name}: this is {what}, not a tracker sheet or API JSON")
    body = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body[:1] in (b"{", b"["):
        first = body.split(b"\n", 1)[0].strip()
        try:
            json.loads(first)
        except ValueError:
            return "json"
        return "jsonl" if body[len(first):].strip().startswith(b"{") else "json"
    return "delimited"


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes of a text file; return ``(text, encoding)``. Binary data raises."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputFileError(f"{name}: starts like UTF-16 text but cannot be decoded "
                                 f"({exc.reason})") from None
    else:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r")
    if controls > max(8, len(sample) // 20):
        raise InputFileError(f"{name}: looks like a binary file, not text (expected a tracker "
                             "CSV/TSV/XLSX or Upwork API JSON)")
    return text, encoding


def _header_counts(line: str) -> dict[str, int]:
    """Delimiter counts in one line, outside double quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return counts


def sniff_delimiter(text: str) -> str:
    """Guess the delimiter among ``, ; tab |``.

    The header line decides (headers rarely contain delimiters, while cover letters full of
    commas and quoted line breaks mislead :class:`csv.Sniffer`); the sniffer, restricted to the
    same four characters, only breaks ties; comma is the fallback.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = _header_counts(first)
    top = max(counts.values())
    winners = [d for d, n in counts.items() if n == top and n > 0]
    if len(winners) == 1:
        return winners[0]
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return winners[0] if winners else ","


def read_delimited(text: str, label: str, path: str, encoding: str) -> RawSheet:
    """Split delimited text into rows, keeping each row's first line number (header = 1)."""
    delimiter = sniff_delimiter(text)
    rows: list[list[str | None]] = []
    lines: list[int] = []
    old_limit = csv.field_size_limit(_FIELD_LIMIT)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(list(row))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(f"{label} line {start}: cannot split into columns ({exc})") from None
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        raise InputFileError(f"{label}: the file is empty (no cells with data)")
    return RawSheet(label, path, "csv" if delimiter != "\t" else "tsv", rows, lines,
                    encoding=encoding, delimiter=delimiter)


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, name: str) -> list[RawSheet]:
    """Read every non-empty worksheet as text cells; formulas are kept as their text."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputFileError(f"{name}: cannot open as an Excel workbook ({exc})") from None
    sheets = []
    try:
        for sheet in book.worksheets:
            rows, lines = [], []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if any(c is not None and c.strip() for c in cells):
                    rows.append(cells)
                    lines.append(number)
            if rows:
                sheets.append(RawSheet(f"{name}[{sheet.title}]", str(path), "xlsx", rows, lines,
                                       location_word="row"))
    finally:
        book.close()
    return sheets


def header_row(rows: list[list[str | None]], score) -> int:
    """Index of the header among the first ten rows: the first one ``score`` rates >= 2 (a
    title line above the header is skipped), else 0."""
    for i, row in enumerate(rows[:10]):
        if score(row) >= 2:
            return i
    return 0


def unique_headers(cells: list[str | None]) -> list[str]:
    """Header texts, with blanks named ``column_N`` and repeats suffixed ``.2``, ``.3``."""
    seen: dict[str, int] = {}
    out = []
    for n, cell in enumerate(cells, start=1):
        text = re.sub(r"\s+", " ", (cell or "").replace("\ufeff", "")).strip() or f"column_{n}"
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text}.{seen[text]}")
    return out
