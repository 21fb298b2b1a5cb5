"""The entry point: :func:`build_features`, one row of features per proposal."""

from __future__ import annotations

import numpy as np
import pandas as pd
from joblib import cpu_count
from sklearn.utils.parallel import Parallel, delayed

from upwork_analytics.load import progress
from upwork_analytics.exceptions import ParameterError, SchemaError
from upwork_analytics.features._template import _template_similarity, bigram_codes_flat
from upwork_analytics.features._tokenize import clean
from upwork_analytics.features.catalogue import FAMILIES, FEATURES
from upwork_analytics.features.transformers import FEATURIZERS
from upwork_analytics.schema import M, P

#: Rows per chunk: below the tokenizer memo size, so the row-wise families of a chunk share
#: one tokenisation of each text.
CHUNK_ROWS = 2000
#: With ``n_jobs=None``, inputs of at least this many proposals use every core: below it,
#: starting the worker processes (~1-2 s) costs more than it saves.
PARALLEL_MIN_ROWS = 20_000
_ROWWISE = ("text_stats", "opening", "content", "tailoring")


def effective_jobs(n_rows: int, n_jobs: int | None) -> int | None:
    """The ``n_jobs`` :func:`build_features` uses: as given, or for ``None`` all cores (``-1``)
    from ``PARALLEL_MIN_ROWS`` proposals on (when there is more than one core), else 1."""
    if n_jobs is not None:
        return n_jobs
    return -1 if n_rows >= PARALLEL_MIN_ROWS and cpu_count() > 1 else 1


def _rowwise_chunk(estimators: list, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray,
                                                                  np.ndarray]:
    """The row-wise features of one chunk, and its texts' bigram codes for template reuse
    (:func:`bigram_codes_flat`, computed here while the chunk's tokens are still memoised)."""
    parts = []
    for est in estimators:
        X = frame[P.cover_letter] if list(est.input_columns) == [P.cover_letter] else frame
        parts.append(est.transform(X))
    codes, lengths = bigram_codes_flat([clean(t) for t in frame[P.cover_letter]])
    return np.hstack(parts), codes, lengths


def build_features(proposals: pd.DataFrame, messages: pd.DataFrame | None = None, *,
                   template_method: str = "auto", n_jobs: int | None = None) -> pd.DataFrame:
    """Compute every catalogue feature for every proposal.

    Parameters
    ----------
    proposals : pandas.DataFrame
        The canonical proposals table (see ``upwork_analytics.schema``); needs ``proposal_id``
        and ``cover_letter``; other columns are optional (missing means unknown).
    messages : pandas.DataFrame, optional
        The canonical messages table. When given, the interview-thread features
        (``upwork_analytics.features.threads.INTERVIEW_FEATURES``) follow the proposal features: null
        for proposals without a thread.
    template_method : {"auto", "exact", "lsh"}, default="auto"
        How ``template_similarity`` finds earlier similar proposals (see
        :func:`upwork_analytics.features.template_similarity`).
    n_jobs : int or None, default=None
        Processes for the per-text features (joblib; ``-1`` = all cores). ``None``: all cores
        for ``PARALLEL_MIN_ROWS`` (20,000) proposals or more, else 1 (see
        :func:`effective_jobs`). Rows are processed in chunks of ``CHUNK_ROWS``; results do not
        depend on ``n_jobs``.

    Returns
    -------
    pandas.DataFrame
        One row per proposal, in input order and with the input index: ``proposal_id`` then the
        features in ``FEATURES`` order, as float64 (booleans 0/1, unknown NaN).

    Raises
    ------
    SchemaError
        When a required column is missing.
    ParameterError
        For a bad ``template_method``.
    """
    if not isinstance(proposals, pd.DataFrame):
        raise SchemaError(f"proposals must be a pandas DataFrame, got {type(proposals).__name__}.")
    missing = [c for c in (P.proposal_id, P.cover_letter) if c not in proposals.columns]
    if missing:
        raise SchemaError(f"proposals lack required column(s) {missing}; got "
                          f"{list(proposals.columns)}.")
    if messages is not None and (not isinstance(messages, pd.DataFrame)
                                 or M.proposal_id not in messages.columns):
        raise SchemaError(f"messages must be a DataFrame with a {M.proposal_id!r} column.")
    if template_method not in ("auto", "exact", "lsh"):
        raise ParameterError(f"Unknown template_method {template_method!r}; choose from "
                             "['auto', 'exact', 'lsh'].")
    parts = []
    rowwise = []
    for family in FAMILIES:
        if family == "reuse":
            continue
        est = FEATURIZERS[family]()
        X = proposals[P.cover_letter] if list(est.input_columns) == [P.cover_letter] else proposals
        est.fit(X)
        if family in _ROWWISE:
            rowwise.append(est)
        else:
            parts.append(pd.DataFrame(est.transform(X), columns=est.get_feature_names_out(),
                                      index=proposals.index))
    needed = [c for c in dict.fromkeys(c for e in rowwise for c in e.input_columns)
              if c in proposals.columns]
    frame = proposals[needed]
    chunks = [frame.iloc[s:s + CHUNK_ROWS] for s in range(0, len(frame), CHUNK_ROWS)]
    n_jobs = effective_jobs(len(frame), n_jobs)
    label = f"features, {len(frame):,} proposals"  # a bar from 2 chunks on (progress.shown)
    if len(chunks) > 1 and n_jobs not in (None, 1):
        results = list(progress.steps(
            Parallel(n_jobs=n_jobs, return_as="generator")(
                delayed(_rowwise_chunk)(rowwise, c) for c in chunks),
            total=len(chunks), desc=label, min_total=2))
    else:
        results = [_rowwise_chunk(rowwise, c)
                   for c in progress.steps(chunks, desc=label, min_total=2)]
    names = [n for e in rowwise for n in e.get_feature_names_out()]
    values = np.vstack([r[0] for r in results]) if results else np.empty((0, len(names)))
    parts.append(pd.DataFrame(values, columns=names, index=proposals.index))
    codes = np.concatenate([r[1] for r in results]) if results else np.empty(0, np.uint64)
    lengths = np.concatenate([r[2] for r in results]) if results else np.empty(0, np.int64)
    times = proposals[P.submitted_at] if P.submitted_at in proposals.columns else None
    if times is not None and times.isna().all():
        times = None
    reuse = _template_similarity(codes, lengths, times, method=template_method)
    parts.append(pd.DataFrame({"template_similarity": reuse}, index=proposals.index))
    out = pd.concat(parts, axis=1)[list(FEATURES)]
    out.insert(0, P.proposal_id, proposals[P.proposal_id].to_numpy())
    if messages is not None:
        from upwork_analytics.features.threads import INTERVIEW_FEATURES, thread_features

        threads = thread_features(messages).set_index(M.proposal_id)[list(INTERVIEW_FEATURES)]
        out = out.join(threads, on=P.proposal_id)
    return out
