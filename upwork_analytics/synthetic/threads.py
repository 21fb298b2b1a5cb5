"""Interview message threads for the synthetic sample, and the hire decision they drive."""

from __future__ import annotations

import numpy as np
import pandas as pd

from upwork_analytics.schema import MessageCols as M
from upwork_analytics.schema import ProposalCols as P
from upwork_analytics.synthetic import phrases as ph
from upwork_analytics.synthetic.outcome import OutcomeModel

_MINUTE = pd.Timedelta(minutes=1)


class ThreadWriter:
    """Writes a conversation for every interviewed proposal and draws offer and hire."""

    def __init__(self, rng: np.random.Generator, model: OutcomeModel, seed: int):
        self.rng = rng
        self.model = model
        self.seed = seed
        self._n = 0

    def _fill(self, template: str, ctx: dict) -> str:
        return template.format(**ctx)

    def _pick(self, items: list[str]) -> str:
        return items[int(self.rng.integers(len(items)))]

    def _sentence_target(self, s: float) -> int:
        if self.rng.random() < s:
            return int(self.rng.integers(2, 5))
        return int(self.rng.choice([1, 5, 6, 7]))

    def write(self, proposals: pd.DataFrame, record: pd.DataFrame
              ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Return proposals with offer/hire/status/value, the messages, and the extended record."""
        r = self.rng
        proposals = proposals.copy()
        record = record.copy()
        n = len(proposals)
        offered = np.zeros(n, dtype=bool)
        hired = np.zeros(n, dtype=bool)
        value = np.full(n, np.nan)
        extra = {k: np.full(n, np.nan) for k in (
            "first_reply_minutes", "answer_coverage", "share_2_to_4_sentences",
            "follow_up_count", "call_or_video_mentioned", "client_questions",
            "p_hired_given_interviewed")}
        messages: list[dict] = []
        for i in np.flatnonzero(proposals[P.interviewed].to_numpy()):
            row, rec = proposals.iloc[i], record.iloc[i]
            plan = self._plan(rec)
            x = {"bid_to_budget_ratio": rec["bid_ratio"] if rec["bid_ratio"] == rec["bid_ratio"]
                 else 1.0, "reliability_mentions": rec["reliability"], "niche": rec["niche"],
                 **plan["x"]}
            p_hire = self.model.p_hired(x)
            hired[i] = r.random() < p_hire
            offered[i] = hired[i] or r.random() < 0.1
            messages.extend(self._messages(row, rec, plan, hired[i], offered[i]))
            if hired[i]:
                bid = row[P.bid_amount]
                hours = float(np.round(r.lognormal(np.log(40), 0.8)))
                value[i] = bid * hours if row[P.contract_type] == "hourly" else bid
            for k, v in plan["x"].items():
                extra[k][i] = v
            extra["client_questions"][i] = plan["n_client_q"]
            extra["p_hired_given_interviewed"][i] = p_hire
        proposals[P.offered] = offered
        proposals[P.hired] = hired
        proposals[P.contract_value] = value
        viewed = proposals[P.viewed].to_numpy()
        interviewed = proposals[P.interviewed].to_numpy()
        proposals[P.upwork_status] = np.select(
            [hired, offered, interviewed, viewed], ["Hired", "Offer", "Interview", "Viewed"],
            default="Submitted")
        for k, v in extra.items():
            record[k] = v
        return proposals, pd.DataFrame(messages), record

    def _plan(self, rec: pd.Series) -> dict:
        """Draw the thread's shape and its measurable properties before writing any text."""
        r = self.rng
        first_reply = float(np.clip(np.round(r.lognormal(np.log(90), 1.3)), 2, 2880))
        p_answer = float(r.beta(1.5, 1.0))
        rounds = int(r.choice([1, 2, 3], p=[0.45, 0.35, 0.2]))
        q_per_round = [int(r.integers(1, 4))] + [int(r.random() < 0.5) for _ in range(rounds - 1)]
        answered = [[r.random() < p_answer for _ in range(k)] for k in q_per_round]
        n_client_q = sum(q_per_round)
        coverage = sum(map(sum, answered)) / n_client_q
        s = float(r.beta(1.6, 1.6))
        follow_ups = int(r.choice([0, 1, 2], p=[0.6, 0.3, 0.1]))
        call = bool(r.random() < 0.3)
        my_q = bool(r.random() < 0.4)
        call_round = int(r.integers(rounds))
        # Answers, the call mention and my question are never cut: a reply has at least them.
        extras = [int(call and k == call_round) + int(my_q and k == rounds - 1)
                  for k in range(rounds)]
        targets = [max(self._sentence_target(s), sum(a) + e) for a, e in zip(answered, extras)]
        # Follow-ups have two sentences: they count among my messages.
        sizes = targets + [2] * follow_ups
        share = float(np.mean([2 <= k <= 4 for k in sizes]))
        return {
            "first_reply": first_reply, "rounds": rounds, "q_per_round": q_per_round,
            "answered": answered, "targets": targets, "follow_ups": follow_ups, "call": call,
            "call_round": call_round,
            "my_question": my_q, "n_client_q": n_client_q,
            "attachment": bool(r.random() < 0.07), "contact": bool(r.random() < 0.12),
            "x": {"first_reply_minutes": first_reply, "answer_coverage": coverage,
                  "share_2_to_4_sentences": share, "follow_up_count": follow_ups,
                  "call_or_video_mentioned": float(call)},
        }

    def _messages(self, row: pd.Series, rec: pd.Series, plan: dict, hired: bool,
                  offered: bool) -> list[dict]:
        r = self.rng
        pid = row[P.proposal_id]
        ctx = {"tool": rec["job_tool"], "tool2": rec["job_tool2"], "thing": rec["job_thing"],
               "client_kind": "a client like you", "years": int(r.integers(4, 11)),
               "n": int(r.integers(12, 60)), "weeks": int(r.integers(2, 9)),
               "hours": int(r.choice([20, 30, 40])), "rate": "45", "bid": "900",
               "metric": "performance", "client_first": rec["client_first"]}
        bank = list(range(len(ph.JOB_QUESTIONS)))
        r.shuffle(bank)
        out: list[dict] = []
        t = row[P.submitted_at] + pd.Timedelta(
            minutes=float(np.clip(r.lognormal(np.log(480), 1.0), 10, 7200)))
        call_round = plan["call_round"]
        for k in range(plan["rounds"]):
            qs = [ph.JOB_QUESTIONS[bank.pop()] for _ in range(plan["q_per_round"][k])]
            opener = self._pick(ph.CLIENT_OPENERS if k == 0 else ph.CLIENT_FOLLOWUPS)
            body = [opener] + [self._fill(q["q"], ctx) for q in qs]
            if k == 0 and plan["contact"]:
                body.append(self._fill(self._pick(ph.CLIENT_CONTACT), self._contact(rec)))
            out.append(self._msg(pid, t, "client", " ".join(body)))
            delay = plan["first_reply"] if k == 0 else float(
                np.clip(plan["first_reply"] * r.uniform(0.5, 1.5), 2, 4000))
            t = t + delay * _MINUTE
            answers = [self._fill(self._pick(q["a"]), ctx)
                       for q, ok in zip(qs, plan["answered"][k]) if ok]
            sentences = answers
            if plan["call"] and k == call_round:
                sentences = sentences + [self._pick(ph.CALL_MENTIONS)]
            if plan["my_question"] and k == plan["rounds"] - 1:
                sentences = sentences + [self._pick(ph.MY_QUESTIONS)]
            fill = [f for f in ph.MY_FILLER]
            r.shuffle(fill)
            while len(sentences) < plan["targets"][k]:
                sentences.append(self._fill(fill.pop(), ctx))
            out.append(self._msg(pid, t, "me", " ".join(sentences)))
            if k == 0 and plan["attachment"]:
                out.append(self._msg(pid, t + 2 * _MINUTE, "me", None, attachment=True))
            if k < plan["rounds"] - 1:
                t = t + float(np.clip(r.lognormal(np.log(360), 1.0), 5, 4000)) * _MINUTE
        for _ in range(plan["follow_ups"]):
            t = t + pd.Timedelta(hours=float(r.uniform(48, 144)))
            out.append(self._msg(pid, t, "me", self._fill(self._pick(ph.FOLLOW_UPS), ctx)))
        t = t + pd.Timedelta(hours=float(r.uniform(5, 60)))
        if offered:
            out.append(self._msg(pid, t, "client", "Great, I've sent you an offer."))
            out.append(self._msg(pid, t + _MINUTE, "system", "Offer sent."))
            if hired:
                out.append(self._msg(pid, t + 90 * _MINUTE, "system", "Contract started."))
            else:
                out.append(self._msg(pid, t + 2 * 1440 * _MINUTE, "system", "Offer withdrawn."))
        elif r.random() < 0.5:
            out.append(self._msg(pid, t, "client",
                                 "Thanks Alex, we decided to go with another freelancer."))
        return out

    def _contact(self, rec: pd.Series) -> dict:
        r = self.rng
        first = str(rec["client_first"]).lower()
        domain = (ph.COMPANY_WORDS[int(r.integers(len(ph.COMPANY_WORDS)))]
                  + ph.COMPANY_SUFFIX[int(r.integers(len(ph.COMPANY_SUFFIX)))])
        phone = f"+1 ({int(r.integers(201, 989))}) 555-{int(r.integers(100, 9999)):04d}"
        return {"email": f"{first}@{domain}.com", "phone": phone}

    def _msg(self, pid: str, t: pd.Timestamp, sender: str, text: str | None,
             attachment: bool = False) -> dict:
        self._n += 1
        return {M.message_id: f"m{self.seed:02d}-{self._n:06d}", M.proposal_id: pid,
                M.thread_id: f"room-{pid}", M.sent_at: t.floor("min"), M.sender: sender,
                M.text: text, M.has_attachment: attachment}
