"""Fast, offline tokenisation: words, sentences, stems and content keywords.

Why not NLTK's tokenizers in the hot path: ``PunktSentenceTokenizer`` (with a shipped abbreviation
set) takes ~5 s per 10k paragraphs and ``NLTKWordTokenizer`` ~10 s, far too slow for the 100k-
proposal target. Instead, one compiled regular expression finds words and one finds sentence
boundaries; the boundary finder skips common abbreviations (``Dr.``, ``e.g.``, ``U.S.``, ``etc.``,
``vs.``), decimals (``$1.5K``, ``2.5x``), URLs, e-mail addresses and mid-sentence ellipses.
``tests/test_features_tokenize.py`` checks it against ``PunktSentenceTokenizer`` on examples.
Splitting rules (in order):

* after ``.``, ``!``, ``?`` or ``…`` (plus closing quotes/brackets) followed by white space, unless
  the word before the period is a known abbreviation or a single letter (an initial), or the mark
  is an ellipsis followed by a lower-case word;
* at a blank line (paragraph break) and before a line that starts a bulleted or numbered item.

A single line break inside a paragraph does not end a sentence (wrapped text stays one sentence).
Results of the tokenizers are memoised for the most recent texts, so the per-text feature functions
can each call them without re-tokenising the same text.

Speed: no word or token contains white space (and the patterns have no look-arounds), so the tokens
of a text are the tokens of its white-space-separated pieces, in order. Pieces ("store,", "I",
"help.") repeat far more often than texts do, so :func:`words` and :func:`tokens` split on white
space (``str.split``, in C) and run the regular expressions once per distinct piece (a bounded
memo), ~5x faster than one regex pass per text. ``tests/test_features_tokenize.py`` checks that the
results are those of the plain regex pass.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain, compress
from operator import itemgetter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: Abbreviations that do not end a sentence (lower case, without the final period).
ABBREVIATIONS: frozenset[str] = frozenset({
    "dr", "mr", "mrs", "ms", "prof", "sr", "jr", "st", "mt", "e.g", "i.e", "u.s", "u.k", "u.s.a",
    "etc", "vs", "approx", "incl", "est", "fig", "inc", "ltd", "co", "corp", "dept", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tue",
    "thu", "fri", "a.m", "p.m", "ph.d", "cf", "al", "viz", "misc", "hr",
})

#: Links: scheme or ``www.`` URLs and e-mail addresses (trailing punctuation is not part of them).
LINK_PATTERN = r"(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]}]"
URL_PATTERN = LINK_PATTERN + r"|[\w.+-]+@[\w-]+\.[\w.-]*\w"
URL_RE = re.compile(URL_PATTERN, re.IGNORECASE)
#: Web links only (no e-mail addresses).
LINK_RE = re.compile(LINK_PATTERN, re.IGNORECASE)

#: A word: a link (one token), or letters/digits with inner apostrophes, hyphens, periods, commas
#: between digits ("1,200") - so "$1.5K", "e.g", "don't" and "front-end" are one word each.
WORD_RE = re.compile(URL_PATTERN + r"|\w+(?:['’\-.,]\w+)*", re.IGNORECASE)

#: Every alternative starts with one of ``.!?…\n``: written as one leading character class, so
#: the regex engine skips to candidate characters (~5x faster than a plain alternation).
_SENT_END_RE = re.compile(
    r"[.!?…\n](?:"
    r"(?<=[.!?…])(?P<punct>[.!?…]*)[\"'”’)\]]*(?=\s)"  # sentence-final punctuation before a space
    r"|(?<=\n)[ \t]*\n"                                # blank line
    r"|(?<=\n)(?=[ \t]*(?:[-*•·]|\d{1,2}[.)])\s)"      # line starting a list item
    r")"
)

#: Stop words: scikit-learn's English list plus words every proposal and job post uses.
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | frozenset({
    "hi", "hello", "hey", "dear", "thanks", "thank", "regards", "best", "im", "i'm", "i've",
    "i'll", "i'd", "you're", "you've", "you'll", "don't", "can't", "won't", "it's", "let's",
    "need", "needs", "looking", "want", "like", "just", "also", "able", "use", "using", "help",
    "someone", "person", "freelancer", "job", "project", "work", "please", "will", "would",
})


def _is_boundary(text: str, start: int, punct: str) -> bool:
    """Whether sentence-final punctuation ``punct`` at ``text[start]`` really ends a sentence."""
    if punct[-1] in "!?":
        return True
    if punct[0] == "…" or punct.startswith(".."):  # ellipsis: ends only before a capital
        nxt = text[start + len(punct):start + len(punct) + 20].lstrip()[:1]
        return bool(nxt) and not nxt.islower()
    k = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start), text.rfind("\t", 0, start))
    word = text[k + 1:start].lower().lstrip("(\"'“‘[").rstrip(".")
    if word.isdigit() and len(word) <= 2:  # "1. Item" at the start of a line: a list number
        before = text[:k + 1].rstrip(" \t")
        if not before or before.endswith("\n"):
            return False
    return not (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()))


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[str, ...]:
    """Split ``text`` into sentences with the fast rule-based splitter described above.

    Parameters
    ----------
    text : str
        Any text; empty or white space only gives no sentences.

    Returns
    -------
    tuple of str
        The sentences, stripped, in order; empty pieces are dropped.
    """
    out: list[str] = []
    last = 0
    for m in _SENT_END_RE.finditer(text):
        if m.end(1) >= 0:  # sentence-final punctuation (else a blank line or a list item)
            start = m.start()
            punct = text[start:m.end(1)]
            if punct[-1] not in "!?" and not _is_boundary(text, start, punct):
                continue
        end = m.end()
        piece = text[last:end].strip()
        if piece:
            out.append(piece)
        last = end
    piece = text[last:].strip()
    if piece:
        out.append(piece)
    return tuple(out)


_SIMPLE_WORD_RE = re.compile(r"\w+(?:['’\-.,]\w+)*")
#: Lower-case token stream for lexicons: words, numbers, and the symbols $ € £ % / +.
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)*|[$€£%/+]")

#: Memo of white-space-separated pieces -> (plain words, tokens, terms), and of pieces -> words
#: with links (texts with a link hint); each cleared when it holds ``_MEMO_MAX`` pieces. Pieces
#: longer than ``_MEMO_PIECE_CHARS`` are tokenised but not memoised.
_MEMO_MAX = 100_000
_MEMO_PIECE_CHARS = 64
_PIECES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
_LINK_WORDS: dict[str, tuple[str, ...]] = {}
_WORDS, _TOKS, _TERMS = itemgetter(0), itemgetter(1), itemgetter(2)


def _has_link_hint(text: str) -> bool:
    return "://" in text or "www." in text or "WWW." in text or "@" in text


def _piece(piece: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Plain words, tokens and terms of one piece (no white space inside)."""
    low = piece.lower().replace("’", "'")
    if _has_link_hint(low):  # without a hint URL_RE cannot match: skip the substitution
        low = URL_RE.sub(" ", low)
    toks = tuple(_TOKEN_RE.findall(low))
    return (tuple(_SIMPLE_WORD_RE.findall(piece)), toks,
            tuple(compress(toks, map(str.isalpha, map(itemgetter(0), toks)))))


def _memoised(pieces: list[str], memo: dict, func) -> list:
    """``[func(p) for p in pieces]``, each short piece computed once (kept in ``memo``)."""
    try:
        return list(map(memo.__getitem__, pieces))  # the usual case: all pieces seen before
    except KeyError:
        pass
    if len(memo) + len(pieces) > _MEMO_MAX:
        memo.clear()
    out = []
    for p in pieces:
        value = memo.get(p)
        if value is None:
            value = func(p)
            if len(p) <= _MEMO_PIECE_CHARS:
                memo[p] = value
        out.append(value)
    return out


@lru_cache(maxsize=4096)
def _pieces(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """:func:`_piece` of each white-space-separated piece of ``text`` (do not mutate)."""
    return _memoised(text.split(), _PIECES, _piece)


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Word tokens of ``text`` as written (links count as one word, see ``WORD_RE``)."""
    if _has_link_hint(text):  # the text, not each piece, decides (as one regex pass would)
        found = _memoised(text.split(), _LINK_WORDS, lambda p: tuple(WORD_RE.findall(p)))
        return tuple(chain.from_iterable(found))
    return tuple(chain.from_iterable(map(_WORDS, _pieces(text))))


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-case tokens for lexicon matching: words (inner apostrophes normalised to ``'``),
    numbers and the symbols ``$ € £ % / +``; links and e-mail addresses removed."""
    return tuple(chain.from_iterable(map(_TOKS, _pieces(text))))


@lru_cache(maxsize=4096)
def terms(text: str) -> tuple[str, ...]:
    """Lower-case alphabetic terms of ``text`` (no numbers, no links), in order."""
    return tuple(chain.from_iterable(map(_TERMS, _pieces(text))))


@lru_cache(maxsize=200_000)
def stem(term: str) -> str:
    """Porter stem of a lower-case term (NLTK's ``PorterStemmer``, which needs no data)."""
    return _stemmer().stem(term, to_lowercase=False)


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=4096)
def stem_set(text: str) -> frozenset[str]:
    """The set of Porter stems of all terms of ``text`` (stop words included)."""
    return frozenset(map(stem, set(terms(text))))  # each distinct term stemmed once


@lru_cache(maxsize=1)
def _stop_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in STOP_WORDS)


def keywords(text: str) -> list[str]:
    """Stemmed content keywords of ``text`` in first-seen order, stop words and 1-letter words
    removed, duplicates kept (so callers can rank by frequency).

    Stop words are removed before *and* after stemming, so an inflected stop word ("worked",
    "projects") is not a keyword either."""
    stops = _stop_stems()
    out = []
    for t in terms(text):
        if len(t) > 1 and t not in STOP_WORDS:
            s = stem(t)
            if s not in stops:
                out.append(s)
    return out


#: What the per-text feature functions accept: a text, or a missing value (None, NaN, pd.NA),
#: which they treat as empty text.
TextLike = str | float | None


def clean(value: object) -> str:
    """A text cell as ``str``: missing values (None, NaN, pd.NA) become ``""``."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        if value != value:  # NaN
            return ""
    except (TypeError, ValueError):  # pd.NA raises on comparison in a boolean context
        return ""
    return str(value)
