"""Repository-relative default locations (sample data, notebooks, reports); no side effects."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
SAMPLE_DIR = DATA_DIR / "sample"
SAMPLE_PROPOSALS = SAMPLE_DIR / "proposals.csv"
SAMPLE_MESSAGES = SAMPLE_DIR / "messages.csv"
SAMPLE_TRUTH = SAMPLE_DIR / "truth.json"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
REPORTS_DIR = PROJECT_DIR / "reports"
EXAMPLES_DIR = DATA_DIR / "examples"
EXAMPLE_DRAFT = EXAMPLES_DIR / "draft.txt"
EXAMPLE_JOB = EXAMPLES_DIR / "job.txt"
