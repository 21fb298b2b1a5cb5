"""Variants: the variant column, template families detected in the letters, which differ."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import fisher_exact

from upwork_analytics.analysis.variants import (
    OTHER,
    _can_reach,
    compare_stage,
    compare_variants,
    family_name,
    template_families,
    variant_labels,
)
from upwork_analytics.paths import SAMPLE_DIR
from upwork_analytics.schema import ProposalCols as P


def test_detected_families_are_the_generators_templates(sample_proposals):
    """The sample's generator records which template each letter copies (8 templates, a
    fifth of the letters): every detected family is exactly one of them, and the letters
    written fresh are the 'other' group."""
    truth = pd.read_csv(SAMPLE_DIR / "proposal_truth.csv").set_index("proposal_id")
    template = truth["template_id"].reindex(sample_proposals[P.proposal_id]).fillna("")
    labels = template_families(sample_proposals)
    table = pd.crosstab(labels.to_numpy(), template.to_numpy())
    assert table.shape == (9, 9)  # 8 families + other; 8 templates + none
    for name, row in table.iterrows():
        assert (row > 0).sum() == 1, name  # one template per family, nothing mixed
        assert (row[""] > 0) == (name == OTHER)
    assert labels.nunique() == 9


def test_family_names_skip_the_words_that_vary():
    members = [f"Hi {name},\n\nYour landing page project caught my eye. I built {n} pages."
               for n, name in enumerate(["Fatima", "Elena", "Aisha", "Tom", "Grace"])]
    assert family_name(members[0], members) == "“Hi … Your landing page project caught …”"
    assert family_name("Zzz", members).startswith("“…”")


def test_similar_letters_form_families_and_small_groups_do_not():
    base = ("I build Shopify stores that load fast and sell more. Last year I moved twelve "
            "shops to Shopify and cut their page load time in half. Happy to start this week.")
    fresh = ["Your data pipeline needs tests before it needs more features, in my experience.",
             "Hello! I have read the brief twice and have three questions about the API.",
             "As a designer with ten years in Figma, I would start with a short audit.",
             "Quick question first: is the deadline fixed, or could we ship in two stages?",
             "I manage ad accounts for small shops; last month one grew sales by a third.",
             "We met on a call last spring about your CRM; this job looks like the next step."]
    texts = [base.replace("twelve", w) for w in ("twelve", "ten", "nine", "eight", "seven")]
    texts += fresh
    df = pd.DataFrame({P.cover_letter: texts,
                       P.submitted_at: pd.date_range("2026-01-01", periods=len(texts),
                                                     tz="UTC")})
    labels = template_families(df)
    assert labels.iloc[:5].nunique() == 1 and labels.iloc[0] != OTHER
    assert labels.iloc[0].startswith("“I build Shopify stores")
    assert (labels.iloc[5:] == OTHER).all()


def test_the_variant_column_wins_and_merges_spellings():
    df = pd.DataFrame({P.variant: ["Story A", "story  a", None, "Question", ""],
                       P.cover_letter: ["x"] * 5,
                       P.submitted_at: pd.date_range("2026-01-01", periods=5, tz="UTC")})
    labels, source = variant_labels(df)
    assert source == "column"
    assert [None if pd.isna(v) else v for v in labels] == ["Story A", "Story A", None,
                                                            "Question", None]
    empty = df.assign(**{P.variant: None})
    assert variant_labels(empty)[1] == "detected"


def _stage_frame(groups: dict[str, tuple[int, int]]) -> tuple[pd.DataFrame, pd.Series]:
    rows, labels = [], []
    for name, (n, k) in groups.items():
        for i in range(n):
            rows.append({P.viewed: True, P.interviewed: i < k, P.hired: False})
            labels.append(name)
    df = pd.DataFrame(rows).astype("boolean")
    return df, pd.Series(labels, dtype="object")


def test_which_variants_differ_known_answer():
    df, labels = _stage_frame({"A": (100, 40), "B": (100, 10), "C": (100, 25), "D": (8, 2)})
    table = compare_stage(df, labels, "interviewed").set_index("variant")
    # A: 40/100 against 37/208 of the rest; B: 10/100 against 67/208 (Fisher, by scipy)
    p_a = fisher_exact([[40, 60], [37, 171]]).pvalue
    p_b = fisher_exact([[10, 90], [67, 141]]).pvalue
    p_c = fisher_exact([[25, 75], [52, 156]]).pvalue
    assert table.loc["A", "p_value"] == pytest.approx(p_a)
    assert table.loc[["A", "B", "C"], "verdict"].tolist() == ["higher", "lower",
                                                              "no clear difference"]
    # Holm over the three tested: the smallest p times 3, then times 2 ...
    smallest = min(p_a, p_b)
    assert table["p_adjusted"].min() == pytest.approx(3 * smallest)
    assert p_c > 0.05
    assert table.loc["D", "verdict"] == "not enough proposals to tell"  # n = 8 < 20
    assert not table.loc["D", "differs"] and pd.isna(table.loc["D", "p_value"])


def test_holm_can_undo_a_nominal_difference():
    # three variants; A's own p-value is below 0.05 but not after multiplying by 3
    df, labels = _stage_frame({"A": (60, 25), "B": (60, 16), "C": (60, 15)})
    table = compare_stage(df, labels, "interviewed").set_index("variant")
    p_a = fisher_exact([[25, 35], [31, 89]]).pvalue
    assert 0.05 / 3 < p_a < 0.05
    assert table.loc["A", "verdict"] == "no clear difference"


def test_too_small_to_tell_by_hand():
    # one event among 220 proposals: even with it in the variant of 20, Fisher's p is
    # 20 / 220 = 0.09, so no split can show a difference
    assert not _can_reach(20, 200, 1, 0.05)
    # two events: both in the variant gives C(20,2) / C(220,2) = 0.0079 < 0.05
    assert _can_reach(20, 200, 2, 0.05)


def test_given_stage_uses_only_the_proposals_that_reached_it():
    df, labels = _stage_frame({"A": (40, 20), "B": (40, 10)})
    df.loc[df.index[:10], P.viewed] = False  # ten of A's not viewed (and so not interviewed)
    df.loc[df.index[:10], P.interviewed] = False
    table = compare_stage(df, labels, "interviewed_given_viewed").set_index("variant")
    assert table.loc["A", "n"] == 30 and table.loc["A", "events"] == 10


def test_variants_json_shape_and_connects(sample_proposals):
    result = compare_variants(sample_proposals, stages=("hired",))
    items = result.to_list("hired")
    assert len(items) == 9
    assert all(list(i) == ["variant", "source", "n", "events", "rate", "ci_low", "ci_high",
                           "differs"] for i in items)
    assert {i["source"] for i in items} == {"detected"}
    assert sum(i["n"] for i in items) == len(sample_proposals)
    # Connects per hire: Connects spent (with boosts) over hires, for each variant
    other = sample_proposals[template_families(sample_proposals) == OTHER]
    spent = (other[P.connects_spent].astype(float) + other[P.boost_connects].astype(float)).sum()
    row = result.funnel.set_index("value").loc[OTHER]
    assert row["connects_per_hire"] == pytest.approx(spent / other[P.hired].sum())


def test_the_near_linear_path_finds_the_same_families(sample_proposals, monkeypatch):
    """Above 2,000 proposals the pairs come from MinHash-LSH candidates instead of all pairs:
    forced here on the sample, it finds the same families."""
    from upwork_analytics.analysis import variants

    exact = template_families(sample_proposals)
    monkeypatch.setattr(variants, "EXACT_MAX_N", 10)
    assert (template_families(sample_proposals) == exact).all()
