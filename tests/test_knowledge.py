"""One home for each piece of knowledge: the rules every stage shares are defined once, in the module
that owns them, and imported everywhere else; no stage writes them again as bare literals."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from pipeline.model import Box

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
SOURCES = sorted(PACKAGE.rglob("*.py"))

HOMES = {
    "fold": "text.py", "normalise": "text.py", "plain_apostrophes": "text.py", "DOUBT": "text.py",
    "ELISIONS": "text.py", "APOSTROPHES": "text.py", "URL": "text.py", "OCR_DPI": "settings.py",
    "MEDIA_TYPES": "inputs.py", "INPUT_SUFFIXES": "inputs.py", "CONFUSIONS": "text.py",
    "SENTENCE_END": "text.py", "BULLETS": "text.py", "LETTER_BULLETS": "text.py", "PUNCTUATION": "text.py",
    "NOISE_LETTERS": "text.py", "STRAY_LETTERS": "text.py",
    "is_speck": "text.py", "is_bullet": "text.py", "is_url_like": "text.py", "is_number_like": "text.py",
}
"""Shared knowledge and the one module that defines it."""

LITERALS = {"60": "DOUBT", "60.0": "DOUBT", "300": "OCR_DPI"}
"""The values of the shared constants: written bare elsewhere, they are a second copy that will
drift (the doubt confidence was once written in four modules, 300 DPI in four)."""


def _definitions(name: str) -> list[str]:
    """The modules that define ``name`` at their top level (a function, a class or an assignment)."""
    out = []
    for path in SOURCES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name:
                out.append(path.relative_to(PACKAGE).as_posix())
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign) else []
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                out.append(path.relative_to(PACKAGE).as_posix())
    return out


@pytest.mark.parametrize("name", sorted(HOMES))
def test_shared_knowledge_is_defined_once(name: str) -> None:
    assert _definitions(name) == [HOMES[name]]


def _bare_literals(path: Path) -> list[tuple[int, str]]:
    """Numbers from LITERALS in code (not in strings or comments), except where a named module-level
    constant is assigned: ``WINDOW = 60`` names its own knowledge, ``>= 60`` copies someone's."""
    found = []
    named = re.compile(r"[A-Z][A-Z0-9_]* *(?::[^=]+)?= *(\S+)")
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        constant = named.match(token.line)
        if token.type == tokenize.NUMBER and token.string in LITERALS \
                and not (constant and constant.group(1) == token.string):
            found.append((token.start[0], token.line.strip()))
    return found


def test_shared_values_are_not_written_bare() -> None:
    bare = {path.relative_to(PACKAGE).as_posix(): lines
            for path in SOURCES if (lines := _bare_literals(path))}
    assert bare == {}


def test_box_measures_itself() -> None:
    box = Box(10, 20, 50, 30)
    assert (box.width, box.height) == (40, 10)
    assert Box.around([box, Box(0, 25, 12, 60)]) == Box(0, 20, 50, 60)
    assert Box.around([]) is None
    assert list(box) == [10, 20, 50, 30]  # written to JSON as the schema's [x0, top, x1, bottom]


def _import_time_graph() -> dict[str, set[str]]:
    """Each module of the package → the modules of the package it imports when it is imported (its
    top-level imports: neither those inside functions nor those for type checkers only)."""
    modules = {}
    for path in SOURCES:
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found = [m for a in node.names if (m := f"{node.module}.{a.name}") in modules]
                deps.update(found or ([node.module] if node.module in modules else []))
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in modules)
        graph[name] = deps - {name}
    return graph


def test_no_module_imports_itself_back() -> None:
    graph, cycles = _import_time_graph(), []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for used in sorted(graph[module]):
            if state.get(used) == 1:
                cycles.append(path[path.index(used):] + [used])
            elif used not in state:
                visit(used, [*path, used])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_is_over_500_lines() -> None:
    long = {path.relative_to(PACKAGE).as_posix(): n for path in SOURCES
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_no_module_binds_a_top_level_name_twice() -> None:
    """A constant, function or class defined twice in one module: the second silently replaces the first
    for every use, above it too (a pattern moved into a module under a name it already had, once, made
    the moved rule find nothing)."""
    def bound(node: ast.stmt) -> list[str]:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            return [node.name]
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        return [t.id for t in targets if isinstance(t, ast.Name)]

    twice = []
    for path in SOURCES:
        seen: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            twice += [f"{path.name}:{name}" for name in bound(node) if name in seen]
            seen.update(bound(node))
    assert twice == []
