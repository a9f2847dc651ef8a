"""A small by-seed metrics table for the study and findings tests."""

import numpy as np
import pandas as pd


def row(source, method, algorithm, seed, nmi, **extra):
    base = {"source": source, "method": method, "algorithm": algorithm, "label": "genre", "seed": seed, "nmi": nmi,
            "noise_share": 0.0, "k": 3, "k_target": 3, "nmi_chance": 0.05}  # fmt: skip
    return {**base, **extra}


def by_seed_table():
    rows = []
    for seed, (pca, vae, text) in enumerate([(0.20, 0.10, 0.5), (0.25, 0.15, 0.6)]):
        rows += [row("s", "pca", "kmeans", seed, pca), row("s", "vae_mlp", "kmeans", seed, vae)]
        rows += [row("s", "tfidf_svd", "kmeans", seed, text), row("lyr", "tfidf_svd", "kmeans", seed, 0.3)]
        rows.append(row("s", "vae_mlp", "dbscan", seed, 0.9, noise_share=0.6, k=5, k_target=np.nan))
        rows.append(row("s", "vade", "posterior", seed, 0.95, k=2, k_target=np.nan))
        rows.append(row("s", "vae_mlp", "gmm", seed, 0.99, k=2))  # an empty component: k found < k asked
    rows.append(row("s", "pca", "agglomerative", 0, 0.3))  # deterministic: run once
    return pd.DataFrame(rows)
