"""Similarity: template reuse across one's own proposals, tailoring to the job post, and coverage
of the post's questions.

Template reuse is the cosine (Ochiai) similarity of the *sets* of word bigrams of two texts,
``|A & B| / sqrt(|A| |B|)``: a copy with the greeting name and one sentence of ten changed scores
~0.85, unrelated letters in the same niche ~0.05. The maximum over all earlier proposals is found
in near-linear time with MinHash + LSH banding (see :func:`template_similarity`).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.features._tokenize import clean, keywords, sentences, stem_set, terms

#: Texts up to this many are compared exactly (all pairs); more use MinHash-LSH candidates.
EXACT_MAX_N = 2000
#: LSH: how many candidates per text (most agreeing MinHash values) get the exact similarity.
TOP_CANDIDATES = 3
_SEED = 20240604
_MASK32 = np.uint64(0xFFFFFFFF)

_REQUEST_RE = re.compile(
    r"^(?:\W*\d{0,2}[.)]?\s*)?(?:please\s+)?(?:tell|describe|explain|share|list|include|mention"
    r"|provide|send|attach|outline|walk\s+(?:me|us)\s+through|let\s+(?:me|us)\s+know)\b",
    re.IGNORECASE,
)
_HEADER_RE = re.compile(r"(?:answer|address|respond\s+to|include|cover).*(?:following|questions?)"
                        r"|questions?\s*:", re.IGNORECASE)
_ITEM_RE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s")


# --------------------------------------------------------------------------- template reuse


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The set of lower-case word bigrams of ``text`` (a one-word text: its word)."""
    toks = terms(text)
    if len(toks) == 1:
        return frozenset({(toks[0],)})
    return frozenset(zip(toks[:-1], toks[1:]))


def text_similarity(a: str, b: str) -> float:
    """Set cosine of the word bigrams of ``a`` and ``b``: ``|A & B| / sqrt(|A| |B|)``, 0..1.

    Order-aware but tolerant of small edits; case, punctuation, numbers and links are ignored.
    ``0.0`` when either text has no words.
    """
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / math.sqrt(len(sa) * len(sb))


@lru_cache(maxsize=200_000)
def _term_hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


def bigram_codes(text: str) -> np.ndarray:
    """Deterministic 64-bit codes of the word bigrams of ``text`` (CRC-32 of each word, two per
    code; a one-word text: its word), unsorted, possibly repeated."""
    toks = terms(text)
    h = np.fromiter(map(_term_hash, toks), dtype=np.uint64, count=len(toks))
    if len(h) == 1:
        return h << np.uint64(32) | _MASK32
    return h[:-1] << np.uint64(32) | h[1:]


def _shingle_matrix(codes: Sequence[np.ndarray], compact: bool) -> sp.csr_matrix:
    """Row-normalised binary doc x bigram matrix (each row's set of bigrams, L2-normalised).

    ``compact``: one column per distinct bigram (needs a sort; for matrix products), else
    2^30 hashed columns (for row-wise operations only).
    """
    lengths = np.fromiter(map(len, codes), dtype=np.int64, count=len(codes))
    flat = np.concatenate(codes) if len(codes) else np.empty(0, dtype=np.uint64)
    docs = np.repeat(np.arange(len(codes)), lengths)
    # hashing trick: bigram code -> one of 2^30 columns (a sort-free np.unique; a collision
    # between two of a user's bigrams has probability ~ (distinct bigrams)^2 / 2^31)
    if compact:
        uniq, cols = np.unique(flat, return_inverse=True)
        n_cols = max(len(uniq), 1)
    else:
        cols = ((flat * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(34)).astype(np.int64)
        n_cols = 2**30
    mat = sp.csr_matrix((np.ones(len(flat), dtype=np.float32), (docs, cols.ravel())),
                        shape=(len(codes), n_cols))
    mat.sum_duplicates()
    counts = np.diff(mat.indptr)
    mat.data[:] = np.repeat((1 / np.sqrt(np.maximum(counts, 1))).astype(np.float32), counts)
    return mat


def _minhash(mat: sp.csr_matrix, n_perm: int) -> np.ndarray:
    """MinHash signatures (n_docs x n_perm, uint32) of the rows of a binary CSR matrix.

    Hash ``k`` of a column id ``x`` is ``a_k * x + b_k`` (mod 2^32) followed by an xor-shift;
    empty rows get a row-specific signature so they never collide.
    """
    rng = np.random.default_rng(_SEED)
    a = (rng.integers(1, 2**32, size=n_perm, dtype=np.uint64) | 1).astype(np.uint32)
    b = rng.integers(0, 2**32, size=n_perm, dtype=np.uint64).astype(np.uint32)
    n = mat.shape[0]
    counts = np.diff(mat.indptr)
    nonempty = np.flatnonzero(counts)
    sig = np.empty((n, n_perm), dtype=np.uint32)
    sig[:] = (np.arange(n, dtype=np.uint64) % np.uint64(2**32 - 1)).astype(np.uint32)[:, None]
    if len(nonempty) == 0:
        return sig
    x = mat.indices.astype(np.uint32) * np.uint32(0x9E3779B1)
    x ^= x >> np.uint32(16)
    offsets = mat.indptr[nonempty]
    for k in range(n_perm):
        h = x * a[k]
        h += b[k]
        h ^= h >> np.uint32(15)
        sig[nonempty, k] = np.minimum.reduceat(h, offsets)
    return sig


def _lsh_pairs(sig: np.ndarray, rank: np.ndarray, bands: int, rows: int,
               neighbours: int) -> np.ndarray:
    n = len(sig)
    found = []
    mult = np.uint64(0x9E3779B97F4A7C15)
    for band in range(bands):
        key = np.zeros(n, dtype=np.uint64)
        for col in sig[:, band * rows:(band + 1) * rows].T:
            key = (key ^ col.astype(np.uint64)) * mult
        order = np.lexsort((rank, key))
        ks = key[order]
        for lag in range(1, neighbours + 1):
            same = np.flatnonzero(ks[lag:] == ks[:-lag])
            if len(same):
                found.append(order[same] * np.int64(n) + order[same + lag])
    if not found:
        return np.empty(0, dtype=np.int64)
    return np.concatenate(found)  # may repeat a pair (found in several bands)


def template_similarity(texts: Sequence[object], times: Sequence[object] | None = None, *,
                        method: str = "auto", bands: int = 16, rows: int = 3,
                        neighbours: int = 3) -> np.ndarray:
    """For each text, the highest :func:`text_similarity` to any *earlier* text (reuse).

    Parameters
    ----------
    texts : sequence of str
        One freelancer's proposals; missing values count as empty text.
    times : sequence of datetime-like, optional
        When each was sent; "earlier" follows ``times`` (ties and missing times: input order,
        missing last). Default: input order.
    method : {"auto", "exact", "lsh"}, default="auto"
        ``"exact"`` compares all pairs (quadratic); ``"lsh"`` compares only candidate pairs from
        MinHash signatures (``bands * rows`` hash functions) with Locality-Sensitive Hashing:
        two texts are candidates when all ``rows`` values of a band agree, and each text is
        paired with the ``neighbours`` most recent earlier texts in each of its buckets, and the
        ``TOP_CANDIDATES`` (3) candidates with the most agreeing MinHash values get the exact
        similarity. Time
        and memory grow linearly with the number of texts. With the defaults a pair with
        similarity 0.8 (Jaccard ~0.67) shares a band with probability 0.997, 0.9 with > 0.9999,
        0.5 (Jaccard ~0.33) with ~0.44; missed pairs lower the result, so values below ~0.6 are
        lower bounds. ``"auto"`` is exact up to ``EXACT_MAX_N`` texts. Deterministic: the
        hash functions use a fixed seed.
    bands, rows, neighbours : int
        LSH settings (see ``method``).

    Returns
    -------
    numpy.ndarray of float, shape (n,)
        In input order; ``0.0`` for the first text and for texts without words.

    Raises
    ------
    ParameterError
        For an unknown ``method`` or non-positive LSH settings.
    """
    if method not in ("auto", "exact", "lsh"):
        raise ParameterError(f"Unknown method {method!r}; choose from ['auto', 'exact', 'lsh'].")
    for name, value in (("bands", bands), ("rows", rows), ("neighbours", neighbours)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ParameterError(f"{name} must be a positive integer, got {value!r}.")
    return _template_similarity([bigram_codes(clean(t)) for t in texts], times, method=method,
                                bands=bands, rows=rows, neighbours=neighbours)


def _template_similarity(codes: list[np.ndarray], times, *, method: str = "auto",
                         bands: int = 16, rows: int = 3, neighbours: int = 3) -> np.ndarray:
    """:func:`template_similarity` from precomputed :func:`bigram_codes` (parameters checked)."""
    n = len(codes)
    out = np.zeros(n, dtype=float)
    if n < 2:
        return out
    if times is None:
        rank = np.arange(n)
    else:
        t = pd.to_datetime(pd.Series(times).reset_index(drop=True), utc=True, errors="coerce")
        key = t.dt.tz_convert(None).to_numpy()  # NaT sorts last
        rank = np.empty(n, dtype=np.int64)
        rank[np.argsort(key, kind="stable")] = np.arange(n)
    exact = method == "exact" or (method == "auto" and n <= EXACT_MAX_N)
    mat = _shingle_matrix(codes, compact=exact)
    if exact:
        sims = (mat @ mat.T).toarray()
        earlier = rank[None, :] < rank[:, None]
        sims = np.where(earlier, sims, 0.0)
        out = sims.max(axis=1)
    else:
        sig = _minhash(mat, bands * rows)
        pairs = _lsh_pairs(sig, rank, bands, rows, neighbours)
        first, later = np.divmod(pairs, n)
        # exact similarity only for each text's TOP_CANDIDATES best candidates by MinHash
        # agreement
        agree = np.zeros(len(pairs), dtype=np.int16)
        for s in range(0, len(pairs), 500_000):
            agree[s:s + 500_000] = (sig[first[s:s + 500_000]]
                                    == sig[later[s:s + 500_000]]).sum(axis=1)
        order = np.lexsort((first, -agree, later))
        order = order[np.r_[True, pairs[order][1:] != pairs[order][:-1]]]  # drop repeats
        later_sorted = later[order]
        starts = np.flatnonzero(np.r_[True, later_sorted[1:] != later_sorted[:-1]])
        sizes = np.diff(np.r_[starts, len(order)])
        pos_in_group = np.arange(len(order)) - np.repeat(starts, sizes)
        keep = order[pos_in_group < TOP_CANDIDATES]
        first, later = first[keep], later[keep]
        step = 200_000
        for s in range(0, len(first), step):
            i, j = first[s:s + step], later[s:s + step]
            sim = np.asarray(mat[i].multiply(mat[j]).sum(axis=1)).ravel()
            np.maximum.at(out, j, sim)
    return np.clip(out, 0.0, 1.0).astype(np.float64)


# --------------------------------------------------------------------------- tailoring


@lru_cache(maxsize=1024)
def _job_keywords(title: str, description: str, top_k: int) -> tuple[str, ...]:
    desc = Counter(keywords(description))
    ranked = [w for w, _ in sorted(desc.items(), key=lambda kv: -kv[1])][:top_k]
    return tuple(dict.fromkeys(keywords(title) + ranked))


@lru_cache(maxsize=1024)
def _question_keywords(description: str) -> tuple[frozenset[str], ...]:
    return tuple(q for q in (frozenset(keywords(q)) for q in job_questions(description)) if q)


def job_keywords(job_title: object, job_description: object, top_k: int = 20) -> list[str]:
    """Stemmed content keywords of a job post: every title keyword, plus the ``top_k`` most
    frequent description keywords (ties: first seen), without duplicates, in that order."""
    return list(_job_keywords(clean(job_title), clean(job_description), top_k))


def job_overlap(text: str, job_title: object = None, job_description: object = None,
                top_k: int = 20) -> float:
    """Tailoring: share of the job post's keywords (:func:`job_keywords`) used in ``text``.

    Keywords are compared as Porter stems ("developer" matches "develop"). From 0 to 1;
    ``nan`` when the job text is missing or has no keyword, or ``text`` has no words.
    """
    kws = job_keywords(job_title, job_description, top_k)
    if not kws or not terms(text):
        return math.nan
    have = stem_set(text)
    return sum(1 for k in kws if k in have) / len(kws)


def job_questions(job_description: object) -> list[str]:
    """The questions and requests a job post asks applicants to answer.

    Sentences ending in ``?``; sentences that start with a request verb ("Tell me about",
    "Describe", "Please share", "Include", "Let me know", ...); and every list item after a
    header such as "Please answer the following:".
    """
    out = []
    in_list = False
    for s in sentences(clean(job_description)):
        is_item = bool(_ITEM_RE.match(s))
        if s.rstrip("\"'”’)] ").endswith(("?", "？")) or _REQUEST_RE.match(s):
            out.append(s)
        elif in_list and is_item:
            out.append(s)
        if _HEADER_RE.search(s) and s.rstrip().endswith(":"):
            in_list = True
        elif not is_item:
            in_list = False
    return out


def client_question_coverage(text: str, job_description: object = None,
                             threshold: float = 0.5) -> float:
    """Share of the job post's questions (:func:`job_questions`) that ``text`` addresses.

    A question is addressed when at least ``threshold`` (default half) of its distinct content
    keywords (stemmed, stop words removed) appear in ``text``; questions without any content
    keyword ("Why?") are not counted. ``nan`` when the post asks no countable question, or
    ``text`` has no words.
    """
    qs = _question_keywords(clean(job_description))
    if not qs or not terms(text):
        return math.nan
    have = stem_set(text)
    answered = sum(1 for q in qs if len(q & have) >= threshold * len(q))
    return answered / len(qs)
