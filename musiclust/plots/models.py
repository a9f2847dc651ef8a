"""Figures of trained models: training curves, reconstructions, latent traversals."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def training_curves_figure(histories: dict[int, pd.DataFrame], title: str) -> plt.Figure:
    """Reconstruction and KL per epoch (train dashed, validation solid), one line per seed; the best epoch marked."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    cmap = plt.get_cmap("tab10")
    for i, (seed, h) in enumerate(sorted(histories.items())):
        colour = cmap(i % cmap.N)
        for ax, part in zip(axes, ("recon", "kl")):
            ax.plot(h["epoch"], h[f"train_{part}"], ls="--", lw=1, color=colour)
            ax.plot(h["epoch"], h[f"val_{part}"], lw=1.5, color=colour, label=f"seed {seed}")
            best = h[h["best"]]
            if len(best):
                ax.axvline(float(best["epoch"].iloc[0]), color=colour, lw=0.6, alpha=0.5)
    axes[0].set_ylabel("reconstruction error per track")
    axes[1].set_ylabel("KL(q(z|x) || p(z)) per track")
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.set_yscale("symlog")
        ax.legend(fontsize=8, title="solid: validation, dashed: train", title_fontsize=8)
    fig.suptitle(title, fontsize=13)
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    return fig


def reconstruction_figure(
    originals: np.ndarray, recons: np.ndarray, names: list[str], title: str, ylabel: str
) -> plt.Figure:
    """Original (top row) and reconstructed (bottom row) time-frequency images, shared colour scale per clip."""
    n = len(originals)
    fig, axes = plt.subplots(2, n, figsize=(2.6 * n, 5.2), squeeze=False)
    for j in range(n):
        lo, hi = np.percentile(originals[j], [1, 99])
        for i, (img, row) in enumerate(((originals[j], "original"), (recons[j], "reconstruction"))):
            ax = axes[i, j]
            ax.imshow(img, origin="lower", aspect="auto", cmap="magma", vmin=lo, vmax=hi)
            ax.set_xticks([])
            ax.set_yticks([])
            if j == 0:
                ax.set_ylabel(f"{row}\n{ylabel}", fontsize=9)
            if i == 0:
                ax.set_title(names[j], fontsize=8)
    fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return fig


def traversal_figure(
    traversals: dict[int, np.ndarray], steps: np.ndarray, feature_names: list[str], title: str
) -> plt.Figure:
    """Per latent dimension: decoded features (rows) as the dimension moves over ``steps`` (columns), others at 0."""
    dims = list(traversals)
    fig, axes = plt.subplots(1, len(dims), figsize=(2.4 * len(dims) + 1.5, 7), squeeze=False, sharey=True)
    lim = max(float(np.abs(t - t[:, [len(steps) // 2]]).max()) for t in traversals.values()) or 1.0
    for ax, d in zip(axes.flat, dims):
        change = traversals[d] - traversals[d][:, [len(steps) // 2]]  # change from the centre of the traversal
        im = ax.imshow(change, aspect="auto", cmap="coolwarm", vmin=-lim, vmax=lim)
        ax.set_title(f"z{d:02d}", fontsize=10)
        ax.set_xticks(range(len(steps)), [f"{s:g}" for s in steps], fontsize=7)
        ax.set_xlabel("value (prior sd)", fontsize=8)
    step = max(1, len(feature_names) // 40)
    axes[0, 0].set_yticks(range(0, len(feature_names), step), feature_names[::step], fontsize=6)
    fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.6, label="decoded change (feature sd)")
    fig.suptitle(title, fontsize=12)
    return fig
