"""Interview threads: rebuild_threads, thread_features and their text rules (issue #7).

Expected values below are worked out by hand from the thread tables (times in minutes after
T0); the sample-data tests compare with the generator's planted truth.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from upwork_analytics.exceptions import ParameterError, SchemaError
from upwork_analytics.features import _thread_text as tt
from upwork_analytics.features.threads import (
    INTERVIEW_FEATURES,
    LOCAL_TIME,
    TURN,
    rebuild_threads,
    thread_features,
)
from upwork_analytics.paths import SAMPLE_DIR
from upwork_analytics.schema import M, empty_messages

T0 = pd.Timestamp("2025-03-03 09:00", tz="UTC")
DAY = 1440

# (proposal_id, minutes after T0, sender, text); text None = attachment only.
ROWS = [
    # a: two rounds, every question answered, a call, a rate
    ("a", 0, "client", "Hi Alex. What is your rate? Have you built a Shopify store before?"),
    ("a", 30, "me", "My rate is $40 per hour. I have built a Shopify store for a bakery. "
                    "When can we start?"),
    ("a", 90, "client", "Great. Can we do a Zoom call tomorrow?"),
    ("a", 100, "me", "Yes, a Zoom call tomorrow works for me."),
    # b: the client asks no question
    ("b", 0, "client", "Thanks for applying."),
    ("b", 120, "me", "Happy to help. I can start Monday."),
    # c: the second question is never answered (no message of mine after it)
    ("c", 0, "client", "Have you used Django?"),
    ("c", 5, "me", "Yes, I have used Django for six years."),
    ("c", 60, "client", "What is your budget?"),
    # d: several messages in a row from each side, an attachment, two follow-ups, a system
    #    message between my messages
    ("d", 0, "client", "Hello."),
    ("d", 10, "client", "Are you available this week?"),
    ("d", 40, "me", "Yes, I am available this week. I can start tomorrow."),
    ("d", 42, "me", None),
    ("d", 1000, "system", "Client viewed your proposal."),
    ("d", 42 + 3 * DAY, "me", "Just following up. Any news?"),
    ("d", 42 + 5 * DAY, "me", "Checking in once more."),
    ("d", 7300, "client", "Sorry for the delay. Let's talk."),
    ("d", 7310, "me", "Sure."),
    # e: out of order in the input
    ("e", 50, "me", "Sure, I can fix the WordPress site. It takes two days."),
    ("e", 0, "client", "Can you fix my WordPress site?"),
    ("e", 200, "me", "Done, please check."),
    ("e", 120, "client", "Great, how long will the fix take?"),
    # f: my first reply is an attachment only
    ("f", 0, "client", "Please send your CV."),
    ("f", 15, "me", None),
    ("f", 16, "me", "Here it is."),
    # f2: I only ever send an attachment
    ("f2", 0, "client", "Send the file?"),
    ("f2", 5, "me", None),
    # g: system messages only
    ("g", 0, "system", "Offer sent."),
    ("g", 1, "system", "Contract started."),
]

NAN = math.nan
COLUMNS = list(INTERVIEW_FEATURES)
# proposal -> values in INTERVIEW_FEATURES order:
# first_reply, median_reply, my_sentences, share_2_4, coverage, my_questions, follow_ups,
# follow_up_gap_days, rate, call, my_word_share
EXPECTED = {
    # replies 30 and 10 min; my sentences 3, 1; both questions of round 1 and the Zoom question
    # answered; 'When can we start?'; words me 19 + 8, client 13 + 8
    "a": [30, 20, 2, 0.5, 1.0, 1, 0, NAN, 1, 1, 27 / 48],
    "b": [120, 120, 2, 1.0, NAN, 0, 0, NAN, 0, 0, 7 / 10],
    # the unanswered budget question has no turn of mine after it; the client's turn at 60 has
    # no reply, so the median is over one turn; budget: rate talk by the client
    "c": [5, 5, 1, 0.0, 0.5, 0, 0, NAN, 1, 0, 8 / 16],
    # first reply from the client's FIRST message (0 -> 40); turns 0->40, 7300->7310;
    # sentences 2, 2, 1, 1 (the attachment has none); follow-ups 3 and 2 days after my
    # previous message (the attachment at 42; the system message is ignored); words 20 / 32
    "d": [40, 25, 1.5, 0.5, 1.0, 1, 2, 2.5, 0, 0, 20 / 32],
    # sorted: client 0, me 50, client 120, me 200; the fix question of round 2 unanswered
    "e": [50, 65, 1.5, 0.5, 0.5, 0, 0, NAN, 0, 0, 14 / 27],
    "f": [15, 15, 1, 0.0, NAN, 0, 0, NAN, 0, 0, 3 / 7],
    # an attachment-only reply counts for timing, addresses nothing, has no sentences
    "f2": [5, 5, NAN, NAN, 0.0, 0, 0, NAN, 0, 0, 0.0],
    "g": [NAN, NAN, NAN, NAN, NAN, 0, 0, NAN, 0, 0, NAN],
}


def _messages(rows=ROWS) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[M.proposal_id, "minutes", M.sender, M.text])
    df[M.sent_at] = T0 + pd.to_timedelta(df.pop("minutes"), unit="min")
    df[M.has_attachment] = df[M.text].isna()
    df.insert(0, M.message_id, [f"m{i:02d}" for i in range(len(df))])
    df[M.thread_id] = "room-" + df[M.proposal_id]
    return df


@pytest.fixture  # per test, not per module: each test then runs thread_features itself (cheap),
def features() -> pd.DataFrame:  # which is what mutation testing needs to link them
    return thread_features(_messages()).set_index(M.proposal_id)


@pytest.mark.parametrize("pid, feature, expected", [
    (pid, name, value) for pid, values in EXPECTED.items()
    for name, value in zip(COLUMNS, values, strict=True)
])
def test_thread_features_table(features, pid, feature, expected):
    assert features.loc[pid, feature] == pytest.approx(expected, nan_ok=True)


def test_thread_features_shape_and_order():
    out = thread_features(_messages())
    assert list(out.columns) == [M.proposal_id, *COLUMNS]
    assert list(out[M.proposal_id]) == list(EXPECTED)  # order of first appearance
    assert (out[COLUMNS].dtypes == "float64").all()
    assert list(out.index) == list(range(len(EXPECTED)))


def test_thread_features_ignore_input_order_and_index():
    shuffled = _messages().sample(frac=1.0, random_state=3)
    shuffled.index = shuffled.index[::-1]
    got = thread_features(shuffled).set_index(M.proposal_id).loc[list(EXPECTED)]
    pd.testing.assert_frame_equal(got, thread_features(_messages()).set_index(M.proposal_id))


def test_thread_features_empty_table():
    out = thread_features(empty_messages())
    assert list(out.columns) == [M.proposal_id, *COLUMNS]
    assert len(out) == 0


def test_thread_features_without_text_column():
    msgs = _messages([("x", 0, "client", "Hi?"), ("x", 9, "me", None)]).drop(columns=M.text)
    row = thread_features(msgs).iloc[0]
    assert row["first_reply_minutes"] == 9
    assert math.isnan(row["my_message_sentences"]) and math.isnan(row["answer_coverage"])


def test_follow_up_needs_24_hours_and_no_client_message_between():
    rows = [("x", 0, "me", "Hello, any update?"),
            ("x", DAY - 1, "me", "Still there?"),          # 23 h 59 min: not a follow-up
            ("x", 2 * DAY - 1, "me", "Ping."),             # 24 h after the previous: follow-up
            ("x", 2 * DAY, "client", "Yes."),
            ("x", 5 * DAY, "me", "Thanks.")]               # after a client message: not one
    row = thread_features(_messages(rows)).iloc[0]
    assert row["follow_up_count"] == 1
    assert row["follow_up_gap_days"] == pytest.approx(1.0)
    assert row["first_reply_minutes"] == 3 * DAY  # the client wrote at 2 days, I at 5


def test_medians_are_medians_not_means():
    """Three values each, so a median differs from a mean: replies after 10, 20 and 90
    minutes (median 20, mean 40); my messages of 1, 2 and 5 sentences (median 2, mean 2.67);
    follow-ups after 1, 2 and 6 days (median 2, mean 3)."""
    rows = [("r", 0, "client", "Can you start soon?"),
            ("r", 10, "me", "Yes."),
            ("r", 100, "client", "Great. Which day?"),
            ("r", 120, "me", "Monday. I will send a plan first."),
            ("r", 200, "client", "And the cost?"),
            ("r", 290, "me", "It is four hundred dollars. That covers the design. It covers "
                             "the build. It covers two rounds of changes. Tell me if it works."),
            ("f", 0, "client", "Any news on the draft?"),
            ("f", 30, "me", "Working on it now."),
            ("f", 30 + DAY, "me", "The draft is ready."),
            ("f", 30 + 3 * DAY, "me", "Did you get the draft?"),
            ("f", 30 + 9 * DAY, "me", "Last note from me on this.")]
    out = thread_features(_messages(rows)).set_index(M.proposal_id)
    assert out.loc["r", "first_reply_minutes"] == 10
    assert out.loc["r", "median_reply_minutes"] == 20
    assert out.loc["r", "my_message_sentences"] == 2
    assert out.loc["r", "share_2_to_4_sentences"] == pytest.approx(1 / 3)
    assert out.loc["f", "follow_up_count"] == 3
    assert out.loc["f", "follow_up_gap_days"] == pytest.approx(2.0)
    assert out.loc["f", "median_reply_minutes"] == 30
    assert out.loc["f", "my_message_sentences"] == 1


def test_answers_are_read_from_my_whole_next_turn_and_only_from_it():
    """A turn of mine may take several messages: the answer in its first message counts.
    What I wrote before the question does not answer it."""
    rows = [("w", 0, "client", "Have you used Django? What is your hourly rate?"),
            ("w", 10, "me", "I have used Django for six years."),
            ("w", 11, "me", "My hourly rate is forty dollars."),
            ("b", 0, "me", "I built Django apps for a clinic."),
            ("b", 60, "client", "Have you used Django?"),
            ("b", 70, "me", "Sure.")]
    out = thread_features(_messages(rows)).set_index(M.proposal_id)
    assert out.loc["w", "answer_coverage"] == 1.0
    assert out.loc["b", "answer_coverage"] == 0.0


def test_a_first_thread_without_client_messages_does_not_hide_the_next_ones():
    rows = [("x", 0, "me", "Hello, are you still hiring?"),
            ("y", 0, "client", "Can you start today?"), ("y", 30, "me", "Yes.")]
    out = thread_features(_messages(rows)).set_index(M.proposal_id)
    assert math.isnan(out.loc["x", "first_reply_minutes"])
    assert out.loc["y", "first_reply_minutes"] == 30


def test_unknown_time_zone_message():
    with pytest.raises(ParameterError) as err:
        rebuild_threads(_messages(), tz="Mars/Base")
    assert str(err.value) == ("unknown time zone 'Mars/Base'; use an IANA name such as "
                              "'Europe/Berlin' or 'UTC'")


def test_rebuild_threads_orders_and_groups_turns():
    out = rebuild_threads(_messages())
    d = out[out[M.proposal_id] == "d"]
    assert list(d[M.sender]) == ["client", "client", "me", "me", "system", "me", "me", "client",
                                 "me"]
    assert list(d[TURN].astype("object").fillna(-1)) == [0, 0, 1, 1, -1, 1, 1, 2, 3]
    e = out[out[M.proposal_id] == "e"]
    assert list(e[M.text].str[:4]) == ["Can ", "Sure", "Grea", "Done"]
    assert list(e[TURN]) == [0, 1, 2, 3]
    assert list(out[M.proposal_id].unique()) == list(EXPECTED)
    assert out[TURN].dtype == "Int64"
    assert out[out[M.sender] == "system"][TURN].isna().all()


def test_rebuild_threads_ties_keep_input_order():
    rows = [("x", 5, "me", "second"), ("x", 0, "client", "first"), ("x", 5, "client", "third")]
    out = rebuild_threads(_messages(rows))
    assert list(out[M.text]) == ["first", "second", "third"]
    assert list(out[TURN]) == [0, 1, 2]
    assert list(out.index) == [1, 0, 2]  # input index kept


def test_rebuild_threads_local_time_across_dst():
    # US daylight saving starts 2025-03-09 02:00 local: UTC-5 before, UTC-4 after
    msgs = pd.DataFrame({M.proposal_id: ["x", "x"], M.sender: ["client", "me"],
                         M.sent_at: pd.to_datetime(["2025-03-09 06:30Z", "2025-03-09 07:30Z"])})
    out = rebuild_threads(msgs, tz="America/New_York")
    assert [t.strftime("%H:%M %z") for t in out[LOCAL_TIME]] == ["01:30 -0500", "03:30 -0400"]
    assert str(out[LOCAL_TIME].dt.tz) == "America/New_York"
    assert (out[M.sent_at] == msgs[M.sent_at]).all()  # sent_at unchanged (UTC)
    assert str(rebuild_threads(msgs)[LOCAL_TIME].dt.tz) == "UTC"


def test_rebuild_threads_naive_times_are_utc():
    msgs = pd.DataFrame({M.proposal_id: ["x"], M.sender: ["me"],
                         M.sent_at: ["2025-01-01 12:00"]})
    out = rebuild_threads(msgs, tz="Asia/Tokyo")
    assert out[LOCAL_TIME].iloc[0] == pd.Timestamp("2025-01-01 21:00", tz="Asia/Tokyo")


def test_rebuild_threads_empty_table():
    out = rebuild_threads(empty_messages(), tz="Europe/Lisbon")
    assert len(out) == 0 and {LOCAL_TIME, TURN} <= set(out.columns)


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "", "Europe/Nowhere"])
def test_rebuild_threads_unknown_zone(tz):
    with pytest.raises(ParameterError, match=repr(tz).replace("/", ".")):
        rebuild_threads(_messages(), tz=tz)


@pytest.mark.parametrize("change, match", [
    (lambda df: df.drop(columns=M.sender), "sender"),
    (lambda df: df.assign(**{M.sender: "bot"}), "bot"),
    (lambda df: df.assign(**{M.proposal_id: None}), "proposal_id"),
    (lambda df: df.assign(**{M.sent_at: "soon"}), "sent_at"),
])
def test_bad_messages_raise_schema_error(change, match):
    with pytest.raises(SchemaError, match=match):
        thread_features(change(_messages()))


# --------------------------------------------------------------------------- text rules


@pytest.mark.parametrize("text, expected", [
    ("", 0),
    ("   ", 0),
    ("Sure.", 1),
    ("My rate is $45/hr. I can start Monday, e.g. at 9 a.m. today. Ok?", 3),
    ("Hi Sam,\n\nHappy to help", 2),
])
def test_n_sentences(text, expected):
    assert tt.n_sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("No questions here.", []),
    ("Hi. What is your rate? Really (really?) Fine!", ["What is your rate?",
                                                       "Really (really?)"]),
    ('See https://x.com/?q=1 now.', []),
])
def test_question_sentences(text, expected):
    assert tt.question_sentences(text) == expected


@pytest.mark.parametrize("reply, question, expected", [
    ("", "What is your rate?", False),                      # nothing replied
    ("My rate is $45 per hour.", "What is your rate?", True),
    ("I can start Monday.", "What is your rate?", False),
    ("I built two Shopify stores.", "Have you built a Shopify store before?", True),
    ("Sure.", "Why?", True),                                # no keyword: any reply with words
    ("I know Django well.", "Have you tried Django and Flask?", False),  # 1 of 3 keywords
    ("Django and Flask, yes.", "Have you tried Django and Flask?", True),  # 2 of 3
])
def test_addresses(reply, question, expected):
    assert tt.addresses(reply, question) is expected


@pytest.mark.parametrize("text, expected", [
    ("", False),
    ("My rate is $45/hr.", True),
    ("What is your budget?", True),
    ("I charge 900 USD.", True),
    ("The pricing is fixed.", True),
    ("I work hourly or fixed.", True),
    ("I raised the conversion rate by 20%.", False),
    ("I estimate two weeks.", False),
])
def test_discusses_rate(text, expected):
    assert tt.discusses_rate(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("", False),
    ("Can we do a quick call?", True),
    ("Would a video chat work?", True),
    ("Zoom or Skype are fine.", True),
    ("We could talk on Google Meet.", True),
    ("Happy to jump on Meet.", True),
    ("I will meet the deadline.", False),
    ("Meet our new designer.", False),
    ("The API calls are slow.", False),
    ("I recall the issue.", False),
])
def test_mentions_call(text, expected):
    assert tt.mentions_call(text) is expected


def test_registry_matches_output_and_catalogue_shape():
    from upwork_analytics.features.catalogue import FEATURES, FeatureSpec

    assert all(isinstance(f, FeatureSpec) and f.family == "interview"
               for f in INTERVIEW_FEATURES.values())
    assert all(f.meaning and f.unit and f.advice and f.how for f in INTERVIEW_FEATURES.values())
    assert not set(INTERVIEW_FEATURES) & set(FEATURES)  # names free to merge


# --------------------------------------------------------------------------- sample data


@pytest.fixture(scope="module")
def sample_vs_truth(sample_messages) -> pd.DataFrame:
    truth = pd.read_csv(SAMPLE_DIR / "proposal_truth.csv")
    truth = truth[truth["first_reply_minutes"].notna()]
    measured = thread_features(sample_messages)
    joined = truth.merge(measured, on=M.proposal_id, how="left", suffixes=("_true", ""),
                         validate="one_to_one")
    assert len(joined) == len(truth) > 300
    return joined


def _agreement(df: pd.DataFrame, name: str, tol: float) -> float:
    return float(((df[name] - df[name + "_true"]).abs() <= tol).mean())


def test_sample_first_reply_minutes_matches_truth(sample_vs_truth):
    assert _agreement(sample_vs_truth, "first_reply_minutes", 1.0) == 1.0


def test_sample_follow_up_count_matches_truth(sample_vs_truth):
    assert _agreement(sample_vs_truth, "follow_up_count", 0.0) == 1.0


def test_sample_share_2_to_4_sentences_matches_truth(sample_vs_truth):
    assert _agreement(sample_vs_truth, "share_2_to_4_sentences", 1e-9) >= 0.95


def test_sample_answer_coverage_matches_truth(sample_vs_truth):
    assert _agreement(sample_vs_truth, "answer_coverage", 1e-9) >= 0.95


def test_sample_call_or_video_matches_truth(sample_vs_truth):
    assert _agreement(sample_vs_truth, "call_or_video_mentioned", 0.0) >= 0.95


def test_sample_call_or_video_matches_what_was_written(sample_vs_truth, sample_messages):
    from upwork_analytics.synthetic import phrases as ph

    said = list(ph.CALL_MENTIONS)
    mine = sample_messages[(sample_messages[M.sender] == "me") & sample_messages[M.text].notna()]
    wrote = mine.groupby(M.proposal_id)[M.text].agg(lambda s: any(p in x for x in s for p in said))
    expected = sample_vs_truth[M.proposal_id].map(wrote).fillna(False).astype(float)
    assert (sample_vs_truth["call_or_video_mentioned"] == expected).all()




# --------------------------------------------------------------------------- scale
# (how fast: benchmarks/bench_interviews.py prints it; tests never time anything)


def test_thread_features_of_many_threads_are_each_threads_own(sample_messages):
    """The sample's threads repeated under new ids, shuffled together: every copy gets exactly
    the features of its original (nothing leaks between threads, order does not matter)."""
    parts = []
    for r in range(3):
        part = sample_messages.copy()
        part[M.proposal_id] = part[M.proposal_id] + f"-{r}"
        parts.append(part)
    big = pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=0)
    out = thread_features(big).set_index(M.proposal_id)
    alone = thread_features(sample_messages).set_index(M.proposal_id)
    assert len(out) == 3 * len(alone)
    for r in range(3):
        copy = out.loc[[f"{pid}-{r}" for pid in alone.index]]
        copy.index = alone.index
        pd.testing.assert_frame_equal(copy, alone)
