"""Loading: reading tracker sheets (CSV/TSV/XLSX), Upwork API JSON and message threads into the
canonical tables, and the load report that lists every row kept, repaired or rejected.

Owns the file formats, column recognition, value parsing (money, dates, flags) and status words.
May import only ``schema`` and ``exceptions`` from the package: nothing above it.
"""

from __future__ import annotations

from upwork_analytics.load.loaders import load_messages, load_proposals
from upwork_analytics.load.report import LoadReport

__all__ = ["LoadReport", "load_messages", "load_proposals"]
