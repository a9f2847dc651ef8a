"""Cluster composition: what each cluster is made of, as stacked bars of the label's classes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from musiclust.plots.latent import MAX_LEGEND


def composition_table(clusters: pd.Series, labels: pd.Series) -> pd.DataFrame:
    """Counts of each label value (columns) within each cluster (rows); unknown labels kept."""
    labels = labels.astype("object").where(labels.notna(), "(unknown)").astype(str)
    return pd.crosstab(clusters.rename("cluster"), labels.rename("label"))


def composition_panels(
    clusters: pd.DataFrame, tracks: pd.DataFrame, labels: list[str], algorithm: str
) -> dict[str, tuple[pd.Series, pd.Series]]:
    """One panel per label the clustering has: (clusters, label values), aligned by track."""
    tracks = tracks.reindex(clusters.index)
    return {
        f"{label}: {algorithm} clusters (k = #{label} classes)": (clusters[f"cluster_{label}"], tracks[label])
        for label in labels
        if f"cluster_{label}" in clusters
    }


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
