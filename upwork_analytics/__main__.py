"""Allow ``python -m upwork_analytics``."""

from upwork_analytics.cli import main

raise SystemExit(main())
