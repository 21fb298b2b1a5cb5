"""The plan file: permuted blocks, append-only with a hash chain, edits detected."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter

import pytest

from upwork_analytics.analysis.assignment import (
    HEADER,
    PlanEditedError,
    Settings,
    assignments,
    block,
    check_arms,
    check_name,
    find_plan,
    issue_next,
    list_plans,
    parse_ratio,
    read_plan,
    write_plan,
)
from upwork_analytics.exceptions import InputFileError, ParameterError


def settings(name="opener", arms=("question", "story"), ratio=(1, 1), seed=42, size=(20, 20)):
    return Settings(name=name, arms=arms, ratio=ratio, seed=seed, metric="interviewed",
                    rate=0.2, effect=0.1, max_per_arm=size, per_month=50.0, alpha=0.05,
                    power=0.8, created="2026-11-01T00:00:00Z")


@pytest.mark.parametrize("ratio", [(1, 1), (2, 1), (1, 3)])
def test_every_block_holds_the_arms_in_the_ratio(ratio):
    sizes = Counter()
    for number in range(1, 200):
        items = block(7, number, ("a", "b"), ratio)
        counts = Counter(items)
        times = counts["a"] // ratio[0]
        assert counts == {"a": ratio[0] * times, "b": ratio[1] * times}
        assert times in (1, 2, 3)
        sizes[times] += 1
    assert set(sizes) == {1, 2, 3}  # block sizes vary, so the next arm cannot be guessed


def test_blocks_are_shuffled_and_reproducible():
    first = [tuple(block(7, n, ("a", "b"), (1, 1))) for n in range(1, 300)]
    assert first == [tuple(block(7, n, ("a", "b"), (1, 1))) for n in range(1, 300)]
    assert first != [tuple(block(8, n, ("a", "b"), (1, 1))) for n in range(1, 300)]
    # within blocks of two, "a" comes first about half the time (not always the same order)
    pairs = [b for b in first if len(b) == 2]
    share = sum(b[0] == "a" for b in pairs) / len(pairs)
    assert 0.3 < share < 0.7


def test_arms_stay_balanced_at_every_block_end():
    seq = assignments(3, ("a", "b"), (1, 1), 500)
    counts = Counter()
    for i, (arm, number) in enumerate(seq):
        counts[arm] += 1
        if i + 1 == len(seq) or seq[i + 1][1] != number:
            assert counts["a"] == counts["b"]
        assert abs(counts["a"] - counts["b"]) <= 3  # at most half the largest block


def test_write_read_next_round_trip(tmp_path):
    path = tmp_path / "opener.csv"
    plan = write_plan(path, settings())
    assert len(plan.assignments) >= 40
    assert Counter(a for a, _ in plan.assignments) == {"question": len(plan.assignments) // 2,
                                                       "story": len(plan.assignments) // 2}
    before = path.read_bytes()
    got = [issue_next(plan)[2] for _ in range(5)]
    assert got == [a for a, _ in plan.assignments[:5]]
    after = path.read_bytes()
    assert after.startswith(before)  # appended, never rewritten
    again = read_plan(path)
    assert [a for a, _ in again.issued] == got
    assert next(iter(csv.reader(io.StringIO(after.decode())))) == list(HEADER)


def test_next_past_the_planned_size_appends_a_block(tmp_path):
    plan = write_plan(tmp_path / "p.csv", settings(size=(2, 2)))
    planned = len(plan.assignments)
    for _ in range(planned + 1):
        plan, seq, arm = issue_next(plan)
    assert seq == planned + 1 and len(plan.assignments) > planned
    assert arm == assignments(42, ("question", "story"), (1, 1), seq)[seq - 1][0]


def _lines(path):
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _edit(path, func):
    lines = _lines(path)
    func(lines)
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("edit, line", [
    (lambda ls: ls.__setitem__(3, ls[3].replace("question", "story")
                               if "question" in ls[3] else ls[3].replace("story", "question")),
     4),
    (lambda ls: ls.__delitem__(5), 6),  # a row removed: the next one no longer chains
    (lambda ls: ls.insert(4, ls.pop(5)), 5),  # two rows swapped
    (lambda ls: ls.__setitem__(1, ls[1].replace('""effect"": 0.1', '""effect"": 0.2')), 2),
    (lambda ls: ls.append("issued,9,story,5,2026-11-02T00:00:00Z,,0123456789abcdef\n"), None),
])
def test_edits_are_detected(tmp_path, edit, line):
    path = tmp_path / "p.csv"
    issue_next(write_plan(path, settings()))
    _edit(path, edit)
    with pytest.raises(PlanEditedError) as err:
        read_plan(path)
    message = str(err.value)
    assert "append-only" in message and "\n" not in message
    if line is None:
        line = len(_lines(path))
    assert f"line {line} " in message


def test_a_forged_but_chained_row_is_caught_by_the_seed(tmp_path):
    """Recomputing the checks after changing an arm does not help: the arms must be the ones
    the seed gives."""
    path = tmp_path / "p.csv"
    write_plan(path, settings())
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[3][2] = "story" if rows[3][2] == "question" else "question"
    check = hashlib.sha256(b"upwork-analytics experiment plan v1").hexdigest()[:16]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        payload = check + "\x1e" + "\x1f".join(row[:-1])
        check = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
        writer.writerow([*row[:-1], check])
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(PlanEditedError, match="line 4 does not match the plan's seed"):
        read_plan(path)


def test_incomplete_last_line_is_an_edit(tmp_path):
    path = tmp_path / "p.csv"
    write_plan(path, settings())
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    with pytest.raises(PlanEditedError, match="incomplete"):
        read_plan(path)


def test_a_plan_is_never_rewritten(tmp_path):
    path = tmp_path / "p.csv"
    write_plan(path, settings())
    before = path.read_bytes()
    with pytest.raises(ParameterError, match="never rewritten"):
        write_plan(path, settings(seed=1))
    assert path.read_bytes() == before


def test_not_a_plan(tmp_path):
    other = tmp_path / "tracker.csv"
    other.write_text("Date Sent,Cover Letter\n2026-01-01,hi\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not an experiment plan"):
        read_plan(other)
    with pytest.raises(InputFileError, match="not found"):
        read_plan(tmp_path / "missing.csv")


def test_find_plan_by_name_in_a_folder(tmp_path):
    write_plan(tmp_path / "a.csv", settings(name="Opener Test"))
    write_plan(tmp_path / "b.csv", settings(name="length"))
    (tmp_path / "tracker.csv").write_text("Date,Text\n", encoding="utf-8")  # ignored
    assert find_plan("opener  test", tmp_path).path.name == "a.csv"  # case and spaces
    assert find_plan("length", tmp_path / "b.csv").name == "length"
    assert sorted(p.name for p in list_plans(tmp_path)) == ["Opener Test", "length"]
    assert list_plans(tmp_path / "nowhere") == []
    with pytest.raises(ParameterError, match=r"unknown experiment 'nope' .*Opener Test, length"):
        find_plan("nope", tmp_path)


@pytest.mark.parametrize("func, value", [
    (check_name, ""), (check_name, "../etc"), (check_name, "x" * 61),
    (check_arms, ["a"]), (check_arms, ["a", "b", "c"]), (check_arms, ["A ", "a"]),
    (check_arms, ["a", ""]), (parse_ratio, "1:0"), (parse_ratio, "1:1:1"), (parse_ratio, "a:b"),
])
def test_bad_names_arms_and_ratios(func, value):
    with pytest.raises(ParameterError):
        func(value)


def test_good_names_arms_and_ratios():
    assert check_name("  opener   test ") == "opener test"
    assert check_arms(["story  A", "question"]) == ("story A", "question")
    assert parse_ratio("2:1") == (2, 1)
