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
