"""Reading tracker spreadsheets (CSV, TSV, XLSX) into rows of text with their line numbers.

Files are only ever opened for reading. The format is told from the content, not the name:
a ZIP container is a workbook, ``{``/``[`` starts JSON, anything else is delimited text. Text
is decoded as its byte-order mark says, else as BOM-less UTF-16 when its zero bytes say so,
else as UTF-8, else in the encoding charset-normalizer detects (:func:`read_text`); an
``encoding`` given by the user overrides all of it.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

from upwork_analytics.exceptions import InputFileError, ParameterError

DELIMITERS = ",;\t|"
_FIELD_LIMIT = 50_000_000
_BINARY_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\x1f\x8b": "a gzip archive",
                 b"\xd0\xcf\x11\xe0": "an old Excel .xls (or other OLE) file; save it as .xlsx "
                                      "or CSV", b"\xff\xd8\xff": "a JPEG image"}


@dataclass
class SheetProblem:
    """A finding about one cell made while splitting a file into rows (before the header is
    known): ``column`` is the cell's 0-based position in its row."""

    kind: str  # a load_report kind: "repaired" or "warning"
    line: int
    column: int | None
    value: str | None
    reason: str


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
    problems: list[SheetProblem] = field(default_factory=list)


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
    body = data
    for bom, _codec_name in _BOMS:
        body = body.removeprefix(bom)
    if b"\x00" in body[:64]:  # UTF-16/32: look at the characters, not the zero bytes
        body = body.replace(b"\x00", b"")
    body = body.lstrip()
    if body[:1] in (b"{", b"["):
        first = body.split(b"\n", 1)[0].strip()
        try:
            json.loads(first)
        except ValueError:
            return "json"
        return "jsonl" if body[len(first):].strip().startswith(b"{") else "json"
    return "delimited"


class Decoded(NamedTuple):
    """A text file's text and how it was read."""

    text: str
    encoding: str  # a Python codec name, e.g. "utf-8", "cp1251", "utf-16-le"
    detected: bool  # True when guessed (not UTF-8, no BOM, no --encoding): say so in the report


#: Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
#: When the detector finds several encodings about equally likely (the same bytes read as
#: plausible text in each), the first of these wins: the legacy encodings trackers are saved
#: in (Excel's "CSV" on Windows uses the system's ANSI code page). DOS code pages (cp437,
#: cp850, ...) are never preferred: they read Western text without errors but wrongly.
PREFERRED_ENCODINGS = ("cp1252", "cp1251", "cp932", "gb18030", "big5", "cp949", "cp1250",
                       "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "koi8-r",
                       "koi8-u", "euc_jp", "iso8859-15", "latin-1")
#: How much more "chaos" (charset-normalizer's measure of implausible text) than the best
#: reading still counts as a tie.
_CHAOS_TIE = 0.03


def _codec(name: str) -> str:
    return codecs.lookup(name).name


_RANK = {_codec(e): i for i, e in enumerate(PREFERRED_ENCODINGS)}


def check_encoding(encoding: str) -> str:
    """The codec name of ``encoding`` (``"Windows-1251"`` -> ``"cp1251"``); an unknown name
    raises ParameterError."""
    try:
        return _codec(encoding)
    except (LookupError, TypeError):
        raise ParameterError(f"unknown encoding {encoding!r} (expected a name such as utf-8, "
                             "cp1251, shift_jis, utf-16-le, latin-1)") from None


def read_text(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Decode the bytes of a text file (tracker CSV/TSV, API JSON, mapping file).

    With ``encoding``, exactly that (a byte it cannot read is an error naming the line).
    Otherwise, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM (every
    other byte zero, as in mostly-ASCII text); UTF-8 (the fast path: most files); else the
    encoding charset-normalizer finds most plausible, ties going to
    :data:`PREFERRED_ENCODINGS`, with ``detected=True`` so the load report says so. Text
    with many control characters is rejected as binary.

    Raises
    ------
    InputFileError
        Binary data, or a byte ``encoding`` cannot decode.
    ParameterError
        An unknown ``encoding``.
    """
    if encoding is not None:
        codec = check_encoding(encoding)
        if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            bad = data[exc.start:exc.end].hex(" ")
            raise InputFileError(f"{name} line {line}: bytes {bad} cannot be read as "
                                 f"{encoding} (--encoding; leave it out to detect the "
                                 "encoding)") from None
        return Decoded(_check_text(text, name), codec, False)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputFileError(f"{name}: starts like {codec.upper()} text but cannot be "
                                     f"decoded ({exc.reason})") from None
            return Decoded(_check_text(text.removeprefix("\ufeff"), name), codec, False)
    codec = _utf16_without_bom(data)
    if codec is not None:
        return Decoded(_check_text(data.decode(codec), name), codec, True)
    try:
        return Decoded(_check_text(data.decode("utf-8"), name), "utf-8", False)
    except UnicodeDecodeError:
        pass
    return _detect(data, name)


def decode_text(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of :func:`read_text`."""
    decoded = read_text(data, name, encoding)
    return decoded.text, decoded.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the zero bytes say so: in UTF-16 text that is at
    least a third ASCII (headers, digits, commas) one byte of each such pair is zero, always
    on the same side; other text files have no zero bytes. None otherwise or when the bytes
    do not decode."""
    head = data[:8192]
    head = head[:len(head) // 2 * 2]
    half = len(head) // 2
    if half < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for codec, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= half / 3 and others <= half / 50:
            try:
                data[:len(data) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                return None
            return codec if len(data) % 2 == 0 else None
    return None


def _plausible(codec: str, text: str) -> bool:
    """Rule out a known false reading: Shift-JIS bytes read as Korean cp949 give mostly the
    rare Hangul syllables outside KS X 1001 (the 2,350 in everyday use)."""
    if codec != "cp949":
        return True
    hangul = [ch for ch in text[:20000] if "\uac00" <= ch <= "\ud7a3"]
    if not hangul:
        return True
    rare = 0
    for ch in hangul:
        b = ch.encode("cp949")
        rare += not (b[0] >= 0xA1 and b[1] >= 0xA1)
    return rare <= len(hangul) / 5


def _detect(data: bytes, name: str) -> Decoded:
    """The most plausible legacy encoding of bytes that are not UTF-8 (charset-normalizer)."""
    from charset_normalizer import from_bytes

    candidates = []
    for match in from_bytes(data):
        names = [match.encoding, *match.could_be_from_charset]
        codecs_ = []
        for n in names:
            try:
                codecs_.append(_codec(n))
            except LookupError:
                continue
        rank, codec = min(((_RANK.get(c, len(_RANK)), c) for c in codecs_),
                          default=(len(_RANK), match.encoding))
        candidates.append((match.chaos, rank, codec))
    if candidates:
        best = min(c[0] for c in candidates)
        ordered = sorted((rank, chaos, codec) for chaos, rank, codec in candidates
                         if chaos <= best + _CHAOS_TIE)
        ordered += sorted((rank, chaos, codec) for chaos, rank, codec in candidates
                          if chaos > best + _CHAOS_TIE)
        for _rank, _chaos, codec in ordered:
            try:
                text = data.decode(codec)  # the whole file: the detector reads samples
            except (UnicodeDecodeError, LookupError):
                continue
            if _plausible(codec, text):
                return Decoded(_check_text(text, name), codec, True)
    raise InputFileError(_BINARY.format(name=name))


def _check_text(text: str, name: str) -> str:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r")
    if controls > max(8, len(sample) // 20):
        raise InputFileError(_BINARY.format(name=name))
    return text


_BINARY = ("{name}: looks like a binary file, not text (expected a tracker CSV/TSV/XLSX or "
           "Upwork API JSON; a text file in an unusual encoding: give it with --encoding NAME)")


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


@dataclass
class _OpenQuote:
    """A quoted field that swallowed a line break and then ran to the end of the file
    (``close`` None) or was closed by a quote followed by more text (which in valid CSV never
    happens: it was the opening quote of a later field)."""

    line: int  # index, among the record's lines, of the line the quote opened on
    field: int  # 0-based position of the field in the record
    close: tuple[int, int] | None  # (line index, offset) of the quote that closed it


_QUOTED_BODY = re.compile(r'[^"]*(?:""[^"]*)*')  # inside quotes, up to the closing one


def _open_quote(record: list[str], delimiter: str) -> _OpenQuote | None:
    """Find a runaway quoted field in the physical lines of one CSV record (the csv module's
    non-strict rules: a quote opens a field only at its start, ``""`` is a quote inside, text
    after a closing quote joins the field)."""
    text = "".join(record)
    starts = list(itertools.accumulate((len(line) for line in record[:-1]), initial=0))
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    i, size, field_no, at_start = 0, len(text), 0, True
    while i < size:
        ch = text[i]
        if ch == delimiter:
            i, field_no, at_start = i + 1, field_no + 1, True
        elif ch in "\r\n":
            i, field_no, at_start = i + 1, 0, True
        elif at_start and ch == '"':
            close = _QUOTED_BODY.match(text, i + 1).end()  # index of the closing quote
            opened = bisect.bisect_right(starts, i) - 1
            if close >= size:
                return _OpenQuote(opened, field_no, None)
            after = text[close + 1:close + 2]
            if after and after not in (delimiter, "\r", "\n") and (
                    "\n" in text[i:close] or "\r" in text[i:close]):
                line = bisect.bisect_right(starts, close) - 1
                return _OpenQuote(opened, field_no, (line, close - starts[line]))
            i, at_start = close + 1, False
        else:
            i, at_start = unquoted.match(text, i).end(), False
    return None


def _fields(line: str, delimiter: str) -> list[str]:
    """The cells of one physical line read on its own (a quote left open ends with it)."""
    cells = [c for row in csv.reader([line], delimiter=delimiter) for c in row]
    if cells:
        cells[-1] = cells[-1].rstrip("\r\n")
    return cells


def read_delimited(text: str, label: str, path: str, encoding: str) -> RawSheet:
    """Split delimited text into rows, keeping each row's first line number (header = 1).

    A quote that is opened and never closed would swallow every following row into one cell.
    When the lines it swallows look like rows (as many cells as the header), the cell is cut
    at the end of the line the quote opened on, the following lines are read as rows again,
    and the cut is listed in :attr:`RawSheet.problems` as repaired; when they do not (a last
    multi-line cell missing its closing quote), the cell is kept and listed as a warning.
    """
    delimiter = sniff_delimiter(text)
    physical = io.StringIO(text, newline="").readlines()
    rows: list[list[str | None]] = []
    lines: list[int] = []
    problems: list[SheetProblem] = []
    old_limit = csv.field_size_limit(_FIELD_LIMIT)
    pos, start = 0, 1
    try:
        while pos < len(physical):
            reader = csv.reader(itertools.islice(physical, pos, None), delimiter=delimiter)
            base, pos = pos, len(physical)
            for row in reader:
                end = base + reader.line_num  # 1-based last line of this row
                if end > start or end == len(physical):
                    quote = _open_quote(physical[start - 1:end], delimiter)
                    cut = quote and _cut_runaway(quote, physical, start, end, row, rows,
                                                 delimiter, problems)
                    if cut is not None:
                        row, pos = cut, start + quote.line  # re-read after the opening line
                if any(cell.strip() for cell in row):
                    rows.append(list(row))
                    lines.append(start)
                if pos < len(physical):
                    start = pos + 1
                    break
                start = end + 1
    except csv.Error as exc:
        raise InputFileError(f"{label} line {start}: cannot split into columns ({exc})") from None
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        raise InputFileError(f"{label}: the file is empty (no cells with data)")
    return RawSheet(label, path, "csv" if delimiter != "\t" else "tsv", rows, lines,
                    encoding=encoding, delimiter=delimiter, problems=problems)


def _cut_runaway(quote: _OpenQuote, physical: list[str], start: int, end: int, row: list[str],
                 rows: list[list[str | None]], delimiter: str,
                 problems: list[SheetProblem]) -> list[str] | None:
    """Handle a runaway quote in the record on lines ``start``-``end``: return the record cut
    at the end of the quote's line when the swallowed lines look like rows (else None), and
    list what was done in ``problems``."""
    opened = start + quote.line  # 1-based line of the opening quote
    if quote.close is None:
        swallowed = physical[opened:end]
    else:
        close_line, offset = quote.close
        swallowed = physical[opened:start + close_line - 1]
        swallowed.append(physical[start + close_line - 1][:offset])
    width = max((len(r) for r in rows[:5]), default=0) or len(
        _fields(physical[opened - 1], delimiter))
    shaped = width >= 2 and any(
        line.strip() and len(_fields(line, delimiter)) >= width for line in swallowed)
    last = opened + len(swallowed)
    if shaped:
        record = [c for r in csv.reader(physical[start - 1:opened], delimiter=delimiter)
                  for c in r]
        if record:
            record[-1] = record[-1].rstrip("\r\n")
        value = record[quote.field] if quote.field < len(record) else None
        until = "never closed" if quote.close is None else f"closed only on line {last}"
        span = _span(opened + 1, last)
        problems.append(SheetProblem(
            "repaired", opened, quote.field, value,
            f"a quote opened in this cell is {until}, swallowing {span} into it; cut the cell "
            f"at the end of line {opened} and read {span} as rows (check this cell)"))
        return record
    if quote.close is None:
        if row and row[-1].endswith(("\n", "\r")):  # the file's last line break ends the row
            row[-1] = row[-1][:-2] if row[-1].endswith("\r\n") else row[-1][:-1]
        problems.append(SheetProblem(
            "warning", opened, quote.field, row[quote.field] if quote.field < len(row) else None,
            f"a quote opened in this cell is never closed; {_span(opened, end)} read as one "
            "cell, to the end of the file"))
    return None


def _span(first: int, last: int) -> str:
    return f"line {first}" if first >= last else f"lines {first}-{last}"


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
    """Read every non-empty worksheet as text cells.

    A formula cell gives the value Excel last computed for it (a ``=TODAY()`` date arrives as
    that date); only a formula without such a cached value (a file written by a tool that does
    not compute formulas) gives its text, ``=HYPERLINK(...)``, which the loader flags.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    books = []
    try:
        for data_only in (True, False):  # cached values, then formula texts for the gaps
            books.append(openpyxl.load_workbook(path, read_only=True, data_only=data_only))
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        for book in books:
            book.close()
        raise InputFileError(f"{name}: cannot open as an Excel workbook ({exc})") from None
    values, formulas = books
    sheets = []
    try:
        for sheet, formula_sheet in zip(values.worksheets, formulas.worksheets):
            rows, lines = [], []
            pairs = itertools.zip_longest(sheet.iter_rows(values_only=True),
                                          formula_sheet.iter_rows(values_only=True),
                                          fillvalue=())
            for number, (cached, written) in enumerate(pairs, start=1):
                cells = [_cell_text(v if v is not None else f if isinstance(f, str) and
                                    f.startswith("=") else None)
                         for v, f in itertools.zip_longest(cached, written)]
                if any(c is not None and c.strip() for c in cells):
                    rows.append(cells)
                    lines.append(number)
            if rows:
                sheets.append(RawSheet(f"{name}[{sheet.title}]", str(path), "xlsx", rows, lines,
                                       location_word="row"))
    finally:
        values.close()
        formulas.close()
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
