"""scikit-learn transformers, one per feature family, composing the pure feature functions.

Each ``<Family>Featurizer(TransformerMixin, BaseEstimator)`` stores its parameters in
``__init__``, validates them in ``fit``, returns a float ndarray from ``transform`` and names its
columns with ``get_feature_names_out`` (so ``set_output(transform="pandas")`` works). Single-text
featurizers take a 1-D input (Series, list, one-column frame); the others take a DataFrame with
canonical column names (a missing optional column is treated as unknown) or a 2-D array whose
columns are in the order of the class attribute ``input_columns``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.features import _content, _opening, _similarity, _template, _text_stats
from upwork_analytics.features._context import CONTEXT_COLUMNS, CONTEXT_FUNCTIONS
from upwork_analytics.features._tokenize import clean
from upwork_analytics.features.catalogue import features_of
from upwork_analytics.schema import P

#: Text feature name -> pure function of the cover letter.
TEXT_FUNCTIONS: dict[str, Callable[[str], float]] = {
    "word_count": _text_stats.word_count,
    "sentence_count": _text_stats.sentence_count,
    "mean_sentence_words": _text_stats.mean_sentence_words,
    "reading_grade": _text_stats.reading_grade,
    "question_count": _text_stats.question_count,
    "exclamation_count": _text_stats.exclamation_count,
    "you_i_ratio": _text_stats.you_i_ratio,
    "result_phrase_count": _content.result_phrase_count,
    "enthusiasm_score": _content.enthusiasm_score,
    "sentiment": _content.sentiment,
    "social_proof": _content.social_proof,
    "reliability_mentions": _content.reliability_mentions,
    "has_portfolio_link": _content.has_portfolio_link,
    "call_to_action": _content.call_to_action,
    "mentions_rate": _content.mentions_rate,
}


def _as_texts(X) -> list[str]:
    """A 1-D collection of texts as a list of ``str`` (missing values become ``""``)."""
    if isinstance(X, str):
        raise TypeError("Expected a 1-D collection of texts (Series, list or one-column "
                        "DataFrame), got a single str; wrap it in a list.")
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise ValueError(f"Expected one text column, got {X.shape[1]}: {list(X.columns)}.")
        X = X.iloc[:, 0]
    arr = np.asarray(X, dtype=object)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"Expected a 1-D collection of texts, got shape {arr.shape}.")
    return [clean(v) for v in arr]


def _as_frame(X, columns: Sequence[str]) -> pd.DataFrame:
    """``X`` as a DataFrame with ``columns`` (missing ones all-null), keeping only those."""
    if isinstance(X, pd.DataFrame):
        out = pd.DataFrame(index=X.index)
        for c in columns:
            out[c] = X[c] if c in X.columns else pd.Series(None, index=X.index, dtype=object)
        return out
    if isinstance(X, pd.Series) or (np.ndim(X) == 1 and not isinstance(X, str)):
        return _as_frame(pd.DataFrame({columns[0]: list(X)}), columns)
    if isinstance(X, str):
        raise TypeError("Expected a DataFrame or 2-D array, got a single str.")
    arr = np.asarray(X, dtype=object)
    if arr.ndim != 2 or arr.shape[1] > len(columns):
        raise ValueError(f"Expected a 2-D array with at most {len(columns)} columns in the order "
                         f"{list(columns)}, got shape {arr.shape}.")
    return _as_frame(pd.DataFrame(arr, columns=list(columns[:arr.shape[1]])), columns)


class _FamilyFeaturizer(TransformerMixin, BaseEstimator):
    """Shared fit/transform plumbing; subclasses set ``family`` and implement ``_compute``."""

    family: str = ""
    input_columns: tuple[str, ...] = (P.cover_letter,)
    required_columns: tuple[str, ...] = (P.cover_letter,)

    def __init__(self, features: Sequence[str] | None = None):
        self.features = features

    def _validate_params(self) -> None:
        """Check the subclass's own parameters (called in ``fit``)."""

    def _fit_inputs(self, X) -> None:
        """Learn state from the input (called in ``fit``); stateless by default."""

    def fit(self, X, y=None):
        """Validate parameters and input; learn nothing else unless the family needs it.

        Parameters
        ----------
        X : array-like or DataFrame
            See the class docstring.
        y : ignored

        Returns
        -------
        self
        """
        allowed = features_of(self.family)
        names = allowed if self.features is None else list(self.features)
        if isinstance(self.features, str):
            raise ParameterError(f"features must be a list of names, got {self.features!r}.")
        unknown = sorted(set(names) - set(allowed))
        if unknown or not names:
            raise ParameterError(f"Unknown or no {self.family} feature(s) {unknown}; choose from "
                                 f"{allowed}.")
        self._validate_params()
        self._check_input(X)
        self._fit_inputs(X)
        self.features_ = list(names)
        self.n_features_in_ = 1 if np.ndim(X) == 1 else np.shape(X)[1]
        return self

    def _check_input(self, X) -> None:
        if isinstance(X, pd.DataFrame):
            missing = [c for c in self.required_columns if c not in X.columns]
            if missing:
                raise ValueError(f"{type(self).__name__} needs column(s) {missing}; got "
                                 f"{list(X.columns)}.")
        _as_frame(X, self.input_columns)

    def transform(self, X):
        """Compute the features.

        Returns
        -------
        numpy.ndarray of float, shape (n_samples, len(features_))
        """
        check_is_fitted(self, "features_")
        self._check_input(X)
        out = self._compute(X)
        return np.asarray(out, dtype=float).reshape(-1, len(self.features_))

    def _compute(self, X) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_feature_names_out(self, input_features=None):
        """The output column names (bare feature names, e.g. ``word_count``)."""
        check_is_fitted(self, "features_")
        return np.asarray(self.features_, dtype=object)


class _TextFeaturizer(_FamilyFeaturizer):
    def _check_input(self, X) -> None:
        _as_texts(X)

    def _compute(self, X) -> np.ndarray:
        funcs = [TEXT_FUNCTIONS[f] for f in self.features_]
        texts = _as_texts(X)
        out = np.empty((len(texts), len(funcs)), dtype=float)
        for i, t in enumerate(texts):
            out[i] = [f(t) for f in funcs]
        return out


class TextStatsFeaturizer(_TextFeaturizer):
    """Length, readability and style of the cover letter (family ``text_stats``).

    Parameters
    ----------
    features : list of str or None, default=None
        Which features, in output order; ``None`` means all of the family.

    Attributes
    ----------
    features_ : list of str
        The validated feature names; also the output column names.
    """

    family = "text_stats"


class ContentFeaturizer(_TextFeaturizer):
    """What the cover letter says: results, enthusiasm, sentiment, social proof, reliability,
    links, call to action, rate (family ``content``). Parameters as
    :class:`TextStatsFeaturizer`."""

    family = "content"


class OpeningFeaturizer(_FamilyFeaturizer):
    """The first 240 characters: personalised or generic (family ``opening``).

    Input columns: ``cover_letter``, ``job_title``, ``client_name``. Parameters as
    :class:`TextStatsFeaturizer`.
    """

    family = "opening"
    input_columns = (P.cover_letter, P.job_title, P.client_name)

    def _compute(self, X) -> np.ndarray:
        df = _as_frame(X, self.input_columns)
        rows = zip(map(clean, df[P.cover_letter]), df[P.job_title], df[P.client_name])
        out = []
        for text, title, name in rows:
            out.append([_opening.opening_personalized(text, title, name)
                        if f == "opening_personalized" else _opening.opening_generic(text)
                        for f in self.features_])
        return np.array(out, dtype=float)


class TailoringFeaturizer(_FamilyFeaturizer):
    """Tailoring to the job post: keyword overlap and coverage of its questions.

    Input columns: ``cover_letter``, ``job_title``, ``job_description``.

    Parameters
    ----------
    features : list of str or None, default=None
        Which features; ``None`` means all of the family.
    top_k : int, default=20
        Description keywords used by ``job_overlap`` (besides all title keywords).
    threshold : float, default=0.5
        Share of a question's keywords the letter must use to address it.
    """

    family = "tailoring"
    input_columns = (P.cover_letter, P.job_title, P.job_description)

    def __init__(self, features: Sequence[str] | None = None, top_k: int = 20,
                 threshold: float = 0.5):
        self.features = features
        self.top_k = top_k
        self.threshold = threshold

    def _validate_params(self) -> None:
        if not isinstance(self.top_k, (int, np.integer)) or self.top_k < 0:
            raise ParameterError(f"top_k must be a non-negative integer, got {self.top_k!r}.")
        if not 0 < float(self.threshold) <= 1:
            raise ParameterError(f"threshold must be in (0, 1], got {self.threshold!r}.")

    def _compute(self, X) -> np.ndarray:
        df = _as_frame(X, self.input_columns)
        out = []
        for text, title, desc in zip(map(clean, df[P.cover_letter]), df[P.job_title],
                                     df[P.job_description]):
            row = []
            for f in self.features_:
                if f == "job_overlap":
                    row.append(_similarity.job_overlap(text, title, desc, self.top_k))
                else:
                    row.append(_similarity.client_question_coverage(text, desc, self.threshold))
            out.append(row)
        return np.array(out, dtype=float)


class TemplateFeaturizer(_FamilyFeaturizer):
    """Template reuse: highest similarity to an earlier proposal of the history.

    Input columns: ``cover_letter`` and ``submitted_at`` (without it, input order is time
    order). ``fit`` stores the history (the letters and when they were sent); ``transform``
    compares each row with the history proposals sent before it and with the earlier rows
    of its own input. A row that is a history proposal (same letter, same time) gets the value
    it has within the history, so ``fit(X).transform(X)`` equals ``fit_transform(X)``, and a
    new letter copying an earlier one scores the same in a Pipeline's ``predict`` as in a fit
    on the whole history (no train/predict skew). Rows without a time count as sent after
    the history.

    Parameters
    ----------
    features : list of str or None, default=None
        Only ``["template_similarity"]``.
    method : {"auto", "exact", "lsh"}, default="auto"
    bands, rows, neighbours : int, default=16, 3, 3
        See :func:`upwork_analytics.features.template_similarity`.

    Attributes
    ----------
    history_texts_ : list of str
        The cleaned letters seen in ``fit``.
    history_times_ : pandas.Series
        When each was sent (UTC; NaT when unknown).
    """

    family = "reuse"
    input_columns = (P.cover_letter, P.submitted_at)

    def __init__(self, features: Sequence[str] | None = None, method: str = "auto",
                 bands: int = 16, rows: int = 3, neighbours: int = 3):
        self.features = features
        self.method = method
        self.bands = bands
        self.rows = rows
        self.neighbours = neighbours

    def _validate_params(self) -> None:
        _template.template_similarity([], method=self.method, bands=self.bands,
                                        rows=self.rows, neighbours=self.neighbours)

    @staticmethod
    def _texts_times(X) -> tuple[list[str], pd.Series]:
        df = _as_frame(X, TemplateFeaturizer.input_columns)
        times = pd.to_datetime(df[P.submitted_at].reset_index(drop=True), utc=True,
                               errors="coerce")
        return [clean(t) for t in df[P.cover_letter]], times

    def _fit_inputs(self, X) -> None:
        self.history_texts_, self.history_times_ = self._texts_times(X)

    def _compute(self, X) -> np.ndarray:
        texts, times = self._texts_times(X)
        hist_texts, hist_times = self.history_texts_, self.history_times_
        # the k-th occurrence of (letter, time) in X is the k-th one in the history, if any
        where: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(hist_texts, _time_keys(hist_times))):
            where.setdefault(key, []).append(i)
        used: dict[tuple, int] = {}
        positions, new = [], []
        for i, key in enumerate(zip(texts, _time_keys(times))):
            k = used.get(key, 0)
            if k < len(where.get(key, ())):
                positions.append(where[key][k])
                used[key] = k + 1
            else:
                positions.append(len(hist_texts) + len(new))
                new.append(i)
        all_texts = list(hist_texts) + [texts[i] for i in new]
        if hist_times.isna().all() and (not new or times.iloc[new].isna().all()):
            all_times = None  # input order: the history, then the new rows
        elif hist_times.isna().all():  # new rows come after a history without times
            early = times.iloc[new].min() - pd.Timedelta(1, "s")
            all_times = pd.concat([pd.Series(early, index=range(len(hist_texts))),
                                   times.iloc[new]], ignore_index=True)
        else:
            all_times = pd.concat([hist_times, times.iloc[new]], ignore_index=True)
        sims = _template.template_similarity(
            all_texts, all_times, method=self.method, bands=self.bands, rows=self.rows,
            neighbours=self.neighbours)
        return sims[np.asarray(positions, dtype=np.int64)][:, None]


def _time_keys(times: pd.Series) -> list[int | None]:
    """Hashable times: nanoseconds since the epoch, None when unknown."""
    return [None if pd.isna(t) else int(t.value) for t in times]


class ContextFeaturizer(_FamilyFeaturizer):
    """Context rather than text: bid vs budget, contract type, Connects, boost, invitation,
    competition, weekday and hour sent, months since the first proposal.

    Input columns: ``input_columns`` (canonical proposal columns; missing ones are unknown).

    Attributes
    ----------
    features_ : list of str
    first_submitted_ : pandas.Timestamp
        The earliest ``submitted_at`` seen in ``fit``: the origin of ``months_since_first``.
    """

    family = "context"
    input_columns = CONTEXT_COLUMNS
    required_columns = ()

    def _fit_inputs(self, X) -> None:
        from upwork_analytics.features._context import submitted_utc

        self.first_submitted_ = submitted_utc(_as_frame(X, self.input_columns)).min()

    def _compute(self, X) -> np.ndarray:
        df = _as_frame(X, self.input_columns)
        cols = []
        for f in self.features_:
            if f == "months_since_first":
                cols.append(CONTEXT_FUNCTIONS[f](df, self.first_submitted_))
            else:
                cols.append(CONTEXT_FUNCTIONS[f](df))
        return np.column_stack([c.to_numpy(dtype=float) for c in cols])


FEATURIZERS: dict[str, type[_FamilyFeaturizer]] = {
    "text_stats": TextStatsFeaturizer,
    "opening": OpeningFeaturizer,
    "content": ContentFeaturizer,
    "reuse": TemplateFeaturizer,
    "tailoring": TailoringFeaturizer,
    "context": ContextFeaturizer,
}
