"""Plain-language recommendations, derived only from the drivers a model found.

A recommendation is written for a feature only when the drivers analysis fitted a model (tier
``model``) and called the feature a driver (its interval excludes no effect and its adjusted
p-value is below 0.05). Context controls (boosted, invited, competition, time, contract type,
job category) are never recommended. Each sentence states the effect, its interval and n, and
names the common advice it supports or contradicts (from the advice audit). Length is read from
the length curve: a best length (a peak) is recommended with its interval; a worst length (a
valley) is never called a sweet spot.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from IPython.display import HTML

from upwork_analytics.analysis.drivers import SQUARED, DriversResult

#: At most this many recommendations are given.
MAX_RECOMMENDATIONS = 5
NOT_ENOUGH = "Not enough evidence for recommendations yet."

#: Feature -> what a proposal with more of it (or with it) did, completing "Proposals that ...".
PHRASES: dict[str, str] = {
    "word_count": "were longer",
    "sentence_count": "had more sentences",
    "mean_sentence_words": "used longer sentences",
    "reading_grade": "were harder to read (a higher reading grade)",
    "question_count": "asked the client more questions",
    "exclamation_count": "used more exclamation marks",
    "you_i_ratio": "talked more about 'you' than about 'I'",
    "opening_personalized": "opened by greeting the client by name or referring to the job",
    "opening_generic": "opened with a generic greeting such as 'Dear Hiring Manager'",
    "result_phrase_count": "quoted more measurable results",
    "enthusiasm_score": "sounded more enthusiastic",
    "sentiment": "had a more positive tone",
    "social_proof": "mentioned reviews, ratings or repeat clients more",
    "reliability_mentions": "mentioned deadlines, availability and reliability more",
    "has_portfolio_link": "included a link to a portfolio or work sample",
    "call_to_action": "proposed a call or a next step",
    "mentions_rate": "talked about the rate or budget",
    "template_similarity": "reused more text from earlier proposals",
    "job_overlap": "used more of the job post's own words",
    "client_question_coverage": "answered more of the questions in the job post",
    "bid_to_budget_ratio": "bid higher relative to the client's budget",
    "connects_spent": "spent more Connects",
    "first_reply_minutes": "were answered more slowly during the interview",
    "answer_coverage": "answered more of the client's interview questions",
    "share_2_to_4_sentences": "kept more interview messages to 2-4 sentences",
    "follow_up_count": "followed up more often",
    "call_or_video_mentioned": "mentioned a call or video chat during the interview",
}
_CAVEAT = ("These are associations in your own history, not proof of cause. Each effect is "
           "adjusted for the other habits in the model and for the job context (boosted, "
           "invited, competition, time, contract type, job category), and says how the odds "
           "changed with one standard deviation (SD) more of the habit.")


def recommendations(result: DriversResult, audit: pd.DataFrame | None = None,
                    limit: int = MAX_RECOMMENDATIONS) -> list[str]:
    """Up to ``limit`` plain-language recommendations, most important driver first.

    Parameters
    ----------
    result : DriversResult
        A drivers analysis (usually the ``hired`` stage).
    audit : pandas.DataFrame, optional
        :func:`upwork_analytics.analysis.advice.audit_advice` of the same result, to name the advice a
        driver supports or contradicts.
    limit : int, default=5
        The most recommendations to give.

    Returns
    -------
    list of str
        Empty when the tier is not ``model`` or no feature is a driver.
    """
    if result.tier != "model" or result.coefficients.empty:
        return []
    table = result.coefficients
    found = table[table["is_driver"].astype(bool) & table["feature"].isin(
        list(PHRASES) + [SQUARED]) & (table.get("role", "advice") != "control")]
    curved = SQUARED in set(table["feature"])
    if curved:  # with a curve, the linear length term alone says nothing; the curve speaks
        found = found[found["feature"] != "word_count"]
        optimum = getattr(result, "length_optimum", {}) or {}
        if optimum.get("kind") not in ("peak", "valley"):
            found = found[found["feature"] != SQUARED]
    order = found.sort_values(["importance", "odds_ratio"], ascending=[False, True])
    outcome = result.stage.outcome
    return [_sentence(row, outcome, audit, result) for _, row in order.head(limit).iterrows()]


def recommendations_html(result: DriversResult, audit: pd.DataFrame | None = None,
                         limit: int = MAX_RECOMMENDATIONS) -> HTML:
    """:func:`recommendations` as an escaped HTML list with its caveat, or the explicit
    "Not enough evidence for recommendations yet." with the reason."""
    items = recommendations(result, audit, limit)
    if not items:
        why = (result.reason if result.tier != "model"
               else "no habit passed the driver rule (interval excluding no effect and "
                    "adjusted p < 0.05)")
        return HTML(f'<p class="ua-notice"><b>{html.escape(NOT_ENOUGH)}</b> '
                    f"{html.escape(_sentence_case(why))}.</p>")
    lis = "".join(f"<li>{html.escape(t)}</li>" for t in items)
    return HTML(f'<ol class="ua-recs">{lis}</ol><p class="ua-small">{html.escape(_CAVEAT)}</p>')


def _sentence(row: pd.Series, outcome: str, audit: pd.DataFrame | None,
              result: DriversResult | None = None) -> str:
    ci = (f"odds ratio {row['odds_ratio']:.2f} per SD [{row['ci_low']:.2f}-"
          f"{row['ci_high']:.2f}], n={int(row['n']):,}")
    if row["feature"] == SQUARED:
        text = length_sentence(getattr(result, "length_optimum", {}) or {}, outcome,
                               int(row["n"]))
    else:
        more = row["odds_ratio"] > 1
        text = (f"Proposals that {PHRASES[row['feature']]} were {outcome} "
                f"{'more' if more else 'less'} often: {ci}")
        natural = row.get("odds_ratio_natural", np.nan)
        if pd.notna(natural) and isinstance(row.get("natural_unit"), str) and row["natural_unit"]:
            text += (f" (odds ratio {natural:.2f} {row['natural_unit']} "
                     f"[{row.get('natural_ci_low', np.nan):.2f}-"
                     f"{row.get('natural_ci_high', np.nan):.2f}])")
        text += ". " + ("Worth keeping, or doing more often." if more
                        else "Worth doing less often.")
    return text + _advice_link(row["feature"], audit)


def length_sentence(optimum: dict, outcome: str, n: int) -> str:
    """The length curve in one sentence: a best length (peak) with its interval, a worst
    length (valley: never a "sweet spot"), or no clear optimum."""
    kind = optimum.get("kind")
    if kind in ("peak", "valley"):
        words, lo, hi = optimum["words"], optimum["ci_low"], optimum["ci_high"]
        if kind == "peak":
            return (f"Length has a best point: proposals of about {words:.0f} words (95% "
                    f"interval {lo:.0f}-{hi:.0f}) were {outcome} most often, and much shorter "
                    f"or much longer ones less often (n={n:,}). See the length curve in the "
                    "drivers report.")
        return (f"Length has a worst point, not a best one: proposals of about {words:.0f} "
                f"words (95% interval {lo:.0f}-{hi:.0f}) were {outcome} least often, and both "
                f"shorter and longer ones more often (n={n:,}). Avoid that middle length; see "
                "the length curve in the drivers report.")
    note = optimum.get("note") or "no clear optimum"
    return f"Length: {note} (n={n:,})."


def _advice_link(feature: str, audit: pd.DataFrame | None) -> str:
    if audit is None or audit.empty or feature == SQUARED:
        return ""  # the curvature is no verdict on "shorter" or "longer"
    for _, adv in audit.iterrows():
        if feature in adv["features"] and adv["verdict"] in ("supported", "contradicted"):
            verb = "supports" if adv["verdict"] == "supported" else "goes against"
            return f" This {verb} the common advice \"{adv['advice']}\"."
    return ""


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
