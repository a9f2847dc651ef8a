"""Clustering quality: internal (on the clustered space) and external (against labels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm

METRIC_COLUMNS = [
    "silhouette",
    "calinski_harabasz",
    "davies_bouldin",
    "ari",
    "nmi",
    "purity",
]

# NMI of each clustering against the dataset a track came from, where a source combines several
AUDIT_COLUMNS = ["nmi_dataset"]


def cluster_purity(labels_true, labels_pred) -> float:
    """Share of points whose cluster's majority class is their own class.

    purity = (1/N) * sum over clusters of the size of the cluster's largest class.
    """
    labels_true = np.asarray(labels_true)
    labels_pred = np.asarray(labels_pred)
    if labels_true.shape != labels_pred.shape:
        raise ValueError(f"label arrays differ in shape: {labels_true.shape} vs {labels_pred.shape}")
    if labels_true.size == 0:
        raise ValueError("purity of an empty clustering is undefined")
    table = skm.cluster.contingency_matrix(labels_true, labels_pred)
    return float(table.max(axis=0).sum() / labels_true.size)


def internal_metrics(X: np.ndarray, labels_pred) -> dict[str, float]:
    """Silhouette, Calinski-Harabasz and Davies-Bouldin; NaN where fewer than 2 clusters exist."""
    labels_pred = np.asarray(labels_pred)
    n_clusters = len(np.unique(labels_pred))
    if n_clusters < 2 or n_clusters >= len(labels_pred):
        return {"silhouette": np.nan, "calinski_harabasz": np.nan, "davies_bouldin": np.nan}
    return {
        "silhouette": float(skm.silhouette_score(X, labels_pred)),
        "calinski_harabasz": float(skm.calinski_harabasz_score(X, labels_pred)),
        "davies_bouldin": float(skm.davies_bouldin_score(X, labels_pred)),
    }


def external_metrics(labels_true, labels_pred) -> dict[str, float]:
    """ARI, NMI and purity over the points that have a label (missing labels are skipped)."""
    true = pd.Series(labels_true, dtype="object")
    known = true.notna().to_numpy()
    if known.sum() == 0:
        return {"ari": np.nan, "nmi": np.nan, "purity": np.nan}
    t, p = true[known].astype(str).to_numpy(), np.asarray(labels_pred)[known]
    return {
        "ari": float(skm.adjusted_rand_score(t, p)),
        "nmi": float(skm.normalized_mutual_info_score(t, p)),
        "purity": cluster_purity(t, p),
    }


GROUP_COLUMNS = ["source", "method", "algorithm", "label"]


def mean_ci95(values) -> tuple[float, float]:
    """Mean and the half-width of its 95% t-interval (NaN half-width for fewer than 2 values)."""
    from scipy import stats

    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return float("nan"), float("nan")
    if len(x) < 2:
        return float(x.mean()), float("nan")
    half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
    return float(x.mean()), float(half)


def summarise_over_seeds(by_seed: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, method, algorithm, label): each metric's mean over seeds, its 95%
    confidence half-width (``<metric>_ci95``), the mean k and noise share, and ``n_seeds``."""
    rows = []
    for key, group in by_seed.groupby(GROUP_COLUMNS, sort=True):
        row = dict(zip(GROUP_COLUMNS, key))
        row.update(
            k=float(group["k"].mean()),
            n=int(group["n"].max()),
            n_labelled=int(group["n_labelled"].max()),
            noise_share=float(group["noise_share"].mean()),
            n_seeds=int(group["seed"].nunique()),
        )
        for metric in METRIC_COLUMNS + [c for c in AUDIT_COLUMNS if c in by_seed]:
            row[metric], row[f"{metric}_ci95"] = mean_ci95(group[metric])
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["source", "label", "method", "algorithm"], kind="stable")
