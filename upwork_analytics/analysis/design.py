"""A stage's model inputs: measured terms, missingness indicators and job-category dummies.

:class:`DesignSpec` is learnt on the rows a model is fitted on and applied unchanged to new
rows (a draft in the coach), so both are transformed alike:

* a term with unknown values is filled with the mean of its known values and, when at least
  :data:`MIN_MISSING` rows are unknown, gets an indicator ``<term> unknown`` (1 = unknown).
  "The post asked no questions" (``client_question_coverage`` unknown) is then its own group
  instead of being blended with "answered a typical share"; indicators that mark the same rows
  (the thread features of proposals without a thread) are merged into one;
* ``job_category`` becomes one yes/no column per category against the most common one;
  categories with fewer than :data:`MIN_CATEGORY_ROWS` proposals are pooled as ``other``.

Indicators and category dummies are context: they adjust the habits' effects and are never
called drivers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Unknown values of a term in at least this many rows get their own indicator.
MIN_MISSING = 5
#: Categories with fewer proposals than this (among the rows fitted) are pooled as "other".
MIN_CATEGORY_ROWS = 15
#: Prefix of the category dummies' names.
CATEGORY_PREFIX = "job_category: "
#: Suffix of the missingness indicators' names.
MISSING_SUFFIX = " unknown"
CATEGORY_COLUMN = "job_category"
_OTHER = "other"
_UNKNOWN_CATEGORY = "(not recorded)"


@dataclass
class DesignSpec:
    """How a frame of raw terms becomes the numeric model matrix.

    Attributes
    ----------
    terms : list of str
        The measured terms, in order (their filled values come first in the matrix).
    fill : dict of str to float
        Value standing in for an unknown term (the mean of its known values).
    indicators : list of (str, list of str)
        Each indicator column's name and the terms whose unknown rows it marks.
    category_levels : list of str
        The category dummies' levels (the reference level is left out); empty without a
        category control.
    category_reference : str or None
        The reference category.
    """

    terms: list[str]
    fill: dict[str, float] = field(default_factory=dict)
    indicators: list[tuple[str, list[str]]] = field(default_factory=list)
    category_levels: list[str] = field(default_factory=list)
    category_reference: str | None = None
    known_categories: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        """Every model column: terms, indicators, category dummies."""
        return (list(self.terms) + [name for name, _ in self.indicators]
                + [CATEGORY_PREFIX + level for level in self.category_levels])

    @property
    def context_columns(self) -> list[str]:
        """The indicator and category columns."""
        return self.columns[len(self.terms):]

    @classmethod
    def learn(cls, frame: pd.DataFrame, terms: list[str], category: bool = True,
              notes: list[str] | None = None) -> DesignSpec:
        """Learn the spec on ``frame`` (the rows the model is fitted on).

        Parameters
        ----------
        frame : pandas.DataFrame
            Raw term values (and ``job_category`` when ``category``).
        terms : list of str
            The measured terms.
        category : bool, default=True
            Add the job-category control when the rows have at least two categories.
        notes : list of str, optional
            Appended to: what was pooled or left out.
        """
        notes = notes if notes is not None else []
        spec = cls(terms=list(terms))
        masks: list[tuple[np.ndarray, list[str]]] = []
        for t in terms:
            v = pd.to_numeric(frame[t], errors="coerce").astype(float)
            known = v.notna()
            spec.fill[t] = float(v[known].mean()) if known.any() else 0.0
            missing = (~known).to_numpy()
            if missing.sum() >= MIN_MISSING and known.sum() > 0:
                for mask, group in masks:
                    if np.array_equal(mask, missing):
                        group.append(t)
                        break
                else:
                    masks.append((missing, [t]))
        for _, group in masks:
            spec.indicators.append((group[0] + MISSING_SUFFIX, group))
        if category and CATEGORY_COLUMN in frame:
            cats = _categories(frame[CATEGORY_COLUMN])
            counts = cats.value_counts()
            small = counts[counts < MIN_CATEGORY_ROWS].index
            pooled = cats.where(~cats.isin(small), _OTHER)
            counts = pooled.value_counts()
            if len(counts) >= 2 and (len(counts) > 2 or _OTHER not in counts
                                     or counts.get(_OTHER, 0) >= MIN_CATEGORY_ROWS):
                spec.category_reference = str(counts.index[0])
                spec.category_levels = sorted(str(c) for c in counts.index[1:])
                spec.known_categories = sorted(str(c) for c in counts.index if c != _OTHER)
                if len(small):
                    notes.append(f"job categories with fewer than {MIN_CATEGORY_ROWS} "
                                 "proposals pooled as 'other': " + ", ".join(map(str, small)))
            elif len(cats.unique()) >= 2:
                notes.append("job category: too few proposals per category to adjust for it")
        return spec

    def frame(self, raw: pd.DataFrame) -> pd.DataFrame:
        """The model matrix (unscaled) for rows of raw term values.

        A term missing from ``raw`` is unknown for every row. An unknown or unseen category
        counts as ``other`` when there is such a level, else as the reference category.
        """
        out = {}
        for t in self.terms:
            v = (pd.to_numeric(raw[t], errors="coerce").astype(float) if t in raw
                 else pd.Series(np.nan, index=raw.index))
            out[t] = v.fillna(self.fill[t]).to_numpy(dtype=float)
        for name, group in self.indicators:
            unknown = np.zeros(len(raw), dtype=bool)
            for t in group:
                v = (pd.to_numeric(raw[t], errors="coerce") if t in raw
                     else pd.Series(np.nan, index=raw.index))
                unknown |= v.isna().to_numpy()
            out[name] = unknown.astype(float)
        if self.category_levels:
            cats = (_categories(raw[CATEGORY_COLUMN]) if CATEGORY_COLUMN in raw
                    else pd.Series(_UNKNOWN_CATEGORY, index=raw.index))
            seen = set(self.known_categories)
            fallback = _OTHER if _OTHER in self.category_levels else self.category_reference
            cats = cats.where(cats.isin(seen), fallback)
            for level in self.category_levels:
                out[CATEGORY_PREFIX + level] = (cats == level).to_numpy(dtype=float)
        return pd.DataFrame(out, index=raw.index, columns=self.columns)

    def role(self, column: str) -> str:
        """``missing`` for an indicator, ``category`` for a category dummy, else ``term``."""
        if column.startswith(CATEGORY_PREFIX):
            return "category"
        if any(column == name for name, _ in self.indicators):
            return "missing"
        return "term"


def _categories(values: pd.Series) -> pd.Series:
    text = values.astype("object").where(values.notna(), _UNKNOWN_CATEGORY)
    return text.map(lambda s: str(s).strip() or _UNKNOWN_CATEGORY)


def category_label(column: str) -> str:
    """``'job_category: Mobile Apps'`` -> ``'Mobile Apps'``."""
    return column[len(CATEGORY_PREFIX):] if column.startswith(CATEGORY_PREFIX) else column
