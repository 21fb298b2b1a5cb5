"""upwork-analytics: what wins *you* work on Upwork, from your own proposal history.

The public API is small on purpose; everything else is an implementation detail.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from upwork_analytics.exceptions import UpworkAnalyticsError
from upwork_analytics.loaders import LoadReport, load_messages, load_proposals
from upwork_analytics.schema import MessageCols, ProposalCols
from upwork_analytics.synthetic import generate_sample

try:
    __version__ = version("upwork-analytics")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = [
    "LoadReport",
    "MessageCols",
    "ProposalCols",
    "UpworkAnalyticsError",
    "__version__",
    "generate_sample",
    "load_messages",
    "load_proposals",
]
