"""Exploring the cleaned archive: a notebook-style walk through load_corpus() and three plots.

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


def short_name(path: str) -> str:
    return Path(path).stem[:28]


# %% OCR confidence per document: which scans deserve a second look?
def plot_confidence(documents: pd.DataFrame, out: Path) -> Path:
    scored = documents.dropna(subset=["ocr_confidence"]).sort_values("ocr_confidence")
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.3 * len(scored))))
    ax.barh(scored["source_path"].map(short_name), scored["ocr_confidence"], color="#4c78a8")
    ax.axvline(60, color="#e45756", linestyle="--", label="60: words listed for review")
    ax.set_xlim(0, 100)
    ax.set_xlabel("mean OCR word confidence")
    ax.set_title(f"OCR confidence per document ({len(scored)} OCR'd of {len(documents)})")
    if scored.empty:
        ax.text(50, 0.5, "no OCR'd document", ha="center", va="center", transform=ax.transData)
    ax.legend(loc="lower right")
    return save(fig, out / "ocr_confidence.png")


# %% Corrections per document, split by the corrector's reason.
def plot_corrections(corpus, out: Path) -> Path:  # noqa: ANN001 - a pipeline.load.Corpus
    counts = (corpus.corrections.groupby(["id", "reason"], observed=True).size()
              .unstack(fill_value=0))
    names = corpus.documents.set_index("id")["source_path"].map(short_name)
    counts = counts.reindex(corpus.documents["id"], fill_value=0)
    counts.index = names[counts.index]
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.3 * len(counts))))
    if counts.shape[1]:
        counts.plot.barh(stacked=True, ax=ax)
    ax.set_xlabel("corrections")
    ax.set_ylabel("")
    ax.set_title(f"Corrections per document ({len(corpus.corrections)} in all)")
    return save(fig, out / "corrections.png")


# %% Documents per year, by the first date each mentions.
def plot_years(documents: pd.DataFrame, out: Path) -> Path:
    years = documents["first_date"].dt.year.dropna().astype(int).value_counts().sort_index()
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.bar(years.index.astype(str), years.to_numpy(), color="#54a24b")
    undated = int(documents["first_date"].isna().sum())
    ax.set_title(f"Documents per year (first date mentioned; {undated} undated)")
    ax.set_ylabel("documents")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return save(fig, out / "documents_per_year.png")


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
    print(corpus.documents[["id", "source_path", "pages", "method", "ocr_confidence", "corrections",
                            "first_date"]].to_string(index=False))
    top = corpus.corrections.groupby("reason", observed=True).size().sort_values(ascending=False)
    print("corrections by reason:", top.to_dict())

    args.out.mkdir(parents=True, exist_ok=True)
    for path in (plot_confidence(corpus.documents, args.out), plot_corrections(corpus, args.out),
                 plot_years(corpus.documents, args.out)):
        print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
