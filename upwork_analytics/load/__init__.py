"""Loading: reading tracker sheets (CSV/TSV/XLSX), Upwork API JSON, message threads and
earnings exports into the canonical tables, and the load report that lists every row kept,
repaired or rejected.

Owns the file formats, column recognition, value parsing (money, dates, flags) and status words.
It also holds ``progress``, the terminal progress helper for long loops: it sits in the lowest
stage so that every stage may use it. May import only ``schema``, ``exceptions`` and ``paths``
from the package: nothing above it.

The loaders are imported on first use (PEP 562), so ``from upwork_analytics.load import
progress`` stays light.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "LoadReport": "upwork_analytics.load.report",
    "load_messages": "upwork_analytics.load.loaders",
    "load_proposals": "upwork_analytics.load.loaders",
}

__all__ = ["LoadReport", "load_messages", "load_proposals"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'upwork_analytics.load' has no attribute {name!r}")
