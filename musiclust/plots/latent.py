"""Latent-space maps: 2-D UMAP / t-SNE projections coloured by cluster and by label."""

from __future__ import annotations

import math
import warnings
from typing import Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.spatial.distance import cdist

# umap-learn's own size below which it computes all pairwise distances
SMALL_UMAP = 4096


def cached_umap():
    """umap-learn with every numba function of its modules cached on disk (NUMBA_CACHE_DIR): most
    are compiled without ``cache=True``, about 9 s in every process that draws a first map."""
    import numba
    import umap
    from numba.core.caching import NullCache

    for module in (umap.umap_, umap.utils, umap.layouts, umap.spectral, umap.distances, umap.sparse):
        for fn in vars(module).values():
            if isinstance(fn, numba.core.registry.CPUDispatcher) and isinstance(fn._cache, NullCache):
                fn.enable_caching()
    return umap


def umap_2d(X: np.ndarray, seed: int) -> np.ndarray:
    umap = cached_umap()

    n_neighbors = max(2, min(15, len(X) - 1))
    # 200 epochs (umap-learn's choice past 10,000 points; 500 below): a map, not a metric, so the
    # cheaper layout is enough
    options = dict(n_components=2, n_neighbors=n_neighbors, n_epochs=200, random_state=seed, n_jobs=1)
    if len(X) >= SMALL_UMAP:  # umap-learn's approximate neighbours
        return umap.UMAP(**options).fit_transform(X)
    # below that size umap-learn takes all distances through a Python callable (one call per pair,
    # 15 s for 2617 points); the same Euclidean distances, precomputed, take 0.1 s
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "using precomputed metric", UserWarning)
        return umap.UMAP(metric="precomputed", **options).fit_transform(cdist(X, X))


def tsne_2d(X: np.ndarray, seed: int) -> np.ndarray:
    from sklearn.manifold import TSNE

    perplexity = float(min(30.0, max(2.0, (len(X) - 1) / 3)))
    return TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed).fit_transform(X)


PROJECTIONS: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {"umap": umap_2d, "tsne": tsne_2d}


def project_2d(X: np.ndarray, method: str, seed: int) -> np.ndarray:
    if method not in PROJECTIONS:
        raise ValueError(f"unknown projection {method!r}; known: {sorted(PROJECTIONS)}")
    return PROJECTIONS[method](X, seed)


MAX_LEGEND = 15


def latent_colourings(
    tracks: pd.DataFrame, clusters: dict[str, pd.DataFrame], labels: list[str]
) -> dict[str, pd.Series]:
    """The panels of a latent map: each label, then each algorithm's clusters (``clusters``:
    algorithm -> cluster table, both indexed like the embedding); DBSCAN ignores k: one panel."""
    colourings = {label: tracks[label] for label in labels}
    for algorithm, table in clusters.items():
        for label in labels:
            if f"cluster_{label}" in table:
                k = "own k, -1 = noise" if algorithm == "dbscan" else f"k = #{label} classes"
                colourings[f"{algorithm} ({k})"] = table[f"cluster_{label}"]
                if algorithm == "dbscan":
                    break
    return colourings


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
