"""Features: measuring each proposal and interview thread as numbers.

Three layers: pure per-text functions (``word_count(text)``, ``opening_generic(text)``, ...),
scikit-learn featurizers per family (``TextStatsFeaturizer``, ...), and
:func:`build_features`, one row per proposal; ``threads`` rebuilds interview threads from the
messages and measures them. ``FEATURES`` is the registry: names, meanings, units, the advice
each tests; :func:`render_catalogue` renders ``docs/features.md`` from it.

May import ``load``, ``schema`` and ``exceptions``; never ``analysis``, ``reports``, ``coach``
or ``cli``.
"""

from __future__ import annotations

from upwork_analytics.features._content import (
    call_to_action,
    enthusiasm_score,
    has_portfolio_link,
    mentions_rate,
    reliability_mentions,
    result_phrase_count,
    sentiment,
    social_proof,
)
from upwork_analytics.features._opening import opening_generic, opening_personalized
from upwork_analytics.features._similarity import (
    client_question_coverage,
    job_overlap,
    job_questions,
)
from upwork_analytics.features._template import template_similarity, text_similarity
from upwork_analytics.features._text_stats import (
    exclamation_count,
    mean_sentence_words,
    question_count,
    reading_grade,
    sentence_count,
    word_count,
    you_i_ratio,
)
from upwork_analytics.features.build import build_features
from upwork_analytics.features.catalogue import FEATURES, FeatureSpec, render_catalogue
from upwork_analytics.features.transformers import (
    FEATURIZERS,
    ContentFeaturizer,
    ContextFeaturizer,
    OpeningFeaturizer,
    TailoringFeaturizer,
    TemplateFeaturizer,
    TextStatsFeaturizer,
)

__all__ = [
    "FEATURES",
    "FEATURIZERS",
    "ContentFeaturizer",
    "ContextFeaturizer",
    "FeatureSpec",
    "OpeningFeaturizer",
    "TailoringFeaturizer",
    "TemplateFeaturizer",
    "TextStatsFeaturizer",
    "build_features",
    "call_to_action",
    "client_question_coverage",
    "enthusiasm_score",
    "exclamation_count",
    "has_portfolio_link",
    "job_overlap",
    "job_questions",
    "mean_sentence_words",
    "mentions_rate",
    "opening_generic",
    "opening_personalized",
    "question_count",
    "reading_grade",
    "reliability_mentions",
    "render_catalogue",
    "result_phrase_count",
    "sentence_count",
    "sentiment",
    "social_proof",
    "template_similarity",
    "text_similarity",
    "word_count",
    "you_i_ratio",
]
