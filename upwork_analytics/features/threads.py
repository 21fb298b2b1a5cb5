"""Interview threads: each proposal's conversation rebuilt in order, and what I did in it.

:func:`rebuild_threads` orders the messages of each proposal and groups them into turns;
:func:`thread_features` measures each thread against the interview advice (reply speed, answer
length, answering every question, follow-ups, rates, calls). ``INTERVIEW_FEATURES`` documents
every feature in the shape of the feature catalogue (``features.spec.FeatureSpec``).

Shared rules: system messages are ignored by every feature (and take no turn); messages are
ordered by ``sent_at`` (ties and input disorder: stable, in input order); a message without text
(attachment only) counts for timing but not for sentences, questions or words.
"""

from __future__ import annotations

from datetime import timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from upwork_analytics.exceptions import ParameterError, SchemaError
from upwork_analytics.features import _thread_text as tt
from upwork_analytics.features._tokenize import clean
from upwork_analytics.features.spec import FeatureSpec
from upwork_analytics.schema import SENDERS, M

__all__ = ["FOLLOW_UP_MIN_GAP", "INTERVIEW_FAMILY", "INTERVIEW_FEATURES", "rebuild_threads",
           "thread_features"]

#: A message of mine counts as a follow-up when my previous message (with no client message in
#: between) is at least this old.
FOLLOW_UP_MIN_GAP = pd.Timedelta(hours=24)
LOCAL_TIME = "local_time"
TURN = "turn"

#: Catalogue family of these features: (function, what it reads), as ``catalogue.FAMILIES``.
INTERVIEW_FAMILY = {"interview": ("thread_features", "the proposal's message thread (my and "
                                  "the client's messages; system messages ignored)")}

_F = FeatureSpec
_HOW = "`thread_features`: "
INTERVIEW_FEATURES: dict[str, FeatureSpec] = {f.name: f for f in (
    _F("first_reply_minutes", "interview", "How long the client waited for my first reply.",
       "minutes, >= 0; null when the client never wrote or I never replied after",
       "#12 respond quickly", _HOW + "time of my first message after the client's first "
       "message minus the time of that client message."),
    _F("median_reply_minutes", "interview", "My typical reply delay over the whole thread.",
       "minutes, >= 0; null when no client turn was followed by a message of mine",
       "#12 respond quickly", _HOW + "for each client turn (consecutive client messages) "
       "followed by a turn of mine: the start of my turn minus the start of the client's turn; "
       "median over those turns."),
    _F("my_message_sentences", "interview", "How long my messages are.",
       "sentences; null when none of my messages has text", "#4 2-4 sentences per answer",
       _HOW + "median over my messages with text of the catalogue's sentence count."),
    _F("share_2_to_4_sentences", "interview", "How often my messages keep to 2-4 sentences.",
       "share 0-1; null when none of my messages has text", "#4 2-4 sentences per answer",
       _HOW + "share of my messages with text that have 2, 3 or 4 sentences."),
    _F("answer_coverage", "interview", "Share of the client's questions my reply addressed.",
       "share 0-1; null when the client asked no question", "#10 answer every part",
       _HOW + "client questions are sentences ending in '?'; one is addressed when my next "
       "turn contains >= half of its stemmed content keywords (the rule of "
       "`client_question_coverage`; a question without keywords, e.g. 'Why?', by any reply "
       "with words); a question with no turn of mine after it is not addressed."),
    _F("my_question_count", "interview", "Questions I asked the client.", "questions, >= 0",
       "#3 ask thoughtful questions", _HOW + "sentences of my messages ending in '?'."),
    _F("follow_up_count", "interview", "Messages I sent after one of mine went unanswered.",
       "messages, >= 0", "#11 follow up once", _HOW + "my messages whose previous message "
       "(system messages ignored) is also mine and at least 24 h older; so an attachment sent "
       "minutes after my text, or a second message the same day, is not a follow-up."),
    _F("follow_up_gap_days", "interview", "How long I waited before following up.",
       "days; null without follow-ups", "#11 follow up after a few days",
       _HOW + "median over follow-ups of the time since my previous message."),
    _F("rate_discussed", "interview", "Money came up in the conversation.", "0/1",
       "#7 handle rates and budgets gracefully", _HOW + "a message of mine or the client's "
       "has a currency amount, '/hr', 'per hour', or rate, budget, price, pricing, priced, "
       "hourly ('conversion rate' and other metric rates do not count)."),
    _F("call_or_video_mentioned", "interview", "I suggested or mentioned a call.", "0/1",
       "#13 video interviews", _HOW + "a message of mine says call(s) (not 'API calls'), "
       "video, Zoom, Skype, Google Meet or 'on/via Meet'."),
    _F("my_word_share", "interview", "How much of the conversation I wrote.",
       "share 0-1; null when neither side wrote a word", "#4 concise; #1 let the client talk",
       _HOW + "my words / (my words + the client's words), the catalogue's word rule."),
)}

_COUNTS = ("my_question_count", "follow_up_count", "rate_discussed", "call_or_video_mentioned")


def rebuild_threads(messages: pd.DataFrame, tz: str | tzinfo = "UTC") -> pd.DataFrame:
    """Order each proposal's messages and group them into turns.

    Parameters
    ----------
    messages : pandas.DataFrame
        The canonical messages table; needs ``proposal_id``, ``sent_at`` and ``sender``.
        ``sent_at`` without a time zone is read as UTC.
    tz : str or tzinfo, default "UTC"
        IANA time zone of the ``local_time`` column (``"Europe/Lisbon"``).

    Returns
    -------
    pandas.DataFrame
        The input rows and columns (index kept), proposals in order of first appearance, each
        proposal's messages by ``sent_at`` (ties and missing times: input order, missing
        last), plus ``local_time`` (``sent_at`` in ``tz``) and ``turn`` (nullable int: 0, 1,
        ... within the proposal; consecutive ``me``/``client`` messages from the same sender
        share a turn; system messages have no turn and do not split one).

    Raises
    ------
    SchemaError
        When a required column is missing, a ``proposal_id`` is null, a ``sender`` is not one
        of me/client/system, or ``sent_at`` is not a date-time.
    ParameterError
        When ``tz`` is not a known time zone.
    """
    zone = _zone(tz)
    return _rebuild(_checked(messages), zone)


def thread_features(messages: pd.DataFrame) -> pd.DataFrame:
    """Measure each interview thread against the interview advice.

    Parameters
    ----------
    messages : pandas.DataFrame
        The canonical messages table (as for :func:`rebuild_threads`); ``text`` is optional
        (missing means attachment-only messages).

    Returns
    -------
    pandas.DataFrame
        One row per ``proposal_id`` of ``messages`` (order of first appearance, a fresh
        index): ``proposal_id`` then the features of ``INTERVIEW_FEATURES`` in that order, as
        float64. Counts and 0/1 flags are 0 for a thread without them (also for a thread of
        system messages only); times, medians and shares are null when undefined.

    Raises
    ------
    SchemaError
        As :func:`rebuild_threads`.
    """
    checked = _checked(messages)
    threads = _rebuild(checked, timezone.utc)
    ids = pd.unique(checked[M.proposal_id])
    n_groups = len(ids)
    t = threads[threads[M.sender] != "system"]
    g = pd.Index(ids).get_indexer(t[M.proposal_id])
    sender = t[M.sender].to_numpy()
    me, client = sender == "me", sender == "client"
    minutes = _minutes(t[M.sent_at])
    turn = t[TURN].to_numpy(dtype=np.int64)
    texts = [clean(v) for v in t[M.text]] if M.text in t.columns else [""] * len(t)
    stats = [tt.message_stats(x) for x in texts]  # one tokenisation per text
    n_sent = np.array([s[0] for s in stats], dtype=np.int64)
    questions = [s[1] for s in stats]
    n_words = np.array([s[2] for s in stats], dtype=np.int64)
    rate = np.array([s[3] for s in stats], dtype=bool)
    call = np.array([s[4] for s in stats], dtype=bool)
    has_text = n_sent > 0
    out = pd.DataFrame(index=pd.RangeIndex(n_groups), columns=list(INTERVIEW_FEATURES),
                       dtype="float64")

    def per_group(values, mask, how: str, keys: np.ndarray = g) -> pd.Series:
        s = pd.Series(np.asarray(values)[mask]).groupby(keys[mask]).agg(how)
        return s.reindex(range(n_groups))

    out["first_reply_minutes"], out["median_reply_minutes"] = _reply_minutes(
        g, turn, minutes, client, n_groups)

    # sentences, questions, words
    mine = me & has_text
    out["my_message_sentences"] = per_group(n_sent, mine, "median")
    out["share_2_to_4_sentences"] = per_group((n_sent >= 2) & (n_sent <= 4), mine, "mean")
    out["my_question_count"] = per_group([len(q) for q in questions], me, "sum")
    words_me, words_all = per_group(n_words, me, "sum"), per_group(n_words, me | client, "sum")
    out["my_word_share"] = words_me / words_all.where(words_all > 0)
    out["answer_coverage"] = _answer_coverage(g, turn, client, texts, questions, n_groups)

    # follow-ups: my message right after my own, at least FOLLOW_UP_MIN_GAP later
    same_prev = np.r_[False, g[1:] == g[:-1]]
    prev_me = np.r_[False, me[:-1]] & same_prev
    gap = minutes - np.r_[np.nan, minutes[:-1]]
    follow = me & prev_me & (gap >= FOLLOW_UP_MIN_GAP / pd.Timedelta(minutes=1))
    everyone = np.ones(len(g), dtype=bool)
    out["follow_up_count"] = per_group(follow, everyone, "sum")
    out["follow_up_gap_days"] = per_group(gap / 1440.0, follow, "median")

    out["rate_discussed"] = per_group(rate, everyone, "max")
    out["call_or_video_mentioned"] = per_group(call & me, everyone, "max")

    out = out.astype("float64")
    out[list(_COUNTS)] = out[list(_COUNTS)].fillna(0.0)
    out.insert(0, M.proposal_id, ids)
    return out


# --------------------------------------------------------------------------- internals


def _reply_minutes(g, turn, minutes, client, n_groups) -> tuple[np.ndarray, np.ndarray]:
    """Per thread: minutes from the start of the first client turn to my next turn, and the
    median of that over every client turn followed by a turn of mine (NaN: none)."""
    turns = pd.DataFrame({"g": g, "turn": turn, "t": minutes, "client": client})
    turns = turns.groupby(["g", "turn"], sort=True).first()  # turns alternate me / client
    tg = turns.index.get_level_values("g").to_numpy()
    start = turns["t"].to_numpy()
    replied = np.r_[tg[1:] == tg[:-1], False]  # a turn follows in the same thread
    delay = np.where(replied, np.r_[start[1:], np.nan] - start, np.nan)
    is_client = turns["client"].to_numpy()
    cg, cdelay = tg[is_client], delay[is_client]
    first = np.diff(cg, prepend=-1) != 0  # each thread's first client turn
    first_reply = np.full(n_groups, np.nan)
    first_reply[cg[first]] = cdelay[first]
    median = pd.Series(cdelay).groupby(cg).median()  # NaN delays are skipped
    return first_reply, median.reindex(range(n_groups)).to_numpy(dtype=float)


def _answer_coverage(g, turn, client, texts, questions, n_groups) -> np.ndarray:
    """Per thread: share of the client's questions that my next turn addresses (NaN: none)."""
    asked = np.zeros(n_groups)
    answered = np.zeros(n_groups)
    replies: dict[tuple[int, int], str] = {}
    for gi, ti, c, x in zip(g, turn, client, texts):
        if not c and x:
            key = (int(gi), int(ti))
            replies[key] = replies[key] + "\n\n" + x if key in replies else x
    for gi, ti, c, qs in zip(g, turn, client, questions):
        if c and qs:
            reply = replies.get((int(gi), int(ti) + 1), "")
            asked[gi] += len(qs)
            answered[gi] += sum(tt.addresses(reply, q) for q in qs)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(asked > 0, answered / asked, np.nan)


def _rebuild(df: pd.DataFrame, zone: tzinfo) -> pd.DataFrame:
    """:func:`rebuild_threads` of checked messages."""
    codes, _ = pd.factorize(df[M.proposal_id])
    key = pd.DataFrame({"g": codes, "t": _minutes(df[M.sent_at]), "i": np.arange(len(df))})
    order = key.sort_values(["g", "t", "i"], kind="stable", na_position="last")["i"].to_numpy()
    out = df.iloc[order].copy()
    out[LOCAL_TIME] = out[M.sent_at].dt.tz_convert(zone)
    person = (out[M.sender] != "system").to_numpy()
    g = codes[order][person]
    sender = out[M.sender].to_numpy()[person]
    new = np.ones(len(g), dtype=bool)
    new[1:] = (g[1:] != g[:-1]) | (sender[1:] != sender[:-1])
    run = np.cumsum(new)
    first_run = pd.Series(run).groupby(g).transform("first").to_numpy()
    turn = np.zeros(len(out), dtype=np.int64)
    turn[person] = run - first_run
    out[TURN] = pd.arrays.IntegerArray(turn, ~person)
    return out


def _minutes(sent_at: pd.Series) -> np.ndarray:
    """Minutes since the epoch as float (NaN for missing times)."""
    since = (sent_at - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(minutes=1)
    return since.to_numpy(dtype="float64", na_value=np.nan)


def _zone(tz: str | tzinfo) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    if str(tz).upper() == "UTC":
        return timezone.utc
    try:
        return ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ParameterError(f"unknown time zone {tz!r}; use an IANA name such as "
                             "'Europe/Berlin' or 'UTC'") from None


def _checked(messages: pd.DataFrame) -> pd.DataFrame:
    """``messages`` with required columns checked and ``sent_at`` as a UTC date-time."""
    if not isinstance(messages, pd.DataFrame):
        raise SchemaError(f"messages must be a pandas DataFrame, got {type(messages).__name__}")
    missing = [c for c in (M.proposal_id, M.sent_at, M.sender) if c not in messages.columns]
    if missing:
        raise SchemaError(f"messages lack required column(s) {missing}; got "
                          f"{list(messages.columns)}")
    if messages[M.proposal_id].isna().any():
        n = int(messages[M.proposal_id].isna().sum())
        raise SchemaError(f"{n} message(s) have no {M.proposal_id}")
    bad = sorted(set(messages[M.sender].dropna().astype(str)) - set(SENDERS)
                 | ({"<null>"} if messages[M.sender].isna().any() else set()))
    if bad:
        raise SchemaError(f"unknown sender(s) {bad}; expected one of {list(SENDERS)}")
    sent = messages[M.sent_at]
    if not isinstance(sent.dtype, pd.DatetimeTZDtype):
        try:
            sent = pd.to_datetime(sent, utc=True, format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise SchemaError(f"{M.sent_at} is not a date-time column ({exc})") from None
        messages = messages.assign(**{M.sent_at: sent})
    return messages
