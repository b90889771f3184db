"""Build the place lists: ``dictionaries/communes.txt``, ``intercommunalites.txt``,
``departements.txt`` and ``regions.txt``; and ``place-codes.tsv``, the kind and official code of
each place of the Hauts-de-France for the analysts' tables (INSEE code of the region, department
or commune, SIREN of the EPCI; no code for a commune name two communes of the region share).

Source: Etalab's ``@etalab/decoupage-administratif`` (the INSEE Code officiel géographique:
communes, departments, regions; the DGCL list of EPCIs; Licence Ouverte 2.0), fetched from the
npm registry with ``npm pack`` — or read from an unpacked copy given as the first argument::

    .venv/bin/python scripts/build_places.py [path/to/unpacked/package]

All of France is kept, metropolitan and overseas (DROM and COM). A commune whose name is also a
common French word (``Ville``, ``Contre``, ``Rue``, ``Y``) is left out unless ``places.txt``
names it by hand, so the segmenter does not take every ``Rue`` for a place: the frequency list of
``general.tsv.gz`` decides what is common. The same rule drops an EPCI's short proper name
(``Perche`` from ``CC du Perche``) but never its official name. Departments and regions are all
kept (``Nord``, ``Somme``, ``Lot``): they are few, and a document names them as places.
The output is sorted and deterministic: same package, same bytes.
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
COMMUNE_TYPES = ("commune-actuelle", "commune-deleguee", "commune-associee")
"""Current communes, and the former ones kept as communes déléguées or associées (``Lomme``,
``Hellemmes``), which documents still name; Paris, Lyon and Marseille's arrondissements are not."""
REGION_ZONES = ("metro", "drom")
"""The 18 regions; the package lists the COM (``Polynésie française``) among regions too: they
go with the departments, where it also lists them."""
COMMON = 100
"""A commune name whose lower-case form is this frequent in the general lexicon is a word first."""
EPCI_TYPE = re.compile(r"^(?:CA|CC|CU|Métropole)\s+(?:(?:de la|de l'|du|des|de|d')\s*)?")

REGION = "32"
DEPARTMENTS = ("02", "59", "60", "62", "80")
"""The region ``place-codes.tsv`` gives codes for: the Hauts-de-France, whose fiches these are."""
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


def rows(package: Path, name: str) -> list[dict]:
    return json.loads((package / "data" / f"{name}.json").read_text(encoding="utf-8"))


def not_common(names: set[str], frequency: dict[str, int], keep: set[str]) -> list[str]:
    return sorted(n for n in names if n in keep or frequency.get(n.lower(), 0) <= COMMON)


def communes(package: Path, frequency: dict[str, int], keep: set[str]) -> list[str]:
    names = {row["nom"] for row in rows(package, "communes") if row.get("type") in COMMUNE_TYPES}
    return not_common(names, frequency, keep)


def intercommunalites(package: Path, frequency: dict[str, int], keep: set[str]) -> list[str]:
    """Each EPCI (and each établissement public territorial of the Grand Paris) by its official
    name and by its proper name (``CA de la Porte du Hainaut`` and ``Porte du Hainaut``), as
    documents name it either way; a proper name that is a common word is left out."""
    official: set[str] = set()
    proper: set[str] = set()
    for row in rows(package, "epci") + rows(package, "ept"):
        official.add(row["nom"])
        proper.add(EPCI_TYPE.sub("", row["nom"]).strip())
    return sorted(official | set(not_common(proper - official - {""}, frequency, keep)))


def departements(package: Path) -> list[str]:
    return sorted({row["nom"] for row in rows(package, "departements")})


def regions(package: Path) -> list[str]:
    return sorted({row["nom"] for row in rows(package, "regions") if row["zone"] in REGION_ZONES})


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
        frequency, keep = common_words(), hand_written_places()
        source = f"# Generated by scripts/build_places.py from {PACKAGE} (Etalab, Licence Ouverte 2.0).\n"
        write(DICTIONARIES / "communes.txt",
              source + "# Communes of France, metropolitan and overseas, current and délégués/associés"
              " (INSEE COG), common French words left out.\n",
              communes(package, frequency, keep))
        write(DICTIONARIES / "intercommunalites.txt",
              source + "# Intercommunalités of France (DGCL list of EPCIs, and the EPTs of the Grand Paris),"
              " official and proper names; proper names that are common French words left out.\n",
              intercommunalites(package, frequency, keep))
        write(DICTIONARIES / "departements.txt",
              source + "# Departments of France (INSEE COG), and the overseas collectivités (COM).\n",
              departements(package))
        write(DICTIONARIES / "regions.txt",
              source + "# Regions of France, metropolitan and overseas (INSEE COG).\n",
              regions(package))
        codes = place_codes(package)
        path = DICTIONARIES / "place-codes.tsv"
        header = (source + "# Places of the Hauts-de-France: name, kind (" + ", ".join(KINDS) + "),\n"
                  "# official code (INSEE code of the region, department or commune; SIREN of the EPCI);\n"
                  "# no code for a commune name two communes share.\n")
        path.write_text(header + "".join("\t".join(row) + "\n" for row in codes), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(codes)} names")


if __name__ == "__main__":
    main()
