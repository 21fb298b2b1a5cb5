"""Analysis: the statistics on measured proposals. Funnel rates with intervals, the drivers of
each stage, the advice audit, month-against-month comparisons and recommendations.

Returns numbers and tables, not pages. May import ``features``, ``load``, ``schema`` and
``exceptions``; never ``reports``, ``coach`` or ``cli``.
"""
