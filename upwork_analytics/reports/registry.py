"""The reports there are and what each takes: names only, no imports beyond the standard library,
so the command line can list them without loading papermill (see ``cli.py``)."""

from __future__ import annotations

#: Report name -> notebook file in the package's notebooks (``upwork_analytics.paths``).
REPORTS = {"monthly": "monthly_report.ipynb", "drivers": "win_drivers.ipynb",
           "interviews": "interviews.ipynb", "review": "proposal_review.ipynb"}
#: Reports that review a draft: they also take ``draft`` and ``job``.
DRAFT_REPORTS = frozenset({"review"})
#: Reports that show clock times, and so take a time zone (``tz``, the ``timezone`` parameter).
TZ_REPORTS = frozenset({"interviews"})
#: Reports that show the running experiments, and so take a folder of plans (``plans``).
PLANS_REPORTS = frozenset({"monthly"})
