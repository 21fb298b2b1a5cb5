"""The package's layout shows the pipeline: one folder per stage, imports run downward only,
no import cycles, few top-level modules (issue #11).

Imports are read with ``ast`` from every module of the package, including imports inside
functions, so a lazy import cannot hide a layering break.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "upwork_analytics"
PACKAGE_DIR = Path(__file__).resolve().parents[1] / PACKAGE

#: Each layer and the layers (besides itself) its modules may import. ``base`` is the few
#: modules every layer may use.
BASE = "base"
ALLOWED: dict[str, set[str]] = {
    BASE: set(),
    "load": {BASE},
    "synthetic": {BASE},
    "features": {BASE, "load"},
    "analysis": {BASE, "load", "features"},
    "reports": {BASE, "load", "features", "analysis"},
    "coach": {BASE, "load", "features", "analysis", "reports"},
    "top": {BASE, "load", "synthetic", "features", "analysis", "reports", "coach"},
}
BASE_MODULES = {"schema", "exceptions", "paths"}
TOP_MODULES = {"__init__", "__main__", "cli"}
STAGE_FOLDERS = {"load", "features", "analysis", "reports", "coach"}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:  # the package itself (__init__)
        return "top"
    head = parts[1]
    if len(parts) == 2 and head in BASE_MODULES:
        return BASE
    if len(parts) == 2 and head in TOP_MODULES:
        return "top"
    return head


def imported_modules(path: Path, modules: dict[str, Path], own: str) -> set[str]:
    """The package modules ``path`` imports: ``from a.b import c`` counts ``a.b.c`` when that is
    a module, else ``a.b``; relative imports are resolved against ``own``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = own.split(".") if is_pkg else own.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names = []
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.append(full if full in modules else base)
        else:
            continue
        for name in names:
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                # the deepest known module of a dotted name
                while name not in modules and "." in name:
                    name = name.rsplit(".", 1)[0]
                if name in modules and name != own:
                    out.add(name)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imported_modules(path, modules, name) for name, path in modules.items()}


def layering_violations(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in graph.items():
        src = layer_of(module)
        for target in targets:
            dst = layer_of(target)
            if dst != src and dst not in ALLOWED[src] and target != PACKAGE:
                bad.append(f"{module} ({src}) imports {target} ({dst})")
            if target == PACKAGE and src != "top":
                bad.append(f"{module} ({src}) imports the package root {PACKAGE}")
    return sorted(bad)


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_layers_import_downward_only():
    assert layering_violations(import_graph()) == []


def test_no_import_cycles():
    assert find_cycles(import_graph()) == []


def test_top_level_has_the_stage_folders_and_at_most_six_modules():
    modules = {p.stem for p in PACKAGE_DIR.glob("*.py")}
    assert modules <= TOP_MODULES | BASE_MODULES
    assert len(modules) <= 6
    folders = {p.name for p in PACKAGE_DIR.iterdir()
               if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == STAGE_FOLDERS | {"synthetic"}


@pytest.mark.parametrize("folder", sorted(STAGE_FOLDERS | {"synthetic"}))
def test_each_stage_says_what_it_owns_and_may_import(folder):
    doc = ast.get_docstring(ast.parse((PACKAGE_DIR / folder / "__init__.py").read_text()))
    assert doc and len(doc.split()) >= 15, f"{folder}/__init__.py needs a docstring"
    assert "import" in doc, f"{folder}/__init__.py should say what it may import"


# The checker itself, on graphs built by hand: it must notice a break.
def test_checker_notices_an_upward_import_and_a_cycle():
    graph = {"upwork_analytics.load.loaders": {"upwork_analytics.analysis.drivers"},
             "upwork_analytics.analysis.drivers": {"upwork_analytics.features.build"},
             "upwork_analytics.features.build": {"upwork_analytics.schema"},
             "upwork_analytics.reports.plots": {"upwork_analytics.coach.review"},
             "upwork_analytics.coach.review": {"upwork_analytics.reports.plots"}}
    assert layering_violations(graph) == [
        "upwork_analytics.load.loaders (load) imports upwork_analytics.analysis.drivers "
        "(analysis)",
        "upwork_analytics.reports.plots (reports) imports upwork_analytics.coach.review (coach)",
    ]
    assert find_cycles(graph) == [["upwork_analytics.coach.review",
                                   "upwork_analytics.reports.plots"]]


def test_import_reader_sees_function_level_and_relative_imports(tmp_path):
    pkg = tmp_path / PACKAGE
    (pkg / "load").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "schema.py").write_text("")
    (pkg / "load" / "__init__.py").write_text("")
    (pkg / "load" / "a.py").write_text(
        "def f():\n    from upwork_analytics import schema\n    from . import b\n")
    (pkg / "load" / "b.py").write_text("")
    modules = {"upwork_analytics": pkg / "__init__.py", "upwork_analytics.schema": pkg / "schema.py",
               "upwork_analytics.load": pkg / "load" / "__init__.py",
               "upwork_analytics.load.a": pkg / "load" / "a.py",
               "upwork_analytics.load.b": pkg / "load" / "b.py"}
    got = imported_modules(pkg / "load" / "a.py", modules, "upwork_analytics.load.a")
    assert got == {"upwork_analytics.schema", "upwork_analytics.load.b"}


def test_public_api_from_the_top_level():
    import upwork_analytics as ua

    for name in ua.__all__:
        assert getattr(ua, name) is not None, name
    assert callable(ua.build_features) and callable(ua.load_proposals)
