"""Print the package's import map: each module (a subpackage counts as one) and the modules it imports.

The README's "How it is built" section holds this map; ``tests/test_readme.py`` checks that it
matches the code. After moving code: ``python scripts/import_map.py`` and paste its output there.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"


def unit(module: str) -> str | None:
    """``pipeline.ocr.page`` → ``ocr``; ``pipeline.correct`` → ``correct``; outside → None."""
    parts = module.split(".")
    if parts[0] != "pipeline" or len(parts) < 2:
        return None
    return parts[1]


def _units() -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        name = relative.parts[0].removesuffix(".py")
        if name != "__init__":
            out.setdefault(name, []).append(path)
    return out


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "pipeline":
                found.update(f"pipeline.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def import_map() -> dict[str, list[str]]:
    """Each unit of the package → the other units it imports (at any depth of its code, lazily too)."""
    units = _units()
    out = {}
    for name, paths in units.items():
        used = {unit(m) for path in paths for m in _imports(path)}
        out[name] = sorted(u for u in used if u in units and u != name)
    return out


def render(mapping: dict[str, list[str]]) -> str:
    width = max(map(len, mapping))
    return "\n".join(f"{name:<{width}} → {', '.join(used) or '·'}" for name, used in mapping.items())


if __name__ == "__main__":
    sys.stdout.write(render(import_map()) + "\n")
