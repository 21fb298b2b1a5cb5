"""What ships in the package (issue 15): the report notebooks, the bundled sample, the example
draft and job and the tracker templates are package data found with importlib.resources, and
they are the repository's files, not copies that can drift; every package the code imports is
declared in pyproject.toml.

The wheel itself is built, installed into a fresh virtual environment and run from an empty
folder by ``scripts/check-wheel.sh`` (``make test`` runs it before pytest); it also compares
the installed package data with these files byte for byte.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from importlib.resources import files
from pathlib import Path

import pytest

from upwork_analytics import paths

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: package data folder -> the repository folder it is (a symlink in the checkout).
SHIPPED = {"notebooks": ROOT / "notebooks", "data/sample": ROOT / "data" / "sample",
           "data/examples": ROOT / "data" / "examples",
           "data/templates": ROOT / "data" / "templates"}


def _package_data_globs() -> list[str]:
    return PYPROJECT["tool"]["setuptools"]["package-data"]["upwork_analytics"]


def test_paths_are_package_data_found_with_importlib_resources():
    root = files("upwork_analytics") / "resources"
    assert paths.RESOURCES_DIR == root
    for path in (paths.NOTEBOOKS_DIR, paths.SAMPLE_PROPOSALS, paths.SAMPLE_MESSAGES,
                 paths.SAMPLE_TRUTH, paths.EXAMPLE_DRAFT, paths.EXAMPLE_JOB,
                 paths.NBCONVERT_TEMPLATE):
        assert path.exists(), path
        assert root in path.parents
    assert not paths.REPORTS_DIR.is_absolute()  # reports go under the current folder


@pytest.mark.parametrize("folder", sorted(SHIPPED))
def test_shipped_folders_are_the_repository_files(folder):
    """In the checkout each shipped folder resolves to the repository's folder, so an edit to
    ``notebooks/`` is what ships; and every file there is matched by a package-data glob, so
    none is left out of the wheel."""
    shipped = paths.RESOURCES_DIR / folder
    repo = SHIPPED[folder]
    assert shipped.resolve() == repo.resolve()
    names = sorted(p.name for p in repo.iterdir() if p.is_file())
    assert names and sorted(p.name for p in shipped.iterdir() if p.is_file()) == names
    globs = _package_data_globs()
    for name in names:
        assert any(fnmatch.fnmatch(f"resources/{folder}/{name}", g) for g in globs), (
            f"{folder}/{name} is not package data: add a glob to pyproject.toml")


def test_nbconvert_template_is_package_data_and_offline():
    template = paths.NBCONVERT_TEMPLATE
    assert any(fnmatch.fnmatch(str(template.relative_to(paths.PACKAGE_DIR)), g)
               for g in _package_data_globs())
    text = template.read_text(encoding="utf-8")
    assert "extends 'lab/index.html.j2'" in text
    assert "html_head_js_requirejs" in text and "html_head_js_mathjax" in text


def test_notebooks_default_data_resolves_beside_them():
    """The notebooks' default ``data`` (for ``make lab``) is ``../data/sample/...``: it exists
    beside the notebooks in the checkout and in the package alike."""
    for nb_path in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        params = "".join(nb["cells"][0]["source"])
        for rel in re.findall(r'"(\.\./data/[^"]+)"', params):
            assert (paths.NOTEBOOKS_DIR / rel).exists(), (nb_path.name, rel)
            assert (ROOT / "notebooks" / rel).exists(), (nb_path.name, rel)


# --------------------------------------------------------------------------- dependencies


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normalise(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in requirements}


def _imports(source: str) -> set[str]:
    """Top-level names of every absolute import in ``source`` (functions included)."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def _notebook_sources() -> list[str]:
    sources = []
    for nb_path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        sources += ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    return sources


def _third_party(names: set[str], local: set[str]) -> dict[str, set[str]]:
    """Import name -> distribution names, for imports outside the standard library."""
    dists = packages_distributions()
    out = {}
    for name in sorted(names - local - {"__future__"}):
        if name in sys.stdlib_module_names:
            continue
        out[name] = {_normalise(d) for d in dists.get(name, [name])}
    return out


def _undeclared(sources: list[str], declared: set[str], local: set[str]) -> list[str]:
    names = set().union(*(_imports(s) for s in sources))
    return sorted(f"{mod} ({', '.join(sorted(d))})"
                  for mod, d in _third_party(names, local).items() if not d & declared)


def test_every_package_the_code_imports_is_a_declared_dependency():
    declared = _requirement_names(PYPROJECT["project"]["dependencies"])
    sources = [p.read_text(encoding="utf-8")
               for p in (ROOT / "upwork_analytics").rglob("*.py")] + _notebook_sources()
    assert _undeclared(sources, declared, {"upwork_analytics"}) == []


def test_every_package_the_tests_import_is_declared_with_the_dev_extra():
    project = PYPROJECT["project"]
    declared = _requirement_names(project["dependencies"]
                                  + project["optional-dependencies"]["dev"])
    local = {"upwork_analytics", "conftest", "texts"} | {
        p.stem for p in (ROOT / "tests").glob("*.py")}
    sources = [p.read_text(encoding="utf-8") for folder in ("tests", "benchmarks")
               for p in (ROOT / folder).rglob("*.py")]
    assert _undeclared(sources, declared, local) == []


def test_jupyterlab_is_only_the_lab_extra():
    project = PYPROJECT["project"]
    assert "jupyterlab" not in _requirement_names(project["dependencies"])
    assert "jupyterlab" in _requirement_names(project["optional-dependencies"]["lab"])


def test_the_checker_notices_an_undeclared_import():
    source = "import os\nimport pandas\ndef f():\n    import requests.adapters\n"
    assert _undeclared([source], {"pandas"}, set()) == ["requests (requests)"]
