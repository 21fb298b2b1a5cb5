"""Phrase lexicons matched in one pass over a text's lower-case tokens.

Why not one regular expression per lexicon: Python's ``re`` scans every position of the text for
every alternative (~30-200 us per 700-character letter and lexicon); a dict lookup per token
handles all lexicons at once in ~15 us. Phrases are written as slot patterns, expanded once:

* words separated by spaces must follow each other (``"on time"``; "on-time" tokenises the same);
* ``(a|b|c)`` is one of the alternatives, ``[a|b]`` an optional one; ``_`` joins a multi-word
  alternative (``(set_up|book)``);
* ``<num>`` matches any number token; ``$ € £ % / +`` are tokens of their own.

At each token position each lexicon counts at most one phrase (the longest), and overlapping
matches of one lexicon count once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from upwork_analytics.features._tokenize import tokens

NUM = "<num>"

LEXICONS: dict[str, tuple[str, ...]] = {
    "enthusiasm": (
        "(excited|exciting|thrilled|love|loved|passionate|passion|eager|delighted|enthusiastic"
        "|glad|happy|awesome|amazing|fantastic|great|wonderful|keen|enjoy|fun|perfect|incredible"
        "|stoked|pumped|wow)",
        "(can't|cant) wait",
    ),
    "social_proof": (
        "(<num>|five) (star|stars)",
        "<num> [+] (reviews|ratings|testimonials)",
        "(positive|great|excellent|glowing|stellar|good) (review|reviews|feedback|rating|ratings)",
        "(testimonial|testimonials)",
        "(repeat|returning|recurring) (client|clients)",
        "long term (client|clients)",
        "top rated [plus]", "rising talent", "expert vetted", "job success [score]", "jss",
        "(satisfied|happy) clients",
        "(client|clients) (say|said|describe|call|rehire|rehired)",
        "(client|clients) (keep|kept) coming back", "clients come back",
        "(client|clients|customer|customers) [once|recently|even|also] (wrote|writes)",
        "certified", "(badge|badges)", "rated <num>", "rating of <num>",
        "rated (me|us) [a|an|at] <num>",
        "<num> / <num> (rating|ratings|star|stars)", "<num> out of <num> (star|stars)",
        "<num> (rating|average)",
    ),
    "reliability": (
        "(deadline|deadlines)", "on time", "on schedule", "ahead of schedule", "on budget",
        "(available|availability)", "responsive",
        "(respond|reply|answer|responds|replies|answers) within",
        "(quick|fast|rapid) turnaround", "(reliable|reliability|dependable)",
        "(committed|commitment)", "<num> (hours|hour|hrs|hr) (a|per|/|each|every) week",
        "24 / 7", "(daily|regular|weekly|frequent) (updates|check|milestones|reports)",
        "keep you (updated|posted|informed)", "count on me",
        "start (today|tomorrow|immediately|right_away)",
    ),
    "call_to_action": (
        "(schedule|book|arrange|have|hop_on|jump_on|get_on|set_up) [a|an] "
        "[quick|short|brief|free] (call|chat|meeting|zoom|video_call)",
        "(schedule|book|arrange|have|hop_on|jump_on|set_up) [a|an] <num> (min|minute|minutes) "
        "(call|chat|meeting)",
        "(quick|short|brief) (call|chat|meeting)",
        "(let's|lets|let_us) (talk|discuss|chat|connect|meet|get_started|schedule|hop|jump)",
        "(can|could|shall|should) we (talk|discuss|chat|connect|meet|schedule|set_up|hop|jump"
        "|get_started)",
        "(message|contact|ping|call|text) me", "reach out", "next (step|steps)",
        "(happy|glad|available) to (discuss|chat|talk|hop|jump|meet)",
        "send (me|over)", "(calendly|zoom|skype)", "google meet",
        "when (are|would) you [be] (available|free)",
    ),
    "rate": (
        # an amount counts in a pricing context only ("saved $3,700" is a result, not a rate)
        "(for|at|charge|charging|bid|bidding|quote|quoted|priced|proposed|proposing|budget|rate)"
        " ($|€|£) <num>",
        "($|€|£) <num> (/|per|an|a) (hr|hour|hours)", "/ (hr|hour)",
        "<num> (usd|dollars|euro|euros|eur) (/|per|an|a) (hr|hour)",
        "(rate|rates|budget|budgets|price|prices|pricing|priced|cost|costs|quote|quotes"
        "|fee|fees|hourly|invoice|invoices|payment|payments|bid|bids|bidding)",
        "per hour", "an hour", "fixed price",
    ),
    # Phrases that contain a rate word but are not about money; subtracted from "rate".
    "rate_exclusions": (
        "(conversion|bounce|success|response|click|open|heart|growth|error|interest|churn"
        "|retention|frame|refresh|sample|learning|crash|failure|abandonment|drop_off)"
        " (rate|rates)",
        # costs that are a business metric, not my price ("reduced server costs by 30%")
        "(server|inventory|hosting|infrastructure|cloud|shipping|operating|support|labor|labour"
        "|acquisition|ad|storage) (cost|costs)",
    ),
}


def expand(pattern: str) -> list[tuple[str, ...]]:
    """All token sequences a slot pattern stands for (see the module docstring)."""
    slots: list[list[tuple[str, ...]]] = []
    for slot in re.findall(r"\([^)]*\)|\[[^\]]*\]|\S+", pattern):
        if slot[0] in "([":
            alts = [tuple(a.split("_")) for a in slot[1:-1].split("|")]
            if slot[0] == "[":
                alts.append(())
        else:
            alts = [(slot,)]
        slots.append(alts)
    return [tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*slots)]


def _build(lexicons: dict[str, Iterable[str]]) -> tuple[list[str], dict, dict]:
    """Index phrases: one-token phrases by token, longer ones by their first two tokens."""
    names = list(lexicons)
    single: dict[str, set[int]] = {}
    multi: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = {}
    for li, name in enumerate(names):
        for pattern in lexicons[name]:
            for phrase in expand(pattern):
                if len(phrase) == 1:
                    single.setdefault(phrase[0], set()).add(li)
                else:
                    multi.setdefault(phrase[:2], []).append((phrase, li))
    for entries in multi.values():
        entries.sort(key=lambda e: -len(e[0]))
    return names, single, multi


_NAMES, _SINGLE, _MULTI = _build(LEXICONS)
_FIRST = frozenset(k[0] for k in _MULTI)
_NUM_FIRST = NUM in _FIRST
_RELEVANT = _FIRST | frozenset(_SINGLE)


def _matches(phrase: tuple[str, ...], toks: tuple[str, ...], i: int) -> bool:
    if i + len(phrase) > len(toks):
        return False
    for p, t in zip(phrase[2:], toks[i + 2:i + len(phrase)]):
        if p != t and not (p == NUM and t[0].isdigit()):
            return False
    return True


def _keys(tok: str) -> tuple[str, ...]:
    return (tok, NUM) if tok[0].isdigit() else (tok,)


@lru_cache(maxsize=4096)
def lexicon_counts(text: str) -> dict[str, int]:
    """Number of phrase matches of each lexicon in ``LEXICONS`` (memoised: do not mutate).

    Matches of one lexicon that overlap ("rated me 5.0 out of 5 stars": "rated me 5.0" and
    "5 stars") are one mention.
    """
    toks = tokens(text)
    counts = [0] * len(_NAMES)
    ends = [0] * len(_NAMES)  # per lexicon: the token position its last mention reaches
    n = len(toks)
    single, multi, first, relevant = _SINGLE, _MULTI, _FIRST, _RELEVANT
    # positions worth a look: lexicon words, and numbers when a phrase starts with <num>
    if _NUM_FIRST:
        where = [i for i, t in enumerate(toks) if t in relevant or t[0].isdigit()]
    else:
        where = [i for i, t in enumerate(toks) if t in relevant]
    for i in where:
        tok = toks[i]
        found: dict[int, int] = {}  # lexicon -> length of its longest phrase at i
        if i + 1 < n and (tok in first or tok[0].isdigit()):
            for k0 in _keys(tok):
                for k1 in _keys(toks[i + 1]):
                    for phrase, li in multi.get((k0, k1), ()):
                        if len(phrase) > found.get(li, 0) and _matches(phrase, toks, i):
                            found[li] = len(phrase)
        for li in single.get(tok, ()):
            found.setdefault(li, 1)
        for li, length in found.items():
            if i >= ends[li]:
                counts[li] += 1
            ends[li] = max(ends[li], i + length)
    return dict(zip(_NAMES, counts))
