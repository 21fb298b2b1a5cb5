"""Loading a freelancer's proposal and message history, in whatever shape they have it.

:func:`load_proposals` and :func:`load_messages` take one path or several, tell each file's
format from its content (tracker CSV/TSV/XLSX, Upwork API JSON or JSON lines), and return the
canonical table (:mod:`upwork_analytics.schema`), optionally with a :class:`LoadReport` of every
row read, kept, rejected or repaired. Input files are only read, never written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import timezone, tzinfo
from pathlib import Path
from typing import Literal, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from upwork_analytics.exceptions import InputFileError, ParameterError, SchemaError
from upwork_analytics.load.canonical import FILE, LINE, LOC, META, MODIFIED, ORDER, Rows
from upwork_analytics.load.columns import IGNORE, check_column_map, closest_header, match_columns
from upwork_analytics.load.report import FileReport, LoadReport
from upwork_analytics.load.tables import build_messages, build_proposals
from upwork_analytics.load.tracker import (
    RawSheet,
    check_encoding,
    decode_text,
    header_row,
    read_bytes,
    read_delimited,
    read_text,
    read_xlsx,
    sniff_format,
    unique_headers,
)
from upwork_analytics.load.upwork_api import (
    MESSAGE_LABELS,
    ApiRecords,
    load_json,
    modified_time,
    proposal_labels,
    read_room_stories,
    read_vendor_proposals,
)
from upwork_analytics.schema import MESSAGE_COLUMNS, PROPOSAL_COLUMNS, P

PathLike = str | Path
REQUIRED = {"proposals": tuple(s.name for s in PROPOSAL_COLUMNS if s.required and
                               s.name != P.proposal_id),
            "messages": tuple(s.name for s in MESSAGE_COLUMNS if s.required)}

__all__ = ["LoadReport", "load_messages", "load_proposals", "parse_column_map",
           "read_column_map", "split_column_map"]


@overload
def load_proposals(paths: PathLike | Sequence[PathLike], *, column_map: Mapping[str, str]
                   | None = ..., dayfirst: bool | None = ..., tz: str | tzinfo = ...,
                   encoding: str | None = ...,
                   return_report: Literal[False] = ...) -> pd.DataFrame: ...
@overload
def load_proposals(paths: PathLike | Sequence[PathLike], *, column_map: Mapping[str, str]
                   | None = ..., dayfirst: bool | None = ..., tz: str | tzinfo = ...,
                   encoding: str | None = ...,
                   return_report: Literal[True]) -> tuple[pd.DataFrame, LoadReport]: ...
def load_proposals(paths, *, column_map=None, dayfirst=None, tz="UTC", encoding=None,
                   return_report=False):
    """Load proposal history into the canonical proposals table.

    Parameters
    ----------
    paths : path or sequence of paths
        Tracker sheets (CSV, TSV, semicolon CSV, XLSX; text in UTF-8, UTF-16 with or without
        BOM, or a legacy encoding such as cp1252, cp1251 or Shift-JIS, detected) and/or Upwork
        API ``vendorProposals`` dumps (JSON or JSON lines).
        Several files are concatenated and repeated proposals de-duplicated.
    column_map : mapping of str to str, optional
        ``{header: canonical column}``, overriding the built-in header aliases
        (``{"Cover Letter": "cover_letter"}``); map a header to ``"ignore"`` to skip it.
    dayfirst : bool or None, default None
        Read ``03/04/2025`` as 3 April (True) or March 4 (False). None: month first unless a
        file has dates such as ``31/03/2025`` that can only be day first.
    tz : str or tzinfo, default "UTC"
        Time zone of spreadsheet times without one (``"Europe/Berlin"``); results are UTC.
    encoding : str, optional
        Text encoding of the CSV/TSV/JSON files (``"cp1251"``); default: UTF-8 when the bytes
        are UTF-8, else detected, and the load report names what was used.
    return_report : bool, default False
        Also return the :class:`LoadReport`.

    Returns
    -------
    pd.DataFrame or (pd.DataFrame, LoadReport)
        One row per proposal, columns as in ``schema.PROPOSAL_COLUMNS`` (unmapped sheet
        columns follow, as text).

    Raises
    ------
    InputFileError
        A file is missing, unreadable, empty, binary or not a known format.
    SchemaError
        A file has no column for a required field (``submitted_at``, ``cover_letter``), or no
        row is usable.
    ParameterError
        ``column_map``, ``tz`` or ``encoding`` is invalid.
    """
    checked = check_column_map(column_map, "proposals")
    zone = _zone(tz)
    encoding = None if encoding is None else check_encoding(encoding)
    report = LoadReport("proposals")
    rows = _read_all(paths, "proposals", checked, None, report, encoding)
    df = build_proposals(rows, dayfirst, zone)
    _check_usable(report)
    return (df, report) if return_report else df


@overload
def load_messages(paths: PathLike | Sequence[PathLike], *, me: str | Sequence[str] | None = ...,
                  column_map: Mapping[str, str] | None = ..., dayfirst: bool | None = ...,
                  tz: str | tzinfo = ..., encoding: str | None = ...,
                  return_report: Literal[False] = ...) -> pd.DataFrame: ...
@overload
def load_messages(paths: PathLike | Sequence[PathLike], *, me: str | Sequence[str] | None = ...,
                  column_map: Mapping[str, str] | None = ..., dayfirst: bool | None = ...,
                  tz: str | tzinfo = ..., encoding: str | None = ...,
                  return_report: Literal[True]) -> tuple[pd.DataFrame, LoadReport]: ...
def load_messages(paths, *, me=None, column_map=None, dayfirst=None, tz="UTC", encoding=None,
                  return_report=False):
    """Load conversations into the canonical messages table.

    Parameters
    ----------
    paths : path or sequence of paths
        Message CSV/XLSX files (proposal id, time, sender, text) and/or Upwork API
        ``roomStories`` dumps.
    me : str or sequence of str, optional
        Your own Upwork user id(s), nid or name. A sender equal to one of them is ``me``, any
        other person ``client``. Required for API dumps (stories carry only user ids) and for
        sheets whose sender column holds names rather than ``me``/``client``.
    column_map, dayfirst, tz, encoding, return_report
        As in :func:`load_proposals`.

    Returns
    -------
    pd.DataFrame or (pd.DataFrame, LoadReport)
        One row per message, columns as in ``schema.MESSAGE_COLUMNS``.

    Raises
    ------
    InputFileError, SchemaError, ParameterError
        As in :func:`load_proposals`; also ParameterError for an API dump without ``me``.
    """
    checked = check_column_map(column_map, "messages")
    zone = _zone(tz)
    encoding = None if encoding is None else check_encoding(encoding)
    mine = frozenset([me] if isinstance(me, str) else me or ())
    report = LoadReport("messages")
    rows = _read_all(paths, "messages", checked, mine, report, encoding)
    df = build_messages(rows, mine, dayfirst, zone)
    _check_usable(report)
    return (df, report) if return_report else df


def parse_column_map(items: Sequence[str]) -> dict[str, str]:
    """Parse ``["Cover Letter=cover_letter", ...]`` (the ``--map`` option) into a dict."""
    mapping = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip():
            raise ParameterError(f"cannot read mapping {item!r}; expected HEADER=column, e.g. "
                                 "\"Cover Letter=cover_letter\"")
        mapping[header.strip()] = target.strip()
    return mapping


def split_column_map(mapping: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Split one user mapping into ``{"proposals": {...}, "messages": {...}}`` by target column
    (the CLI takes one ``--map`` list for both tables).

    Raises
    ------
    ParameterError
        When a target is a column of neither table.
    """
    names = {table: {s.name for s in columns} for table, columns in
             (("proposals", PROPOSAL_COLUMNS), ("messages", MESSAGE_COLUMNS))}
    split: dict[str, dict[str, str]] = {"proposals": {}, "messages": {}}
    for header, target in mapping.items():
        tables = [t for t, cols in names.items() if target in cols or target in ("", IGNORE)]
        if not tables:
            check_column_map({header: target}, "proposals")  # raises with the allowed names
        for table in tables:
            split[table][header] = target
    return split


def read_column_map(path: PathLike) -> dict[str, str]:
    """Read a mapping file: a JSON object ``{"HEADER": "column"}`` or ``HEADER=column`` lines
    (blank lines and lines starting with ``#`` are ignored)."""
    text, _ = decode_text(read_bytes(Path(path)), Path(path).name)
    if text.lstrip().startswith("{"):
        try:
            mapping = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParameterError(f"{path}: not valid JSON ({exc.msg})") from None
        if not all(isinstance(v, str) for v in mapping.values()):
            raise ParameterError(f"{path}: every value must be a column name")
        return mapping
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return parse_column_map(lines)


# --------------------------------------------------------------------------- internals


def _zone(tz: str | tzinfo) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    if str(tz).upper() == "UTC":
        return timezone.utc
    try:
        return ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise ParameterError(f"unknown time zone {tz!r}; use an IANA name such as "
                             "'Europe/Berlin' or 'UTC'") from None


def _as_paths(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not items:
        raise InputFileError("no input files given")
    return [Path(p) for p in items]


def _read_all(paths, table: str, column_map: dict[str, str], me: frozenset[str] | None,
              report: LoadReport, encoding: str | None = None) -> Rows:
    frames: list[pd.DataFrame] = []
    labels: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    for path in _as_paths(paths):
        name = path.name if path.name not in used else str(path)
        used.add(name)
        for frame, label_map, file_report, problems in _read_file(path, name, table,
                                                                   column_map, me, encoding):
            report.files.append(file_report)
            labels[file_report.file] = label_map
            frames.append(frame)
            for problem in problems:
                report.add(*problem)
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(META))
    raw[ORDER] = range(len(raw))
    report.rows_read = len(raw)
    if not len(raw):
        files = report.files
        detail = files[0].note if len(files) == 1 and files[0].note else "no data rows"
        raise InputFileError(f"{', '.join(f.file for f in files)}: {detail}")
    return Rows(raw.astype({c: object for c in raw.columns if c != ORDER}), labels, report)


def _read_file(path: Path, name: str, table: str, column_map: dict[str, str],
               me: frozenset[str] | None, encoding: str | None = None):
    data = read_bytes(path)
    kind = sniff_format(data, name)
    if kind == "xlsx":
        return _sheets(read_xlsx(path, name), table, column_map, name)
    text, encoding, detected = read_text(data, name, encoding)
    if kind == "delimited":
        sheet = read_delimited(text, name, str(path), encoding)
        if detected:
            sheet.notes.insert(0, _detected_note(encoding))
        return _sheets([sheet], table, column_map, name)
    docs = load_json(text, name, lines=kind == "jsonl")
    if table == "proposals":
        found, label_map = read_vendor_proposals(docs, name), proposal_labels()
    else:
        found, label_map = read_room_stories(docs, name, me), dict(MESSAGE_LABELS)
    notes = ([_detected_note(encoding)] if detected else []) + list(found.notes)
    file_report = FileReport(name, str(path), kind, len(found.records), encoding,
                             columns={v: k for k, v in label_map.items()},
                             note="; ".join(notes) or None)
    return [(_api_frame(found, name, table), label_map, file_report, [])]


def _detected_note(encoding: str) -> str:
    return (f"not UTF-8: read as {encoding} (detected; if the text looks wrong, give the "
            "encoding with --encoding NAME)")


def _api_frame(found: ApiRecords, name: str, table: str) -> pd.DataFrame:
    frame = pd.DataFrame(found.records, dtype=object)
    frame[MODIFIED] = frame.pop("modified").map(modified_time)
    frame[FILE] = name
    frame[LINE] = [path if line is None else line for path, line in zip(found.paths, found.lines)]
    frame[LOC] = [f"at {path}" if line is None else f"line {line} at {path}"
                  for path, line in zip(found.paths, found.lines)]
    if table == "proposals":
        frame[P.source] = "api"
    return frame


def _sheets(sheets: list[RawSheet], table: str, column_map: dict[str, str], name: str):
    if not sheets:
        raise InputFileError(f"{name}: the workbook has no cells with data")
    results, errors = [], []
    for sheet in sheets:
        try:
            results.append(_sheet_frame(sheet, table, column_map))
        except SchemaError as exc:
            if len(sheets) == 1:
                raise
            errors.append(str(exc))
    if not results:
        raise SchemaError(errors[0])
    for error in errors:  # a workbook's other sheets (notes, charts) are listed, not fatal
        file, _, why = error.partition(": ")
        results.append((pd.DataFrame(columns=list(META)), {}, FileReport(
            file, sheets[0].path, "xlsx", note=f"skipped: {why}"), []))
    return results


def _sheet_frame(sheet: RawSheet, table: str, column_map: dict[str, str]):
    def score(row: list[str | None]) -> int:
        return len(match_columns(unique_headers(row), table, column_map).canonical)

    top = header_row(sheet.rows, score)
    header = unique_headers(sheet.rows[top])
    match = match_columns(header, table, column_map)
    body, lines = sheet.rows[top + 1:], sheet.lines[top + 1:]
    missing = [c for c in REQUIRED[table] if c not in match.canonical.values()]
    if missing:
        raise SchemaError(_missing_message(sheet.label, missing[0], header, match.unmapped,
                                           body, table))
    width = len(header)
    canonical = {s.name for s in (PROPOSAL_COLUMNS if table == "proposals" else MESSAGE_COLUMNS)}
    names = [match.canonical.get(i) or (header[i] if header[i] not in canonical | set(META)
                                        else f"{header[i]} (unmapped)") for i in range(width)]
    frame = pd.DataFrame([(row + [None] * width)[:width] for row in body], columns=names,
                         dtype=object)
    frame[FILE] = sheet.label
    frame[LINE] = lines
    frame[LOC] = [f"{sheet.location_word} {n}" for n in lines]
    frame[MODIFIED] = None
    if table == "proposals":
        source = frame[P.source] if P.source in frame else pd.Series(
            [None] * len(frame), index=frame.index, dtype=object)
        frame[P.source] = source.where(source.map(lambda v: bool(v and str(v).strip())), "sheet")
    notes = list(sheet.notes) + match.notes
    extra = [(n, row[width:]) for n, row in zip(lines, body) if any(
        c and c.strip() for c in row[width:])]
    if extra:
        notes.append(f"{len(extra)} row(s) have more cells than the header (first at "
                     f"{sheet.location_word} {extra[0][0]}); the extra cells are ignored")
    if not body:
        notes.append("header only: no data rows")
    file_report = FileReport(
        sheet.label, sheet.path, sheet.format, len(body), sheet.encoding, sheet.delimiter,
        columns={header[i]: c for i, c in sorted(match.canonical.items())},
        unmapped=[header[i] for i in match.unmapped], note="; ".join(notes) or None)
    word = sheet.location_word
    problems = [(p.kind, sheet.label, p.line, f"{word} {p.line}",
                 header[p.column] if p.column is not None and p.column < width else None,
                 p.value, p.reason) for p in sheet.problems]
    return frame, match.label_of(header), file_report, problems


def _missing_message(label: str, column: str, header: list[str], unmapped: list[int],
                     body: list[list[str | None]], table: str) -> str:
    found = ", ".join(header) if header else "none"
    candidates = [header[i] for i in unmapped]
    guess = closest_header(column, table, candidates)
    if guess is None and column == P.cover_letter and body:
        lengths = {header[i]: sum(len(r[i] or "") for r in body if i < len(r)) / len(body)
                   for i in unmapped}
        longest = max(lengths, key=lengths.get, default=None)
        guess = longest if longest and lengths[longest] >= 100 else None
    hint = f" Closest: '{guess}'?" if guess else ""
    return (f"{label}: no column for '{column}' (required). Columns found: {found}.{hint} "
            f"Map one with --map \"HEADER={column}\".")


def _check_usable(report: LoadReport) -> None:
    report.sort_issues()
    if report.rows_kept == 0:
        first = report.rejected[0] if report.rejected else None
        error = SchemaError(f"none of the {report.rows_read:,} {report.table} rows could be used"
                            + (f"; first problem: {first}" if first else ""))
        error.report = report  # type: ignore[attr-defined]
        raise error
