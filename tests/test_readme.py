"""The README's map of the code is the code's: every module is in its table, and its import map is the
one ``scripts/import_map.py`` draws from the sources."""

from __future__ import annotations

import re

from fixtures import REPO, load_script

README = (REPO / "README.md").read_text(encoding="utf-8")


def _import_map():
    return load_script(REPO / "scripts" / "import_map.py")


def test_the_readme_import_map_is_the_codes() -> None:
    drawn = re.search(r"<!-- import-map -->\n```text\n(.*?)```\n<!-- /import-map -->", README, re.DOTALL)
    assert drawn, "the README has no import map between <!-- import-map --> markers"
    tool = _import_map()
    assert drawn.group(1).rstrip("\n") == tool.render(tool.import_map())


def test_every_module_is_in_the_readme_table() -> None:
    first_cells = [line.split("|")[1] for line in README.splitlines() if line.startswith("| `pipeline/")]
    named = {m for cell in first_cells for m in re.findall(r"`(?:pipeline/)?([a-z_]+)(?:\.py|/)?`", cell)}
    assert set(_import_map().import_map()) - named == set()
