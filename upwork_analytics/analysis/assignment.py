"""Randomised assignment of proposals to the arms of an experiment: the append-only plan file.

A plan is a CSV file that says which arm each of the next proposals uses, in permuted blocks
(every block holds the arms in the planned ratio, in random order, and block sizes vary at
random among 1, 2 and 3 times the ratio's sum, so the arms stay balanced over time and over the
kinds of jobs one applies to, and the next arm cannot be guessed from the last few). It also
records the design fixed before the first proposal (metric, difference that matters, planned
size) and every arm handed out by ``experiment next``.

The file is append-only: rows are only ever added, never rewritten. Each row carries a
``check``, a SHA-256 hash chain over the row and the check of the row before it, and the
assignment rows must equal what the seed regenerates; a changed, removed or reordered row is
detected (:class:`PlanEditedError`). The random numbers come from SHA-256 of the seed, the block
and the position, so a plan regenerates identically on every platform and library version.

File layout (``record,seq,arm,block,time,detail,check``)::

    plan,,,,2026-12-03T10:15:00Z,"{""name"": ""opener"", ""arms"": [...], ...}",<check>
    assign,1,question,1,,,<check>
    assign,2,story,1,,,<check>
    ...
    issued,1,question,1,2026-12-03T10:20:00Z,,<check>
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import secrets
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from upwork_analytics.exceptions import InputFileError, ParameterError, UpworkAnalyticsError

HEADER = ("record", "seq", "arm", "block", "time", "detail", "check")
VERSION = 1
_GENESIS = hashlib.sha256(b"upwork-analytics experiment plan v1").hexdigest()[:16]
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}")
#: Metrics an experiment can be judged on (each a share of proposals sent).
METRICS = ("viewed", "interviewed", "hired")


class PlanEditedError(UpworkAnalyticsError, ValueError):
    """Raised when a plan file was changed after it was written (it is append-only)."""


@dataclass(frozen=True)
class Settings:
    """The design of an experiment, fixed when it starts."""

    name: str
    arms: tuple[str, str]
    ratio: tuple[int, int]
    seed: int
    metric: str
    rate: float
    effect: float
    max_per_arm: tuple[int, int]
    per_month: float | None
    alpha: float
    power: float
    created: str

    def to_dict(self) -> dict:
        return {"version": VERSION, "name": self.name, "arms": list(self.arms),
                "ratio": list(self.ratio), "seed": self.seed, "metric": self.metric,
                "rate": self.rate, "effect": self.effect,
                "max_per_arm": list(self.max_per_arm), "per_month": self.per_month,
                "alpha": self.alpha, "power": self.power}

    @property
    def max_total(self) -> int:
        return int(sum(self.max_per_arm))

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.created)


@dataclass
class Plan:
    """A plan file as read: its settings, assignments and the arms handed out so far."""

    path: Path
    settings: Settings
    assignments: list[tuple[str, int]] = field(default_factory=list)  # (arm, block)
    issued: list[tuple[str, str]] = field(default_factory=list)  # (arm, time)
    last_check: str = _GENESIS

    @property
    def name(self) -> str:
        return self.settings.name

    def arm_of(self, value: object) -> str | None:
        """The plan's arm that ``value`` names (case and spacing ignored), or None."""
        key = normalize_label(value)
        for arm in self.settings.arms:
            if normalize_label(arm) == key:
                return arm
        return None


def normalize_label(value: object) -> str:
    """A name or arm as compared: spaces collapsed, case ignored (``"Story  A"`` is
    ``"story a"``); missing values are ``""``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split()).casefold()


def parse_ratio(text: str, n_arms: int = 2) -> tuple[int, ...]:
    """``"1:1"`` -> ``(1, 1)``; whole numbers from 1 to 9, one per arm."""
    parts = str(text).strip().split(":")
    try:
        ratio = tuple(int(p) for p in parts)
    except ValueError:
        ratio = ()
    if len(ratio) != n_arms or any(not 1 <= r <= 9 for r in ratio):
        raise ParameterError(f"--ratio {text!r}: give {n_arms} whole numbers from 1 to 9 "
                             "separated by ':', e.g. 1:1 or 2:1")
    return ratio


def check_name(name: str) -> str:
    """An experiment name: letters, digits, spaces, ``_ . -``, at most 60 characters."""
    name = " ".join(str(name).split())
    if not _NAME.fullmatch(name):
        raise ParameterError(f"experiment name {name!r}: use letters, digits, spaces, '_', '.' "
                             "or '-' (at most 60 characters, starting with a letter or digit)")
    return name


def check_arms(arms: Sequence[str]) -> tuple[str, str]:
    """Two distinct, non-empty arm names (compared without case and extra spaces)."""
    cleaned = tuple(" ".join(str(a).split()) for a in arms)
    if len(cleaned) != 2:
        raise ParameterError(f"--arms: an experiment compares exactly two arms, got "
                             f"{len(cleaned)} ({', '.join(cleaned) or 'none'})")
    if any(not a for a in cleaned) or any(len(a) > 60 for a in cleaned):
        raise ParameterError("--arms: each arm needs a name of 1 to 60 characters")
    if normalize_label(cleaned[0]) == normalize_label(cleaned[1]):
        raise ParameterError(f"--arms: the two arms have the same name ({cleaned[0]!r})")
    return cleaned  # type: ignore[return-value]


# --------------------------------------------------------------------------- random blocks


def _uniform(seed: int, *key: object) -> int:
    """A 64-bit pseudo-random integer from SHA-256 of the seed and ``key``."""
    digest = hashlib.sha256(f"{seed}:{':'.join(map(str, key))}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def block(seed: int, number: int, arms: Sequence[str], ratio: Sequence[int]) -> list[str]:
    """Block ``number`` (1-based) of the permuted-block sequence: the arms in ``ratio`` times 1,
    2 or 3 (chosen at random), shuffled (Fisher-Yates)."""
    return list(_block(seed, number, tuple(arms), tuple(ratio)))


@lru_cache(maxsize=4096)
def _block(seed: int, number: int, arms: tuple[str, ...], ratio: tuple[int, ...]
           ) -> tuple[str, ...]:
    times = 1 + _uniform(seed, "size", number) % 3
    items = [arm for arm, r in zip(arms, ratio) for _ in range(r * times)]
    for i in range(len(items) - 1, 0, -1):
        j = _uniform(seed, "swap", number, i) % (i + 1)
        items[i], items[j] = items[j], items[i]
    return tuple(items)


def assignments(seed: int, arms: Sequence[str], ratio: Sequence[int], at_least: int
                ) -> list[tuple[str, int]]:
    """Whole blocks of ``(arm, block number)`` until there are at least ``at_least``."""
    out: list[tuple[str, int]] = []
    number = 0
    while len(out) < at_least:
        number += 1
        out.extend((arm, number) for arm in block(seed, number, arms, ratio))
    return out


# --------------------------------------------------------------------------- the file


def _check(previous: str, fields: Sequence[str]) -> str:
    payload = previous + "\x1e" + "\x1f".join(fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _line(fields: Sequence[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    return buf.getvalue()


def _now() -> str:
    return pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def _locked(path: Path, mode: str):
    """Open ``path`` with an exclusive lock where the platform has one (two ``experiment
    next`` at once must not hand out the same arm twice)."""
    with open(path, mode, encoding="utf-8", newline="") as fh:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            yield fh
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield fh
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def write_plan(path: str | Path, settings: Settings) -> Plan:
    """Create a new plan file with its settings and the assignments for the planned size.

    Raises
    ------
    ParameterError
        When ``path`` exists (a plan is never rewritten) or cannot be written.
    """
    path = Path(path)
    if path.exists():
        raise ParameterError(f"{path} exists; a plan is never rewritten: choose another name "
                             "or file")
    rows = [("plan", "", "", "", settings.created,
             json.dumps(settings.to_dict(), ensure_ascii=False, sort_keys=True))]
    for seq, (arm, number) in enumerate(assignments(settings.seed, settings.arms,
                                                    settings.ratio, settings.max_total), 1):
        rows.append(("assign", str(seq), arm, str(number), "", ""))
    text, check = [_line(HEADER)], _GENESIS
    for fields in rows:
        check = _check(check, fields)
        text.append(_line([*fields, check]))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="") as fh:
            fh.write("".join(text))
    except FileExistsError:
        raise ParameterError(f"{path} exists; a plan is never rewritten") from None
    except OSError as exc:
        raise ParameterError(f"--out {path}: cannot write there "
                             f"({exc.strerror or type(exc).__name__})") from None
    return read_plan(path)


def read_plan(path: str | Path) -> Plan:
    """Read and verify a plan file.

    Raises
    ------
    InputFileError
        When the file is missing or is not a plan file.
    PlanEditedError
        When a row was changed, removed, reordered or added by hand.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"plan file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read the plan ({exc})") from None
    return _parse(path, text)


def _parse(path: Path, text: str) -> Plan:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or tuple(rows[0]) != HEADER:
        raise InputFileError(f"{path} is not an experiment plan (its first line should be "
                             f"{','.join(HEADER)})")
    if not text.endswith("\n"):
        raise PlanEditedError(f"{path}: the last line is incomplete, so the file was edited; a "
                              "plan is append-only: restore the file as the toolkit wrote it")
    check = _GENESIS
    plan: Plan | None = None
    expected: list[tuple[str, int]] = []
    for line_no, row in enumerate(rows[1:], start=2):
        edited = (f"{path} line {line_no} was edited (its check does not match: a line was "
                  "changed, removed or inserted there); a plan is append-only: restore the "
                  "file as the toolkit wrote it")
        if len(row) != len(HEADER):
            raise PlanEditedError(edited)
        fields, stored = row[:-1], row[-1]
        check = _check(check, fields)
        if stored != check:
            raise PlanEditedError(edited)
        record, seq, arm, number, when, detail = fields
        if plan is None:
            if record != "plan":
                raise PlanEditedError(edited)
            plan = Plan(path=path, settings=_settings(path, line_no, when, detail))
            continue
        s = plan.settings
        if record == "assign":
            k = len(plan.assignments)
            if len(expected) <= k:
                expected = assignments(s.seed, s.arms, s.ratio, max(2 * len(expected), 64))
            if seq != str(k + 1) or expected[k] != (arm, _int(number)):
                raise PlanEditedError(edited.replace("was edited", "does not match the plan's "
                                                     "seed, so the file was edited"))
            plan.assignments.append(expected[k])
        elif record == "issued":
            k = len(plan.issued)
            if (seq != str(k + 1) or k >= len(plan.assignments)
                    or plan.assignments[k] != (arm, _int(number))):
                raise PlanEditedError(edited)
            plan.issued.append((arm, when))
        else:
            raise PlanEditedError(edited)
    if plan is None:
        raise InputFileError(f"{path} is not an experiment plan (it has no settings row)")
    plan.last_check = check
    return plan


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _settings(path: Path, line_no: int, when: str, detail: str) -> Settings:
    try:
        d = json.loads(detail)
        return Settings(name=d["name"], arms=tuple(d["arms"]), ratio=tuple(d["ratio"]),
                        seed=int(d["seed"]), metric=d["metric"], rate=float(d["rate"]),
                        effect=float(d["effect"]), max_per_arm=tuple(d["max_per_arm"]),
                        per_month=d.get("per_month"), alpha=float(d["alpha"]),
                        power=float(d["power"]), created=when)
    except (ValueError, KeyError, TypeError):
        raise InputFileError(f"{path} line {line_no}: the plan's settings cannot be read "
                             "(written by a newer version?)") from None


def issue_next(plan: Plan) -> tuple[Plan, int, str]:
    """Hand out the next arm: append an ``issued`` row (and a new block first, when every
    planned assignment is used) under a lock, after checking the file again.

    Returns
    -------
    (plan, seq, arm)
        The updated plan, the 1-based position of this proposal in the experiment, its arm.
    """
    with _locked(plan.path, "r+") as fh:
        current = _parse(plan.path, fh.read())  # as on disk now, under the lock
        s = current.settings
        rows = []
        seq = len(current.issued) + 1
        planned = current.assignments
        if seq > len(planned):  # past the planned size: one more block
            planned = assignments(s.seed, s.arms, s.ratio, seq)
            for i, (arm, number) in enumerate(planned[len(current.assignments):],
                                              start=len(current.assignments) + 1):
                rows.append(("assign", str(i), arm, str(number), "", ""))
        arm, number = planned[seq - 1]
        rows.append(("issued", str(seq), arm, str(number), _now(), ""))
        check, out = current.last_check, []
        for fields in rows:
            check = _check(check, fields)
            out.append(_line([*fields, check]))
        fh.seek(0, io.SEEK_END)
        fh.write("".join(out))
        fh.flush()
    return read_plan(plan.path), seq, arm


def new_seed() -> int:
    """A fresh random seed (recorded in the plan, so the plan can be regenerated)."""
    return secrets.randbelow(10**9)


def find_plan(name: str, plans: str | Path) -> Plan:
    """The plan of experiment ``name`` in ``plans`` (a plan file, or a folder of them).

    Raises
    ------
    ParameterError
        When no plan of that name is there (the message lists the ones that are), or two are.
    """
    found = list_plans(plans)
    key = normalize_label(name)
    match = [p for p in found if normalize_label(p.name) == key]
    if len(match) > 1:
        raise ParameterError(f"two plans for experiment {name!r}: "
                             + ", ".join(str(p.path) for p in match))
    if not match:
        names = ", ".join(sorted(p.name for p in found))
        where = (f"experiments there: {names}" if names
                 else "none there; start one with 'upwork-analytics experiment start'")
        raise ParameterError(f"unknown experiment {name!r} in {plans} ({where})")
    return match[0]


def list_plans(plans: str | Path) -> list[Plan]:
    """Every plan in ``plans``: a plan file, or the plan files (``*.csv``) of a folder; other
    CSV files in the folder are ignored. A missing folder has none."""
    path = Path(plans)
    if path.is_file():
        return [read_plan(path)]
    if not path.is_dir():
        return []
    out = []
    for candidate in sorted(path.glob("*.csv")):
        try:
            with open(candidate, encoding="utf-8", newline="") as fh:
                first = fh.readline().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if first == ",".join(HEADER):
            out.append(read_plan(candidate))
    return out
