"""The proposal coach (issue #8): a draft reviewed against the user's own history.

The history is measured and analysed once per module (``prepared``); the drafts are written
by hand after the sample's planted model (docs/sample-data.md).
"""

from __future__ import annotations

import html as htmllib
import json
import re

import numpy as np
import pandas as pd
import pytest

from upwork_analytics.analysis.drivers import analyze_drivers, fit_stage_model
from upwork_analytics.cli import main
from upwork_analytics.coach.report import (
    comparison_html,
    comparison_table,
    format_review,
    probability_html,
)
from upwork_analytics.coach.review import (
    NEAR_COPY,
    OUTCOME_LABELS,
    outcome_label,
    parse_job,
    prepare_history,
    read_draft,
    read_job,
    review,
)
from upwork_analytics.exceptions import InputFileError, ParameterError
from upwork_analytics.features import build_features
from upwork_analytics.paths import SAMPLE_DIR

JOB = """Speed up our Shopify store and lift checkout conversion

We sell outdoor gear on Shopify and our product pages load slowly on mobile. We need someone to
speed up the theme and improve the checkout conversion rate.

Before you apply, please answer the questions below:
1. Have you worked with Shopify Liquid themes before?
2. How would you measure the improvement?
"""

#: The sample's winning pattern: greets the client by name and refers to the job, ~160 words,
#: questions to the client, two quantified results, answers the post's questions, social proof
#: and reliability.
WINNING = """Hi Sarah,

I saw that you need your Shopify product pages to load faster on mobile and convert better at
checkout. I have worked with Shopify Liquid themes for 6 years, most recently for an outdoor
clothing brand.

Last spring I cut page load time by 45% for a sporting goods store by trimming theme scripts and
lazy-loading images. For another client I increased checkout conversion by 18% in two months
after simplifying the cart.

To measure the improvement I would record Lighthouse scores and your conversion rate before I
start, then report both every week, so you can see the change in numbers.

Clients often leave 5-star reviews and several are repeat clients. I always meet deadlines and
keep you updated with weekly milestones; I am available 30 hours a week.

Which pages get the most mobile traffic? Do you use any apps that inject scripts into the
theme?

Best regards,
Alex"""


def _template_copy() -> pd.Series:
    """A template copy from the sample with no quantified result and no question."""
    proposals = pd.read_csv(SAMPLE_DIR / "proposals.csv")
    truth = pd.read_csv(SAMPLE_DIR / "proposal_truth.csv")
    both = proposals.merge(truth, on="proposal_id")
    pick = both[both["is_template_copy"] & (both["result_phrases"] == 0)
                & (both["questions_asked"] == 0)]
    return pick.iloc[0]


def _losing_draft(letter: str) -> str:
    """The losing pattern: 'Dear Sir/Madam,', the first ~60 words of a template letter."""
    sentences = re.split(r"(?<=[.!?])\s+", letter.strip())
    body, words = [], 0
    for sentence in sentences:
        body.append(sentence)
        words += len(sentence.split())
        if words >= 55:
            break
    return "Dear Sir/Madam,\n\n" + " ".join(body) + "\n\nRegards,\nAlex"


@pytest.fixture(scope="module")
def prepared(sample_proposals):
    return prepare_history(sample_proposals)


@pytest.fixture(scope="module")
def copy_row():
    return _template_copy()


@pytest.fixture(scope="module")
def winning(prepared):
    return review(WINNING, prepared, JOB)


@pytest.fixture(scope="module")
def losing(prepared, copy_row):
    return review(_losing_draft(copy_row["cover_letter"]), prepared, JOB)


def test_winning_draft_scores_clearly_above_losing(winning, losing):
    assert winning.model_tier == "model" and losing.model_tier == "model"
    assert winning.probability - losing.probability >= 0.05
    centre = [sum(r.probability_ci) / 2 for r in (winning, losing)]
    assert centre[0] > centre[1]
    assert losing.probability < winning.base_rate < winning.probability
    for r in (winning, losing):
        lo, hi = r.probability_ci
        assert 0 <= lo < hi <= 1
        assert r.base_rate_ci[0] < r.base_rate < r.base_rate_ci[1] and r.n_proposals == 1200
    assert losing.opening_is_generic and not winning.opening_is_generic
    assert losing.opening_flags and not winning.opening_flags


def test_suggestions_cite_only_drivers_of_the_stage_they_cite(prepared, winning, losing,
                                                              sample_proposals):
    cited = {e.stage for r in (winning, losing) for s in r.suggestions for e in s.evidence}
    tables = {stage: analyze_drivers(prepared.features, sample_proposals, stage=stage, seed=0,
                                     n_boot=200, evaluate=False).coefficients.set_index("feature")
              for stage in cited}
    assert len(losing.suggestions) >= 4
    assert len(winning.suggestions) < len(losing.suggestions)
    features = set()
    for r in (winning, losing):
        for s in r.suggestions:
            assert s.evidence and s.text
            for e in s.evidence:
                row = tables[e.stage].loc[e.feature]
                assert bool(row["is_driver"]) and row["role"] == "advice", (e.stage, e.feature)
                assert not (row["ci_low"] <= 1 <= row["ci_high"])  # never "no effect"
                assert (e.ci_low, e.ci_high, e.n) == (row["ci_low"], row["ci_high"], row["n"])
                assert f"n={e.n:,}" in e.text() and "adjusted p" in e.text()
            features.add(s.feature)
    # the losing draft's planted faults are found
    assert {"question_count", "template_similarity", "opening_generic",
            "word_count"} <= {s.feature for s in losing.suggestions}
    # context controls never become writing suggestions
    assert not features & {"boosted", "invited", "competition_low", "months_since_first"}


def test_suggestion_direction_follows_the_hired_median(losing):
    by_feature = losing.comparison.set_index("feature")
    assert len(losing.suggestions) >= 3
    for s in losing.suggestions:
        if s.feature == "word_count":
            assert "words" in s.target
            continue
        median = by_feature.loc[s.feature, "hired_median"]
        more = s.evidence[0].odds_ratio > 1
        assert (s.draft_value < median) if more else (s.draft_value > median), s.feature


def test_coach_effects_and_model_match_analyze_drivers(prepared, sample_proposals):
    full = analyze_drivers(prepared.features, sample_proposals, stage="hired", seed=0,
                           n_boot=200)
    quick = prepared.analyses["hired"].coefficients
    cols = ["feature", "odds_ratio", "ci_low", "ci_high", "p_adjusted", "is_driver", "role"]
    pd.testing.assert_frame_equal(quick[cols], full.coefficients[cols])
    model = prepared.model
    assert set(model.terms) == set(quick["feature"])
    odds = np.exp(model._model.coef_[0])
    assert np.allclose(odds, full.coefficients.set_index("feature").loc[model.terms,
                                                                         "odds_ratio"])


def test_near_copy_of_a_template_letter_is_flagged(prepared, copy_row):
    letter = copy_row["cover_letter"].replace("I have", "I've", 1)
    result = review(letter, prepared)
    assert result.similar["similarity"].iloc[0] >= NEAR_COPY
    sent = pd.Timestamp(copy_row["submitted_at"]).strftime("%Y-%m-%d")
    assert any(w.startswith(f"near-copy of a proposal you sent on {sent}")
               for w in result.warnings)
    assert result.draft_features["template_similarity"] >= NEAR_COPY
    # each similar proposal's outcome, read from the sample's own flags (all known there)
    flags = pd.read_csv(SAMPLE_DIR / "proposals.csv").set_index("proposal_id")
    for pid, outcome in zip(result.similar["proposal_id"], result.similar["outcome"]):
        row = flags.loc[pid]
        expected = ("hired" if row["hired"] else "interviewed, not hired" if row["interviewed"]
                    else "viewed, not hired" if row["viewed"] else "not viewed")
        assert outcome == expected, pid
    assert len(result.similar) == 5


def test_probability_interval_is_a_95_percent_interval(prepared, winning, losing,
                                                      sample_proposals):
    """The width of the predicted probability's interval (on the log-odds scale) against the
    textbook one: the delta-method 95% interval of an unpenalised logistic regression on the
    same terms, Var(x'b) = x' Cov(b) x. A penalised or better-calibrated model may be somewhat
    narrower or wider; a 50% interval would be about a third as wide."""
    import math

    import statsmodels.api as sm

    from upwork_analytics.analysis.drivers import SQUARED

    terms = prepared.model.terms
    frame = prepared.features.merge(sample_proposals[["proposal_id", "hired"]],
                                    on="proposal_id")
    words = frame["word_count"].astype(float)

    def design(df):
        return pd.DataFrame({t: ((df["word_count"].astype(float) - words.mean()) / words.std())
                             ** 2 if t == SQUARED else pd.to_numeric(df[t], errors="coerce")
                             for t in terms}, index=df.index)

    X = design(frame)
    median = X.median()  # unknown values are taken as typical
    fit = sm.Logit(frame["hired"].astype(float).to_numpy(),
                   sm.add_constant(X.fillna(median))).fit(disp=0)
    for result in (winning, losing):
        x = np.r_[1.0, design(result.draft_features.to_frame().T).fillna(median).iloc[0]]
        se = math.sqrt(x @ fit.cov_params().to_numpy() @ x)
        lo, hi = result.probability_ci
        width = math.log(hi / (1 - hi)) - math.log(lo / (1 - lo))
        assert 0.45 < width / (2 * 1.959964 * se) < 1.6, (result.probability_ci, se)
        assert lo < result.probability < hi


def test_the_draft_is_scored_as_sent_at_the_end_of_the_history(winning):
    """months_since_first of a draft is that of a proposal sent now: the months between the
    history's first and last proposal (a month is 365.25 / 12 days)."""
    sent = pd.to_datetime(pd.read_csv(SAMPLE_DIR / "proposals.csv")["submitted_at"], utc=True)
    months = (sent.max() - sent.min()) / pd.Timedelta(days=30.4375)
    assert months > 23  # the sample spans two years
    assert winning.draft_features["months_since_first"] == pytest.approx(months)


def test_similar_proposals_and_unanswered_questions(winning, prepared):
    assert 1 <= len(winning.similar) <= 5 and not winning.warnings
    assert winning.similar["similarity"].is_monotonic_decreasing
    assert len(winning.job_questions) == 2 and winning.unanswered == []
    half = WINNING.replace("To measure the improvement I would record Lighthouse scores and "
                           "your conversion rate before I\nstart, then report both every week,"
                           " so you can see the change in numbers.\n\n", "")
    result = review(half, prepared, JOB)
    assert result.unanswered == ["2. How would you measure the improvement?"]
    without_job = review(WINNING, prepared)
    assert without_job.job is None and without_job.job_questions == []
    assert any("no job post given" in n for n in without_job.notes)


def test_empty_draft_is_a_clear_error(prepared, tmp_path):
    for text in ("", "   \n\t "):
        with pytest.raises(ParameterError, match="the draft is empty: nothing to review"):
            review(text, prepared)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(ParameterError, match="the draft is empty"):
        read_draft(empty)
    with pytest.raises(InputFileError, match="missing.txt"):
        read_draft(tmp_path / "missing.txt")


def test_history_of_20_gives_no_prediction_and_no_suggestions(sample_proposals):
    small = sample_proposals.iloc[:20]
    result = review(WINNING, small, JOB)
    assert result.probability is None and result.probability_ci is None
    assert result.prediction_note.startswith("history too small to predict: ")
    assert "(tier descriptive)" in result.prediction_note
    assert result.suggestions == [] and not result.evidence_enough
    assert "too small" in result.suggestions_note
    assert result.n_proposals == 20 and len(result.comparison) > 10 and result.opening
    assert len(result.similar) == 5
    data = result.to_dict()
    assert data["probability"] is None and data["suggestions"] == []
    text = format_review(result)
    assert "No prediction: history too small to predict" in text


def test_context_arguments_and_job_parsing(prepared):
    job = parse_job("\n\n  Logo design  \nWe need a logo.\nWhat is your style?\n")
    assert job.title == "Logo design" and job.description == "We need a logo.\nWhat is your style?"
    assert parse_job("  \n") is None and read_job("") is None
    result = review(WINNING, prepared, JOB, bid=60, budget=(25, 50), contract_type="hourly")
    assert result.draft_features["bid_to_budget_ratio"] == pytest.approx(60 / 37.5)
    assert result.draft_features["is_hourly"] == 1
    assert "bid_to_budget_ratio" in {s.feature for s in result.suggestions}
    with pytest.raises(ParameterError, match="contract_type"):
        review(WINNING, prepared, contract_type="monthly")
    with pytest.raises(ParameterError, match="budget"):
        review(WINNING, prepared, budget="lots")


def test_stage_model_refuses_to_predict_on_a_small_history(sample_proposals):
    small = sample_proposals.iloc[:20]
    model = fit_stage_model(build_features(small), small)
    assert not model.is_fitted and model.tier == "descriptive"
    with pytest.raises(Exception, match="no model for hired given sent"):
        model.predict_proba_interval(build_features(small).iloc[:1])


def test_cli_score_writes_json_and_exits_2_on_bad_input(tmp_path, capsys, sample_proposals):
    data = tmp_path / "history.csv"
    pd.read_csv(SAMPLE_DIR / "proposals.csv").iloc[:400].to_csv(data, index=False)
    draft, job, out = tmp_path / "draft.txt", tmp_path / "job.txt", tmp_path / "review.json"
    draft.write_text(WINNING, encoding="utf-8")
    job.write_text(JOB, encoding="utf-8")
    assert main(["score", str(draft), "--job", str(job), "--data", str(data), "--json",
                 str(out), "--bid", "40", "--budget", "25-50"]) == 0
    text = capsys.readouterr().out
    for heading in ("Opening, as the client sees it", "Your draft vs your history",
                    "Predicted hire probability", "Suggestions", "Similar past proposals",
                    "Unanswered job questions"):
        assert heading in text
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert {"probability", "probability_ci", "base_rate", "suggestions", "similar"} <= set(payload)
    assert payload["n_proposals"] == 400 and len(payload["similar"]) == 5

    assert main(["score", str(tmp_path / "nope.txt"), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and len(err.strip().splitlines()) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    assert main(["score", str(empty), "--data", str(data)]) == 2
    assert "the draft is empty: nothing to review" in capsys.readouterr().err
    assert main(["report", "review", "--out", str(tmp_path)]) == 2
    assert "needs --draft" in capsys.readouterr().err
    assert main(["report", "monthly", "--draft", str(draft), "--out", str(tmp_path)]) == 2
    assert "only to 'report review'" in capsys.readouterr().err


@pytest.mark.notebook
def test_review_report_renders_escaped_and_redacted(tmp_path, sample_proposals):
    from upwork_analytics.reports.render import render

    client = next(n for n in sample_proposals["client_name"].dropna() if " " in n)
    draft = tmp_path / "my draft.txt"
    draft.write_text(f"Hi {client.split()[0]}, <script>alert(1)</script> write to "
                     f"me@example.com.\n\n" + WINNING, encoding="utf-8")
    job = tmp_path / "job.txt"
    job.write_text(JOB, encoding="utf-8")
    path = render("review", draft=draft, job=job, out_dir=tmp_path, month="2026-10",
                  share=True)
    assert path.name == "review-shared.html" and path.parent.name == "2026-10"
    page = path.read_text(encoding="utf-8")
    for heading in ("Proposal review", "The opening, as the client sees it",
                    "Your draft against your history", "Predicted hire probability",
                    "Suggestions", "Similar past proposals", "left unanswered", "Notes"):
        assert heading in page, heading
    assert "<script" not in page.lower()
    visible = htmllib.unescape(re.sub(r"<style.*?</style>", "", page, flags=re.S))
    assert "Predicted hire probability" in visible and "95% interval" in visible
    assert "[email]" in visible and "me@example.com" not in visible
    assert "[client]" in visible and client not in visible
    assert "Traceback" not in page


def test_review_header_redacts_file_names_in_share_mode(winning, sample_proposals):
    """A draft or tracker file named after the client (Acme_Corp_draft.txt) shows as
    [client]_draft.txt in a shared review; the private review keeps the name."""
    from upwork_analytics.coach.report import review_header
    from upwork_analytics.reports.redact import redactor_for

    history = sample_proposals.assign(client_name="Acme Corp")
    shared = review_header("Review", winning, "/x/Acme_Corp_draft.txt", "/x/acme-corp-job.txt",
                           ["/x/ACME_CORP_tracker.csv"], redactor_for(history, share=True)).data
    assert "Acme" not in shared and "ACME" not in shared and "acme" not in shared
    assert "[client]_draft.txt" in shared and "[client]_tracker.csv" in shared
    assert "[client]-job.txt" in shared
    private = review_header("Review", winning, "/x/Acme_Corp_draft.txt", "", ["p.csv"]).data
    assert "Acme_Corp_draft.txt" in private


# --------------------------------------------------------------------------- outside the history

#: Exactly 20 words: far shorter than any proposal of the sample (the shortest has 43).
SHORT = ("Hi, I can build this for you. I have five years of Shopify experience. "
         "Message me and we can start.")


def _assert_withheld(result, feature: str, draft_value: str, span) -> None:
    low, high = span.set_index("feature").loc[feature, ["low", "high"]]
    assert result.probability is None and result.probability_ci is None
    assert result.model_tier == "model"  # the model exists: the draft is what is out of range
    found = {o["feature"]: o for o in result.outside_history}
    assert feature in found
    assert (found[feature]["history_min"], found[feature]["history_max"]) == (low, high)
    note = result.prediction_note
    assert note.startswith("too far outside your history to predict: ")
    assert (f"{feature}: this draft has {draft_value}, your history spans {low:,.0f}-"
            f"{high:,.0f}") in note
    data = result.to_dict()
    assert data["probability"] is None and data["probability_ci"] is None
    assert feature in {o["feature"] for o in data["outside_history"]}
    json.dumps(data, allow_nan=False)
    # the rest of the review is still there
    assert len(result.comparison) > 10 and result.base_rate_ci[0] < result.base_rate
    text = format_review(result)
    assert "No prediction: too far outside your history to predict: " in text
    assert f"(outside {low:,.0f}-{high:,.0f})" in text
    for heading in ("Your draft vs your history", "Suggestions", "Similar past proposals"):
        assert heading in text
    assert "95% interval" not in text


def test_a_20_word_draft_gets_no_probability_but_the_rest_of_the_review(prepared):
    result = review(SHORT, prepared, JOB)
    assert result.draft_features["word_count"] == 20
    assert prepared.span.set_index("feature").loc["word_count", "low"] > 20
    _assert_withheld(result, "word_count", "20 words", prepared.span)
    assert [o["feature"] for o in result.outside_history] == ["word_count"]
    assert len(result.similar) == 5
    # suggestions still come where the evidence supports them: the length one first of all
    assert "word_count" in {s.feature for s in result.suggestions}
    html = probability_html(result).data
    assert "too far outside your history to predict" in html and "95% interval" not in html
    assert "(outside " in comparison_html(result).data


def test_a_200000_character_draft_gets_no_probability(prepared):
    huge = ((WINNING + "\n\n") * 300)[:200_000]
    result = review(huge, prepared, JOB)
    words = result.draft_features["word_count"]
    assert words > 10_000
    _assert_withheld(result, "word_count", f"{words:,.0f} words", prepared.span)
    # every input outside the range is named, not only the first
    assert {"question_count", "reliability_mentions"} <= {o["feature"]
                                                          for o in result.outside_history}


def test_a_url_only_draft_gets_no_probability(prepared):
    result = review("https://example.com/portfolio", prepared)
    _assert_withheld(result, "word_count", "1 word", prepared.span)


def test_a_typical_draft_still_gets_a_probability(prepared, winning):
    assert winning.outside_history == [] and winning.to_dict()["outside_history"] == []
    assert winning.probability is not None and winning.prediction_note.startswith("from the")
    lo, hi = winning.probability_ci
    assert 0 < lo < winning.probability < hi < 1
    # the span is the history's own min and max of every model input
    span = prepared.span.set_index("feature")
    words = prepared.features["word_count"]
    assert (span.loc["word_count", "low"], span.loc["word_count", "high"]) == (words.min(),
                                                                               words.max())
    assert "word_count_squared" not in span.index  # read through word_count
    assert set(span.index) | {"word_count_squared"} == set(prepared.model.terms)
    # a draft at the edge of the span is inside it; same input and seed, same numbers
    again = review(WINNING, prepared, JOB)
    assert (again.probability, again.probability_ci) == (winning.probability,
                                                         winning.probability_ci)


def test_a_bid_far_above_any_past_bid_gets_no_probability(prepared):
    high = prepared.span.set_index("feature").loc["bid_to_budget_ratio", "high"]
    result = review(WINNING, prepared, JOB, bid=200 * high, budget=100)  # twice the highest
    assert [o["feature"] for o in result.outside_history] == ["bid_to_budget_ratio"]
    assert result.probability is None
    assert f"bid_to_budget_ratio: this draft has {2 * high:.0%}" in result.prediction_note


def test_cli_score_json_withholds_the_probability_of_a_short_draft(tmp_path, capsys):
    data = SAMPLE_DIR / "proposals.csv"  # 400 proposals are too few for a model at all
    draft, out = tmp_path / "short.txt", tmp_path / "review.json"
    draft.write_text(SHORT, encoding="utf-8")
    assert main(["score", str(draft), "--data", str(data), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "No prediction: too far outside your history to predict: word_count: this draft " \
           "has 20 words" in text
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["probability"] is None and payload["probability_ci"] is None
    assert payload["outside_history"][0]["feature"] == "word_count"
    assert payload["outside_history"][0]["draft"] == 20
    assert payload["features"] and payload["similar"]


# --------------------------------------------------------------------------- kinds and outcomes


def test_small_history_comparison_takes_kinds_from_the_registry(sample_proposals):
    """20 proposals that each have exactly one quantified result, and no enthusiasm at all:
    still a count and a score, not '100% yes' and '0% yes'."""
    hired = sample_proposals["hired"].astype(bool)
    features = build_features(sample_proposals)
    one = features["result_phrase_count"].eq(1).to_numpy()
    pick = pd.concat([sample_proposals[one & hired.to_numpy()].iloc[:4],
                      sample_proposals[one & ~hired.to_numpy()].iloc[:16]])
    small_features = (features.set_index("proposal_id").loc[pick["proposal_id"]]
                      .reset_index().assign(enthusiasm_score=0.0))
    assert set(small_features["result_phrase_count"]) == {1.0}
    result = review(WINNING, prepare_history(pick, features=small_features), JOB)
    kinds = result.comparison.set_index("feature")["kind"]
    assert kinds["result_phrase_count"] == "count" and kinds["word_count"] == "count"
    assert kinds["enthusiasm_score"] == "continuous"
    assert kinds["client_question_coverage"] == "continuous"
    assert kinds["opening_generic"] == "binary" and kinds["has_portfolio_link"] == "binary"
    shown = comparison_table(result).set_index("habit")
    assert list(shown.loc["result_phrase_count"].iloc[1:3]) == ["1", "1"]
    assert list(shown.loc["enthusiasm_score"].iloc[1:3]) == ["0", "0"]
    assert "yes" not in " ".join(shown.loc["client_question_coverage"].astype(str))
    assert shown.loc["opening_generic"].iloc[1].endswith("% yes")
    assert {f["feature"]: f["kind"] for f in result.to_dict()["features"]}[
        "result_phrase_count"] == "count"


@pytest.mark.parametrize(("flags", "label"), [
    ((True, True, True), "hired"),
    ((None, None, False), "not hired"),          # "Declined": how far it got is unknown
    ((False, None, False), "not viewed"),
    ((True, None, False), "viewed, not hired"),
    ((True, True, False), "interviewed, not hired"),
    ((True, True, None), "interviewed"),
    ((True, None, None), "viewed"),
    ((None, None, None), "unknown"),
])
def test_outcome_label(flags, label):
    viewed, interviewed, hired = flags
    row = pd.Series({"viewed": pd.NA if viewed is None else viewed,
                     "interviewed": pd.NA if interviewed is None else interviewed,
                     "hired": pd.NA if hired is None else hired})
    assert outcome_label(row) == label and label in OUTCOME_LABELS


def test_declined_proposals_show_as_not_hired_in_similar(sample_proposals):
    small = sample_proposals.iloc[:20].copy()
    lost = ~small["hired"].astype(bool)
    for col in ("viewed", "interviewed", "offered"):
        small[col] = small[col].astype("boolean")
        small.loc[lost, col] = pd.NA  # "Declined" says nothing about the earlier stages
    result = review(WINNING, small, JOB)
    assert "unknown" not in set(result.similar["outcome"])
    assert set(result.similar["outcome"]) <= {"hired", "not hired"}
    assert "not hired" in set(result.similar["outcome"])
    assert "not hired" in format_review(result)
