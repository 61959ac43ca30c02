"""The house rules of the package, read from the source: each layer imports only the layers below it,
only `briefing.app` imports Streamlit, and no module reaches itself through its imports (counting
imports inside functions, which are cycles too, only later)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from briefing import LAYERS
from briefing.config import REPO_DIR

PACKAGE = REPO_DIR / "briefing"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    return max(i for i, prefix in enumerate(LAYERS) if module == prefix or module.startswith(prefix + "."))


def imports(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (a name imported from a package counts as its module
    when it is one)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in MODULES}
    return found


GRAPH = {module: {m for m in imports(path) if m in MODULES and m != module} for module, path in MODULES.items()}


def test_every_module_sits_in_a_layer():
    assert len(MODULES) > 40
    unplaced = [m for m in MODULES if m != "briefing" and not any(m == p or m.startswith(p + ".") for p in LAYERS)]
    assert unplaced == []


@pytest.mark.parametrize("module", [m for m in MODULES if m != "briefing"])
def test_a_module_imports_no_layer_above_its_own(module):
    upward = sorted(m for m in GRAPH[module] if m != "briefing" and layer(m) > layer(module))
    assert upward == [], f"{module} ({LAYERS[layer(module)]}) imports from above: {upward}"


def test_only_the_app_imports_streamlit():
    users = sorted(m for m, path in MODULES.items() if any(i.split(".")[0] == "streamlit" for i in imports(path)))
    assert users and all(m.startswith("briefing.app.") for m in users), users


def test_no_module_reaches_itself_through_its_imports():
    def cycle_from(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            module, trail = stack.pop()
            for nxt in GRAPH[module]:
                if nxt == start:
                    return [*trail, start]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
        return None

    cycles = [c for c in map(cycle_from, GRAPH) if c]
    assert cycles == [], " ; ".join(" -> ".join(c) for c in cycles[:3])


def test_the_rules_catch_what_they_are_for(tmp_path):
    """The checks above fail where they should: an import from above and a cycle."""
    bad = tmp_path / "bad.py"
    bad.write_text("from briefing.app import ui\nimport streamlit as st\n")
    assert {"briefing.app.ui", "streamlit"} <= imports(bad)
    assert layer("briefing.app.ui") > layer("briefing.stats.compare")
    assert layer("briefing.refresh.demo.marac") == len(LAYERS) - 1
