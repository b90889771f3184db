"""Build ``dictionaries/communes.txt``, ``dictionaries/intercommunalites.txt`` and
``dictionaries/place-codes.tsv``.

Source: Etalab's ``@etalab/decoupage-administratif`` (the INSEE Code officiel géographique
communes and the DGCL list of EPCIs, Licence Ouverte 2.0), fetched from the npm registry with
``npm pack`` — or read from an unpacked copy given as the first argument.

Only the Hauts-de-France (region 32: Aisne, Nord, Oise, Pas-de-Calais, Somme) is kept. A
commune whose name is also a common French word (``Ville``, ``Contre``, ``Rue``, ``Y``) is left
out unless ``places.txt`` names it by hand, so the segmenter does not take every ``Rue`` for
a place: the frequency list of ``general.tsv.gz`` decides what is common.

``place-codes.tsv`` gives each name of the region its kind and official code, for the
analysts' tables: the region and department codes, the communes' INSEE code, the EPCIs'
SIREN. A name two communes of the region share (``Estrées``) gets no code: the text alone
does not say which one is meant.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DICTIONARIES = ROOT / "dictionaries"
PACKAGE = "@etalab/decoupage-administratif@6.0.0"
REGION = "32"
DEPARTMENTS = ("02", "59", "60", "62", "80")
COMMON = 100
"""A commune name whose lower-case form is this frequent in the general lexicon is a word first."""
EPCI_TYPE = re.compile(r"^(?:CA|CC|CU|Métropole)\s+(?:(?:de la|de l'|du|des|de|d')\s*)?")
EPCI_LONG = {"CA": "Communauté d'agglomération", "CC": "Communauté de communes", "CU": "Communauté urbaine"}
"""How documents spell out the abbreviated type of an EPCI's official name."""
KINDS = ("region", "departement", "commune", "epci")
"""The kinds of ``place-codes.tsv``, in the order a name shared by two kinds is given to the first
(``Somme`` the department, ``Arras`` the commune rather than the EPCI named after it)."""


def fetch(into: Path) -> Path:
    """Unpack the npm package into ``into``; the folder holding ``data/``."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=into, check=True, capture_output=True)
    (archive,) = into.glob("*.tgz")
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "package"


def common_words() -> dict[str, int]:
    with gzip.open(DICTIONARIES / "general.tsv.gz", "rt", encoding="utf-8") as handle:
        return {w: int(f) for w, f in (line.rstrip("\n").split("\t") for line in handle)}


def hand_written_places() -> set[str]:
    lines = (DICTIONARIES / "places.txt").read_text(encoding="utf-8").splitlines()
    return {line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()}


def communes(package: Path, frequency: dict[str, int], keep: set[str]) -> list[str]:
    rows = json.loads((package / "data" / "communes.json").read_text(encoding="utf-8"))
    names = {
        row["nom"] for row in rows
        if row.get("region") == REGION and row.get("type") == "commune-actuelle"
    }
    return sorted(n for n in names if n in keep or frequency.get(n.lower(), 0) <= COMMON)


def intercommunalites(package: Path) -> list[str]:
    """Each EPCI with a commune in the region, by its official name and by its proper name
    (``CA de la Porte du Hainaut`` and ``Porte du Hainaut``), as documents name it either way."""
    rows = json.loads((package / "data" / "epci.json").read_text(encoding="utf-8"))
    names: set[str] = set()
    for row in rows:
        if any(member["code"][:2] in DEPARTMENTS for member in row["membres"]):
            names.add(row["nom"])
            names.add(EPCI_TYPE.sub("", row["nom"]).strip())
    return sorted(n for n in names if n)


def epci_names(name: str) -> list[str]:
    """An EPCI's official name, its spelled-out form and its proper name."""
    kind = name.split(" ", 1)[0]
    spelled = [EPCI_LONG[kind] + name[len(kind):]] if kind in EPCI_LONG else []
    return [name, *spelled, EPCI_TYPE.sub("", name).strip()]


def place_codes(package: Path) -> list[tuple[str, str, str]]:
    """(name, kind, code) for every place of the region; code empty for a shared commune name."""
    data = package / "data"
    by_kind: dict[str, dict[str, set[str]]] = {kind: {} for kind in KINDS}
    for row in json.loads((data / "regions.json").read_text(encoding="utf-8")):
        if row["code"] == REGION:
            by_kind["region"].setdefault(row["nom"], set()).add(row["code"])
    for row in json.loads((data / "departements.json").read_text(encoding="utf-8")):
        if row["code"] in DEPARTMENTS:
            by_kind["departement"].setdefault(row["nom"], set()).add(row["code"])
    communes = [row for row in json.loads((data / "communes.json").read_text(encoding="utf-8"))
                if row.get("region") == REGION]
    current = {row["nom"] for row in communes if row["type"] == "commune-actuelle"}
    for row in communes:
        # Former communes merged into another (Lomme, Hellemmes) keep their own code, unless a
        # current commune has their name.
        if row["type"] == "commune-actuelle" or row["nom"] not in current:
            by_kind["commune"].setdefault(row["nom"], set()).add(row["code"])
    for row in json.loads((data / "epci.json").read_text(encoding="utf-8")):
        if any(member["code"][:2] in DEPARTMENTS for member in row["membres"]):
            for name in epci_names(row["nom"]):
                by_kind["epci"].setdefault(name, set()).add(row["code"])
    out: dict[str, tuple[str, str, str]] = {}
    for kind in KINDS:
        for name, codes in sorted(by_kind[kind].items()):
            out.setdefault(name.casefold(), (name, kind, min(codes) if len(codes) == 1 else ""))
    return sorted(out.values(), key=lambda row: (row[0].casefold(), row[0]))


def write(path: Path, header: str, names: list[str]) -> None:
    path.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(names)} names")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(sys.argv[1]) if len(sys.argv) > 1 else fetch(Path(tmp))
        source = f"# Generated by scripts/build_places.py from {PACKAGE} (Etalab, Licence Ouverte 2.0).\n"
        write(DICTIONARIES / "communes.txt",
              source + "# Communes of the Hauts-de-France (INSEE COG), common French words left out.\n",
              communes(package, common_words(), hand_written_places()))
        write(DICTIONARIES / "intercommunalites.txt",
              source + "# Intercommunalités (EPCI) with a commune in the Hauts-de-France (DGCL).\n",
              intercommunalites(package))
        rows = place_codes(package)
        path = DICTIONARIES / "place-codes.tsv"
        header = (source + "# Places of the Hauts-de-France: name, kind (" + ", ".join(KINDS) + "),\n"
                  "# official code (INSEE code of the region, department or commune; SIREN of the EPCI);\n"
                  "# no code for a commune name two communes share.\n")
        path.write_text(header + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(rows)} names")


if __name__ == "__main__":
    main()
