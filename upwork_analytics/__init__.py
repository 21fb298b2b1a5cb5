"""upwork-analytics: what wins *you* work on Upwork, from your own proposal history.

The public API is small on purpose; everything else is an implementation detail. The package
is laid out by stage, and imports run downward only::

    load/       files -> canonical tables, the load report      (uses schema, exceptions)
    synthetic/  the seeded sample generator                      (uses schema, exceptions)
    features/   measuring proposals and interview threads        (uses load)
    analysis/   funnel, drivers, advice audit, month comparisons (uses features, load)
    reports/    papermill runner, display helpers, plots, redaction (uses analysis and below)
    coach/      reviewing a draft against one's history          (uses reports and below)
    cli.py      the command line                                 (uses everything)

The names below are imported on first use, so ``import upwork_analytics`` (and the command
line's ``--help``) stays fast.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

from upwork_analytics.exceptions import UpworkAnalyticsError

try:
    __version__ = version("upwork-analytics")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

#: Public name -> the module that defines it (imported lazily, PEP 562).
_LAZY = {
    "LoadReport": "upwork_analytics.load.report",
    "load_messages": "upwork_analytics.load.loaders",
    "load_proposals": "upwork_analytics.load.loaders",
    "MessageCols": "upwork_analytics.schema",
    "ProposalCols": "upwork_analytics.schema",
    "generate_sample": "upwork_analytics.synthetic",
    "build_features": "upwork_analytics.features.build",
}

__all__ = [
    "LoadReport",
    "MessageCols",
    "ProposalCols",
    "UpworkAnalyticsError",
    "__version__",
    "build_features",
    "generate_sample",
    "load_messages",
    "load_proposals",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'upwork_analytics' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
