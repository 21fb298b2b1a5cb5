"""The shape of one catalogue entry, shared by the proposal features (``catalogue``) and the
interview-thread features (``threads``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeatureSpec:
    """One feature of the catalogue.

    Attributes
    ----------
    name : str
        Column name in every output (reports and checks rely on it).
    family : str
        Key of ``FAMILIES``: the featurizer that computes it.
    meaning : str
        What a value says, in one sentence.
    unit : str
        Unit and range, and when it is null.
    advice : str
        The advice it tests (numbers refer to the advice table of the advice audit).
    how : str
        How it is computed, naming the function.
    """

    name: str
    family: str
    meaning: str
    unit: str
    advice: str
    how: str
