"""The clustering algorithms by name, and each clustering scored against the labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import NearestNeighbors, kneighbors_graph

from musiclust.analysis.metrics import chance_nmi, external_metrics, internal_metrics

# Every algorithm takes (X, k, seed, quadratic_limit) and uses what it needs. Past
# ``quadratic_limit`` tracks (config clustering.quadratic_limit) the steps whose exact form is
# quadratic are bounded: Ward links along a nearest-neighbour graph, the silhouette is sampled.
QUADRATIC_LIMIT = 5000
WARD_NEIGHBOURS = 10


def kmeans_labels(X: np.ndarray, k: int, seed: int, quadratic_limit: int = QUADRATIC_LIMIT) -> np.ndarray:
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)


def agglomerative_labels(X: np.ndarray, k: int, seed: int, quadratic_limit: int = QUADRATIC_LIMIT) -> np.ndarray:
    """Ward linkage (deterministic; ``seed`` is unused). Up to ``quadratic_limit`` points every
    pair may merge (O(n^2) memory); past it, only neighbours on a 10-nearest-neighbour graph
    (O(n k) memory: scikit-learn's connectivity-constrained Ward)."""
    connectivity = None
    if len(X) > quadratic_limit:
        connectivity = kneighbors_graph(X, n_neighbors=min(WARD_NEIGHBOURS, len(X) - 1), include_self=False)
    return AgglomerativeClustering(n_clusters=k, linkage="ward", connectivity=connectivity).fit_predict(X)


def gmm_labels(X: np.ndarray, k: int, seed: int, quadratic_limit: int = QUADRATIC_LIMIT) -> np.ndarray:
    return GaussianMixture(n_components=k, covariance_type="full", n_init=3, random_state=seed).fit_predict(X)


def knee_index(values: np.ndarray) -> int:
    """Index of the knee of an increasing curve: the point farthest from the chord joining its ends."""
    y = np.asarray(values, dtype=float)
    if len(y) < 3:
        return len(y) - 1
    x = np.linspace(0.0, 1.0, len(y))
    span = y[-1] - y[0]
    yn = (y - y[0]) / span if span > 0 else np.zeros_like(y)
    return int(np.argmax(x - yn))


def dbscan_eps(X: np.ndarray, min_samples: int) -> float:
    """eps at the knee of the sorted distances to each point's ``min_samples``-th neighbour."""
    k = min(min_samples, len(X) - 1)
    dist, _ = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X)
    curve = np.sort(dist[:, k])
    return float(curve[knee_index(curve)])


def dbscan_labels(
    X: np.ndarray, k: int, seed: int, quadratic_limit: int = QUADRATIC_LIMIT, min_samples: int | None = None
) -> np.ndarray:
    """DBSCAN with eps from the k-distance knee; ``k`` and ``seed`` are unused; noise is -1.

    ``min_samples`` defaults to twice the dimension (at least 4, at most a tenth of the points).
    """
    if min_samples is None:
        min_samples = int(np.clip(2 * X.shape[1], 4, max(4, len(X) // 10)))
    return DBSCAN(eps=dbscan_eps(X, min_samples), min_samples=min_samples).fit_predict(X)


ALGORITHM_FUNCTIONS = {  # one per musiclust.config.names.ALGORITHMS
    "kmeans": kmeans_labels,
    "agglomerative": agglomerative_labels,
    "gmm": gmm_labels,
    "dbscan": dbscan_labels,
}


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
    quadratic_limit: int = QUADRATIC_LIMIT,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster ``X`` once per label (k chosen for that label) and score each clustering
    (``quadratic_limit``: see ``agglomerative_labels`` and ``internal_metrics``).

    Returns (assignments: one ``cluster_<label>`` column per label, metrics: one row per label).
    ``k`` in the metrics is the number of clusters found and ``k_target`` the number asked for
    (none for DBSCAN, which chooses its own); metrics of DBSCAN are over its non-noise points,
    with ``noise_share`` beside them.
    """
    assignments = pd.DataFrame(index=labels.index)
    rows = []
    for label in label_names:
        if n_classes(labels[label]) < 2 and k_setting == "n_classes":
            continue  # nothing to recover: a single class
        k = resolve_k(k_setting, labels[label])
        pred = ALGORITHM_FUNCTIONS[algorithm](X, k, seed, quadratic_limit)
        assignments[f"cluster_{label}"] = pred
        k_target = None if algorithm == "dbscan" else k
        rows.append(score_partition(X, pred, labels, label, algorithm, seed, k_target, quadratic_limit))
    return assignments, pd.DataFrame(rows)


def dataset_audit(labels: pd.DataFrame, label: str, pred: np.ndarray) -> dict[str, float]:
    """For tracks from several datasets: NMI against the dataset; the dataset-only floor (NMI of
    the partition into datasets against the label: what merely separating the datasets scores);
    and NMI within each dataset that has two or more classes (``nmi_in__<dataset>``), with their
    mean weighted by size (``nmi_within``)."""
    dataset, truth = labels["dataset"], labels[label]
    if n_classes(dataset) < 2:
        return {}
    out = {"nmi_dataset": external_metrics(dataset, pred)["nmi"]}
    known = (truth.notna() & dataset.notna()).to_numpy()
    out["nmi_floor"] = float(skm.normalized_mutual_info_score(truth[known].astype(str), dataset[known].astype(str)))
    within, sizes = [], []
    for name in sorted(dataset.dropna().unique()):
        rows = ((dataset == name) & truth.notna()).to_numpy()
        if truth[rows].nunique() < 2:
            continue  # one class in this dataset: nothing to recover within it
        value = float(skm.normalized_mutual_info_score(truth[rows].astype(str), pred[rows]))
        out[f"nmi_in__{name}"] = value
        within.append(value)
        sizes.append(rows.sum())
    out["nmi_within"] = float(np.average(within, weights=sizes)) if within else float("nan")
    return out


def score_partition(
    X: np.ndarray,
    pred: np.ndarray,
    labels: pd.DataFrame,
    label: str,
    algorithm: str,
    seed: int,
    k_target: int | None = None,
    quadratic_limit: int = QUADRATIC_LIMIT,
) -> dict:
    """Internal metrics in ``X`` and external ones against ``label`` over the non-noise points
    (-1 is noise), the NMI a random partition of the same sizes reaches (``nmi_chance``), the
    label's provenance, and, where tracks come from several datasets, the dataset audit."""
    clustered = pred != -1  # DBSCAN's noise points are scored out, their share reported
    n_found = len(np.unique(pred[clustered]))
    kept = labels[clustered]
    external = external_metrics(kept[label], pred[clustered])
    external["nmi_chance"] = chance_nmi(kept[label], pred[clustered], seed) if n_found >= 2 else float("nan")
    audit = dataset_audit(kept, label, pred[clustered]) if "dataset" in labels else {}
    if n_found < 2:  # one cluster recovers nothing, however "pure" it looks
        external = {name: float("nan") for name in external}
        audit = {name: float("nan") for name in audit}
    internal = internal_metrics(X[clustered], pred[clustered], sample_above=quadratic_limit, seed=seed)
    provenance_column = f"{label}_provenance"
    provenance = kept.loc[kept[label].notna(), provenance_column] if provenance_column in kept else pd.Series()
    return {
        "algorithm": algorithm,
        "label": label,
        "label_provenance": "+".join(sorted(provenance.dropna().unique())) or "unknown",
        "k": int(n_found),
        "k_target": np.nan if k_target is None else int(k_target),
        "n": len(X),
        "n_labelled": int(labels[label].notna().sum()),
        "noise_share": float(1.0 - clustered.mean()),
        "seed": seed,
        **internal,
        **external,
        **audit,
    }


def cluster_over_seeds(
    tracks: pd.DataFrame,
    embeddings: list[pd.DataFrame],
    seeds: list[int],
    label_names: list[str],
    algorithm: str,
    k_setting: int | str,
    quadratic_limit: int = QUADRATIC_LIMIT,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster and score each seed's embedding (reseeding the algorithm); returns the first seed's
    assignments and the metrics of every seed. ``tracks``: the labels, indexed by track id."""
    first, tables = None, []
    for seed, emb in zip(seeds, embeddings):
        assignments, metrics = cluster_and_score(
            emb.to_numpy(), tracks.reindex(emb.index), label_names, algorithm, k_setting, seed, quadratic_limit
        )
        first = assignments if first is None else first
        tables.append(metrics)
    return first, pd.concat(tables, ignore_index=True)
