"""Template reuse: how closely each proposal copies one's own earlier proposals.

Template reuse is the cosine (Ochiai) similarity of the *sets* of word bigrams of two texts,
``|A & B| / sqrt(|A| |B|)``: a copy with the greeting name and one sentence of ten changed scores
~0.85, unrelated letters in the same niche ~0.05. The maximum over all earlier proposals is found
in near-linear time with MinHash + LSH banding (see :func:`template_similarity`): every step is a
whole-array numpy operation (sorts rather than ``np.unique``, which is hash-based and slower in
numpy 2; MinHash in cache-sized blocks).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.features._tokenize import TextLike, clean, terms

#: Texts up to this many are compared exactly (all pairs); more use MinHash-LSH candidates.
EXACT_MAX_N = 2000
#: LSH: how many candidates per text (most agreeing MinHash values) get the exact similarity.
TOP_CANDIDATES = 3
_SEED = 20240604
_MASK32 = np.uint64(0xFFFFFFFF)


def shingles(text: TextLike) -> frozenset[tuple[str, ...]]:
    """The set of lower-case word bigrams of ``text`` (a one-word text: its word; a missing
    value: none)."""
    toks = terms(clean(text))
    if len(toks) == 1:
        return frozenset({(toks[0],)})
    return frozenset(zip(toks[:-1], toks[1:]))


def text_similarity(a: TextLike, b: TextLike) -> float:
    """Set cosine of the word bigrams of ``a`` and ``b``: ``|A & B| / sqrt(|A| |B|)``, 0..1.

    Order-aware but tolerant of small edits; case, punctuation, numbers and links are ignored.

    Parameters
    ----------
    a, b : str or None
        The two texts; a missing value (None, NaN) is empty text.

    Returns
    -------
    float
        From 0 to 1; ``0.0`` when either text has no words.
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
    return bigram_codes_flat([text])[0]


def bigram_codes_flat(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`bigram_codes` of each text, concatenated (uint64), and how many each has (int64);
    computed for all texts at once (one hash per word, then whole-array operations)."""
    per_text = [terms(t) for t in texts]
    n_terms = np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))
    h = np.fromiter(map(_term_hash, chain.from_iterable(per_text)), dtype=np.uint64,
                    count=int(n_terms.sum()))
    ends = np.cumsum(n_terms)[n_terms > 0]
    nxt = np.empty_like(h)
    nxt[:-1] = h[1:]
    nxt[ends - 1] = _MASK32  # a text's last word pairs with nothing (kept for one-word texts)
    keep = np.ones(len(h), dtype=bool)
    keep[ends[n_terms[n_terms > 0] >= 2] - 1] = False
    codes = (h << np.uint64(32) | nxt)[keep]
    return codes, n_terms - (n_terms >= 2)


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` for a 1-D array (sort-based; numpy 2's hash-based unique is slower)."""
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _shingle_matrix(codes: np.ndarray, lengths: np.ndarray, compact: bool) -> sp.csr_matrix:
    """Row-normalised binary doc x bigram matrix (each row's set of bigrams, L2-normalised),
    from :func:`bigram_codes_flat` output; canonical CSR (sorted, distinct column indices).

    ``compact``: one column per distinct bigram (for matrix products), else 2^30 hashed
    columns (for row-wise operations only).
    """
    n = len(lengths)
    if compact:
        uniq = _sorted_unique(codes)
        cols = np.searchsorted(uniq, codes).astype(np.uint64)
        n_cols = max(len(uniq), 1)
    else:
        # hashing trick: bigram code -> one of 2^30 columns (a sort-free np.unique; a
        # collision between two of a user's bigrams has probability ~ (distinct bigrams)^2 /
        # 2^31)
        cols = codes * np.uint64(0x9E3779B97F4A7C15)
        cols >>= np.uint64(34)
        n_cols = 2**30
    shift = np.uint64(max(int(n_cols - 1).bit_length(), 1))
    key = np.repeat(np.arange(n, dtype=np.uint64) << shift, lengths)  # (doc, column) keys
    key |= cols
    del cols
    key.sort()  # each row keeps its positions: only its columns get sorted
    new = np.empty(len(key), dtype=bool)  # first occurrence of a column in its row
    new[:1] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    counts = np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(lengths)
    counts[rows] = np.add.reduceat(new, (np.cumsum(lengths) - lengths)[rows], dtype=np.int64)
    index_dtype = np.int32 if len(key) < 2**31 else np.int64
    indptr = np.zeros(n + 1, dtype=index_dtype)
    np.cumsum(counts, out=indptr[1:])
    data = np.repeat((1 / np.sqrt(np.maximum(counts, 1))).astype(np.float32), counts)
    indices = (key[new] & np.uint64((1 << int(shift)) - 1)).astype(index_dtype)
    return sp.csr_matrix((data, indices, indptr), shape=(n, n_cols))


def _minhash(mat: sp.csr_matrix, n_perm: int, block: int = 1 << 16) -> np.ndarray:
    """MinHash signatures (n_docs x n_perm, uint32) of the rows of a binary CSR matrix.

    Hash ``k`` of a column id ``x`` is ``a_k * x + b_k`` (mod 2^32) followed by an xor-shift;
    empty rows get a row-specific signature so they never collide. Rows are processed in blocks
    of about ``block`` non-zeros, so the work arrays stay in the CPU cache.
    """
    rng = np.random.default_rng(_SEED)
    a = (rng.integers(1, 2**32, size=n_perm, dtype=np.uint64) | 1).astype(np.uint32)
    b = rng.integers(0, 2**32, size=n_perm, dtype=np.uint64).astype(np.uint32)
    n = mat.shape[0]
    indptr = mat.indptr.astype(np.int64)
    counts = np.diff(indptr)
    sig = np.empty((n, n_perm), dtype=np.uint32)
    sig[:] = (np.arange(n, dtype=np.uint64) % np.uint64(2**32 - 1)).astype(np.uint32)[:, None]
    x = mat.indices.astype(np.uint32) * np.uint32(0x9E3779B1)
    x ^= x >> np.uint32(16)
    r0 = 0
    while r0 < n:  # rows r0..r1-1: about `block` non-zeros (at least one row)
        r1 = max(int(np.searchsorted(indptr, indptr[r0] + block, side="right")) - 1, r0 + 1)
        rows = r0 + np.flatnonzero(counts[r0:r1])
        lo, hi = indptr[r0], indptr[r1]
        r0 = r1
        if not len(rows):
            continue
        h, tmp = np.empty(hi - lo, dtype=np.uint32), np.empty(hi - lo, dtype=np.uint32)
        offsets = indptr[rows] - lo
        block_sig = np.empty((len(rows), n_perm), dtype=np.uint32)
        for k in range(n_perm):
            np.multiply(x[lo:hi], a[k], out=h)
            h += b[k]
            np.right_shift(h, np.uint32(15), out=tmp)
            h ^= tmp
            block_sig[:, k] = np.minimum.reduceat(h, offsets)
        sig[rows] = block_sig
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


def _best_candidates(pairs: np.ndarray, sig: np.ndarray, top: int) -> tuple[np.ndarray,
                                                                            np.ndarray]:
    """From candidate pairs ``first * n + later`` (repeats allowed), the ``top`` distinct
    candidates ``first`` of each ``later`` with the most agreeing MinHash values (ties: smaller
    ``first``), as two arrays ``(first, later)``, sorted by ``later``."""
    n, n_perm = sig.shape
    pairs = _sorted_unique(pairs)
    first, later = np.divmod(pairs, n)
    agree = np.empty(len(pairs), dtype=np.int64)
    for s in range(0, len(pairs), 100_000):
        agree[s:s + 100_000] = np.count_nonzero(sig[first[s:s + 100_000]]
                                                == sig[later[s:s + 100_000]], axis=1)
    if (n_perm + 1) * n * n < 2**62:  # one sort of a combined int64 key
        key = np.sort((later * (n_perm + 1) + (n_perm - agree)) * n + first)
        later, first = key // ((n_perm + 1) * n), key % n
    else:  # pragma: no cover - only for hundreds of millions of texts
        order = np.lexsort((first, -agree, later))
        first, later = first[order], later[order]
    starts = np.flatnonzero(np.r_[True, later[1:] != later[:-1]])
    pos_in_group = np.arange(len(later)) - np.repeat(starts, np.diff(np.r_[starts, len(later)]))
    keep = pos_in_group < top
    return first[keep], later[keep]


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
    codes, lengths = bigram_codes_flat([clean(t) for t in texts])
    return _template_similarity(codes, lengths, times, method=method, bands=bands, rows=rows,
                                neighbours=neighbours)


def _template_similarity(codes: np.ndarray, lengths: np.ndarray, times, *,
                         method: str = "auto", bands: int = 16, rows: int = 3,
                         neighbours: int = 3) -> np.ndarray:
    """:func:`template_similarity` from precomputed :func:`bigram_codes_flat` output
    (parameters checked)."""
    n = len(lengths)
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
    mat = _shingle_matrix(codes, lengths, compact=exact)
    if exact:
        sims = (mat @ mat.T).toarray()
        earlier = rank[None, :] < rank[:, None]
        sims = np.where(earlier, sims, 0.0)
        out = sims.max(axis=1)
    else:
        sig = _minhash(mat, bands * rows)
        pairs = _lsh_pairs(sig, rank, bands, rows, neighbours)
        # exact similarity only for each text's TOP_CANDIDATES best candidates by MinHash
        # agreement
        first, later = _best_candidates(pairs, sig, TOP_CANDIDATES)
        step = 50_000  # pairs per block: bounds the memory of the row copies
        for s in range(0, len(first), step):
            i, j = first[s:s + step], later[s:s + step]
            sim = np.asarray(mat[i].multiply(mat[j]).sum(axis=1)).ravel()
            np.maximum.at(out, j, sim)
    return np.clip(out, 0.0, 1.0).astype(np.float64)
