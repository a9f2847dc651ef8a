"""Clustering quality: internal (on the clustered space) and external (against labels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm

from musiclust.analysis.intervals import mean_interval
from musiclust.analysis.probes import PROBE_COLUMNS

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


def internal_metrics(X: np.ndarray, labels_pred, sample_above: int | None = None, seed: int = 0) -> dict[str, float]:
    """Silhouette, Calinski-Harabasz and Davies-Bouldin; NaN where fewer than 2 clusters exist.

    The silhouette needs every pairwise distance (O(n^2) time); past ``sample_above`` points it
    is computed on a seeded random sample of that many (scikit-learn's ``sample_size``)."""
    labels_pred = np.asarray(labels_pred)
    n_clusters = len(np.unique(labels_pred))
    if n_clusters < 2 or n_clusters >= len(labels_pred):
        return {"silhouette": np.nan, "calinski_harabasz": np.nan, "davies_bouldin": np.nan}
    sample = sample_above if sample_above is not None and len(X) > sample_above else None
    return {
        "silhouette": float(skm.silhouette_score(X, labels_pred, sample_size=sample, random_state=seed)),
        "calinski_harabasz": float(skm.calinski_harabasz_score(X, labels_pred)),
        "davies_bouldin": float(skm.davies_bouldin_score(X, labels_pred)),
    }


def _labelled(labels_true, labels_pred) -> tuple[np.ndarray, np.ndarray] | None:
    """(labels as strings, predictions) of the points that have a label; None when none has."""
    true = pd.Series(labels_true, dtype="object")
    known = true.notna().to_numpy()
    if known.sum() == 0:
        return None
    return true[known].astype(str).to_numpy(), np.asarray(labels_pred)[known]


def external_metrics(labels_true, labels_pred) -> dict[str, float]:
    """ARI, NMI and purity over the points that have a label (missing labels are skipped)."""
    pair = _labelled(labels_true, labels_pred)
    if pair is None:
        return {"ari": np.nan, "nmi": np.nan, "purity": np.nan}
    t, p = pair
    return {
        "ari": float(skm.adjusted_rand_score(t, p)),
        "nmi": float(skm.normalized_mutual_info_score(t, p)),
        "purity": cluster_purity(t, p),
    }


CHANCE_PERMUTATIONS = 20


def chance_nmi(labels_true, labels_pred, seed: int, n_permutations: int = CHANCE_PERMUTATIONS) -> float:
    """The 95th percentile of NMI between the partition and the labels shuffled over the
    labelled points (seeded): what a clustering that knows nothing of the label reaches with
    these class and cluster sizes. NaN where nothing is labelled."""
    pair = _labelled(labels_true, labels_pred)
    if pair is None:
        return float("nan")
    t, p = pair
    rng = np.random.default_rng(seed)
    values = [skm.normalized_mutual_info_score(rng.permutation(t), p) for _ in range(n_permutations)]
    return float(np.quantile(values, 0.95))


GROUP_COLUMNS = ["source", "method", "algorithm", "label"]
# Summarised with an interval where present: NMI against the dataset, the dataset-only floor,
# NMI within datasets (sources that combine several), the chance level, and the linear probes.
AUDIT_COLUMNS = ["nmi_dataset", "nmi_floor", "nmi_within", "nmi_chance", *PROBE_COLUMNS]


def summarise_over_seeds(by_seed: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """One row per (source, method, algorithm, label): each metric's mean over the seeds that
    gave a value and its 95% percentile-bootstrap interval (``<metric>_lo``, ``<metric>_hi``;
    none with one value), the mean k found and the k asked for, the noise share, the label's
    provenance, ``n_seeds`` (replicates run) and ``n_valid`` (those that produced an NMI)."""
    rows = []
    audit = [c for c in AUDIT_COLUMNS if c in by_seed]
    for key, group in by_seed.groupby(GROUP_COLUMNS, sort=True):
        row = dict(zip(GROUP_COLUMNS, key))
        row.update(
            label_provenance=group["label_provenance"].iloc[0] if "label_provenance" in group else "unknown",
            k=float(group["k"].mean()),
            k_target=float(group["k_target"].mean()) if "k_target" in group else float("nan"),
            n=int(group["n"].max()),
            n_labelled=int(group["n_labelled"].max()),
            noise_share=float(group["noise_share"].mean()),
            n_seeds=int(group["seed"].nunique()),
            n_valid=int(group["nmi"].notna().sum()),
        )
        for metric in METRIC_COLUMNS + audit:
            est = mean_interval(group[metric], seed)
            row[metric], row[f"{metric}_lo"], row[f"{metric}_hi"] = est.mean, est.lo, est.hi
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["source", "label", "method", "algorithm"], kind="stable")


GUARDED_METRICS = ("nmi", "ari", "purity")  # how well a clustering finds its labels


def quality_guard(
    before: pd.DataFrame, after: pd.DataFrame, metrics=GUARDED_METRICS, margin: float = 0.01
) -> pd.DataFrame:
    """How two summary tables (``summarise_over_seeds``) differ in finding the labels: per (row,
    metric), ``fell`` where the new mean is below the earlier interval's lower bound by more than
    ``margin`` (below the earlier value, where it had no interval), ``rose`` where it is above the
    earlier upper bound (value); and one row per group only in one table (``metric`` "(row)").
    Columns: the group keys, metric, before, lo, hi, after, status."""
    keys = GROUP_COLUMNS
    merged = before.merge(after, on=keys, how="outer", suffixes=("", "_after"), indicator=True)
    found = [
        {**dict(zip(keys, row[keys])), "metric": "(row)", "before": None, "lo": None, "hi": None, "after": None}
        | {"status": "only before" if row["_merge"] == "left_only" else "only after"}
        for _, row in merged[merged["_merge"] != "both"].iterrows()
    ]
    both = merged[merged["_merge"] == "both"]
    for metric in [m for m in metrics if m in before and m in after]:
        old, new = both[metric], both[f"{metric}_after"]
        lo = both[f"{metric}_lo"].fillna(old) if f"{metric}_lo" in both else old
        hi = both[f"{metric}_hi"].fillna(old) if f"{metric}_hi" in both else old
        for status, rows in (("fell", new < lo - margin), ("rose", new > hi)):
            for _, row in both[rows].iterrows():
                found.append(
                    {**dict(zip(keys, row[keys])), "metric": metric, "before": row[metric], "lo": lo[row.name]}
                    | {"hi": hi[row.name], "after": row[f"{metric}_after"], "status": status}
                )
    columns = [*keys, "metric", "before", "lo", "hi", "after", "status"]
    return pd.DataFrame(found, columns=columns)
