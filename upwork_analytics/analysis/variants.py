"""Templates and variants: the funnel per template, and which templates differ.

A *variant* is the template or approach a proposal used. It comes from the tracker's ``variant``
column ("Template", "Version", "Opener", "Experiment arm", ...) where the user records it; where
no proposal records one, *template families* found in the letters stand in, marked
``detected``: proposals whose word-bigram similarity (the measure behind the
``template_similarity`` feature) is at least :data:`FAMILY_SIMILARITY` are linked, and the
connected groups of at least :data:`MIN_FAMILY` proposals are the families, each named by the
first words its letters share. Everything else is one group, :data:`OTHER`.

Per variant: proposals sent, viewed, interviewed and hired, each rate with its Wilson interval
and n, and Connects per hire. Whether a variant differs is tested against all the other
proposals together (Fisher's exact test) with Holm's correction for comparing several variants
at once; a variant too small for any result to reach significance is "not enough proposals to
tell". These are associations, like the rest of the drivers analysis: a template may do better
because of the jobs it was used on. Only a randomised experiment (``experiment start``) says
which one causes more hires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests

from upwork_analytics.analysis.drivers import STAGES
from upwork_analytics.analysis.funnel import MIN_N, funnel_by, rate_with_interval
from upwork_analytics.features._template import (
    EXACT_MAX_N,
    TOP_CANDIDATES,
    _best_candidates,
    _lsh_pairs,
    _minhash,
    _shingle_matrix,
    bigram_codes_flat,
)
from upwork_analytics.features._tokenize import clean
from upwork_analytics.schema import ProposalCols as P

#: Proposals at least this similar (set cosine of word bigrams) are copies of one template: a
#: copy with the greeting name and a sentence changed scores ~0.85, unrelated letters in one
#: niche ~0.05 (see ``features/_template.py``).
FAMILY_SIMILARITY = 0.5
#: A detected family needs at least this many proposals.
MIN_FAMILY = 5
#: The group of proposals in no detected family.
OTHER = "other proposals (no detected template)"
#: Family-wise error rate of the comparisons (Holm).
ALPHA = 0.05
#: Verdicts of a variant against the others.
VERDICTS = ("higher", "lower", "no clear difference", "not enough proposals to tell")
_WORD = re.compile(r"[^\W_]+(?:['’\-/][^\W_]+)*")
_NAME_WORDS = 6


def similar_pairs(texts: list[object], threshold: float = FAMILY_SIMILARITY
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)``, ``i < j``, of texts at least ``threshold`` similar.

    All pairs are compared exactly up to ``EXACT_MAX_N`` texts; beyond that, candidates come
    from the same MinHash-LSH banding as ``template_similarity`` (each text with its most recent
    same-bucket texts), which keeps the families of near-copies connected in near-linear time.
    """
    codes, lengths = bigram_codes_flat([clean(t) for t in texts])
    n = len(lengths)
    if n < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    if n <= EXACT_MAX_N:
        mat = _shingle_matrix(codes, lengths, compact=True)
        sims = sp.triu(mat @ mat.T, k=1).tocoo()
        keep = sims.data >= threshold - 1e-6
        return sims.row[keep].astype(np.int64), sims.col[keep].astype(np.int64)
    mat = _shingle_matrix(codes, lengths, compact=False)
    sig = _minhash(mat, 16 * 3)
    # each text against its few best candidates (most agreeing MinHash values): enough to keep
    # a family of near-copies connected, and the exact similarity stays linear in the texts
    first, later = _best_candidates(_lsh_pairs(sig, np.arange(n), 16, 3, 3), sig,
                                    TOP_CANDIDATES)
    sims = np.empty(len(first))
    for s in range(0, len(first), 50_000):
        i, j = first[s:s + 50_000], later[s:s + 50_000]
        sims[s:s + 50_000] = np.asarray(mat[i].multiply(mat[j]).sum(axis=1)).ravel()
    keep = sims >= threshold - 1e-6
    lo, hi = np.minimum(first, later)[keep], np.maximum(first, later)[keep]
    return lo.astype(np.int64), hi.astype(np.int64)


def template_families(proposals: pd.DataFrame, threshold: float = FAMILY_SIMILARITY,
                      min_size: int = MIN_FAMILY) -> pd.Series:
    """The detected template family of each proposal (named by its first shared words), or
    :data:`OTHER`.

    Parameters
    ----------
    proposals : pandas.DataFrame
        With ``cover_letter`` and ``submitted_at``.
    threshold : float, default=0.5
        Similarity that links two proposals.
    min_size : int, default=5
        Smallest family.

    Returns
    -------
    pandas.Series of str
        Aligned with ``proposals``.
    """
    texts = proposals[P.cover_letter].tolist()
    n = len(texts)
    labels = pd.Series(OTHER, index=proposals.index, dtype="object")
    if n < min_size:
        return labels
    i, j = similar_pairs(texts, threshold)
    graph = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    sizes = np.bincount(component)
    # times as integers, once (a tz-aware column's to_numpy() is an array of Timestamp objects)
    when = pd.DatetimeIndex(pd.to_datetime(proposals[P.submitted_at], utc=True)
                            ).as_unit("ns").asi8
    order = np.argsort(when, kind="stable")
    first_seen: dict[int, int] = {}
    for pos in order:  # families numbered by when they were first used
        first_seen.setdefault(int(component[pos]), len(first_seen))
    names: dict[int, str] = {}
    used: set[str] = set()
    for comp in sorted(first_seen, key=first_seen.get):
        if sizes[comp] < min_size:
            continue
        members = np.flatnonzero(component == comp)
        earliest = members[np.argmin(when[members])]
        name = family_name(texts[earliest], [texts[m] for m in members])
        base, k = name, 2
        while name in used:
            name, k = f"{base} ({k})", k + 1
        used.add(name)
        names[comp] = name
    for comp, name in names.items():
        labels.iloc[np.flatnonzero(component == comp)] = name
    return labels


def family_name(representative: object, members: list[object], share: float = 0.8) -> str:
    """A family's name: the representative's first words that at least ``share`` of the
    members also open with (within their first 15 words), up to six, ``…`` marking the words
    that vary (a client's name in the greeting); quoted and ending in ``…``."""
    def opening(text: object) -> list[str]:
        return _WORD.findall(clean(text))[:15]

    seen = [{w.casefold() for w in opening(m)} for m in members]
    kept: list[str] = []
    skipped = False
    for word in opening(representative):
        common = sum(word.casefold() in s for s in seen) >= share * len(seen)
        if common:
            if skipped and kept:
                kept.append("…")
            kept.append(word)
            skipped = False
            if sum(w != "…" for w in kept) >= _NAME_WORDS:
                break
        else:
            skipped = True
    return f"“{' '.join(kept)} …”" if kept else "“…” (no words in common)"


def variant_labels(proposals: pd.DataFrame) -> tuple[pd.Series, str]:
    """Each proposal's variant and where it comes from.

    Returns
    -------
    (labels, source)
        ``source`` is ``"column"`` when any proposal records a ``variant`` (proposals without
        one are None and left out of the comparison), else ``"detected"`` with
        :func:`template_families`.
    """
    if P.variant in proposals.columns:
        raw = proposals[P.variant].astype("object")
        text = raw.map(lambda v: " ".join(str(v).split()) if isinstance(v, str) else "")
        if (text != "").any():
            # the same variant in different case or spacing is one variant (first spelling)
            first: dict[str, str] = {}
            for v in text[text != ""]:
                first.setdefault(v.casefold(), v)
            return text.map(lambda v: first[v.casefold()] if v else None), "column"
    return template_families(proposals), "detected"


@dataclass
class VariantsResult:
    """The funnel per variant and the comparison of each variant with the others."""

    source: str
    funnel: pd.DataFrame
    comparisons: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_list(self, stage: str = "hired") -> list[dict]:
        """The ``variants`` field of ``drivers --json`` for ``stage``."""
        table = self.comparisons.get(stage)
        if table is None:
            table = compare_stage(pd.DataFrame(), pd.Series(dtype=object), stage)
        return [{"variant": r.variant, "source": self.source, "n": int(r.n),
                 "events": int(r.events), "rate": _num(r.rate), "ci_low": _num(r.ci_low),
                 "ci_high": _num(r.ci_high), "differs": bool(r.differs)}
                for r in table.itertuples(index=False)]


    def summary(self, stage: str = "hired") -> str:
        """The comparison at ``stage`` as plain text lines."""
        table = self.comparisons.get(stage)
        label = STAGES[stage].label
        where = ("your variant column" if self.source == "column"
                 else "template families detected in your letters")
        lines = [(f"Variants ({where}), {label}; compared with all other proposals, Holm-"
                  "corrected:")]
        if table is None or table.empty:
            lines.append("  none to compare")
        else:
            width = min(max(len(v) for v in table["variant"]), 48)
            for r in table.itertuples(index=False):
                name = r.variant if len(r.variant) <= width else r.variant[:width - 1] + "…"
                rate = ("no proposals" if not r.n else
                        f"{r.rate:.0%} ({r.ci_low:.0%}-{r.ci_high:.0%}, n={r.n})")
                lines.append(f"  {name:<{width}}  {rate:<22} {r.verdict}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _num(x) -> float | None:
    x = float(x)
    return None if np.isnan(x) else round(x, 6)


def compare_stage(proposals: pd.DataFrame, labels: pd.Series, stage: str,
                  alpha: float = ALPHA) -> pd.DataFrame:
    """Each variant's rate at ``stage`` (a key of the drivers' stages), and whether it differs
    from all the other proposals together after Holm's correction over the variants.

    Returns
    -------
    pandas.DataFrame
        ``variant``, ``n``, ``events``, ``rate``, ``ci_low``, ``ci_high``, ``p_value``,
        ``p_adjusted``, ``differs`` (bool) and ``verdict`` (one of :data:`VERDICTS`); variants
        in order of size.
    """
    st = STAGES[stage]
    cols = ["variant", "n", "events", "rate", "ci_low", "ci_high", "p_value", "p_adjusted",
            "differs", "verdict"]
    if proposals.empty:
        return pd.DataFrame(columns=cols)
    mask = labels.notna()
    if st.given is not None:
        mask &= proposals[st.given].fillna(False).astype(bool)
    mask &= proposals[st.outcome].notna()
    y = proposals.loc[mask, st.outcome].astype(bool)
    lab = labels[mask]
    total_n, total_k = len(y), int(y.sum())
    rows = []
    for name in lab.value_counts().index:
        inside = (lab == name).to_numpy()
        n, k = int(inside.sum()), int(y.to_numpy()[inside].sum())
        rate, lo, hi = rate_with_interval(k, n)
        on, ok = total_n - n, total_k - k
        p = np.nan
        enough = n >= MIN_N and on >= MIN_N and _can_reach(n, on, total_k, alpha)
        if enough:
            p = fisher_exact([[k, n - k], [ok, on - ok]]).pvalue
        rows.append({"variant": name, "n": n, "events": k, "rate": rate, "ci_low": lo,
                     "ci_high": hi, "p_value": p, "other_rate": ok / on if on else np.nan})
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(columns=cols)
    tested = table["p_value"].notna().to_numpy()
    adjusted = np.full(len(table), np.nan)
    if tested.any():
        adjusted[tested] = multipletests(table.loc[tested, "p_value"], method="holm")[1]
    table["p_adjusted"] = adjusted
    table["differs"] = tested & (np.nan_to_num(adjusted, nan=1.0) < alpha)
    table["verdict"] = [
        "not enough proposals to tell" if not t else
        ("higher" if r > o else "lower") if d else "no clear difference"
        for t, d, r, o in zip(tested, table["differs"], table["rate"], table["other_rate"])]
    return table[cols]


def _can_reach(n: int, other: int, events: int, alpha: float) -> bool:
    """Whether any split of ``events`` between a variant of ``n`` and the ``other`` proposals
    could give Fisher p < ``alpha``: if not, the variant is too small to tell."""
    most = min(n, events)
    least = max(0, events - other)
    for k in (most, least):
        table = [[k, n - k], [events - k, other - (events - k)]]
        if fisher_exact(table).pvalue < alpha:
            return True
    return False


def compare_variants(proposals: pd.DataFrame, labels: pd.Series | None = None,
                     source: str | None = None,
                     stages: tuple[str, ...] = ("viewed", "interviewed", "hired",
                                                "interviewed_given_viewed",
                                                "hired_given_interviewed")
                     ) -> VariantsResult:
    """The funnel per variant and, for each stage, which variants differ from the others.

    Parameters
    ----------
    proposals : pandas.DataFrame
        The canonical proposals table.
    labels, source : optional
        The variants (:func:`variant_labels`), when already found.
    stages : tuple of str
        Keys of the drivers' stages to compare on.

    Returns
    -------
    VariantsResult
        ``funnel`` has one row per variant (``value`` is its name) as
        :func:`~upwork_analytics.analysis.funnel.funnel_by`, largest first.
    """
    if labels is None or source is None:
        labels, source = variant_labels(proposals)
    notes = []
    missing = int(labels.isna().sum())
    if missing:
        notes.append(f"{missing} proposal(s) record no {P.variant} and are left out of the "
                     "comparison")
    known = proposals[labels.notna().to_numpy()].assign(**{P.variant: labels[labels.notna()]})
    if known.empty:
        funnel = pd.DataFrame()
    else:
        funnel = funnel_by(known, P.variant)
        funnel = funnel.sort_values("sent", ascending=False, kind="stable")
    if labels.dropna().nunique() < 2:
        notes.append("only one variant: nothing to compare" if labels.notna().any() else
                     "no variants to compare")
    comparisons = {s: compare_stage(proposals, labels, s) for s in stages}
    if source == "detected":
        n_fam = int(sum(1 for v in labels.dropna().unique() if v != OTHER))
        notes.append(f"{n_fam} template famil{'y' if n_fam == 1 else 'ies'} detected in the "
                     "letters (no variant column in the data): groups of at least "
                     f"{MIN_FAMILY} proposals at least {FAMILY_SIMILARITY:.0%} alike")
    return VariantsResult(source=source, funnel=funnel.reset_index(drop=True),
                          comparisons=comparisons, notes=notes)
