"""Table tests of the content functions: results, enthusiasm, sentiment, social proof,
reliability, links, calls to action, rates (values checked by hand)."""

import math

import pytest
import texts as T
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from upwork_analytics.features import (
    call_to_action,
    enthusiasm_score,
    has_portfolio_link,
    mentions_rate,
    reliability_mentions,
    result_phrase_count,
    sentiment,
    social_proof,
)
from upwork_analytics.features._content import enthusiasm_term_count, vader_lexicon
from upwork_analytics.features._lexicon import expand, lexicon_counts

NAN = math.nan


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-9)


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.NON_ENGLISH, 0), (T.LONG_200K, 0), *[(m, 0) for m in T.MISSING],
    ("I increased sales by 35%.", 1),
    ("I cut load time from 6 seconds to 2 seconds, which increased sales by 35%.", 2),
    ("Saved the client $12,000 a year.", 1),
    ("Our emails earned 3x more revenue.", 1),
    ("We doubled organic traffic.", 1),
    ("I have 6 years of experience and 120 clients.", 0),   # numbers, no result
    ("I ask 50% upfront.", 0),                              # percentage, no result word
    ("Increased signups. See https://x.com/50%25 for 2 examples.", 0),  # result, no quantity
    ("Grew revenue 40% in Q1. Reduced churn by half.", 1),  # "half" is not a quantity
    ("Automating reports saved the client 18 hours of work per month.", 1),
    ("I have proposed $1,950 for this budget and can cut scope.", 0),  # price, not result
    ("I reduced churn from 9% to 4% and saved $2k.", 2),
    # time saved: up to 4 words, hyphenated ones too, between "saved" and the hours
    ("Automating it saved an e-commerce brand 64 hours of work per month.", 1),
    ("Automating it saved a local gym chain 73 hours of work per month.", 1),
    ("Automating it saved the big local gym chain 73 hours.", 0),       # 5 words between
    # a metric rate ("bounce rate") is not my price: the money saved counts
    ("The checkout rebuild I did saved that shop $19,600 a year in bounce rate.", 1),
    ("My rate is $40/hr and I cut costs by 10%.", 1),                  # price sentence: % only
    ("A rebuild saved the client $30,300 a year in crash rate.", 1),   # not my rate
])
def test_result_phrase_count(text, expected):
    assert result_phrase_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.NON_ENGLISH, 0), *[(m, 0) for m in T.MISSING],
    ("I'm excited and would love to help, can't wait!", 3),  # excited, love, can't wait
    ("Great project. Great team.", 2),
    ("I can do it.", 0),
    (T.LONG_200K, 0),
])
def test_enthusiasm_term_count(text, expected):
    assert enthusiasm_term_count(text) == expected


def _compound(s):
    return s / math.sqrt(s * s + 15)


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, NAN), ("2024", NAN), *[(m, NAN) for m in T.MISSING],
    ("I can do it.", 0.0),
    # the lexicon is English: no German, Russian or Chinese word in it, so 0 (words, no
    # valence), not nan
    (T.NON_ENGLISH, 0.0),
    ("Das ist super!", _compound(2.9)),           # an English word in it counts: super 2.9
    ("great", _compound(3.1)),                    # VADER lexicon: great 3.1
    ("not great", _compound(3.1 * -0.74)),        # negation flips and damps
    ("great and happy", _compound(3.1 + 2.7)),    # happy 2.7
    (T.LONG_200K, 0.0),                           # no lexicon word in the sentence
])
def test_sentiment(text, expected):
    assert same(sentiment(text), expected)


@pytest.mark.parametrize("text", [
    "The freelancer was great, very responsive and kind.",
    "I love this project and I am happy to help.",
    "This is a terrible, awful mess and I hate it.",
    "The site is broken and slow, customers are angry.",
    "I am not happy with the result.",
])
def test_sentiment_sign_agrees_with_vader_compound(text):
    vader = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert vader != 0
    assert math.copysign(1, sentiment(text)) == math.copysign(1, vader)


def test_vader_lexicon_is_the_shipped_file():
    lex = vader_lexicon()
    assert len(lex) > 7000
    assert lex["great"] == 3.1 and lex["hate"] == -2.7


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, NAN), (T.WHITESPACE, NAN), *[(m, NAN) for m in T.MISSING],
    ("I can do it.", 0.0),
    (T.NON_ENGLISH, (0 + 1 / 3 + 0) / 3),         # one "!", no lexicon word
    # 3 enthusiasm words -> 1; 3 "!" -> 1; VADER valences: great 3.1, love 3.2, excited 1.4
    ("Great! Love it! Excited!", (1 + 1 + _compound(3.1 + 3.2 + 1.4)) / 3),
    ("great", (1 / 3 + 0 + _compound(3.1)) / 3),
    ("Guten Tag!", (0 + 1 / 3 + 0) / 3),
    (T.LONG_200K, 0.0),
])
def test_enthusiasm_score(text, expected):
    assert same(enthusiasm_score(text), expected)


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.NON_ENGLISH, 0), (T.LONG_200K, 0), *[(m, 0) for m in T.MISSING],
    ("I am Top Rated Plus with a 100% Job Success Score.", 2),
    ("Over 40 five-star reviews; many repeat clients.", 2),  # "five star", "repeat clients"
    ("I have 120+ reviews and great feedback.", 2),
    ("My clients say I am fast.", 1),
    ("I will review your code and give feedback.", 0),      # review as a verb, plain feedback
    # ratings stated as numbers: one mention each, however many patterns overlap
    ("Each of my 42 past buyers rated me 5.0 out of 5.", 1),  # "rated me 5.0"
    ("I hold a 4.9/5 rating on Upwork.", 1),                # "4.9 / 5 rating"
    ("Rated 4.9 out of 5 stars by 30 clients.", 1),         # "rated 4.9" + "5 stars": overlap
    ("My average is a 4.9 rating.", 1),                     # "4.9 rating"
    ("A customer recently wrote that the site 'paid for itself in a month'.", 1),
    ("One client once wrote: 'fast and careful'.", 1),
    ("Clients write to me about bugs.", 0),                 # not a testimonial
    ("I am available 24/7 and rate my own work 5 out of 5.", 0),  # no rating by others
    ("I wrote 3 reports.", 0),
])
def test_social_proof(text, expected):
    assert social_proof(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.NON_ENGLISH, 0), *[(m, 0) for m in T.MISSING],
    ("I always meet deadlines and deliver on-time.", 2),
    ("Available 40 hours per week in your time zone, 24/7 support.", 3),
    ("I have freelanced full time since 2016.", 0),
    ("I work in weekly milestones and keep you updated.", 2),
    ("You get daily updates; I can start today.", 2),
    ("I love design.", 0),
    (T.LONG_200K, 5000),   # "on time" once per sentence
])
def test_reliability_mentions(text, expected):
    assert reliability_mentions(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.NON_ENGLISH, 0), (T.LONG_200K, 0), *[(m, 0) for m in T.MISSING],
    ("Portfolio: https://example.com/work", 1),
    ("See www.behance.net/anna", 1),
    ("See github.com/anna/shop for code.", 1),
    ("Email me: anna@gmail.com", 0),
    ("I use Node.js and Vue.", 0),
])
def test_has_portfolio_link(text, expected):
    assert has_portfolio_link(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.NON_ENGLISH, 0), (T.LONG_200K, 0), *[(m, 0) for m in T.MISSING],
    ("Could we schedule a quick call this week?", 1),
    ("Let's discuss the details.", 1),
    ("Happy to hop on a 15-minute call.", 1),
    ("Please message me with the access.", 1),
    ("I look forward to hearing back.", 0),
    ("I called the API.", 0),
])
def test_call_to_action(text, expected):
    assert call_to_action(text) == expected


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.NON_ENGLISH, 0), (T.LONG_200K, 0), *[(m, 0) for m in T.MISSING],
    ("My rate is $45/hr.", 1),
    ("I can do it within your budget.", 1),
    ("Fixed price, paid by milestones.", 1),
    ("I can do it for $500.", 1),
    ("I've bid $900 for the full scope.", 1),
    ("A rebuild saved the client $3,700 a year.", 0),
    ("I work in weekly milestones.", 0),
    ("I raised the conversion rate by 20%.", 0),
    ("The conversion rate rose, and my rate is fair.", 1),
    ("A rebuild saved the client $30,300 a year in crash rate.", 0),   # a metric rate
    ("I reduced server costs by 30%.", 0),                             # a metric cost
    ("Hosting costs are on you; my fee is $300.", 1),                  # ... and my fee
    ("I build fast stores.", 0),
])
def test_mentions_rate(text, expected):
    assert mentions_rate(text) == expected


def test_expand_slot_patterns():
    assert expand("(set_up|book) [a] call") == [
        ("set", "up", "a", "call"), ("set", "up", "call"), ("book", "a", "call"),
        ("book", "call")]


def test_lexicon_counts_longest_phrase_once_per_position():
    assert lexicon_counts("Top Rated Plus")["social_proof"] == 1


@pytest.mark.parametrize("text, expected", [
    ("Rated 4.9 out of 5 stars.", 1),        # "rated 4.9", "4.9 out of 5 stars", "5 stars"
    ("Rated 4.9. Also 5 stars.", 2),         # separate mentions
    ("five-star reviews, repeat clients", 2),
])
def test_lexicon_counts_overlapping_matches_once(text, expected):
    assert lexicon_counts(text)["social_proof"] == expected
