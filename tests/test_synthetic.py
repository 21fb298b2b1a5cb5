"""The sample generator: determinism, the documented properties of its data, planted truth."""

from __future__ import annotations

import difflib
import json
import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from upwork_analytics.cli import main
from upwork_analytics.exceptions import ParameterError
from upwork_analytics.paths import SAMPLE_DIR
from upwork_analytics.schema import FUNNEL
from upwork_analytics.schema import MessageCols as M
from upwork_analytics.schema import ProposalCols as P
from upwork_analytics.synthetic import generate_sample, write_sample
from upwork_analytics.synthetic.outcome import HIRED, INTERVIEWED, NULLS, VIEWED


@pytest.fixture(scope="module")
def sample():
    return generate_sample(seed=7)


@pytest.fixture(scope="module")
def joined(sample):
    return sample.proposals.merge(sample.record, on="proposal_id", validate="one_to_one")


def test_same_seed_same_data_other_seed_other_data():
    a, b = generate_sample(n_proposals=150, seed=3), generate_sample(n_proposals=150, seed=3)
    pd.testing.assert_frame_equal(a.proposals, b.proposals)
    pd.testing.assert_frame_equal(a.messages, b.messages)
    pd.testing.assert_frame_equal(a.record, b.record)
    assert a.truth == b.truth
    c = generate_sample(n_proposals=150, seed=4)
    assert not a.proposals[P.cover_letter].equals(c.proposals[P.cover_letter])


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    """data/sample/ must be regenerated whenever the generator changes."""
    written = write_sample(generate_sample(seed=7), tmp_path)
    for path in written:
        assert path.read_bytes() == (SAMPLE_DIR / path.name).read_bytes(), (
            f"{path.name} differs: run `upwork-analytics sample --out data/sample`")


def test_size_span_and_mix(sample):
    p = sample.proposals
    assert len(p) == 1200 and p[P.proposal_id].is_unique
    days = (p[P.submitted_at].max() - p[P.submitted_at].min()).days
    assert 700 <= days <= 731
    assert p[P.submitted_at].dt.strftime("%Y-%m").nunique() == 24
    assert 3 <= p[P.job_category].nunique() <= 5
    assert set(p[P.contract_type]) == {"hourly", "fixed"}
    assert 0.05 < p[P.is_invited].mean() < 0.2 and 0.08 < p[P.boosted].mean() < 0.25
    assert p[P.client_country].nunique() >= 8
    # invited proposals cost no Connects; cold ones always do
    assert (p.loc[p[P.is_invited], P.connects_spent] == 0).all()
    assert (p.loc[~p[P.is_invited], P.connects_spent] > 0).all()
    # hourly budgets are ranges in a plausible band; some posts give no budget
    hourly = p[p[P.contract_type] == "hourly"]
    assert (hourly[P.budget_max].dropna() >= hourly[P.budget_min].dropna()).all()
    assert hourly[P.budget_min].isna().any()


def test_funnel_is_consistent_and_plausible(sample):
    p = sample.proposals
    for later_i, later in enumerate(FUNNEL):
        for earlier in FUNNEL[:later_i]:
            assert not (p[later] & ~p[earlier]).any(), f"{later} without {earlier}"
    view, inter, hire = p[P.viewed].mean(), p[P.interviewed].mean(), p[P.hired].mean()
    assert 0.45 < view < 0.75 and 0.15 < inter < 0.4 and 0.07 < hire < 0.2
    assert p.loc[p[P.hired], P.contract_value].gt(0).all()
    assert p.loc[~p[P.hired], P.contract_value].isna().all()


def test_text_is_varied_not_a_few_sentences_shuffled(sample, joined):
    fresh = joined.loc[joined["template_id"] == "", P.cover_letter]
    assert fresh.nunique() == len(fresh)
    sentences = [s for text in fresh for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s]
    assert len(set(sentences)) / len(sentences) > 0.25
    assert len(set(sentences)) > 3500
    # apart from greetings and sign-offs, no sentence is in more than a fifth of the letters
    per_letter = pd.Series([s for text in fresh for s in set(re.split(r"(?<=[.!?])\s+|\n+",
                                                                         text))
                            if len(s.split()) >= 6])
    assert per_letter.value_counts().max() < 0.2 * len(fresh)
    # lengths vary widely around the planted optimum
    words = joined["latent_word_count"]
    assert words.min() < 80 and words.max() > 250


def test_record_matches_the_text(joined):
    """What the record says a letter contains is really in the letter."""
    letters = joined[P.cover_letter]
    assert (letters.str.count(r"\?") == joined["questions_asked"]).all()
    generic = joined["opening_kind"] == "generic"
    assert letters[generic].str.match(r"(Dear|Hello|Hi there|Greetings|To whom)").all()
    named = joined["greets_by_name"]
    first_line = letters[named].str.split("\n").str[0]
    assert all(n in line for n, line in zip(joined.loc[named, "client_first"], first_line))
    has_link = letters.str.contains("https://alexmoreno.dev")
    assert (has_link == joined["portfolio_link"]).all()


def test_template_copies_are_light_edits(joined):
    copies = joined[joined["is_template_copy"]]
    assert 0.1 < len(copies) / len(joined) < 0.3
    assert joined.loc[joined["template_id"] != "", "template_id"].nunique() >= 4
    originals = joined[(joined["template_id"] != "") & (joined["template_copy_index"] == 0)]
    orig = dict(zip(originals["template_id"], originals[P.cover_letter]))
    ratios = [difflib.SequenceMatcher(None, orig[t], text).ratio()
              for t, text in zip(copies["template_id"], copies[P.cover_letter])]
    assert min(ratios) > 0.7 and np.median(ratios) > 0.85
    assert all(text != orig[t] for t, text in zip(copies["template_id"], copies[P.cover_letter]))


def test_job_posts_carry_the_clients_questions(joined):
    asks = joined["job_question_count"] > 0
    assert 0.4 < asks.mean() < 0.75
    qmarks = joined[P.job_description].str.count(r"\?")
    assert (qmarks == joined["job_question_count"]).all()


def test_threads_belong_to_interviewed_proposals(sample):
    p, m = sample.proposals, sample.messages
    threads = set(m[M.proposal_id])
    assert threads == set(p.loc[p[P.interviewed], P.proposal_id])
    assert set(m[M.sender]) == {"me", "client", "system"}
    first = m.sort_values(M.sent_at).groupby(M.proposal_id)[M.sender].first()
    assert (first == "client").all()
    assert m.groupby(M.proposal_id)[M.sent_at].apply(lambda s: s.is_monotonic_increasing).all()
    start = p.set_index(P.proposal_id)[P.submitted_at]
    assert (m[M.sent_at].to_numpy() > start.loc[m[M.proposal_id]].to_numpy()).all()
    attach = m[m[M.has_attachment]]
    assert len(attach) > 0 and attach[M.text].isna().all()
    offered = set(p.loc[p[P.offered], P.proposal_id])
    assert set(m.loc[m[M.text] == "Offer sent.", M.proposal_id]) == offered
    # contact details that a shared report must redact
    assert m[M.text].str.contains(r"@\w+\.com", na=False).sum() >= 10
    assert m[M.text].str.contains(r"\+1 \(\d{3}\) 555-\d{4}", na=False).sum() >= 10


def test_truth_documents_every_planted_effect(sample):
    t = sample.truth
    planted = {(e["stage"], e["feature"]) for e in t["effects"]}
    expected = ({("viewed", f) for f in VIEWED} | {("interviewed", f) for f in INTERVIEWED}
                | {("hired", f) for f in HIRED})
    assert planted == expected
    assert any(e["direction"] == "+" for e in t["effects"])
    assert any(e["direction"] == "-" for e in t["effects"])
    assert t["nulls"] == NULLS and "enthusiasm_score" in t["nulls"]
    assert t["optimum"]["feature"] == "word_count" and t["drift"]["log_odds_per_month"] < 0
    json.dumps(t)  # serialisable


def test_planted_effects_are_in_the_data(joined):
    """Fitting the documented model on the latent values recovers every planted sign."""
    d = joined.assign(
        pers=(joined["opening_kind"] == "personalized").astype(int),
        gen=(joined["opening_kind"] == "generic").astype(int),
        boost=joined[P.boosted].astype(int), inv=joined[P.is_invited].astype(int),
        month=(joined[P.submitted_at] - joined[P.submitted_at].min()).dt.days / 30.4375,
        v=joined[P.viewed].astype(int), i=joined[P.interviewed].astype(int),
        h=joined[P.hired].astype(int), band=joined[P.proposals_low].astype(float),
    )
    fit = smf.logit("v ~ pers + gen + boost + inv + month + band + enthusiasm_level", d).fit(
        disp=0)
    ci = fit.conf_int()
    for name, sign in [("pers", 1), ("gen", -1), ("boost", 1), ("inv", 1), ("month", -1)]:
        assert (ci.loc[name] * sign > 0).all(), name
    assert ci.loc["enthusiasm_level", 0] < 0 < ci.loc["enthusiasm_level", 1]

    v = d[d[P.viewed]].assign(
        q=lambda x: x["questions_asked"].clip(upper=3),
        cov=lambda x: x["job_questions_answered"] / x["job_question_count"].where(
            x["job_question_count"] > 0, 1),
        w=lambda x: (x["latent_word_count"] - 170) / 80,
        tc=lambda x: x["is_template_copy"].astype(int),
        sp=lambda x: x["social_proof"].astype(int),
    )
    fit = smf.logit("i ~ q + result_phrases + cov + tc + sp + w + I(w**2)", v).fit(disp=0)
    ci = fit.conf_int()
    for name, sign in [("q", 1), ("result_phrases", 1), ("cov", 1), ("tc", -1), ("sp", 1),
                       ("I(w ** 2)", -1)]:
        assert (ci.loc[name] * sign > 0).all(), name


def test_no_effects_mode_plants_nothing():
    s = generate_sample(seed=11, effects=False)
    assert s.truth["effects"] == [] and s.truth["optimum"] is None
    assert s.record["p_viewed"].nunique() == 1


def test_rejects_impossible_parameters():
    with pytest.raises(ParameterError, match="n_proposals=5"):
        generate_sample(n_proposals=5)
    with pytest.raises(ParameterError, match="months=0"):
        generate_sample(months=0)


def test_sample_cli_writes_four_files(tmp_path, capsys):
    assert main(["sample", "--out", str(tmp_path), "--proposals", "60", "--seed", "2"]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(p.rsplit("/", 1)[1] for p in printed) == [
        "messages.csv", "proposal_truth.csv", "proposals.csv", "truth.json"]
    assert len(pd.read_csv(tmp_path / "proposals.csv")) == 60
