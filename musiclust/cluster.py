"""Representations and clusterings compared in the metric table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA

from musiclust.metrics import external_metrics, internal_metrics


def pca_embedding(X: np.ndarray, n_components: int, seed: int) -> np.ndarray:
    n_components = min(n_components, X.shape[0], X.shape[1])
    return PCA(n_components=n_components, random_state=seed).fit_transform(X)


def kmeans_labels(X: np.ndarray, k: int, seed: int, n_init: int = 10) -> np.ndarray:
    return KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit_predict(X)


ALGORITHMS = {"kmeans": kmeans_labels}


def n_classes(labels: pd.Series) -> int:
    return int(labels.dropna().nunique())


def resolve_k(k_setting: int | str, labels: pd.Series) -> int:
    """``k`` from config: an integer, or ``"n_classes"`` for the label's number of classes."""
    if k_setting == "n_classes":
        k = n_classes(labels)
    else:
        k = int(k_setting)
    if k < 2:
        raise ValueError(f"need k >= 2 clusters, got {k} (label has {n_classes(labels)} classes)")
    return k


def cluster_and_score(
    X: np.ndarray,
    labels: pd.DataFrame,
    label_names: list[str],
    algorithm: str,
    k_setting: int | str,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster ``X`` once per label (k chosen for that label) and score each clustering.

    Returns (assignments: one ``cluster_<label>`` column per label, metrics: one row per label).
    """
    assignments = pd.DataFrame(index=labels.index)
    rows = []
    for label in label_names:
        if n_classes(labels[label]) < 2 and k_setting == "n_classes":
            continue  # nothing to recover: a single class
        k = resolve_k(k_setting, labels[label])
        pred = ALGORITHMS[algorithm](X, k, seed)
        assignments[f"cluster_{label}"] = pred
        rows.append(
            {
                "algorithm": algorithm,
                "label": label,
                "k": k,
                "n": len(X),
                "n_labelled": int(labels[label].notna().sum()),
                "seed": seed,
                **internal_metrics(X, pred),
                **external_metrics(labels[label], pred),
            }
        )
    return assignments, pd.DataFrame(rows)
