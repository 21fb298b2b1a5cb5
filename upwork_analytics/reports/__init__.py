"""Reports: turning results into self-contained HTML. The papermill runner (``render``), what
the notebooks load (``data``), display helpers, charts, excerpts and share-mode redaction.

May import ``analysis``, ``features``, ``load``, ``schema``, ``exceptions`` and ``paths``; never
``coach`` or ``cli``.
"""
