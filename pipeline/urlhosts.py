"""Hosts: the public suffixes from the Public Suffix List as Debian ships it (package ``publicsuffix``),
the registrable domains French public bodies publish on (``dictionaries/hosts.txt``), and the hosts
a document's own link annotations vouch for; a host one letter from a known one was misread.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

PUBLIC_SUFFIX_LIST = Path("/usr/share/publicsuffix/public_suffix_list.dat")
FALLBACK_SUFFIXES = frozenset({"fr", "com", "org", "net", "eu", "gouv.fr", "info", "io", "be", "de", "int"})
"""Used only when the list is not installed (``make setup`` installs it)."""
HOSTS_FILE = Path(__file__).resolve().parent.parent / "dictionaries" / "hosts.txt"


@cache
def public_suffixes() -> frozenset[str]:
    """The ICANN part of the Public Suffix List (``fr``, ``gouv.fr``, ``com``…)."""
    try:
        text = PUBLIC_SUFFIX_LIST.read_text(encoding="utf-8")
    except OSError:
        return FALLBACK_SUFFIXES
    icann = text.split("===END ICANN DOMAINS===")[0]
    out = set()
    for line in icann.splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            out.add(line.lstrip("*.!"))
    return frozenset(out)


@cache
def known_hosts() -> frozenset[str]:
    """Registrable domains of the French public bodies the archive links to (``dictionaries/hosts.txt``)."""
    try:
        text = HOSTS_FILE.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    entries = (line.split("#")[0].strip().lower() for line in text.splitlines())
    return frozenset(entry for entry in entries if entry)


def suffix(host: str) -> str | None:
    """The longest public suffix ``host`` ends with, or None."""
    labels = host.lower().split(".")
    for k in range(len(labels) - 1):
        candidate = ".".join(labels[k + 1 :])
        if candidate in public_suffixes():
            return candidate
    return None


def registrable(host: str) -> str | None:
    """``www.data.gouv.fr`` → ``data.gouv.fr``: the label before the public suffix, and the suffix."""
    end = suffix(host)
    if end is None:
        return None
    labels = host.lower()[: -len(end) - 1].split(".")
    return f"{labels[-1]}.{end}" if labels and labels[-1] else None


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [k for k, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]] \
            and a[differ[1]] == b[differ[0]]  # ``illle.fr``: two letters read each as the other
        return len(differ) == 1 or swapped
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def closest_host(domain: str, hosts: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The one known registrable domain one letter from ``domain`` (``souv.fr`` → ``gouv.fr``), or two
    neighbours apart read each as the other (``illle.fr`` → ``lille.fr``)."""
    known = known_hosts() | set(hosts)
    if domain in known:
        return None
    near = [k for k in known if _one_edit(domain, k)]
    return near[0] if len(near) == 1 else None


def link_hosts(uris: list[str]) -> frozenset[str]:
    """The registrable domains of a page's link annotations: hosts the document itself vouches for."""
    out = set()
    for uri in uris:
        domain = registrable(urlsplit(uri).hostname or "")
        if domain:
            out.add(domain)
    return frozenset(out)
