"""TemplateFeaturizer learns the history in ``fit`` and compares new rows against it, so a
Pipeline scores a letter the same at predict time as in a fit on the whole history (issue 15:
``fit`` used to learn nothing, and a copy scored 1.0 in the fit and 0.0 transformed alone)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

import texts as T
from upwork_analytics.features import TemplateFeaturizer, text_similarity
from upwork_analytics.schema import P


def _frame(letters, days):
    return pd.DataFrame({
        P.cover_letter: letters,
        P.submitted_at: [None if d is None else pd.Timestamp("2025-01-01", tz="UTC")
                         + pd.Timedelta(days=d) for d in days]})


HISTORY = _frame([T.TEMPLATE, T.UNRELATED_SAME_NICHE], [0, 1])
#: A new letter that copies the template word for word: similarity 1 to an earlier letter.
COPY = _frame([T.TEMPLATE], [30])
#: A new letter that is a light-edit copy (its similarity to the template, computed directly).
EDIT = _frame([T.TEMPLATE_COPY], [31])


def test_a_copy_scores_the_same_transformed_alone_as_in_a_fit_on_everything():
    whole = pd.concat([HISTORY, COPY], ignore_index=True)
    in_fit = TemplateFeaturizer().fit_transform(whole)[-1, 0]
    alone = TemplateFeaturizer().fit(HISTORY).transform(COPY)[0, 0]
    assert in_fit == pytest.approx(1.0)
    assert alone == pytest.approx(1.0)


def test_transform_compares_against_the_history_by_the_direct_formula():
    got = TemplateFeaturizer().fit(HISTORY).transform(EDIT)[0, 0]
    expected = max(text_similarity(T.TEMPLATE_COPY, T.TEMPLATE),
                   text_similarity(T.TEMPLATE_COPY, T.UNRELATED_SAME_NICHE))
    assert 0.5 < expected < 1.0  # a light edit: high, not identical
    assert got == pytest.approx(expected)


def test_history_rows_keep_their_values_and_later_history_is_not_earlier():
    whole = pd.concat([HISTORY, COPY], ignore_index=True)
    est = TemplateFeaturizer().fit(whole)
    # the same rows again: each is its history proposal, compared only with earlier ones
    assert np.array_equal(est.transform(whole), TemplateFeaturizer().fit_transform(whole))
    assert est.transform(whole)[0, 0] == 0.0  # the first letter has nothing before it
    # a letter sent before the whole history has nothing earlier to copy
    before = _frame([T.TEMPLATE], [-10])
    assert est.transform(before)[0, 0] == 0.0


def test_rows_without_times_come_after_the_history():
    est = TemplateFeaturizer().fit(HISTORY)
    assert est.transform(_frame([T.TEMPLATE], [None]))[0, 0] == pytest.approx(1.0)
    untimed = TemplateFeaturizer().fit(_frame([T.TEMPLATE], [None]))
    assert untimed.transform(_frame([T.TEMPLATE_COPY], [5]))[0, 0] == pytest.approx(
        text_similarity(T.TEMPLATE_COPY, T.TEMPLATE))


def test_pipeline_predicts_a_copy_like_the_model_fitted_on_it():
    """A Pipeline (featurizer then a classifier) fitted on a history where copies lost: its
    prediction for a new copy equals what the same model gives the copies in the history."""
    letters = [T.TEMPLATE, T.UNRELATED_SAME_NICHE] * 10
    history = _frame(letters, list(range(20)))
    hired = np.array([i < 2 or letter is T.UNRELATED_SAME_NICHE
                      for i, letter in enumerate(letters)])  # the copies (template again) lost
    pipe = make_pipeline(TemplateFeaturizer(), LogisticRegression()).fit(history, hired)
    X_fit = pipe[0].transform(history)
    assert X_fit[2:, 0].min() == pytest.approx(1.0)  # every letter after the first two copies
    new = pipe.predict_proba(COPY)[0, 1]
    seen = pipe.predict_proba(history.iloc[[4]])[0, 1]  # a copy of the template in the history
    assert new == pytest.approx(seen)
    assert new < pipe.predict_proba(history.iloc[[0]])[0, 1]  # below the first, original one
