"""Latent-space plots: 2-D UMAP / t-SNE projections coloured by cluster and by label."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from musiclust.figure_style import BENGALI_FONT_FAMILY  # noqa: F401  (sets the backend and fonts first)


def project_2d(X: np.ndarray, method: str, seed: int) -> np.ndarray:
    if method == "umap":
        import umap

        n_neighbors = max(2, min(15, len(X) - 1))
        return umap.UMAP(n_components=2, n_neighbors=n_neighbors, random_state=seed, n_jobs=1).fit_transform(X)
    if method == "tsne":
        from sklearn.manifold import TSNE

        perplexity = float(min(30.0, max(2.0, (len(X) - 1) / 3)))
        return TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed).fit_transform(X)
    raise ValueError(f"unknown projection {method!r}; use 'umap' or 'tsne'")


MAX_LEGEND = 15


def _scatter(ax, xy: np.ndarray, values: pd.Series, title: str) -> None:
    values = values.astype("object").where(values.notna(), "(unknown)").astype(str)
    categories = sorted(values.unique())
    cmap = plt.get_cmap("tab10" if len(categories) <= 10 else "tab20")
    for i, cat in enumerate(categories):
        mask = (values == cat).to_numpy()
        ax.scatter(xy[mask, 0], xy[mask, 1], s=14, alpha=0.8, color=cmap(i % cmap.N), label=f"{cat} ({mask.sum()})")
    ax.set_title(title if len(categories) <= MAX_LEGEND else f"{title}: {len(categories)} groups", fontsize=11)
    ax.set_xticks([])
    ax.set_yticks([])
    if len(categories) <= MAX_LEGEND:
        ax.legend(fontsize=8, markerscale=1.5, loc="best", frameon=True, framealpha=0.8)


def latent_figure(xy: np.ndarray, colourings: dict[str, pd.Series], title: str) -> plt.Figure:
    """One panel per colouring (e.g. clusters for k=#languages, language, genre)."""
    n = len(colourings)
    cols = min(3 if n > 4 else 2, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 5.5 * rows), squeeze=False)
    for ax, (name, values) in zip(axes.flat, colourings.items()):
        _scatter(ax, xy, values, name)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.suptitle(title, fontsize=13)
    fig.tight_layout(rect=(0, 0, 1, 0.97))  # keep the suptitle clear of the panel titles
    return fig


def composition_table(clusters: pd.Series, labels: pd.Series) -> pd.DataFrame:
    """Counts of each label value (columns) within each cluster (rows); unknown labels kept."""
    labels = labels.astype("object").where(labels.notna(), "(unknown)").astype(str)
    return pd.crosstab(clusters.rename("cluster"), labels.rename("label"))


def composition_figure(panels: dict[str, tuple[pd.Series, pd.Series]], title: str) -> plt.Figure:
    """Stacked bars, one per cluster, split by the label's classes: what each cluster is made of."""
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 4.8), squeeze=False)
    for ax, (name, (clusters, labels)) in zip(axes.flat, panels.items()):
        table = composition_table(clusters, labels)
        cmap = plt.get_cmap("tab10" if table.shape[1] <= 10 else "tab20")
        bottom = np.zeros(len(table))
        for i, col in enumerate(table.columns):
            ax.bar(table.index.astype(str), table[col], bottom=bottom, color=cmap(i % cmap.N), label=col)
            bottom += table[col].to_numpy()
        ax.set_xlabel("cluster")
        ax.set_ylabel("tracks")
        ax.set_title(name, fontsize=11)
        if table.shape[1] <= MAX_LEGEND:
            ax.legend(fontsize=8, frameon=True, framealpha=0.8)
        else:  # many classes (e.g. 18 genres): a compact legend beside the panel
            ax.legend(fontsize=6, ncol=2, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.suptitle(title, fontsize=13)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


def sweep_figure(summary: pd.DataFrame, title: str) -> plt.Figure:
    """NMI (per label) and validation reconstruction / KL against beta, one line per latent dimension."""
    labels = sorted(summary["label"].unique())
    panels = [(f"NMI vs {label}", summary[summary["label"] == label], "nmi") for label in labels]
    first = summary[summary["label"] == labels[0]]
    panels += [("validation reconstruction", first, "val_recon"), ("validation KL", first, "val_kl")]
    fig, axes = plt.subplots(1, len(panels), figsize=(4.3 * len(panels), 4), squeeze=False)
    for ax, (name, table, col) in zip(axes.flat, panels):
        for dim, group in table.groupby("latent_dim"):
            group = group.sort_values("beta")
            ax.errorbar(group["beta"], group[col], yerr=group[f"{col}_ci95"], marker="o", capsize=3, label=f"latent {dim}")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("beta")
        ax.set_title(name, fontsize=10)
        ax.legend(fontsize=8)
    fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.92))
    return fig


def k_sweep_figure(table: pd.DataFrame, title: str, n_classes: dict[str, int]) -> plt.Figure:
    """Silhouette (K-Means) and BIC (Gaussian mixture) against k; the labels' class counts marked."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    axes[0].plot(table["k"], table["silhouette"], marker="o")
    axes[0].set_ylabel("silhouette (K-Means)")
    axes[1].plot(table["k"], table["gmm_bic"], marker="o", color="tab:orange")
    axes[1].set_ylabel("BIC (Gaussian mixture, lower is better)")
    for ax in axes:
        ax.set_xlabel("k")
        for i, (label, k) in enumerate(sorted(n_classes.items())):
            ax.axvline(k, ls=":", color=plt.get_cmap("tab10")(i + 2), label=f"{label}: {k} classes")
        ax.legend(fontsize=8)
    fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.92))
    return fig
