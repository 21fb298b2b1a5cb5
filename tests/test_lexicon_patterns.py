"""Every phrase pattern of the lexicons, exercised by a sentence written for this test.

Each row of :data:`ROWS` is a sentence written here (not taken from the sample generator's
phrase banks, see ``test_no_test_text_is_copied_from_the_generator``), the lexicon it is about
and the number of mentions a reader counts in it, worked out by hand from the rules in
``features/_lexicon.py``: at each word at most one phrase per lexicon (the longest), and
overlapping phrases of one lexicon are one mention. Most rows are hit by exactly one pattern,
so deleting that pattern (or any of the nine groups that once disappeared unnoticed:
testimonials, Rising Talent, Expert-Vetted, JSS, certified, on budget, quick turnaround, reach
out, next steps) changes a count; ``test_deleting_any_pattern_changes_a_count`` proves it for
every pattern by deleting each in turn.
"""

from __future__ import annotations

import pytest

from upwork_analytics.features import (
    call_to_action,
    mentions_rate,
    reliability_mentions,
    social_proof,
)
from upwork_analytics.features import _lexicon
from upwork_analytics.features._lexicon import LEXICONS, expand, lexicon_counts

#: (lexicon, pattern it is written for or None for a negative row, sentence, mentions)
ROWS: list[tuple[str, str | None, str, int]] = [
    # ---------------------------------------------------------------- enthusiasm
    *[("enthusiasm", LEXICONS["enthusiasm"][0], text, 1) for text in (
        "I got excited reading the brief.", "An exciting brief for a small team.",
        "I was thrilled by the scope.", "I love slow coffee and fast pages.",
        "Customers loved the new menu.", "I am passionate about clean data.",
        "Data quality is a passion of mine.", "I am eager to start the audit.",
        "I would be delighted to take it on.", "An enthusiastic yes from me.",
        "I am glad you posted this.", "I am happy with either stack.",
        "The old site was awesome in 2015.", "The photos are amazing.",
        "A fantastic brand to work for.", "The brief is great.",
        "What a wonderful bakery.", "I am keen on this one.",
        "I enjoy untangling old themes.", "This will be fun to build.",
        "Your stack is perfect for this.", "An incredible amount of traffic.",
        "I am stoked about the launch.", "The whole team is pumped.",
        "Wow, that checkout is slow.")],
    ("enthusiasm", "(can't|cant) wait", "I can't wait to see it live.", 1),
    ("enthusiasm", "(can't|cant) wait", "I cant wait to start.", 1),
    ("enthusiasm", None, "I can wait until Monday.", 0),
    # ---------------------------------------------------------------- social proof
    ("social_proof", "(<num>|five) (star|stars)", "Over sixty five star jobs so far.", 1),
    ("social_proof", "(<num>|five) (star|stars)", "My record is 5-star throughout.", 1),
    ("social_proof", "<num> [+] (reviews|ratings|testimonials)", "My profile shows 85 reviews.",
     1),
    ("social_proof", "<num> [+] (reviews|ratings|testimonials)", "That makes 300+ ratings.", 1),
    ("social_proof", "(positive|great|excellent|glowing|stellar|good) (review|reviews|feedback"
     "|rating|ratings)", "Every contract ended with glowing feedback.", 1),
    ("social_proof", "(testimonial|testimonials)", "Testimonials are on my profile page.", 1),
    ("social_proof", "(repeat|returning|recurring) (client|clients)",
     "Most work comes from returning clients.", 1),
    ("social_proof", "long term (client|clients)", "I keep long-term clients for years.", 1),
    ("social_proof", "top rated [plus]", "I became Top Rated in 2023.", 1),
    ("social_proof", "rising talent", "Upwork named me Rising Talent last spring.", 1),
    ("social_proof", "expert vetted", "I am an Expert-Vetted freelancer.", 1),
    ("social_proof", "job success [score]", "My Job Success sits at 100%.", 1),
    ("social_proof", "jss", "A 100% JSS over four years.", 1),
    ("social_proof", "(satisfied|happy) clients", "Over ninety satisfied clients so far.", 1),
    ("social_proof", "(client|clients) (say|said|describe|call|rehire|rehired)",
     "One client said the new checkout felt instant.", 1),
    ("social_proof", "(client|clients) (keep|kept) coming back",
     "My clients keep coming back for new features.", 1),
    ("social_proof", "clients come back", "Clients come back because the code is tidy.", 1),
    ("social_proof", "(client|clients|customer|customers) [once|recently|even|also] (wrote"
     "|writes)", "A customer even wrote a thank-you note.", 1),
    ("social_proof", "certified", "I am a certified Google Ads specialist.", 1),
    ("social_proof", "(badge|badges)", "My profile carries two badges.", 1),
    ("social_proof", "rated <num>", "Rated 4.9 across seventy contracts.", 1),
    ("social_proof", "rating of <num>", "I keep a rating of 4.95 on the platform.", 1),
    ("social_proof", "rated (me|us) [a|an|at] <num>",
     "The last client rated me at 5 for communication.", 1),
    ("social_proof", "<num> / <num> (rating|ratings|star|stars)",
     "I hold a 4.8/5 rating there.", 1),
    ("social_proof", "<num> out of <num> (star|stars)", "Reviewers give 4.9 out of 5 stars.", 1),
    ("social_proof", "<num> (rating|average)", "My 4.9 average speaks for itself.", 1),
    ("social_proof", None, "I will review your code and send feedback.", 0),
    ("social_proof", None, "The client wants a star rating widget.", 0),
    ("social_proof", None, "Five stars and 40 reviews, and a client said so.", 3),
    # ---------------------------------------------------------------- reliability
    ("reliability", "(deadline|deadlines)", "Tell me the deadline and I plan backwards.", 1),
    ("reliability", "on time", "Every launch went out on time.", 1),
    ("reliability", "on schedule", "The migration stayed on schedule.", 1),
    ("reliability", "ahead of schedule", "We finished ahead of schedule.", 1),
    ("reliability", "on budget", "The redesign landed on budget.", 1),
    ("reliability", "(available|availability)", "My availability is mornings in your zone.", 1),
    ("reliability", "responsive", "I stay responsive during your office hours.", 1),
    ("reliability", "(respond|reply|answer|responds|replies|answers) within",
     "I answer within two hours.", 1),
    ("reliability", "(quick|fast|rapid) turnaround", "Expect a fast turnaround on small fixes.",
     1),
    ("reliability", "(reliable|reliability|dependable)", "I am dependable with handovers.", 1),
    ("reliability", "(committed|commitment)", "I stay committed until the last bug is gone.",
     1),
    ("reliability", "<num> (hours|hour|hrs|hr) (a|per|/|each|every) week",
     "I can give 25 hrs each week.", 1),
    ("reliability", "24 / 7", "Monitoring runs 24/7.", 1),
    ("reliability", "(daily|regular|weekly|frequent) (updates|check|milestones|reports)",
     "You get frequent reports by email.", 1),
    ("reliability", "keep you (updated|posted|informed)", "I will keep you posted.", 1),
    ("reliability", "count on me", "You can count on me for the launch.", 1),
    ("reliability", "start (today|tomorrow|immediately|right_away)", "I could start right away.",
     1),
    ("reliability", None, "I have worked full time since 2016.", 0),
    ("reliability", None, "The schedule is on the wiki.", 0),
    # ---------------------------------------------------------------- call to action
    ("call_to_action", "(schedule|book|arrange|have|hop_on|jump_on|get_on|set_up) [a|an] "
     "[quick|short|brief|free] (call|chat|meeting|zoom|video_call)",
     "I can set up a video call on Thursday.", 1),
    ("call_to_action", "(schedule|book|arrange|have|hop_on|jump_on|set_up) [a|an] <num> "
     "(min|minute|minutes) (call|chat|meeting)", "Allow me to arrange a 20 minute chat.", 1),
    ("call_to_action", "(quick|short|brief) (call|chat|meeting)",
     "A short chat would help me scope it.", 1),
    ("call_to_action", "(let's|lets|let_us) (talk|discuss|chat|connect|meet|get_started"
     "|schedule|hop|jump)", "Let us get started this week.", 1),
    ("call_to_action", "(can|could|shall|should) we (talk|discuss|chat|connect|meet|schedule"
     "|set_up|hop|jump|get_started)", "Should we meet on Monday?", 1),
    ("call_to_action", "(message|contact|ping|call|text) me", "Ping me with the login details.",
     1),
    ("call_to_action", "reach out", "Feel free to reach out with questions.", 1),
    ("call_to_action", "next (step|steps)", "The next step is an audit of the theme.", 1),
    ("call_to_action", "(happy|glad|available) to (discuss|chat|talk|hop|jump|meet)",
     "I am glad to discuss the scope.", 1),
    ("call_to_action", "send (me|over)", "Send over the brand guide when ready.", 1),
    ("call_to_action", "(calendly|zoom|skype)", "My Calendly link is on my profile.", 1),
    ("call_to_action", "google meet", "Google Meet works for me.", 1),
    ("call_to_action", "when (are|would) you [be] (available|free)",
     "When would you be free this week?", 1),
    ("call_to_action", None, "The API call failed twice.", 0),
    ("call_to_action", None, "I look forward to your answer.", 0),
    # ---------------------------------------------------------------- rate
    ("rate", "(for|at|charge|charging|bid|bidding|quote|quoted|priced|proposed|proposing|budget"
     "|rate) ($|€|£) <num>", "I can do it for €450.", 1),
    ("rate", "($|€|£) <num> (/|per|an|a) (hr|hour|hours)", "Usually £40 per hr.", 1),
    ("rate", "/ (hr|hour)", "Usually 40/hr.", 1),
    ("rate", "<num> (usd|dollars|euro|euros|eur) (/|per|an|a) (hr|hour)",
     "Around 50 EUR an hr.", 1),
    ("rate", "(rate|rates|budget|budgets|price|prices|pricing|priced|cost|costs|quote|quotes"
     "|fee|fees|hourly|invoice|invoices|payment|payments|bid|bids|bidding)",
     "What budget do you have in mind?", 1),
    ("rate", "per hour", "Billing is per hour.", 1),
    ("rate", "an hour", "Forty an hour is my floor.", 1),
    ("rate", "fixed price", "A fixed price suits this scope.", 1),
    ("rate", None, "I saved the shop $3,700 last year.", 0),
    ("rate_exclusions", "(conversion|bounce|success|response|click|open|heart|growth|error"
     "|interest|churn|retention|frame|refresh|sample|learning|crash|failure|abandonment"
     "|drop_off) (rate|rates)", "The bounce rate dropped.", 1),
    ("rate_exclusions", "(server|inventory|hosting|infrastructure|cloud|shipping|operating"
     "|support|labor|labour|acquisition|ad|storage) (cost|costs)", "Cloud costs went down.", 1),
    ("rate_exclusions", None, "My rate is fair.", 0),
]

#: Patterns no sentence can separate from another of the same lexicon: every phrase they
#: match overlaps a phrase of a shorter pattern that counts the same mention ("4.8/5 rating"
#: always contains "5 rating"; "4.9 out of 5 stars" contains "5 stars"; "fixed price"
#: contains "price"). Deleting one changes no count: an equivalent deletion.
REDUNDANT = {
    ("social_proof", "<num> / <num> (rating|ratings|star|stars)"),
    ("social_proof", "<num> out of <num> (star|stars)"),
    ("rate", "fixed price"),
}


def _ids(rows):
    return [f"{lex}:{text[:40]}" for lex, _, text, _ in rows]


@pytest.mark.parametrize("lexicon, pattern, text, expected", ROWS, ids=_ids(ROWS))
def test_mentions_counted_by_hand(lexicon, pattern, text, expected):
    assert lexicon_counts(text)[lexicon] == expected


def _hits(pattern: str, text: str) -> bool:
    """Whether one of the token sequences ``pattern`` stands for occurs in ``text``."""
    toks = _lexicon.tokens(text)
    for phrase in expand(pattern):
        for i in range(len(toks) - len(phrase) + 1):
            if all(p == t or (p == _lexicon.NUM and t[0].isdigit())
                   for p, t in zip(phrase, toks[i:i + len(phrase)])):
                return True
    return False


@pytest.mark.parametrize("lexicon, pattern", [(k, p) for k, v in LEXICONS.items() for p in v])
def test_every_pattern_has_a_sentence_that_uses_it(lexicon, pattern):
    """A pattern added to a lexicon needs a row here: one written for it, that it matches."""
    rows = [text for lex, pat, text, _ in ROWS if (lex, pat) == (lexicon, pattern)]
    assert rows, f"no sentence in ROWS for {lexicon}: {pattern!r}"
    assert all(_hits(pattern, text) for text in rows), rows


def test_every_word_of_the_enthusiasm_pattern_is_used():
    words = {p[0] for p in expand(LEXICONS["enthusiasm"][0])}
    texts = [t.lower() for lex, _, t, _ in ROWS if lex == "enthusiasm"]
    unused = {w for w in words if not any(_hits(w, t) for t in texts)}
    assert not unused


def _counts_without(monkeypatch, lexicon: str, pattern: str) -> list[int]:
    """The count of every row's lexicon with ``pattern`` deleted from ``lexicon``."""
    reduced = {k: tuple(p for p in v if (k, p) != (lexicon, pattern))
               for k, v in LEXICONS.items()}
    names, single, multi = _lexicon._build(reduced)
    first = frozenset(k[0] for k in multi)
    for name, value in (("_NAMES", names), ("_SINGLE", single), ("_MULTI", multi),
                        ("_FIRST", first), ("_NUM_FIRST", _lexicon.NUM in first),
                        ("_RELEVANT", first | frozenset(single))):
        monkeypatch.setattr(_lexicon, name, value)
    count = _lexicon.lexicon_counts.__wrapped__  # the lexicon as patched, not the cache
    return [count(text)[lex] for lex, _, text, _ in ROWS]


def test_deleting_any_pattern_changes_a_count(monkeypatch):
    """The table is strong enough: with any one pattern deleted (the redundant ones aside),
    some row's count is wrong."""
    expected = [n for *_, n in ROWS]
    assert [lexicon_counts(text)[lex] for lex, _, text, _ in ROWS] == expected
    unnoticed = []
    for lexicon, patterns in LEXICONS.items():
        for pattern in patterns:
            with monkeypatch.context() as m:
                if _counts_without(m, lexicon, pattern) == expected:
                    unnoticed.append((lexicon, pattern))
    assert set(unnoticed) == REDUNDANT


@pytest.mark.parametrize("text, expected", [
    ("Top Rated, Rising Talent and Expert-Vetted, with a 98% JSS.", 4),
    ("I am certified, and testimonials back it up.", 2),
])
def test_badges_and_testimonials_count_as_social_proof(text, expected):
    assert social_proof(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Delivered on budget and with a quick turnaround.", 2),
    ("Quick turnaround, on time and on budget.", 3),
])
def test_budget_and_turnaround_count_as_reliability(text, expected):
    assert reliability_mentions(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Feel free to reach out.", 1), ("Next steps: a short audit.", 1),
    ("I built the next version.", 0), ("We reached our goal.", 0),
])
def test_reach_out_and_next_steps_are_calls_to_action(text, expected):
    assert call_to_action(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The churn rate fell.", 0),             # a metric rate only: 1 - 1
    ("Cloud costs fell; my fee is $200.", 1),  # cost, fee: 2 - 1
    ("My hourly is 45 USD per hour.", 1),
])
def test_rate_exclusions_subtract(text, expected):
    assert mentions_rate(text) == expected


#: Test files about the generator itself, which quote it on purpose.
_ABOUT_THE_GENERATOR = {"test_synthetic.py", "test_features_sample_truth.py"}
_RUN = 6  # words in a row shared with the generator that make a text a copy


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[a-z']+", text.lower())


def _strings(tree, docstrings: set[int]):
    import ast

    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            yield node


def _docstrings(tree) -> set[int]:
    import ast

    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_test_text_is_copied_from_the_generator():
    """Texts in the tests are written for the tests: none shares six words in a row with the
    sample generator's phrase banks and templates (a test that reads the generator's own
    sentences checks the features against the generator, not against text)."""
    import ast
    from pathlib import Path

    import upwork_analytics.synthetic as synthetic

    generator = []
    for name in ("phrases.py", "generator.py", "threads.py"):  # what writes letters, threads
        tree = ast.parse((Path(synthetic.__file__).parent / name).read_text(encoding="utf-8"))
        generator += [" ".join(_words(n.value)) for n in _strings(tree, _docstrings(tree))]
    words = " \n ".join(generator).split()
    runs = {tuple(words[i:i + _RUN]) for i in range(len(words) - _RUN + 1)
            if sum(len(w) >= 3 for w in words[i:i + _RUN]) >= 3}  # prose, not format codes
    copied = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name in _ABOUT_THE_GENERATOR:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _strings(tree, _docstrings(tree)):
            w = _words(node.value)
            hit = next((w[i:i + _RUN] for i in range(len(w) - _RUN + 1)
                        if tuple(w[i:i + _RUN]) in runs), None)
            if hit:
                copied.append(f"{path.name}:{node.lineno}: {' '.join(hit)!r}")
    assert not copied, copied
