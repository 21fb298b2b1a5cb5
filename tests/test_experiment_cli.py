"""`experiment plan/start/next/status` and `drivers --json` variants from the command line:
JSON shapes as documented, one-line errors with exit status 2."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from upwork_analytics.analysis.assignment import assignments, read_plan
from upwork_analytics.analysis.experiments import design_experiment
from upwork_analytics.cli import main


def one_line_error(capsys, *needles: str) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("upwork-analytics: error: "), err
    for needle in needles:
        assert needle in err, err
    return err


def test_plan_json(tmp_path, capsys):
    out = tmp_path / "plan.json"
    assert main(["experiment", "plan", "--metric", "interviewed", "--rate", "0.2", "--effect",
                 "0.1", "--per-month", "50", "--json", str(out)]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    expected = design_experiment("interviewed", 0.1, rate=0.2, per_month=50)
    assert got == {"metric": "interviewed", "rate": 0.2, "effect": 0.1,
                   "per_arm": expected.per_arm, "total": 2 * expected.per_arm,
                   "months": round(2 * expected.per_arm / 50, 1)}
    text = capsys.readouterr().out
    assert "Fixed design (one look at the end): 294 proposals per arm" in text
    assert "Not worth running: at your pace this takes" in text


def test_plan_bad_effect_is_one_line(capsys):
    assert main(["experiment", "plan", "--metric", "hired", "--rate", "0.2", "--effect",
                 "0.9", "--per-month", "10"]) == 2
    one_line_error(capsys, "reaches 100%")


def _tracker(path, plan, arms, events, experiment="opener"):
    """A tracker sheet of len(arms) proposals sent after the plan was made (an hour apart,
    from an hour after its start), with the arm in a 'Template' column."""
    start = plan.settings.start + pd.Timedelta(hours=1)
    rows = [{"Date Sent": (start + pd.Timedelta(hours=i)).strftime("%Y-%m-%d %H:%M"),
             "Job Title": f"Job {i}", "Cover Letter": f"Letter {i} " * 5, "Template": arm,
             "Experiment": experiment, "Interviewed?": "yes" if e else "no"}
            for i, (arm, e) in enumerate(zip(arms, events))]
    pd.DataFrame(rows).to_csv(path, index=False)
    last = start + pd.Timedelta(hours=len(arms))
    return last.strftime("%Y-%m")


@pytest.fixture()
def started(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["experiment", "start", "opener", "--arms", "question", "story", "--seed", "3",
                 "--rate", "0.2", "--per-month", "50"]) == 0
    out = capsys.readouterr().out
    assert "Plan: experiments/opener.csv" in out
    assert "experiment next opener" in out
    return read_plan(tmp_path / "experiments" / "opener.csv")


def test_start_next_status(tmp_path, capsys, started):
    planned = assignments(3, ("question", "story"), (1, 1), 30)
    for i in range(3):
        assert main(["experiment", "next", "opener"]) == 0
        captured = capsys.readouterr()
        assert captured.out.strip() == planned[i][0]
        assert f"proposal {i + 1} of experiment 'opener'" in captured.err
    arms = [a for a, _ in planned[:30]]
    events = [i % 3 == 0 for i in range(30)]
    month = _tracker(tmp_path / "tracker.csv", started, arms, events)
    out = tmp_path / "status.json"
    assert main(["experiment", "status", "opener", "--data", "tracker.csv", "--month", month,
                 "--json", str(out)]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    assert list(got) == ["name", "arms", "difference", "ci_low", "ci_high", "decision",
                         "reason"]
    assert got["name"] == "opener" and got["decision"] == "continue"
    assert [(a["arm"], a["n"]) for a in got["arms"]] == [("question", 15), ("story", 15)]
    q = sum(e for a, e in zip(arms, events) if a == "question")
    assert got["arms"][0]["events"] == q and got["arms"][0]["rate"] == pytest.approx(q / 15)
    assert "Decision: continue" in capsys.readouterr().out


def test_unknown_experiment(tmp_path, capsys, started):
    assert main(["experiment", "next", "nope"]) == 2
    one_line_error(capsys, "unknown experiment 'nope'", "opener")
    assert main(["experiment", "status", "nope", "--data", "x.csv"]) == 2
    one_line_error(capsys, "unknown experiment 'nope'")


def test_edited_plan(tmp_path, capsys, started):
    path = tmp_path / "experiments" / "opener.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("question", "story") if "question" in lines[2] else \
        lines[2].replace("story", "question")
    path.write_text("".join(lines), encoding="utf-8")
    before = path.read_bytes()
    assert main(["experiment", "next", "opener"]) == 2
    one_line_error(capsys, "line 3 was edited", "append-only")
    assert path.read_bytes() == before  # nothing appended to an edited plan


def test_arm_not_in_the_plan(tmp_path, capsys, started):
    month = _tracker(tmp_path / "tracker.csv", started, ["question"] * 11 + ["questoin"],
                     [False] * 12)
    assert main(["experiment", "status", "opener", "--data", "tracker.csv", "--month",
                 month]) == 2
    one_line_error(capsys, "tracker.csv: proposal sent", "('Job 11')",
                   "column variant: 'questoin' is not an arm of experiment 'opener'")


def test_status_lists_the_rows_it_could_not_read(tmp_path, capsys, started):
    """A row with an unreadable date is dropped by the loader and an unreadable outcome is
    left empty: the status says how many and which, so a count that looks short is explained."""
    arms = ["question", "story"] * 6
    month = _tracker(tmp_path / "tracker.csv", started, arms, [True, False] * 6)
    text = (tmp_path / "tracker.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    text[2] = text[2].replace(text[2].split(",")[0], "2026-13-45 10:00", 1)  # line 3
    text[5] = text[5].rstrip("\n").rsplit(",", 1)[0] + ",maybe\n"  # line 6
    (tmp_path / "tracker.csv").write_text("".join(text), encoding="utf-8")
    before = (tmp_path / "tracker.csv").read_bytes()
    assert main(["experiment", "status", "opener", "--data", "tracker.csv", "--month",
                 month]) == 0
    out = capsys.readouterr().out
    assert "1 row(s) of the tracker could not be read" in out
    assert "tracker.csv line 3, column 'Date Sent'" in out and "2026-13-45" in out
    assert "1 value(s) the experiment reads could not be read" in out
    assert "tracker.csv line 6, column 'Interviewed?'" in out and "'maybe'" in out
    # 12 rows: one dropped, one without an outcome -> 10 counted
    assert "question: 5 of 5" in out and "story: 0 of 5" in out
    assert (tmp_path / "tracker.csv").read_bytes() == before


def test_start_refuses_an_existing_experiment(tmp_path, capsys, started):
    assert main(["experiment", "start", "Opener", "--arms", "a", "b", "--rate", "0.2",
                 "--per-month", "50"]) == 2
    one_line_error(capsys, "already exists")
    assert main(["experiment", "start", "other", "--arms", "a", "b", "--out",
                 "experiments/opener.csv", "--rate", "0.2", "--per-month", "50"]) == 2
    one_line_error(capsys, "never rewritten")


def test_drivers_json_has_the_variants(tmp_path, capsys):
    """A tracker with a Template column: the variants of the stage analysed, from the column,
    each with its n, events and rate; 'differs' only after the Holm correction."""
    rows = []
    for i in range(150):
        template = ("story", "question", "short")[i % 3]
        hired = (template == "story" and i % 2 == 0) or (template != "story" and i % 15 == 1)
        rows.append({"Date Sent": f"2026-{1 + i % 9:02d}-{1 + i % 27:02d} 10:00",
                     "Cover Letter": f"Hello, letter {i} about {template} " * 8,
                     "Template": template, "Viewed?": "yes",
                     "Interviewed?": "yes" if hired or i % 4 == 0 else "no",
                     "Hired?": "yes" if hired else "no"})
    pd.DataFrame(rows).to_csv(tmp_path / "t.csv", index=False)
    out = tmp_path / "d.json"
    assert main(["drivers", str(tmp_path / "t.csv"), "--bootstrap", "20", "--json",
                 str(out)]) == 0
    variants = json.loads(out.read_text(encoding="utf-8"))["variants"]
    assert [list(v) for v in variants] == [["variant", "source", "n", "events", "rate",
                                            "ci_low", "ci_high", "differs"]] * 3
    by = {v["variant"]: v for v in variants}
    assert by["story"]["n"] == 50 and by["story"]["events"] == 25
    assert by["story"]["source"] == "column" and by["story"]["differs"] is True
    assert "Variants (your variant column), hired given sent" in capsys.readouterr().out
