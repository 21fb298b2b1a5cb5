"""Generate a seeded, realistic proposal history with planted effects and write it to disk.

The outcome model is documented in ``docs/sample-data.md`` and written, with every coefficient,
to ``truth.json`` next to the data, so tests can check that the analysis recovers it. Each
proposal's latent properties (how many questions it asks, whether it copies a template, ...) go
to ``proposal_truth.csv`` so feature tests can check the measurements against them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from upwork_analytics.exceptions import ParameterError
from upwork_analytics.schema import (
    MESSAGE_COLUMNS,
    PROPOSAL_COLUMNS,
    MessageSchema,
    ProposalSchema,
    conform,
)
from upwork_analytics.schema import (
    ProposalCols as P,
)
from upwork_analytics.synthetic import phrases as ph
from upwork_analytics.synthetic.outcome import OutcomeModel
from upwork_analytics.synthetic.scenario import Scenario
from upwork_analytics.synthetic.threads import ThreadWriter

#: The last day of the bundled history; reports default to the last complete month before it.
END_DATE = pd.Timestamp("2026-10-31 23:59", tz="UTC")
_ALTERNATIVES = re.compile(r"\[\[([^\]]+)\]\]")
# Uniform picks are drawn as ``values[rng.integers(0, len(values))]``: the same draw as
# ``rng.choice(values)`` (checked by the byte-identical sample), five times faster.
_PCTS = (18, 22, 25, 30, 35, 40, 45, 52, 60)
_MULTS = ("2", "3", "2.5", "1.8")
_HOURS = (20, 25, 30, 35, 40)
_RATES = (35, 40, 45, 50, 55)
_HEX = "0123456789abcdef"
_SLUGS = ("shop", "dash", "app", "site", "crm")
_WORD = re.compile(r"[A-Za-z0-9$%€£][A-Za-z0-9$%€£'’.,/-]*")


@dataclass
class Sample:
    """A generated history: canonical tables plus the planted truth behind them."""

    proposals: pd.DataFrame
    messages: pd.DataFrame
    record: pd.DataFrame
    truth: dict = field(default_factory=dict)


def latent_word_count(text: str) -> int:
    """Words as the generator counts them for the planted length optimum."""
    return len(_WORD.findall(text))


class _Writer:
    """Fills phrase templates for one proposal with fresh, niche-specific values."""

    def __init__(self, rng: np.random.Generator, niche: dict, base: dict):
        self.rng = rng
        self.niche = niche
        self.base = base

    def pick(self, items: list) -> str:
        return items[int(self.rng.integers(len(items)))]

    def ctx(self) -> dict:
        n = self.niche
        c = dict(self.base)
        # One call draws every slot value, in the order (and so with the values) of one
        # scalar ``integers`` call per slot: numpy draws array bounds element by element.
        lows, highs = self._bounds
        d = self.rng.integers(lows, highs).tolist()
        before = d[0]
        c.update(
            years=d[1], years2=d[2], n=d[3], n2=d[4], pct=_PCTS[d[5]], weeks=d[6],
            before=f"{before} seconds", after=f"{max(1, before // d[7])} seconds",
            mult=_MULTS[d[8]], money=f"{d[9]},{d[10]}00", hours=_HOURS[d[11]], hours2=d[12],
            metric=n["metrics"][d[13]], slug=_SLUGS[d[14]], since=d[15],
        )
        c.setdefault("tool", n["tools"][d[16]])
        c.setdefault("thing", n["things"][d[17]])
        c.setdefault("client_kind", n["clients"][d[18]])
        c["client_kind_bare"] = re.sub(r"^(a|an) ", "", c["client_kind"])
        return c

    @property
    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Low and high bounds of :meth:`ctx`'s draws, in draw order."""
        if getattr(self, "_cached_bounds", None) is None:
            n = self.niche
            lows = np.array([4, 4, 2, 12, 20, 0, 2, 2, 0, 3, 0, 0, 10, 0, 0, 2014, 0, 0, 0])
            highs = np.array([15, 11, 5, 60, 140, len(_PCTS), 9, 5, len(_MULTS), 60, 10,
                              len(_HOURS), 80, len(n["metrics"]), len(_SLUGS), 2020,
                              len(n["tools"]), len(n["things"]), len(n["clients"])])
            self._cached_bounds = (lows, highs)
        return self._cached_bounds

    def fill(self, template: str) -> str:
        template = _ALTERNATIVES.sub(lambda m: self.pick(m.group(1).split("|")), template)
        return template.format(**self.ctx())

    def sentences(self, bank: list[str], k: int) -> list[str]:
        idx = self.rng.choice(len(bank), size=min(k, len(bank)), replace=False)
        return [self.fill(bank[int(i)]) for i in idx]


def _job(rng: np.random.Generator, niche: dict, n_questions: int) -> dict:
    tools = rng.choice(niche["tools"], size=2, replace=False)
    job = {"tool": str(tools[0]), "tool2": str(tools[1]),
           "thing": niche["things"][int(rng.integers(len(niche["things"])))],
           "client_kind": niche["clients"][int(rng.integers(len(niche["clients"])))]}
    w = _Writer(rng, niche, job)
    title = w.fill(w.pick(niche["title"]))
    desc = w.sentences(niche["desc"], int(rng.integers(3, 6)))
    qidx = rng.choice(len(ph.JOB_QUESTIONS), size=n_questions, replace=False)
    questions = [ph.JOB_QUESTIONS[int(i)] for i in qidx]
    text = " ".join(desc)
    if questions:
        qs = [w.fill(q["q"]) for q in questions]
        if rng.random() < 0.5:
            text += "\n\nPlease answer these questions in your proposal:\n" + "\n".join(
                f"{i + 1}. {q}" for i, q in enumerate(qs))
        else:
            text += " " + " ".join(qs)
    job.update(title=title, description=text, questions=questions,
               title_short=job["thing"])
    return job


class _ProposalBuilder:
    """Writes one cover letter from its latent properties."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def build(self, niche: dict, job: dict, client_first: str, lat: dict, bid: float,
              rate: float) -> tuple[str, list[str]]:
        """Return the letter and the list of its experience sentences (for template edits)."""
        r = self.rng
        w = _Writer(r, niche, {**job, "client_first": client_first, "site": ph.FREELANCER["site"],
                               "bid": f"{bid:,.0f}", "rate": f"{rate:.0f}"})
        head: list[str] = []
        kind = lat["opening_kind"]
        if kind == "personalized":
            if lat["greets_by_name"]:
                head.append(w.fill(w.pick(ph.OPEN_PERSONAL)))
            if lat["refers_to_job"]:
                head.append(w.fill(w.pick(ph.OPEN_JOB_REF)))
        elif kind == "generic":
            head.append(w.pick(ph.OPEN_GENERIC))
            head.append(w.fill(w.pick(ph.OPEN_NEUTRAL)))
        else:
            head.append(w.fill(w.pick(ph.OPEN_NEUTRAL)))
        enth = w.sentences(ph.ENTHUSIASM, lat["enthusiasm_level"])
        experience = w.sentences(ph.EXPERIENCE, lat["experience_sentences"])
        results = w.sentences(ph.RESULTS, lat["result_phrases"])
        duties = w.sentences(ph.DUTIES, lat["duty_sentences"])
        answered = [job["questions"][i] for i in lat["answered_idx"]]
        answers = [w.fill(w.pick(q["a"])) for q in answered]
        extras = []
        if lat["social_proof"]:
            extras.append(w.fill(w.pick(ph.SOCIAL_PROOF)))
        if lat["reliability"]:
            extras.append(w.fill(w.pick(ph.RELIABILITY)))
        if lat["portfolio_link"]:
            extras.append(w.fill(w.pick(ph.PORTFOLIO)))
        if lat["mentions_rate"]:
            extras.append(w.fill(w.pick(ph.RATE_TALK)))
        questions = w.sentences(ph.QUESTIONS_TO_CLIENT, lat["questions_asked"])
        cta = [w.pick(ph.CALL_TO_ACTION)] if lat["call_to_action"] else []

        paras: list[str] = []
        greeting = head[0] if head and head[0].endswith(",") else None
        first = head[1:] if greeting else head
        if enth and r.random() < 0.5:
            first, enth = first + enth[:1], enth[1:]
        if greeting:
            paras.append(greeting)
        paras.append(" ".join(first + experience[: max(1, len(experience) // 2)]))
        body = experience[max(1, len(experience) // 2):] + results + duties
        order = r.permutation(len(body))
        body = [body[int(i)] for i in order]
        if body:
            paras.append(" ".join(body))
        if answers:
            paras.append(" ".join(answers))
        if extras or enth:
            paras.append(" ".join(extras + enth))
        if questions:
            lead = w.pick(["A few questions:", "Some questions before we start:",
                           "Questions for you:", ""])
            paras.append((lead + " " if lead else "") + " ".join(questions))
        if cta:
            paras.append(cta[0])
        paras.append(w.pick(ph.CLOSINGS))
        return "\n\n".join(p for p in paras if p), experience


def _choice(rng: np.random.Generator, values: list, probs: list[float]):
    """``values[rng.choice(len(values), p=probs / sum)]``, draw for draw (numpy's weighted
    choice: one uniform against the normalised cumulative weights), without its checks."""
    p = np.asarray(probs, dtype=float)
    cdf = (p / p.sum()).cumsum()
    cdf /= cdf[-1]
    return values[int(cdf.searchsorted(rng.random(), side="right"))]


def generate_sample(n_proposals: int = 1200, months: int = 24, seed: int = 7,
                    effects: bool = True, scenario: Scenario | None = None) -> Sample:
    """Generate a synthetic proposal history of one freelancer with planted effects.

    Parameters
    ----------
    n_proposals : int, default=1200
        Number of proposals sent.
    months : int, default=24
        Length of the history in months, ending on 2026-10-31.
    seed : int, default=7
        Random seed; the same arguments always give the same data.
    effects : bool, default=True
        Plant the documented effects. ``False`` makes every outcome independent of every
        feature (only the base rates remain), for checking false-positive rates.
    scenario : Scenario, optional
        Opt-in changes the bundled sample lacks (:mod:`upwork_analytics.synthetic.scenario`:
        effects planted on what is measured, a length valley, a null habit correlated with a
        real one, job-category effects). ``None`` (or ``Scenario()``) is the bundled sample,
        draw for draw.

    Returns
    -------
    Sample
        Canonical ``proposals`` and ``messages`` tables, the per-proposal latent ``record``
        and the planted ``truth``.

    Raises
    ------
    ParameterError
        If ``n_proposals`` < 20 or ``months`` < 1.
    """
    if n_proposals < 20:
        raise ParameterError(f"n_proposals={n_proposals}: need at least 20")
    if months < 1:
        raise ParameterError(f"months={months}: need at least 1")
    rng = np.random.default_rng(seed)
    scenario = scenario or Scenario()
    model = OutcomeModel(effects=effects, scenario=scenario)
    builder = _ProposalBuilder(rng)
    niche_names = list(ph.NICHES)
    start = (END_DATE - pd.DateOffset(months=months)).normalize() + pd.Timedelta(days=1)
    span_s = (END_DATE - start).total_seconds()
    # More proposals later in the history (the freelancer got busier), sorted in time.
    offsets = np.sort(rng.beta(1.25, 1.0, size=n_proposals)) * span_s
    templates: dict[str, dict] = {}
    rows, recs = [], []
    for i in range(n_proposals):
        t = start + pd.Timedelta(seconds=float(offsets[i]))
        t = t.floor("min")
        if t.weekday() >= 5 and rng.random() < 0.6:  # fewer proposals on weekends
            t = t - pd.Timedelta(days=int(t.weekday()) - 4)
        niche_name = _choice(rng, niche_names, [ph.NICHES[n]["weight"] for n in niche_names])
        niche = ph.NICHES[niche_name]
        invited = bool(rng.random() < 0.11)
        n_jobq = int(_choice(rng, [0, 1, 2, 3], [0.42, 0.26, 0.2, 0.12]))
        job = _job(rng, niche, n_jobq)
        hourly = bool(rng.random() < 0.55)
        if hourly:
            lo, hi = niche["hourly_budget"]
            bmin = float(round(rng.uniform(lo, hi * 0.8)))
            bmax = float(round(bmin * rng.uniform(1.2, 2.0)))
            if rng.random() < 0.1:
                bmin = bmax = np.nan
        else:
            lo, hi = niche["fixed_budget"]
            bmin = float(round(math.exp(rng.uniform(math.log(lo), math.log(hi))), -1))
            bmax = bmin
        mid = (bmin + bmax) / 2 if not np.isnan(bmin) else (45.0 if hourly else np.nan)
        bid_ratio = float(np.clip(rng.lognormal(0.02, 0.2), 0.55, 1.8))
        bid = float(round(mid * bid_ratio, 0 if hourly else -1)) if not np.isnan(mid) else np.nan
        ratio_known = not np.isnan(bmin)
        bid_ratio = bid / ((bmin + bmax) / 2) if ratio_known else np.nan
        band, b_lo, b_hi = _band(rng, invited)
        client_first = ph.CLIENT_FIRST_NAMES[int(rng.integers(len(ph.CLIENT_FIRST_NAMES)))]
        client_name = f"{client_first} {ph.CLIENT_LAST_INITIALS[int(rng.integers(20))]}."
        boosted = bool(not invited and rng.random() < 0.16)
        connects = 0 if invited else int(_choice(rng, [4, 6, 8, 10, 12, 16], [1, 2, 3, 3, 2, 1]))

        lat = _latent(rng, job, niche_name, scenario)
        tpl_id, copy_index = None, 0
        if rng.random() < 0.22:
            tpl_id = f"{re.sub('[^a-z]', '', niche_name.lower())[:4]}-{int(rng.integers(2))}"
        rate = float(_RATES[int(rng.integers(0, len(_RATES)))])
        if tpl_id is not None and tpl_id in templates:
            tpl = templates[tpl_id]
            tpl["uses"] += 1
            copy_index = tpl["uses"]
            letter, lat = _copy_template(rng, tpl, client_first, niche, job)
        else:
            letter, experience = builder.build(niche, job, client_first, lat, bid if bid == bid
                                               else rate, rate)
            if tpl_id is not None:
                templates[tpl_id] = {"letter": letter, "lat": dict(lat), "uses": 0,
                                     "experience": experience, "client_first": client_first,
                                     "job": job}
        words = latent_word_count(letter)
        months_since = (t - start).days / 30.4375
        # planted="measured" reads the opening as its words read (a copy keeps its template's
        # reference to another job: the feature, like a client, sees a personalised opening)
        opening = (lat.get("opening_kind_text", lat["opening_kind"])
                   if scenario.planted == "measured" else lat["opening_kind"])
        x = {
            "opening_personalized": opening == "personalized",
            "opening_generic": opening == "generic",
            "boosted": boosted, "invited": invited, "competition_step": _band_step(band),
            "months_since_first": months_since,
            "question_count": (lat["questions_asked"] if scenario.planted == "measured"
                               else min(lat["questions_asked"], 3)),
            "result_phrase_count": lat["result_phrases"],
            "client_question_coverage": (len(lat["answered_idx"]) / n_jobq - 0.5) if n_jobq
            else 0.0,
            "template_copy": copy_index > 0, "social_proof": lat["social_proof"],
            "word_count": words, "enthusiasm_level": lat["enthusiasm_level"],
            "bid_to_budget_ratio": bid_ratio if ratio_known else 1.0,
            "reliability_mentions": lat["reliability"],
            "niche": niche_name, "competition_low": b_lo,
            "call_to_action": lat["call_to_action"],
        }
        p_view = model.p_viewed(x)
        viewed = bool(rng.random() < p_view)
        p_int = model.p_interviewed(x)
        interviewed = viewed and bool(rng.random() < p_int)
        rows.append({
            P.proposal_id: f"p{seed:02d}-{i + 1:05d}",
            P.submitted_at: t,
            P.job_id: "~01" + "".join(_HEX[i] for i in rng.integers(0, 16, size=16)),
            P.job_title: job["title"], P.job_description: job["description"],
            P.job_category: niche_name, P.contract_type: "hourly" if hourly else "fixed",
            P.budget_min: bmin, P.budget_max: bmax, P.bid_amount: bid, P.currency: "USD",
            P.connects_spent: connects,
            P.boost_connects: int(rng.integers(4, 30)) if boosted else 0,
            P.boosted: boosted, P.is_invited: invited, P.proposals_band: band,
            P.proposals_low: b_lo, P.proposals_high: b_hi, P.client_name: client_name,
            P.client_country: _choice(rng, [c for c, _ in ph.COUNTRIES],
                                      [w for _, w in ph.COUNTRIES]),
            P.client_total_spent: float(round(rng.lognormal(8.5, 1.6), -1)),
            P.client_hires: int(rng.poisson(6)),
            P.client_rating: float(round(rng.uniform(3.9, 5.0), 1)) if rng.random() < 0.85
            else np.nan,
            P.client_payment_verified: bool(rng.random() < 0.88),
            P.cover_letter: letter, P.viewed: viewed, P.interviewed: interviewed,
            P.source: "sample",
        })
        rows[-1][P.job_url] = "https://www.upwork.com/jobs/" + rows[-1][P.job_id]
        recs.append({
            "proposal_id": rows[-1][P.proposal_id], "niche": niche_name,
            "opening_kind": lat["opening_kind"], "greets_by_name": lat["greets_by_name"],
            "refers_to_job": lat["refers_to_job"], "questions_asked": lat["questions_asked"],
            "result_phrases": lat["result_phrases"], "duty_sentences": lat["duty_sentences"],
            "enthusiasm_level": lat["enthusiasm_level"], "social_proof": lat["social_proof"],
            "reliability": lat["reliability"], "portfolio_link": lat["portfolio_link"],
            "call_to_action": lat["call_to_action"], "mentions_rate": lat["mentions_rate"],
            "template_id": tpl_id or "", "template_copy_index": copy_index,
            "is_template_copy": copy_index > 0, "job_question_count": n_jobq,
            "job_questions_answered": len(lat["answered_idx"]), "latent_word_count": words,
            "bid_ratio": bid_ratio, "p_viewed": p_view, "p_interviewed_given_viewed": p_int,
            "client_first": client_first, "job_tool": job["tool"], "job_tool2": job["tool2"],
            "job_thing": job["thing"],
        })
        if not scenario.is_default:  # the opening the outcome model read (see above)
            recs[-1]["opening_kind_text"] = opening
    proposals = pd.DataFrame(rows)
    record = pd.DataFrame(recs)
    threads = ThreadWriter(rng, model, seed)
    proposals, messages, record = threads.write(proposals, record)
    proposals = ProposalSchema.validate(conform(proposals, PROPOSAL_COLUMNS))
    messages = MessageSchema.validate(conform(messages, MESSAGE_COLUMNS))
    truth = model.describe(seed=seed, n_proposals=n_proposals, months=months, start=start,
                           end=END_DATE)
    truth["realised"] = _realised(proposals)
    return Sample(proposals=proposals, messages=messages, record=record, truth=truth)


def _latent(rng: np.random.Generator, job: dict, niche: str, scenario: Scenario) -> dict:
    kind = _choice(rng, ["personalized", "generic", "neutral"], [0.45, 0.25, 0.30])
    greets = kind == "personalized" and bool(rng.random() < 0.7)
    refers = kind == "personalized" and (not greets or bool(rng.random() < 0.5))
    n_results = int(_choice(rng, [0, 1, 2, 3], [0.35, 0.33, 0.21, 0.11]))
    nq = len(job["questions"])
    p_ans = float(rng.beta(1.4, 1.1))
    answered = [i for i in range(nq) if rng.random() < p_ans]
    return {
        "opening_kind": kind, "greets_by_name": greets, "refers_to_job": refers,
        "questions_asked": int(_choice(rng, [0, 1, 2, 3, 4], scenario.question_probs(niche))),
        "result_phrases": n_results,
        "duty_sentences": int(rng.integers(0, 3)) if n_results < 2 else int(rng.integers(0, 2)),
        "experience_sentences": int(_choice(rng, [1, 2, 3, 4, 5, 6, 7, 8],
                                            [6, 10, 12, 12, 10, 8, 6, 4])),
        "enthusiasm_level": int(_choice(rng, [0, 1, 2], [0.4, 0.4, 0.2])),
        "social_proof": bool(rng.random() < 0.4), "reliability": bool(rng.random() < 0.45),
        "portfolio_link": bool(rng.random() < scenario.portfolio_link_rate(n_results)),
        "call_to_action": bool(rng.random() < 0.5),
        "mentions_rate": bool(rng.random() < scenario.rate_talk_rate(niche)),
        "answered_idx": answered,
    }


def _copy_template(rng: np.random.Generator, tpl: dict, client_first: str, niche: dict,
                   job: dict) -> tuple[str, dict]:
    """A light edit of a template: new greeting name, one experience sentence swapped."""
    letter = tpl["letter"]
    old = tpl["client_first"]
    if tpl["lat"]["greets_by_name"]:
        letter = re.sub(rf"\b{re.escape(old)}\b", client_first, letter)
    if tpl["experience"]:
        w = _Writer(rng, niche, {k: job[k] for k in ("tool", "tool2", "thing", "client_kind")})
        target = tpl["experience"][int(rng.integers(len(tpl["experience"])))]
        new = target
        while new == target:
            new = w.fill(w.pick(ph.EXPERIENCE))
        letter = letter.replace(target, new, 1)
    lat = dict(tpl["lat"])
    lat["opening_kind_text"] = lat["opening_kind"]  # what the copied words still say
    # A copied letter still answers this job's questions where they are word for word the
    # ones the template answered ("How long would this take you?"), and no others.
    old_job = tpl["job"]
    answered = {old_job["questions"][i]["q"].format(**old_job) for i in lat["answered_idx"]}
    lat["answered_idx"] = [i for i, q in enumerate(job["questions"])
                           if q["q"].format(**job) in answered]
    if lat["opening_kind"] == "personalized" and not lat["greets_by_name"]:
        lat["opening_kind"] = "neutral"  # its job reference is about another job
    lat["refers_to_job"] = False
    return letter, lat


def _band(rng: np.random.Generator, invited: bool) -> tuple[str, int, int | None]:
    if invited and rng.random() < 0.7:
        return ph.BANDS[0][:3]
    b = _choice(rng, ph.BANDS, [w for *_, w in ph.BANDS])
    return b[0], b[1], b[2]


def _band_step(band: str) -> int:
    return [b[0] for b in ph.BANDS].index(band)


def _realised(proposals: pd.DataFrame) -> dict:
    n = len(proposals)
    return {
        "proposals": n,
        "viewed": int(proposals[P.viewed].sum()),
        "interviewed": int(proposals[P.interviewed].sum()),
        "offered": int(proposals[P.offered].sum()),
        "hired": int(proposals[P.hired].sum()),
        "first": proposals[P.submitted_at].min().isoformat(),
        "last": proposals[P.submitted_at].max().isoformat(),
    }


def write_sample(sample: Sample, out_dir: str | Path) -> list[Path]:
    """Write ``proposals.csv``, ``messages.csv``, ``proposal_truth.csv`` and ``truth.json``.

    Parameters
    ----------
    sample : Sample
        What :func:`generate_sample` returned.
    out_dir : str or Path
        Folder to write into (created if missing). Existing files of these names are replaced.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "proposals.csv", out / "messages.csv", out / "proposal_truth.csv",
             out / "truth.json"]
    _to_csv(sample.proposals, paths[0])
    _to_csv(sample.messages, paths[1])
    _to_csv(sample.record, paths[2])
    tmp = paths[3].with_suffix(".json.tmp")
    tmp.write_text(json.dumps(sample.truth, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(paths[3])
    return paths


def _to_csv(df: pd.DataFrame, path: Path) -> None:
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    tmp = path.with_suffix(path.suffix + ".tmp")
    out.to_csv(tmp, index=False, lineterminator="\n", float_format="%.10g")
    tmp.replace(path)
