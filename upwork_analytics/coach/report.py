"""How a proposal review is shown: the terminal text of ``upwork-analytics score`` and the HTML
pieces of the ``review`` report notebook.

Every piece of user text in the HTML is escaped here (``html.escape`` or
``DataFrame.to_html(escape=True)``); in share mode the caller's
:class:`~upwork_analytics.reports.redact.Redactor` is applied first.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from upwork_analytics.analysis.funnel import format_rate
from upwork_analytics.coach.review import NEAR_COPY, Review, format_value
from upwork_analytics.reports.excerpts import excerpt
from upwork_analytics.reports.presentation import notice, table
from upwork_analytics.reports.redact import Redactor

_WIDTH = 96


# --------------------------------------------------------------------------- shared pieces


def comparison_table(review: Review) -> pd.DataFrame:
    """The draft next to the medians of hired and not-hired proposals, as display strings.

    Yes/no habits (the registry's ``0/1`` features) show the share of proposals that have
    them; a median over fewer proposals than the whole group (the rest unknown) gives its n; a
    draft value outside the history's range (no prediction then) gives that range; ``driver``
    names the stages where the habit is a driver of the user's own data, and in which
    direction.
    """
    comp = review.comparison
    n_h = int(comp["n_hired"].max()) if len(comp) else 0
    n_o = int(comp["n_not_hired"].max()) if len(comp) else 0
    outside = {o["feature"]: o for o in review.outside_history}
    rows = []
    for r in comp.itertuples(index=False):
        value = format_value(r.feature, r.draft)
        if r.feature in outside:
            o = outside[r.feature]
            value += (f" (outside {format_value(r.feature, o['history_min'])}-"
                      f"{format_value(r.feature, o['history_max'])})")
        rows.append({"habit": r.feature, "this draft": value,
                     f"hired (n={n_h:,})": _cell(r, r.hired_median, r.hired_share, r.n_hired,
                                                 n_h),
                     f"not hired (n={n_o:,})": _cell(r, r.not_hired_median, r.not_hired_share,
                                                     r.n_not_hired, n_o),
                     "driver": r.drives})
    return pd.DataFrame(rows, columns=["habit", "this draft", f"hired (n={n_h:,})",
                                       f"not hired (n={n_o:,})", "driver"])


def _cell(row, median: float, share: float, n: int, total: int) -> str:
    if not n:
        return "unknown"
    text = (f"{share:.0%} yes" if row.kind == "binary"
            else format_value(row.feature, median))
    return text if n == total else f"{text} (n={int(n):,})"


def probability_text(review: Review) -> str:
    """``'Hired: about 35 in 100 drafts like this one (95% interval 27-44); predicted hire
    probability 35.2% (...), against your hire rate of 18% (15-20%, n=1,200)'`` or the note why
    there is none."""
    base = format_rate(review.base_rate, *review.base_rate_ci, review.n_proposals)
    if review.probability is None:
        return f"No prediction: {review.prediction_note}. Your hire rate: {base}."
    lo, hi = review.probability_ci
    per100 = review.probability_text or f"{review.probability:.0%} ({lo:.0%}-{hi:.0%})"
    return (f"Hired: {per100}; predicted hire probability {review.probability:.1%} (95% "
            f"interval {lo:.1%}-{hi:.1%}), against your hire rate of {base}.")


# --------------------------------------------------------------------------- terminal


def format_review(review: Review) -> str:
    """The review as readable terminal text, one section per heading."""
    out: list[str] = []
    job = f', job "{review.job.title}"' if review.job is not None and review.job.title else ""
    words = format_value("word_count", review.draft_features.get("word_count"))
    out.append(f"Proposal review: {words} words{job}; history of {review.n_proposals:,} "
               f"proposals ({review.n_hired} hired)")

    _section(out, "Opening, as the client sees it in the list")
    out.extend(_wrap(f'"{review.opening}"', "  "))
    if review.opening_flags:
        for flag in review.opening_flags:
            out.extend(_wrap(f"! {flag}", "  ", "    "))
    else:
        out.append("  ok: it greets the client or refers to the job")

    _section(out, "Your draft vs your history (medians; yes/no habits: share with it)")
    out.extend(_text_table(comparison_table(review)))

    _section(out, "Predicted hire probability")
    out.extend(_wrap(probability_text(review), "  "))
    if review.probability is not None:
        out.extend(_wrap(f"({review.prediction_note})", "  "))

    _section(out, "Suggestions")
    if not review.suggestions:
        out.extend(_wrap(review.suggestions_note, "  "))
    for i, s in enumerate(review.suggestions, 1):
        out.extend(_wrap(f"{i}. {s.text}.", "  ", "     "))
        for e in s.evidence:
            out.extend(_wrap(f"evidence - {e.text()}", "     ", "       "))

    _section(out, "Similar past proposals")
    if review.similar.empty:
        out.append("  none: no past proposal shares a pair of words with this draft")
    width = max((len(o) for o in review.similar["outcome"]), default=0)
    for r in review.similar.itertuples(index=False):
        date = "          " if pd.isna(r.submitted_at) else f"{r.submitted_at:%Y-%m-%d}"
        title = "" if pd.isna(r.job_title) else str(r.job_title)
        mark = "  near-copy" if r.similarity >= NEAR_COPY else ""
        out.append(f"  {date}  {r.similarity:.2f}  {r.outcome:<{width}}  {title}{mark}")
    for w in review.warnings:
        out.extend(_wrap(f"! {w}", "  ", "    "))

    _section(out, "Unanswered job questions")
    out.extend(_questions_lines(review))

    if review.notes:
        _section(out, "Notes")
        for note in review.notes:
            out.extend(_wrap(f"- {note}", "  ", "    "))
    return "\n".join(out) + "\n"


def _questions_lines(review: Review) -> list[str]:
    if review.job is None:
        return ["  no job post given (--job JOB.txt: first line the title, then the post)"]
    if not review.job_questions:
        return ["  the job post asks no question the coach can find"]
    lines = []
    if not review.unanswered:
        lines.append(f"  none: the draft addresses all {len(review.job_questions)} of the "
                     "post's questions")
    for q in review.unanswered:
        lines.extend(_wrap(f"- {q}", "  ", "    "))
    for q in review.unchecked:
        lines.extend(_wrap(f"- (cannot check: no content words) {q}", "  ", "    "))
    return lines


def _text_table(df: pd.DataFrame) -> list[str]:
    """Left-aligned columns, two spaces apart, indented by two."""
    cells = [list(df.columns)] + df.astype(str).to_numpy().tolist()
    widths = [max(len(row[j]) for row in cells) for j in range(len(df.columns))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()
            for row in cells]


def _section(out: list[str], title: str) -> None:
    out.extend(["", title, "-" * len(title)])


def _wrap(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent,
                         subsequent_indent=indent if subsequent is None else subsequent,
                         break_long_words=False, break_on_hyphens=False) or [indent]


# --------------------------------------------------------------------------- HTML


def review_header(title: str, review: Review, draft: str | Path, job: str | Path,
                  data: str | Sequence[str], redactor: Redactor | None = None) -> HTML:
    """Title, the draft and job files, and the history the draft is compared with, escaped."""
    redactor = redactor or Redactor()
    paths = [data] if isinstance(data, (str, Path)) else list(data)
    names = ", ".join(str(redactor.file_name(Path(p).name)) for p in paths) or "none"
    job_name = str(redactor.file_name(Path(job).name)) if str(job) else "none given"
    job_title = ""
    if review.job is not None and review.job.title:
        job_title = f' ("{redactor.text(review.job.title)}")'
    words = format_value("word_count", review.draft_features.get("word_count"))
    shared = (" &middot; <b>Shared copy:</b> client names, contact details, links and job ids "
              "are redacted" if redactor.share else "")
    return HTML(
        f"<h1>{html.escape(str(redactor.text(title)))}</h1>"
        f'<p class="ua-meta"><b>Draft:</b> '
        f"{html.escape(str(redactor.file_name(Path(draft).name)))}"
        f" ({html.escape(words)} words) &middot; <b>Job:</b> {html.escape(job_name)}"
        f"{html.escape(job_title)} &middot; <b>History:</b> {review.n_proposals:,} proposals, "
        f"{review.n_hired} hired &middot; <b>Source:</b> {html.escape(names)}{shared}</p>")


def opening_html(review: Review, redactor: Redactor | None = None) -> HTML:
    """The opening as the client sees it, and what is wrong with it, if anything."""
    redactor = redactor or Redactor()
    quote = html.escape(str(redactor.text(review.opening)))
    flags = "".join(f'<p class="ua-notice">{html.escape(f)}</p>' for f in review.opening_flags)
    ok = ('<p class="ua-small">It greets the client or refers to the job: not generic.</p>'
          if not review.opening_flags else "")
    return HTML(f'<div class="ua-card"><blockquote>{quote}</blockquote></div>{flags}{ok}')


def comparison_html(review: Review) -> HTML:
    """:func:`comparison_table` as an escaped HTML table."""
    return table(comparison_table(review), index=False)


def probability_html(review: Review) -> HTML:
    """The predicted hire probability with its interval next to the base rate, or the note
    why there is none."""
    if review.probability is None:
        return notice(probability_text(review))
    return HTML(f"<p><b>{html.escape(probability_text(review))}</b></p>"
                f'<p class="ua-small">{html.escape(review.prediction_note.capitalize())}.</p>')


def suggestions_html(review: Review) -> HTML:
    """The suggestions, each with the evidence behind it; the note when there are none."""
    if not review.suggestions:
        text = review.suggestions_note.capitalize() + "."
        return notice(text) if not review.evidence_enough else HTML(
            f"<p>{html.escape(text)}</p>")
    items = []
    for s in review.suggestions:
        evidence = "".join(f"<li>{html.escape(e.text())}</li>" for e in s.evidence)
        items.append(f"<li>{html.escape(s.text)}.<ul class=\"ua-small\">{evidence}</ul></li>")
    return HTML(f'<ol class="ua-recs">{"".join(items)}</ol>')


def similar_html(review: Review, redactor: Redactor | None = None) -> HTML:
    """The most similar past proposals with their outcomes and an excerpt (redacted and cut
    in share mode), and a warning on near-copies."""
    redactor = redactor or Redactor()
    if review.similar.empty:
        return notice("No past proposal shares a pair of words with this draft.")
    s = review.similar
    shown = pd.DataFrame({
        "sent": [("" if pd.isna(d) else f"{d:%Y-%m-%d}") for d in s["submitted_at"]],
        "job": [("" if pd.isna(t) else str(redactor.text(t))) for t in s["job_title"]],
        "similarity": [f"{v:.2f}" for v in s["similarity"]],
        "outcome": s["outcome"].to_numpy(),
        "excerpt": [excerpt(t, redactor) for t in s["cover_letter"]],
    })
    warnings = "".join(
        f'<p class="ua-notice">{html.escape(_near_copy(r, redactor))}</p>'
        for r in s.itertuples(index=False) if r.similarity >= NEAR_COPY)
    return HTML(warnings + table(shown, index=False).data)


def _near_copy(row, redactor: Redactor) -> str:
    date = "an unknown date" if pd.isna(row.submitted_at) else f"{row.submitted_at:%Y-%m-%d}"
    title = "no title" if pd.isna(row.job_title) else str(redactor.text(row.job_title))
    return (f"Near-copy of a proposal you sent on {date} ('{title}', similarity "
            f"{row.similarity:.2f}, {row.outcome}).")


def questions_html(review: Review, redactor: Redactor | None = None) -> HTML:
    """The job's questions that the draft leaves unanswered."""
    redactor = redactor or Redactor()
    if review.job is None:
        return HTML('<p class="ua-small">No job post given, so no questions to check.</p>')
    if not review.job_questions:
        return HTML('<p class="ua-small">The job post asks no question the coach can '
                    "find.</p>")
    if not review.unanswered and not review.unchecked:
        return HTML(f"<p>None: the draft addresses all {len(review.job_questions)} of the "
                    "post's questions.</p>")
    items = [f"<li>{html.escape(str(redactor.text(q)))}</li>" for q in review.unanswered]
    items += [f"<li>{html.escape(str(redactor.text(q)))} <i>(no content words to check)"
              "</i></li>" for q in review.unchecked]
    return HTML(f'<p>{len(review.unanswered)} of {len(review.job_questions)} left '
                f'unanswered:</p><ul class="ua-list">{"".join(items)}</ul>')


def notes_html(review: Review) -> HTML:
    """What was assumed or left out."""
    if not review.notes:
        return HTML('<p class="ua-small">Nothing assumed or left out.</p>')
    items = "".join(f"<li>{html.escape(n)}</li>" for n in review.notes)
    return HTML(f'<ul class="ua-list ua-small">{items}</ul>')
