"""Build dictionaries/general.tsv.gz: the general French lexicon with word frequencies.

Sources (both maintained, both free):
  * pyspellchecker's French frequency list (``spellchecker/resources/fr.json.gz``, MIT licence),
    which gives the frequencies the corrector ranks candidates with;
  * Debian's hunspell-fr (Grammalecte "classique" v7, MPL 2.0), expanded here with its suffix
    rules, which adds the inflected forms and recent words the frequency list lacks
    (``binômes``, ``employeuse``, ``prioriser``) with a frequency of 1.

The output is committed, so a fresh machine needs neither source. Run it again after
upgrading either source: ``.venv/bin/python scripts/build_lexicon.py``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

import spellchecker

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "dictionaries" / "general.tsv.gz"
HUNSPELL = Path("/usr/share/hunspell")
WORD = re.compile(r"^[a-zàâäçéèêëîïôöùûüÿœæ]+(?:[-'][a-zàâäçéèêëîïôöùûüÿœæ]+)*$")
"""A plain lower-case French word (no digits, no capitals: names come from places.txt)."""


def frequency_list() -> dict[str, int]:
    path = Path(spellchecker.__file__).parent / "resources" / "fr.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def suffix_rules(aff: Path) -> dict[str, list[tuple[str, str, re.Pattern[str]]]]:
    """Flag → (strip, add, condition) from the SFX lines of a hunspell .aff with ``FLAG long``."""
    rules: dict[str, list[tuple[str, str, re.Pattern[str]]]] = defaultdict(list)
    for line in aff.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 5 or parts[0] != "SFX":
            continue
        flag, strip, add, condition = parts[1], parts[2], parts[3].split("/")[0], parts[4]
        strip = "" if strip == "0" else strip
        add = "" if add == "0" else add
        rules[flag].append((strip, add, re.compile(("" if condition == "." else condition) + "$")))
    return rules


def expand_hunspell(dic: Path, aff: Path) -> set[str]:
    """Every form the dictionary's stems make with one suffix rule (enough for a word list)."""
    rules = suffix_rules(aff)
    forms: set[str] = set()
    for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
        entry = line.split()[0] if line.split() else ""
        stem, _, flags = entry.partition("/")
        pairs = [flags[i : i + 2] for i in range(0, len(flags), 2)]
        if "()" not in pairs:
            forms.add(stem)
        for flag in pairs:
            for strip, add, condition in rules.get(flag, ()):
                if condition.search(stem) and stem.endswith(strip):
                    forms.add(stem[: len(stem) - len(strip)] + add)
    return {f for f in forms if WORD.match(f)}


def main() -> None:
    counts = {w: n for w, n in frequency_list().items() if WORD.match(w)}
    extra = expand_hunspell(HUNSPELL / "fr.dic", HUNSPELL / "fr.aff") - counts.keys()
    rows = sorted(counts.items()) + [(w, 1) for w in sorted(extra)]
    rows.sort()
    with gzip.GzipFile(OUTPUT, "wb", mtime=0) as handle:
        handle.write("".join(f"{w}\t{n}\n" for w, n in rows).encode("utf-8"))
    print(f"{OUTPUT}: {len(counts)} words with frequencies + {len(extra)} hunspell forms")


if __name__ == "__main__":
    main()
