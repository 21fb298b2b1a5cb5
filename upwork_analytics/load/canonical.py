"""Turning raw cells (text as read, already under canonical column names) into typed values.

Each row carries meta columns saying where it came from, so every rejected row and every
repaired value can be reported with file, line, column (as the file names it) and value.
Parsing runs once per distinct value, which keeps a 10,000-row sheet well under a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import PurePath
from typing import Any, NamedTuple

import pandas as pd

from upwork_analytics.load.parsing import (
    clean_text,
    looks_like_formula,
    numeric_date_order,
    parse_datetime,
)
from upwork_analytics.load.report import LoadReport

FILE, LINE, LOC, ORDER, MODIFIED = "__file", "__line", "__location", "__order", "__modified"
META = (FILE, LINE, LOC, ORDER, MODIFIED)
LONG_CELL = 100_000


#: File formats of tracker sheets (as opposed to API dumps, "json"/"jsonl").
SHEET_FORMATS = frozenset({"csv", "tsv", "xlsx"})


class Noted(NamedTuple):
    """A parser's result that was read by a guess: :meth:`Rows.parse` keeps ``value`` and
    reports ``note`` (how it was read) as a repaired value."""

    value: Any
    note: str


def nones(index: pd.Index) -> pd.Series:
    """An object Series of None (``pd.Series(None, dtype=object)`` would hold NaN)."""
    return pd.Series([None] * len(index), index=index, dtype=object)


class Rows:
    """Raw rows of one table being canonicalized, with the report they write to.

    Parameters
    ----------
    raw : pd.DataFrame
        Object columns under canonical names, extra (unmapped) columns, and :data:`META`.
    labels : dict
        File label -> {canonical column -> column name as that file spells it}.
    report : LoadReport
        Receives every issue.
    """

    def __init__(self, raw: pd.DataFrame, labels: dict[str, dict[str, str]], report: LoadReport):
        self.raw = raw
        self.labels = labels
        self.report = report
        self.rejected: set[Any] = set()

    def label(self, index: Any, column: str) -> str:
        """The column's name in the file that row ``index`` came from."""
        return self.labels.get(self.raw.at[index, FILE], {}).get(column, column)

    def issue(self, kind: str, index: Any, column: str | None, value: Any, reason: str) -> None:
        """Record an issue for one row; ``rejected`` also drops the row."""
        row = self.raw.loc[index]
        self.report.add(kind, row[FILE], row[LINE], row[LOC],
                        self.label(index, column) if column else None, value, reason)
        if kind == "rejected":
            self.rejected.add(index)

    def reject_where(self, mask: pd.Series, column: str | None, reason: str) -> None:
        """Reject every live row where ``mask`` is True with the same reason."""
        for index in mask.index[mask.fillna(False).astype(bool)]:
            if index not in self.rejected:
                value = self.raw.at[index, column] if column else None
                self.issue("rejected", index, column, value, reason)

    def live(self) -> pd.Index:
        """Index of the rows not rejected so far."""
        return self.raw.index.difference(pd.Index(list(self.rejected)), sort=False)

    def column(self, name: str) -> pd.Series:
        """Raw cells of a canonical column (all None when the files have no such column)."""
        if name in self.raw.columns:
            return self.raw[name]
        return nones(self.raw.index)

    def parse(self, name: str, parser: Callable[[Any], Any], kind: str = "repaired",
              suffix: str = "; set to empty") -> pd.Series:
        """Apply ``parser`` to each distinct cell of ``name``; unreadable cells become None and
        are reported (``kind`` "repaired" keeps the row, "rejected" drops it). A :class:`Noted`
        result keeps its value and reports its note as repaired."""
        cells = self.column(name)
        present = cells.map(lambda v: v is not None and not (isinstance(v, float) and v != v))
        cache: dict[Any, tuple[Any, str | None, str | None]] = {}
        for value in pd.unique(cells[present].to_numpy(dtype=object)):
            try:
                result = parser(value)
            except ValueError as exc:
                cache[value] = (None, str(exc), None)
                continue
            if isinstance(result, Noted):
                cache[value] = (result.value, None, result.note)
            else:
                cache[value] = (result, None, None)
        out = nones(cells.index)
        if cache:
            out[present] = cells[present].map(lambda v: cache[v][0])
            flagged = cells[present].map(lambda v: cache[v][1] is not None
                                         or cache[v][2] is not None)
            for index in flagged.index[flagged.astype(bool)]:
                if index in self.rejected:
                    continue
                value = cells.at[index]
                _, error, note = cache[value]
                if error is not None:
                    self.issue(kind, index, name, value,
                               error + (suffix if kind == "repaired" else ""))
                else:
                    self.issue("repaired", index, name, value, note)
        return out

    def dates(self, name: str, dayfirst: bool | None, tz: tzinfo) -> pd.Series:
        """Parse a required timestamp column; rows without a readable date are rejected.

        With ``dayfirst=None`` each file's order is inferred: day first when some date such as
        ``31/03/2025`` can only be day first and none can only be month first. In rows from a
        workbook a plain number such as ``45717`` is an Excel serial date.
        """
        cells = self.column(name)
        order = pd.Series(False, index=cells.index)
        workbook = self.raw[FILE].isin([f.file for f in self.report.files
                                        if f.format == "xlsx"])
        for file, group in cells.groupby(self.raw[FILE], sort=False):
            if dayfirst is None:
                kinds = {numeric_date_order(v) for v in group.dropna().unique()
                         if isinstance(v, str)}
                first = "dayfirst" in kinds and "monthfirst" not in kinds
                if first:
                    self._note(file, f"{name}: dates read day first (e.g. 31/03/2025)")
                elif {"dayfirst", "monthfirst"} <= kinds:
                    self._note(file, f"{name}: dates mix day-first and month-first; read month "
                               "first (pass --dayfirst to change)")
            else:
                first = dayfirst
            order[group.index] = first
        parsed = nones(cells.index)
        for first in (False, True):
            for serial in (False, True):  # Excel serial days (45717) only in workbooks
                part = self.raw.index[(order == first) & (workbook == serial)]
                if not len(part):
                    continue
                sub = Rows(self.raw.loc[part], self.labels, self.report)
                sub.rejected = self.rejected
                parsed[part] = sub.parse(name, lambda v, first=first, serial=serial:
                                         parse_datetime(v, dayfirst=first, tz=tz,
                                                        excel_serial=serial),
                                         kind="rejected")
        self.reject_where(parsed.isna() & ~cells.index.isin(list(self.rejected)), name,
                          f"no {name} (required)")
        return parsed

    def _note(self, file: str, text: str) -> None:
        for report in self.report.files:
            if report.file == file:
                report.note = f"{report.note}; {text}" if report.note else text

    def text(self, name: str, strip: bool = True) -> pd.Series:
        """Clean a text column: drop control characters (reported), blank -> None.

        Formula-like cells (``=HYPERLINK(...)``) and very long cells are kept as text and
        reported as warnings.
        """
        cells = self.column(name)
        values: list[str | None] = []
        for index, value in cells.items():
            if value is None or (isinstance(value, float) and value != value):
                values.append(None)
                continue
            text, removed = clean_text(str(value))
            if removed and index not in self.rejected:
                self.issue("repaired", index, name, value,
                           f"removed {removed} control character(s)")
            values.append((text.strip() if strip else text) if text.strip() else None)
        out = pd.Series(values, index=cells.index, dtype=object)
        self.warn_cells(out, name)
        return out

    def warn_cells(self, cells: pd.Series, name: str) -> None:
        """Warn about formula-like and very long cells of one column (kept unchanged)."""
        is_text = cells.map(lambda v: isinstance(v, str))
        texts = cells[is_text]
        for index in texts.index[texts.map(looks_like_formula).astype(bool)]:
            if index not in self.rejected:
                self.issue("warning", index, name, texts.at[index],
                           "looks like a spreadsheet formula; kept as text, not evaluated")
        for index in texts.index[texts.str.len() > LONG_CELL]:
            if index not in self.rejected:
                self.issue("warning", index, name, texts.at[index],
                           f"very long value ({len(texts.at[index]):,} characters); kept")


def typed(values: pd.Series, dtype: str) -> pd.Series:
    """Object values (None for missing) as a Series of a canonical dtype."""
    if dtype.startswith("datetime64"):
        stamps = pd.to_datetime(pd.Series(values.tolist(), index=values.index, dtype=object),
                                utc=True)
        return stamps.astype(dtype)
    if dtype in ("Int64", "boolean"):
        return pd.Series(pd.array(values.tolist(), dtype=dtype), index=values.index)
    if dtype == "float64":
        return pd.Series([float("nan") if v is None else float(v) for v in values],
                         index=values.index, dtype=dtype)
    return values.astype(dtype)


def drop_duplicates(df: pd.DataFrame, key: str, compare: list[str], rows: Rows,
                    identity: list[str] | None = None) -> pd.DataFrame:
    """Drop repeated ids, listing every dropped row as a duplicate: an identical repeat names
    the first row it repeats (which is kept); for conflicting ones the row with the latest
    ``MODIFIED`` (API), then the most filled-in values, then the later file/row is kept.

    With ``identity`` (e.g. ``[submitted_at, cover_letter]``), sheet rows of different files
    that share an id but differ in an ``identity`` column are different records, not
    repeats: each keeps its row, its id is prefixed with its file's stem (``month1:3``), and a
    warning names both rows (see :func:`separate_reused_ids`)."""
    identical = df.duplicated(subset=compare, keep="first")
    if identical.any():
        # which kept row each identical repeat repeats: rows hashed on the compared values
        hashes = pd.util.hash_pandas_object(df[compare].astype(object), index=False)
        first_of = dict(zip(hashes[~identical].to_numpy(), df.index[~identical]))
        for index in df.index[identical]:
            kept = first_of.get(hashes.at[index])
            where = f"{df.at[kept, FILE]} {df.at[kept, LOC]}" if kept is not None else "a row"
            rows.issue("duplicate", index, key, df.at[index, key],
                       f"identical to {where}, which was kept")
        rows.report.duplicates_dropped += int(identical.sum())
    df = df[~identical]
    if identity:
        df = separate_reused_ids(df, key, identity, rows)
    repeated = df[key].duplicated(keep=False)
    if not repeated.any():
        return df
    ranked = df[repeated].assign(__filled=df[compare].notna().sum(axis=1))
    ranked = ranked.sort_values([MODIFIED, "__filled", ORDER], ascending=False,
                                na_position="last", kind="stable")
    keep = ranked.drop_duplicates(subset=key, keep="first")
    winners = dict(zip(keep[key], keep.index))
    dropped = ranked.index.difference(keep.index, sort=False)
    for index in dropped:
        ident = df.at[index, key]
        winner = df.loc[winners[ident]]
        differ = [c for c in compare if not _same(df.at[index, c], winner[c])]
        rows.issue("duplicate", index, key, ident,
                   f"same {key} as {winner[FILE]} {winner[LOC]}, which was kept (later or more "
                   f"complete); differs in {', '.join(differ) or 'nothing'}")
    rows.report.duplicates_dropped += len(dropped)
    return df.drop(index=dropped)


def _same(a: Any, b: Any) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    return bool(a == b) if not (pd.isna(a) or pd.isna(b)) else False


def _file_prefixes(files: list[str]) -> dict[str, str]:
    """File label -> short unique prefix: the stem, with the sheet of a workbook
    (``month1.csv`` -> ``month1``, ``t.xlsx[March]`` -> ``t[March]``); the whole label where
    two stems clash."""
    stems = {}
    for label in files:
        name, bracket, sheet = label.partition("[")
        stems[label] = PurePath(name).stem + (f"[{sheet}" if bracket else "")
    counts = pd.Series(list(stems.values()), dtype=object).value_counts()
    return {label: stem if counts[stem] == 1 else label for label, stem in stems.items()}


def _identity_of(row: pd.Series, identity: list[str]) -> tuple:
    return tuple(None if pd.isna(row[c]) else row[c] for c in identity)


def separate_reused_ids(df: pd.DataFrame, key: str, identity: list[str],
                        rows: Rows) -> pd.DataFrame:
    """Give distinct ids to sheet rows of different files that reuse an id for a different
    record (spreadsheet ``ID`` columns restart at 1 in each monthly export).

    Within one id, rows with equal ``identity`` values are one record (merged later as
    repeats). When those records first appear in different sheet files, each record's rows get
    the id ``<file stem>:<id>`` of the file it first appears in, and a warning on each later
    record's first row names the row of the first record. API rows, and ids reused within
    one file, are left to the usual merge.
    """
    sheets = {f.file for f in rows.report.files if f.format in SHEET_FORMATS}
    repeated = df[key].duplicated(keep=False) & df[key].notna() & df[FILE].isin(sheets)
    if not repeated.any():
        return df
    candidates = df[repeated]
    multi = candidates.groupby(key, sort=False)[FILE].transform("nunique") > 1
    if not multi.any():
        return df
    df = df.copy()
    taken = set(df[key].dropna())
    prefixes = _file_prefixes([f.file for f in rows.report.files])
    for ident, group in candidates[multi].sort_values(ORDER, kind="stable").groupby(
            key, sort=False):
        if (df.loc[df[key] == ident, FILE].map(lambda f: f not in sheets)).any():
            continue  # the id also comes from an API dump: a real Upwork id, merged as usual
        records: dict[tuple, list] = {}
        for index, row in group.iterrows():
            records.setdefault(_identity_of(row, identity), []).append(index)
        firsts = [indexes[0] for indexes in records.values()]
        if len({df.at[i, FILE] for i in firsts}) < 2:
            continue  # every record starts in the same file: an id reused within that file
        new_ids: dict[str, str] = {}
        for first in firsts:
            file = df.at[first, FILE]
            if file not in new_ids:
                candidate, n = f"{prefixes.get(file, file)}:{ident}", 1
                while candidate in taken:
                    n += 1
                    candidate = f"{prefixes.get(file, file)}:{ident}#{n}"
                taken.add(candidate)
                new_ids[file] = candidate
        for indexes in records.values():
            df.loc[indexes, key] = new_ids[df.at[indexes[0], FILE]]
        head = df.loc[firsts[0]]
        for first in firsts[1:]:
            if df.at[first, FILE] == head[FILE]:
                continue
            differ = [c for c in identity if not _same(df.at[first, c], head[c])]
            rows.issue("warning", first, key, ident,
                       f"same {key} as {head[FILE]} {head[LOC]} but a different "
                       f"{' and '.join(differ)}: a different {key.removesuffix('_id')}; kept "
                       f"both, as {head[key]!r} and {df.at[first, key]!r}")
    return df
