"""Study figures: the beta x latent-dimension sweep and the k sweep."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd


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
            yerr = [group[col] - group[f"{col}_lo"], group[f"{col}_hi"] - group[col]]  # NaN: no interval
            ax.errorbar(group["beta"], group[col], yerr=yerr, marker="o", capsize=3, label=f"latent {dim}")
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
