"""What a report notebook loads: the data as of the report month, and its redactor.

Kept apart from :mod:`upwork_analytics.reports.render` so that notebooks do not import papermill.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from upwork_analytics.analysis.drivers import STAGES, DriversResult, analyze_drivers
from upwork_analytics.analysis.funnel import parse_month
from upwork_analytics.analysis.monthly import history_until
from upwork_analytics.load.loaders import load_messages, load_proposals
from upwork_analytics.reports.redact import Redactor, redactor_for
from upwork_analytics.schema import MessageCols as M

#: Bootstrap resamples used inside reports (the CLI's ``drivers`` command uses 300).
REPORT_N_BOOT = 200


@dataclass(frozen=True)
class ReportData:
    """The inputs of one report: proposals and messages up to the end of ``month``."""

    proposals: pd.DataFrame
    messages: pd.DataFrame | None
    month: str
    redactor: Redactor


def load_report_data(data: Sequence[str | Path], messages: Sequence[str | Path], month: str,
                     share: bool = False, read_options: Mapping | None = None) -> ReportData:
    """Load proposals (and messages, if any) as of the end of ``month``.

    Parameters
    ----------
    data : sequence of path
        Proposal files.
    messages : sequence of path
        Message files; empty for none.
    month : str
        ``YYYY-MM``; proposals and messages after this month are left out.
    share : bool, default=False
        Whether the report is a redacted shared copy.
    read_options : mapping, optional
        How to read the files, as the CLI's ``--map``, ``--me``, ``--dayfirst`` give it:
        ``{"proposals": {keyword arguments of load_proposals}, "messages": {... of
        load_messages}}`` (a report notebook's ``read_options`` parameter).

    Returns
    -------
    ReportData
    """
    month = parse_month(month)
    options = read_options or {}
    every = load_proposals(list(data), **options.get("proposals", {}))
    msgs = None
    if messages:
        msgs = load_messages(list(messages), **options.get("messages", {}))
        end = pd.Period(month, freq="M").end_time.tz_localize("UTC")
        msgs = msgs[(msgs[M.sent_at] <= end).to_numpy(dtype=bool)]
    # names and ids come from every proposal in the files, not only the ones reported on
    return ReportData(proposals=history_until(every, month), messages=msgs, month=month,
                      redactor=redactor_for(every, share) if share else Redactor())


def analyze_all_stages(features: pd.DataFrame, proposals: pd.DataFrame, seed: int = 0,
                       n_boot: int = REPORT_N_BOOT) -> dict[str, DriversResult]:
    """:func:`~upwork_analytics.analysis.drivers.analyze_drivers` for every stage of
    :data:`~upwork_analytics.analysis.drivers.STAGES`, in funnel order."""
    return {key: analyze_drivers(features, proposals, stage=key, seed=seed, n_boot=n_boot)
            for key in STAGES}
