"""Table tests of the opening (first 240 characters) functions."""

import math

import pytest
import texts as T

from upwork_analytics.features import opening_generic, opening_personalized
from upwork_analytics.features._opening import OPENING_CHARS, opening


@pytest.mark.parametrize("text, expected", [
    (T.EMPTY, 0), (T.WHITESPACE, 0), (T.NON_ENGLISH, 0), (T.LONG_200K, 0),
    *[(m, 0) for m in T.MISSING],
    ("Dear Hiring Manager,\nI can help.", 1),
    ("Dear Client,\n\nI read your post.", 1),
    ("Dear Sir/Madam, I am a developer.", 1),
    ("Dear Sir or Madam", 1),
    ("Hello,\n\nI read your post.", 1),
    ("Hi!", 1),
    ("Hello, I am a Shopify developer.", 1),
    ("Hi there, quick question.", 1),
    ("To whom it may concern: I apply.", 1),
    ("Hi Sarah,\nI read your post.", 0),
    ("Hello, Sarah! Thanks for posting.", 0),
    ("I went through your post on the Shopify store.", 0),
    (T.TEMPLATE, 0),
    (T.UNRELATED_SAME_NICHE_2, 1),
])
def test_opening_generic(text, expected):
    assert opening_generic(text) == expected


@pytest.mark.parametrize("text, title, name, expected", [
    (T.EMPTY, "Shopify store", "Sarah Lee", 0),
    *[(m, "Shopify store", "Sarah Lee", 0) for m in T.MISSING],
    (T.NON_ENGLISH, "Shopify store", "Sarah", 0),
    (T.LONG_200K, None, None, 0),
    ("Hi Sarah, I can help.", None, "Sarah Lee", 1),
    ("Hi sarah, I can help.", None, "Sarah Lee", 1),          # case-insensitive
    ("Hi Sarah, I can help.", None, "Michael", 0),            # wrong name is not personal
    ("Hi Sarah, I can help.", None, None, 1),                 # name unknown: greeting + name
    ("Hi there, I can help.", None, None, 0),
    ("Dear Hiring Manager, I can help.", None, math.nan, 0),
    # the job's words count when they are the client's: after a you-word (4 words at most)
    ("Hi, your Shopify store redesign is a fun one.", "Shopify store redesign", None, 1),
    ("I can help you rebuild the Shopify store.", "Shopify store redesign", None, 1),
    ("Hi, I love your logo idea.", "Logo", None, 1),         # one-keyword title: 1 of 1
    ("Hi, your new Shopify theme is great.", "Shopify store redesign", None, 0),  # 1 of 3
    # ... not in a sentence about my own work: that is tailoring (job_overlap), not a reference
    ("Hi, I rebuilt 3 Shopify stores last year.", "Shopify store redesign", None, 0),
    ("I have 7 years of experience with Excel and sales dashboards.",
     "Excel analyst for sales dashboard", "James P.", 0),
    ("I specialise in theme customisation projects.", "Klaviyo expert for theme customisation",
     None, 0),
    ("Hi, I love logos.", "Logo", None, 0),
    # a generic greeting can open a personalised letter: the next sentence refers to the job
    ("Dear Hiring Manager,\n\nI went through your post on the Shopify store.", None, "Sarah", 1),
    ("Dear Hiring Manager,\n\nRegarding your Shopify store: I can help.", None, None, 1),
    ("Dear Client,\n\nI am a freelance developer with 6 years of Shopify experience.",
     "Shopify store redesign", "Sarah", 0),
    ("Hello,\n" + "x " * 150 + "Sarah", None, "Sarah", 0),    # name after 240 characters
    ("Hallo Sarah, ich kann helfen.", None, "Sarah", 1),
    ("I saw you need the email flow fixed.", "Speed up our store", None, 1),
    ("I read your job post carefully.", None, None, 1),
    ("You're looking for a React developer?", None, None, 1),
    ("I am a React developer.", None, None, 0),
])
def test_opening_personalized(text, title, name, expected):
    assert opening_personalized(text, title, name) == expected


def test_opening_is_first_240_characters():
    assert OPENING_CHARS == 240
    assert opening("  " + "a" * 300) == "a" * 240
    assert opening(None) == "" and opening(math.nan) == ""


@pytest.mark.parametrize("text", [
    "Dear Hiring Manager,\n\nI am a developer.", "Hello,\n\nI can help.", "Hi there, I can help.",
    "Dear Sir/Madam, I apply.", "To whom it may concern: I apply.", "Dear Client,\nHi.",
])
@pytest.mark.parametrize("name", [None, "Sarah"])
def test_a_generic_greeting_is_never_a_greeting_by_name(text, name):
    """Without a job reference, a generic opening is not personalised (whether or not the
    client's name is known)."""
    assert opening_generic(text) == 1
    assert opening_personalized(text, "Shopify store redesign", name) == 0
