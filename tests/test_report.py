"""Rendering report notebooks with papermill into self-contained, shareable HTML.

The reports are rendered once per session by the ``rendered_reports`` fixture (conftest.py).
"""

from __future__ import annotations

import html as htmllib
import json
import re
import sys

import nbformat
import pandas as pd
import papermill as pm
import pytest
from conftest import register_report_notebook

from upwork_analytics.cli import main
from upwork_analytics.exceptions import OutputExistsError, ReportError
from upwork_analytics.paths import NOTEBOOKS_DIR, SAMPLE_MESSAGES, SAMPLE_PROPOSALS
from upwork_analytics.reports.redact import ORDINARY_WORDS, client_names
from upwork_analytics.reports.render import REPORTS, render, report_parameters

#: Report -> headings that must appear, and the exact number of embedded charts.
EXPECTED = {
    "monthly": (["Monthly proposal report", "How to read this", "This month in numbers",
                 "Compared with earlier months", "Funnel and trend",
                 "Hired and not hired, side by side", "What drives hires", "The advice audit",
                 "Recommendations", "Running experiments", "No experiment is running",
                 "About this report"], 3),
    "drivers": (["What wins you work: drivers", "How to read this", "The funnel by segment",
                 "Your templates and variants", "template families detected in your letters",
                 "Viewed, of proposals sent",
                 "Interviewed, of proposals viewed", "Hired, of proposals interviewed",
                 "Interviewed, of proposals sent", "Hired, of proposals sent",
                 "Rate by feature", "Calibration", "Length as a curve", "The advice audit"],
                19),
    "interviews": (["Interview conversations", "How to read this", "Conversations in numbers",
                    "How fast you reply", "Hire rate by reply speed",
                    "Answering every question, and message length", "Follow-ups",
                    "What goes with hires once interviewed", "The interview advice audit",
                    "Client questions left unanswered", "About this report"], 5),
}
_IMG = re.compile(r'<img [^>]*src="data:image/png;base64,[^"]+"')


def _visible(html: str) -> str:
    """The page without embedded images and stylesheets (the template's CSS comments hold
    links), unescaped: what a reader can see or copy."""
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return htmllib.unescape(_IMG.sub("<img>", html))


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_parameters_match_the_notebook(name):
    declared = pm.inspect_notebook(str(NOTEBOOKS_DIR / REPORTS[name]))
    assert set(report_parameters(name, month="2026-10")) == set(declared)
    assert declared["data"]["default"] == '["../data/sample/proposals.csv"]'


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_notebooks_are_committed_thin_and_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS_DIR / REPORTS[name], as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert "parameters" in nb.cells[0].metadata.get("tags", [])
    for cell in nb.cells[1:] if nb.cells else []:
        assert "parameters" not in cell.metadata.get("tags", [])
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert not re.search(r"^\s*(def|class|for|while|with|if) ", cell.source, re.M)
            assert "import upwork_analytics" not in cell.source  # from-imports only
            assert "Markdown(" not in cell.source and "HTML(" not in cell.source


@pytest.mark.notebook
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_is_one_offline_html_file(rendered_reports, name):
    path = rendered_reports[name]
    html = path.read_text(encoding="utf-8")
    headings, n_charts = EXPECTED[name]
    assert path.name == f"{name}.html" and path.parent.name == "2026-10"
    assert (path.parent / f"{name}.ipynb").exists()
    assert not list(path.parent.glob("*.failed.ipynb")) and not list(path.parent.glob(".*"))
    assert f"<title>{headings[0]}</title>" in html
    for heading in headings:
        assert heading in html, heading
    assert len(_IMG.findall(html)) == n_charts  # every chart exactly once
    assert "Source:</b> proposals.csv" in html
    assert re.search(r"<b>Data:</b> 20\d\d-\d\d-\d\d to 2026-10-\d\d, 1,200 proposals", html)
    # nothing from the network: no script at all, no remote src/href/url()
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?(https?:)?//|@import""", html, re.I)
    assert 'name="viewport"' in html
    for noise in ("Traceback", "In&nbsp;[", "Warning", "<Figure size", "DataFrame"):
        assert noise not in html, noise


@pytest.mark.notebook
def test_monthly_report_states_uncertainty_and_evidence(rendered_reports):
    text = _visible(rendered_reports["monthly"].read_text(encoding="utf-8"))
    assert re.search(r"hire rate \(\d+ hired\)\s*</th>\s*<td>\d+% \(\d+%-\d+%, n=\d+\)", text)
    assert "no clear change" in text and "points (" in text
    assert "weakly informative prior" in text and "profile 95% intervals" in text
    # (issue 12: length is read from its curve, a best point with its interval, never a
    # "sweet spot"; every other recommendation states its odds ratio, interval and n)
    assert "sweet spot" not in text.lower()
    recs = re.findall(r"<li>(Proposals that [^<]*|Length has [^<]*)</li>", text)
    assert 3 <= len(recs) <= 5
    for r in recs:
        if r.startswith("Length"):
            assert re.search(r"about \d+ words \(95% interval \d+-\d+\)", r), r
        else:
            assert re.search(r"odds ratio \d\.\d\d per SD \[\d\.\d\d-\d\.\d\d\], n=[\d,]+", r), r


@pytest.mark.notebook
def test_interviews_report_states_rates_with_intervals_and_examples(rendered_reports):
    text = _visible(rendered_reports["interviews"].read_text(encoding="utf-8"))
    assert re.search(r"hire rate among them</th>\s*<td>\d+% \(\d+%-\d+%, n=360\)", text)
    for group in ("within 1 h", "after 4-24 h", "none", "all", "two or more"):
        assert re.search(rf"<td>{group}</td>\s*<td>\d+% \(\d+%-\d+%, n=\d+\)", text), group
    assert "Outcome: hired given interviewed" in text and "first_reply_minutes" in text
    assert "Respond fast" in text and "Clock times are shown in the report's time zone" in text
    assert text.count('class="ua-card"') == 5
    assert len(re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC · (?:not )?hired", text)) == 5
    shared = " ".join(_visible(rendered_reports["interviews-share"].read_text("utf-8")).split())
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", shared)
    assert len(quotes) >= 5 and all(len(q) <= 202 for q in quotes)


#: Text columns of the proposals that the freelancer or the client wrote.
_PROPOSAL_TEXT = ("cover_letter", "job_description", "job_title", "job_category")
#: Dotted words of the sample that are not domains (frameworks).
_NOT_DOMAIN = re.compile(r".*\.js", re.I)


def _input_secrets() -> tuple[list[str], list[str], list[str]]:
    """Every client name, job URL and job id of the sample, and every email, phone number and
    bare domain written in its messages or in its proposals' own text (cover letters, job
    descriptions, titles, categories): (exact strings, full names, first names)."""
    proposals = pd.read_csv(SAMPLE_PROPOSALS, dtype=str)
    messages = pd.read_csv(SAMPLE_MESSAGES, dtype=str)
    texts = [*messages["text"].dropna(),
             *(t for col in _PROPOSAL_TEXT for t in proposals[col].dropna())]
    text = " ".join(texts)
    emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    phones = re.findall(r"\+?\d[\d ().-]{6,}\d", text)
    # bare domains, and the hosts of the links written in the text (alexmoreno.dev): a shared
    # report must not show them with or without a scheme
    bare = re.sub(r"[\w.+-]+@\S+|\b(?:https?://|www\.)", " ", text)
    domains = [d for d in re.findall(r"(?<![\w@./-])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}\b", bare)
               if not _NOT_DOMAIN.fullmatch(d)]
    exact = [*proposals["client_name"].dropna(), *proposals["job_url"].dropna(),
             *proposals["job_id"].dropna(), *emails, *phones, *domains]
    assert emails and phones and domains and len(exact) > 2000
    names = client_names(proposals["client_name"].dropna())
    return (sorted(set(exact)), [n for n in names if " " in n],
            [n for n in names if " " not in n])


@pytest.mark.notebook
@pytest.mark.parametrize("key", ["monthly-share", "interviews-share", "drivers-share"])
def test_shared_report_leaks_nothing_from_the_input(rendered_reports, key):
    assert rendered_reports[key].name.endswith("-shared.html")  # never over the private one
    html = rendered_reports[key].read_text(encoding="utf-8")
    visible = _visible(html)
    exact, full, firsts = _input_secrets()
    leaked = [s for s in exact if s in html or s in visible]
    assert not leaked, leaked[:5]
    # names in any case (a first name that is an ordinary word: capitalised only)
    named = [n for n in full if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", visible, re.I)]
    named += [n for n in firsts if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", visible,
                                             0 if n.lower() in ORDINARY_WORDS else re.I)]
    assert not named, named[:5]
    assert "Shared copy" in visible
    assert not re.search(r"https?://|www\.|~01[0-9a-f]{6}", visible)


@pytest.mark.notebook
def test_shared_report_of_hostile_input_leaks_no_name_contact_or_link(rendered_reports):
    """Client names written in other cases than stored, emails, phones, bare domains, job
    links and a tracker file named after the client: none survives in the shared copy."""
    from conftest import PII_SECRETS

    html = rendered_reports["pii-share"].read_text(encoding="utf-8")
    visible = _visible(html)
    assert "Website for [client]" in visible and "[email]" in visible  # it did show them
    assert "[phone]" in visible and "[link]" in visible
    leaked = [s for s in PII_SECRETS
              if re.search(rf"(?<![^\W_]){re.escape(s)}(?![^\W_])", html + visible, re.I)]
    assert not leaked, leaked
    assert "[client]_tracker.csv" in visible


@pytest.mark.notebook
def test_shared_report_shows_no_full_proposal(rendered_reports):
    visible = " ".join(_visible(rendered_reports["monthly-share"].read_text("utf-8")).split())
    letters = pd.read_csv(SAMPLE_PROPOSALS, dtype=str)["cover_letter"].dropna()
    assert "[client]" in visible or "[link]" in visible
    assert not [t for t in letters if " ".join(t.split()) in visible]
    cards = re.findall(r"<blockquote>(.*?)</blockquote>", visible)
    assert cards and all(len(c) <= 202 for c in cards)


@pytest.mark.notebook
def test_user_html_is_shown_as_text_and_never_runs(rendered_reports):
    html = rendered_reports["xss"].read_text(encoding="utf-8")
    for raw in ("<script", "<img src=x"):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<title>Report for &lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "Not enough evidence for recommendations yet" in html  # 24 proposals: thin evidence


@pytest.mark.notebook
def test_existing_report_is_not_overwritten_without_force(rendered_reports):
    path = rendered_reports["interviews"]
    before = path.read_bytes()
    with pytest.raises(OutputExistsError, match="--force"):
        render("interviews", out_dir=path.parent.parent, month="2026-10")
    assert path.read_bytes() == before


def _broken_notebook(tmp_path, monkeypatch):
    register_report_notebook(tmp_path, monkeypatch, "broken",
                             "raise ValueError('bad column xyz')")


@pytest.mark.notebook
def test_failing_cell_keeps_the_notebook_and_writes_no_html(tmp_path, monkeypatch):
    _broken_notebook(tmp_path, monkeypatch)
    out = tmp_path / "out"
    with pytest.raises(ReportError, match=r"broken report: cell \d+ failed: ValueError: bad column xyz"):
        render("broken", out_dir=out, month="2026-10")
    assert (out / "2026-10" / "broken.failed.ipynb").exists()
    assert not (out / "2026-10" / "broken.html").exists()
    assert not list((out / "2026-10").glob(".*"))  # no temporary file left behind
    failed = json.loads((out / "2026-10" / "broken.failed.ipynb").read_text())
    assert failed["metadata"]["papermill"]["exception"] is True


@pytest.mark.notebook
def test_cli_failing_cell_exits_1_with_one_message(tmp_path, monkeypatch, capsys):
    _broken_notebook(tmp_path, monkeypatch)
    assert main(["report", "broken", "--out", str(tmp_path), "--month", "2026-10"]) == 1
    err = capsys.readouterr().err
    [line] = [ln for ln in err.splitlines() if "report failed" in ln]
    assert "ValueError: bad column xyz" in line and "broken.failed.ipynb" in line
    # not on a terminal (captured, like a pipe or cron): no progress, only the error
    assert err.strip().splitlines() == [line]


@pytest.mark.notebook
def test_report_cli_prints_progress_on_a_terminal_and_the_html_path(tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # as on a terminal
    assert main(["report", "interviews", "--out", str(tmp_path), "--share",
                 "--title", "Interviews for Oliver K."]) == 0
    captured = capsys.readouterr()
    path = tmp_path / "2026-10" / "interviews-shared.html"
    assert captured.out.strip() == str(path)
    assert "executing interviews.ipynb for 2026-10" in captured.err
    assert "Interviews for [client]" in path.read_text(encoding="utf-8")


def test_report_cli_rejects_a_bad_month(capsys):
    assert main(["report", "monthly", "--month", "2026-13"]) == 2
    assert "expected YYYY-MM" in capsys.readouterr().err
