"""Default locations: the data shipped inside the package, and where reports go.

The report notebooks, the bundled sample, the example draft and job post, the tracker
templates and the nbconvert template are package data under ``upwork_analytics/resources``,
found with :mod:`importlib.resources`, so they are there in an installed wheel as in a checkout.
In the repository, ``resources/notebooks`` and ``resources/data/{sample,examples,templates}``
are symlinks to ``notebooks/`` and ``data/...``: those stay the only copy (``make lab`` and
``make sample`` use them) and a build ships exactly them.

Nothing is ever written under :data:`RESOURCES_DIR`. Reports go to :data:`REPORTS_DIR`,
``reports/`` of the current directory. No side effects on import.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The folder above the package: the repository in a checkout, site-packages when installed.
#: Only meaningful in a checkout (tests, make targets); installed commands never use it.
PROJECT_DIR = PACKAGE_DIR.parent


def _resources() -> Path:
    root = files("upwork_analytics") / "resources"
    if not isinstance(root, Path):  # pragma: no cover - a zip import, which pip never makes
        raise RuntimeError("upwork_analytics must be installed as files (pip install), not "
                           f"imported from an archive ({root})")
    return root


#: Package data (read only).
RESOURCES_DIR = _resources()
NOTEBOOKS_DIR = RESOURCES_DIR / "notebooks"
DATA_DIR = RESOURCES_DIR / "data"
SAMPLE_DIR = DATA_DIR / "sample"
SAMPLE_PROPOSALS = SAMPLE_DIR / "proposals.csv"
SAMPLE_MESSAGES = SAMPLE_DIR / "messages.csv"
SAMPLE_TRUTH = SAMPLE_DIR / "truth.json"
EXAMPLES_DIR = DATA_DIR / "examples"
EXAMPLE_DRAFT = EXAMPLES_DIR / "draft.txt"
EXAMPLE_JOB = EXAMPLES_DIR / "job.txt"
TEMPLATES_DIR = DATA_DIR / "templates"
NBCONVERT_TEMPLATE = RESOURCES_DIR / "nbconvert" / "offline.html.j2"
#: Where reports go by default: ``reports/`` of the current directory (relative on purpose).
REPORTS_DIR = Path("reports")
