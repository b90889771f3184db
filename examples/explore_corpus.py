"""Exploring the cleaned archive: a notebook-style walk through load_corpus() and four plots.

Run it after `fiches run`:

    .venv/bin/python examples/explore_corpus.py --input data/clean --out plots

Each ``# %%`` cell runs as is in VS Code / Jupyter (jupytext percent format) or as a
script; the plots are written as PNG files to the output folder.
"""

# %% Setup: a non-interactive backend, so the script runs on a server or in CI.
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline import load_corpus  # noqa: E402

REVIEW_BELOW = 70
"""Mean OCR confidence under which a document is worth a look at its scan."""
BAR_HEIGHT = 0.32
"""Inches per bar: long file names stay readable, one row per document."""
TOP_PLACES = 20


# %% One label per document: its file name, the path when two files share a name, the id last.
def labels(documents: pd.DataFrame) -> pd.Series:
    """``id`` → a label no other document has (``fiche.pdf`` and ``fiche.png`` stay two rows)."""
    names = documents["source_path"].map(lambda p: Path(p).name)
    shared = names.duplicated(keep=False)
    names[shared] = documents.loc[shared, "source_path"]
    again = names.duplicated(keep=False)
    names[again] = names[again] + " (" + documents.loc[again, "id"] + ")"
    return pd.Series(names.to_numpy(), index=documents["id"].to_numpy())


def barh_rows(ax: plt.Axes, rows: list[str]) -> None:
    """One row per label, first label on top: rows are positions, never merged by name."""
    if not rows:
        ax.set_yticks([])
        return
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)


# %% OCR confidence per document: which scans deserve a second look?
def plot_confidence(documents: pd.DataFrame, label: pd.Series, out: Path) -> Path:
    scored = documents.dropna(subset=["ocr_confidence"]).sort_values("ocr_confidence")
    rows = [label[i] for i in scored["id"]]
    low = scored["ocr_confidence"] < REVIEW_BELOW
    fig, ax = plt.subplots(figsize=(10, 1.8 + BAR_HEIGHT * max(len(rows), 3)))
    ax.barh(range(len(rows)), scored["ocr_confidence"], color=["#e45756" if x else "#4c78a8" for x in low])
    barh_rows(ax, rows)
    for y, value in enumerate(scored["ocr_confidence"]):
        ax.text(value + 1, y, f"{value:.0f}", va="center", fontsize=8)
    ax.axvline(REVIEW_BELOW, color="#e45756", linestyle="--")
    ax.set_xlim(0, 105)
    ax.set_xlabel("mean OCR word confidence (0-100)")
    ax.set_title(f"OCR confidence per document\n{int(low.sum())} of {len(scored)} OCR'd below {REVIEW_BELOW} "
                 f"(red: look at the scan), {len(documents) - len(scored)} not OCR'd")
    if scored.empty:
        ax.text(0.5, 0.5, "no OCR'd document", ha="center", va="center", transform=ax.transAxes)
    return save(fig, out / "ocr_confidence.png")


# %% Corrections per document, split by the corrector's reason.
def plot_corrections(corpus, label: pd.Series, out: Path) -> Path:  # noqa: ANN001 - a pipeline.load.Corpus
    counts = (corpus.corrections.groupby(["id", "reason"], observed=True).size()
              .unstack(fill_value=0))
    counts = counts.loc[:, counts.sum().sort_values(ascending=False).index] if counts.shape[1] else counts
    counts = counts.reindex(corpus.documents["id"], fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    rows = [label[i] for i in counts.index]
    fig, ax = plt.subplots(figsize=(10, 1.6 + BAR_HEIGHT * max(len(rows), 3)))
    left = pd.Series(0, index=counts.index)
    colours = plt.get_cmap("tab10").colors
    for k, reason in enumerate(counts.columns):
        ax.barh(range(len(rows)), counts[reason], left=left, label=f"{reason} ({counts[reason].sum()})",
                color=colours[k % len(colours)])
        left += counts[reason]
    barh_rows(ax, rows)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("corrections")
    ax.set_title(f"Corrections per document, by reason ({len(corpus.corrections)} in all)")
    if counts.shape[1]:
        ax.legend(title="reason", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    else:
        ax.text(0.5, 0.5, "no correction", ha="center", va="center", transform=ax.transAxes)
    return save(fig, out / "corrections.png")


# %% Documents per year of their own date (a Date field, the title, a signature…).
def plot_years(documents: pd.DataFrame, out: Path) -> Path:
    dated = documents.dropna(subset=["date"])
    years = pd.to_datetime(dated["date"]).dt.year
    counts = (pd.crosstab(years, dated["date_source"].astype(str)) if len(dated)
              else pd.DataFrame(index=pd.Index([], dtype=int)))
    fig, ax = plt.subplots(figsize=(9, 4))
    bottom = pd.Series(0, index=counts.index)
    for source in counts.columns:
        ax.bar(counts.index.astype(str), counts[source], bottom=bottom, label=source)
        bottom += counts[source]
    undated = len(documents) - len(dated)
    ax.set_title(f"Documents per year of their own date ({len(dated)} dated, {undated} undated)")
    ax.set_ylabel("documents")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if counts.shape[1]:
        ax.legend(title="date read from", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    else:
        ax.text(0.5, 0.5, "no dated document", ha="center", va="center", transform=ax.transAxes)
    return save(fig, out / "documents_per_year.png")


# %% Places per year: how many documents of each year name each commune.
def plot_places(corpus, out: Path) -> Path:  # noqa: ANN001 - a pipeline.load.Corpus
    communes = corpus.places[corpus.places["kind"] == "commune"]
    dated = corpus.documents.dropna(subset=["date"])[["id", "date"]]
    joined = communes.merge(dated, on="id")
    joined["year"] = pd.to_datetime(joined["date"]).dt.year
    table = joined.pivot_table(index="name", columns="year", values="id", aggfunc="nunique", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index[:TOP_PLACES]]
    fig, ax = plt.subplots(figsize=(max(7.0, 3.5 + 0.7 * table.shape[1]), 1.8 + 0.35 * max(len(table), 3)))
    if table.size:
        image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
        ax.set_xticks(range(table.shape[1]), [str(y) for y in table.columns])
        ax.set_yticks(range(len(table)), [str(n) for n in table.index])
        peak = table.to_numpy().max()
        for (y, x), value in pd.DataFrame(table.to_numpy()).stack().items():
            if value:
                ax.text(x, y, str(value), ha="center", va="center", fontsize=8,
                        color="white" if value > peak / 2 else "black")
        bar = fig.colorbar(image, ax=ax, label="documents", fraction=0.04)
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    else:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no commune named in a dated document", ha="center", va="center",
                transform=ax.transAxes)
    ax.set_title(f"Documents naming each commune, per year of the document's own date\n"
                 f"({len(table)} communes, most named first)")
    return save(fig, out / "places_per_year.png")


def save(fig: plt.Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


# %% Run: load, glance at the tables, draw.
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load the cleaned corpus and draw a few plots.")
    parser.add_argument("--input", type=Path, default=Path("data/clean"))
    parser.add_argument("--out", type=Path, default=Path("plots"))
    args = parser.parse_args(argv)

    corpus = load_corpus(args.input)
    print(corpus)
    for warning in corpus.warnings:
        print("skipped:", warning)
    label = labels(corpus.documents)
    documents = corpus.documents.assign(label=corpus.documents["id"].map(label))
    print(documents[["id", "label", "pages", "method", "ocr_confidence", "corrections", "date",
                     "date_source"]].to_string(index=False))
    top = corpus.corrections.groupby("reason", observed=True).size().sort_values(ascending=False)
    print("corrections by reason:", top.to_dict())

    args.out.mkdir(parents=True, exist_ok=True)
    for path in (plot_confidence(corpus.documents, label, args.out),
                 plot_corrections(corpus, label, args.out),
                 plot_years(corpus.documents, args.out),
                 plot_places(corpus, args.out)):
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
