"""Study-level tables: every space against PCA + K-Means, the best per label (and of how many),
the confound audit, the k sweep and the beta x latent-dimension sweep."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture

from musiclust.analysis.intervals import mean_interval
from musiclust.config.names import INDUCTIVE_SUFFIX

KEYS = ["source", "method", "algorithm", "label"]


def _first(group: pd.DataFrame, column: str, default=float("nan")):
    return group[column].iloc[0] if column in group else default


def _mean(group: pd.DataFrame, column: str) -> float:
    return float(group[column].mean()) if column in group and group[column].notna().any() else float("nan")


def paired_ratios(values: pd.Series, reference: pd.Series) -> np.ndarray:
    """Per-seed ratios ``values / reference`` (both indexed by seed). A space + algorithm run once
    (it does not change with the seed) is set against every seed of the reference."""
    if len(values) == 1:
        values = pd.Series(values.iloc[0], index=reference.index)
    ref = reference.reindex(values.index).to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ref > 0, values.to_numpy(float) / ref, np.nan)


def compare_to_baseline(
    by_seed: pd.DataFrame, seed: int = 0, metric: str = "nmi", baseline: tuple[str, str] = ("pca", "kmeans")
) -> pd.DataFrame:
    """Each (source, method, algorithm, label) beside the baseline space + algorithm of the same
    source and label: both means with 95% intervals, the baseline's chance level (mean of its
    ``nmi_chance``), and the ratio to the baseline, paired by seed. The ratio is left out where
    the baseline's interval (its mean, when it has none) does not clear its chance level: a
    ratio to a baseline at chance means nothing. An inductive space (``<space>_inductive``, the
    held-out artists' tracks) is set against the inductive baseline (``pca_inductive``), which
    holds out the same tracks for each seed."""
    references = {baseline[0], baseline[0] + INDUCTIVE_SUFFIX}
    is_base = by_seed["method"].isin(references) & (by_seed["algorithm"] == baseline[1])
    bases = {key: g.set_index("seed") for key, g in by_seed[is_base].groupby(["source", "method", "label"])}
    rows = []
    for (source, method, algorithm, label), group in by_seed.groupby(KEYS, sort=True):
        reference = baseline[0] + (INDUCTIVE_SUFFIX if method.endswith(INDUCTIVE_SUFFIX) else "")
        est = mean_interval(group[metric], seed)
        row = {
            "source": source, "label": label, "method": method, "algorithm": algorithm,
            "baseline": f"{reference}+{baseline[1]}", metric: est.mean, f"{metric}_lo": est.lo, f"{metric}_hi": est.hi,
            "n_seeds": int(group["seed"].nunique()), "n_valid": est.n_valid,
            "k": float(group["k"].mean()), "k_target": _mean(group, "k_target"),
            "noise_share": float(group["noise_share"].mean()),
            "label_provenance": _first(group, "label_provenance", "unknown"),
            "nmi_floor": _mean(group, "nmi_floor"), "nmi_within": _mean(group, "nmi_within"),
        }  # fmt: skip
        base = bases.get((source, reference, label))
        ratio = mean_interval([], seed)
        if base is not None:
            base_est = mean_interval(base[metric], seed)
            chance = _mean(base.reset_index(), "nmi_chance")
            row.update({
                f"baseline_{metric}": base_est.mean, f"baseline_{metric}_lo": base_est.lo,
                f"baseline_{metric}_hi": base_est.hi, "baseline_chance": chance,
            })  # fmt: skip
            lowest = base_est.lo if not np.isnan(base_est.lo) else base_est.mean
            if lowest > chance:
                ratio = mean_interval(paired_ratios(group.set_index("seed")[metric], base[metric]), seed)
        row.update(ratio=ratio.mean, ratio_lo=ratio.lo, ratio_hi=ratio.hi)
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values(["source", "label", metric], ascending=[True, True, False], kind="stable").reset_index(
        drop=True
    )


def best_per_label(comparison: pd.DataFrame, metric: str = "nmi", methods: list[str] | None = None) -> pd.DataFrame:
    """The highest-mean row per (source, label) and ``n_candidates``, how many competed.

    Candidates (optionally among ``methods`` only) are clusterings that place every track at the
    k asked for, in every seed: DBSCAN's scores cover its non-noise points alone, and a model's
    own clusters (VaDE: ``posterior``) come at the number of components it fills; both would
    compare unlike with like; so would an inductive space, scored on the held-out tracks alone."""
    table = comparison if methods is None else comparison[comparison["method"].isin(methods)]
    table = table[~table["method"].str.endswith(INDUCTIVE_SUFFIX)]
    fair = (table["noise_share"] == 0) & (table["k"] == table["k_target"]) & (table["n_valid"] == table["n_seeds"])
    return _best_of(table[fair], metric)


def own_cluster_rows(comparison: pd.DataFrame, metric: str = "nmi") -> pd.DataFrame:
    """The models scored on their own clusters (algorithm ``posterior``), best per (source, label)."""
    return _best_of(comparison[comparison["algorithm"] == "posterior"], metric)


def _best_of(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The highest-``metric`` row per (source, label), with ``n_candidates``."""
    table = table.dropna(subset=[metric])
    counts = table.groupby(["source", "label"]).size().rename("n_candidates")
    idx = table.groupby(["source", "label"], sort=True)[metric].idxmax()
    return table.loc[idx].join(counts, on=["source", "label"]).reset_index(drop=True)


def best_table(comparison: pd.DataFrame, models: list[str], metric: str = "nmi") -> pd.DataFrame:
    """Best per (source, label) among any space, among the trained models (both at k = the
    requested k), and among models' own clusters, each with how many candidates it beat."""
    return pd.concat(
        [
            best_per_label(comparison, metric).assign(scope="any space"),
            best_per_label(comparison, metric, methods=models).assign(scope="trained models"),
            own_cluster_rows(comparison, metric).assign(scope="own clusters"),
        ],
        ignore_index=True,
    ).sort_values(["source", "label", "scope"], kind="stable")


def label_agreement(tracks: pd.DataFrame, a: str, b: str) -> float:
    """NMI between two label columns over the tracks that have both (1 = one determines the other)."""
    both = tracks[[a, b]].dropna()
    if both[a].nunique() < 2 or both[b].nunique() < 2:
        return float("nan")
    return float(skm.normalized_mutual_info_score(both[a].astype(str), both[b].astype(str)))


def follows(nmi_label: float, nmi_dataset: float, label_vs_dataset: float) -> str:
    """Which the clustering agrees with more; "inseparable" when the label and the dataset coincide."""
    if label_vs_dataset > 0.99:
        return "inseparable"
    return "dataset" if nmi_dataset > nmi_label else "label"


def confound_audit(by_seed: pd.DataFrame, tracks_by_source: dict[str, pd.DataFrame], seed: int = 0) -> pd.DataFrame:
    """For sources that combine datasets: does a clustering follow the label or the dataset?

    Per (source, method, algorithm, label): the label's class count after and before
    harmonisation, NMI against the label and against the dataset (means and 95% intervals),
    the dataset-only floor (NMI of the partition into datasets against the label, which any
    cross-dataset result must beat: ``beats_floor`` when the interval's lower end is above
    it), NMI within each dataset and their size-weighted mean, and NMI(label, dataset) over
    all tracks: near 1, the two cannot be told apart in this data."""
    if "nmi_dataset" not in by_seed:
        return pd.DataFrame()
    rows = []
    audited = by_seed[by_seed["source"].isin(list(tracks_by_source)) & by_seed["nmi_dataset"].notna()]
    per_dataset = sorted(c for c in audited.columns if c.startswith("nmi_in__"))
    for (source, method, algorithm, label), group in audited.groupby(KEYS, sort=True):
        tracks = tracks_by_source[source]
        nmi, ds, within = (mean_interval(group[c], seed) for c in ("nmi", "nmi_dataset", "nmi_within"))
        floor = _mean(group, "nmi_floor")
        agreement = label_agreement(tracks, label, "dataset")
        raw = f"{label}_raw"
        row = {
            "source": source, "method": method, "algorithm": algorithm, "label": label,
            "label_provenance": _first(group, "label_provenance", "unknown"),
            "n_classes": int(tracks[label].nunique()),
            "n_classes_raw": int(tracks[raw].nunique()) if raw in tracks else int(tracks[label].nunique()),
            "n_seeds": int(group["seed"].nunique()),
            "noise_share": _mean(group, "noise_share"),
            "nmi_label": nmi.mean, "nmi_label_lo": nmi.lo, "nmi_label_hi": nmi.hi,
            "dataset_floor": floor,
            "beats_floor": bool((nmi.lo if not np.isnan(nmi.lo) else nmi.mean) > floor),
            "nmi_within": within.mean, "nmi_within_lo": within.lo, "nmi_within_hi": within.hi,
            **{c.replace("nmi_in__", "nmi_within__"): _mean(group, c) for c in per_dataset},
            "nmi_dataset": ds.mean, "nmi_dataset_lo": ds.lo, "nmi_dataset_hi": ds.hi,
            "label_vs_dataset_nmi": agreement,
            "follows": follows(nmi.mean, ds.mean, agreement),
        }  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def k_sweep(X: np.ndarray, ks: list[int], seed: int) -> pd.DataFrame:
    """K-Means silhouette and inertia, and Gaussian-mixture BIC, for each k."""
    rows = []
    for k in ks:
        if k >= len(X):
            continue
        km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(X)
        gmm = GaussianMixture(n_components=k, covariance_type="diag", random_state=seed, reg_covar=1e-4).fit(X)
        rows.append(
            {
                "k": k,
                "silhouette": float(skm.silhouette_score(X, km.labels_)),
                "inertia": float(km.inertia_),
                "gmm_bic": float(gmm.bic(X)),
            }
        )
    return pd.DataFrame(rows)


def sweep_summary(
    by_seed: pd.DataFrame, histories: dict[tuple[str, int], pd.DataFrame], grid: dict[str, tuple[float, int]]
) -> pd.DataFrame:
    """One row per (variant, label): beta, latent dim, NMI, and validation recon/KL at the best
    epoch, each with its mean and 95% interval over the seeds."""
    rows = []
    for (method, label), group in by_seed.groupby(["method", "label"], sort=True):
        beta, dim = grid[method]
        best = [h[h["best"]] if h["best"].any() else h.tail(1) for (m, _), h in histories.items() if m == method]
        row = {"method": method, "beta": beta, "latent_dim": dim, "label": label}
        for name, values in (
            ("nmi", group["nmi"]),
            ("val_recon", [float(b["val_recon"].iloc[0]) for b in best]),
            ("val_kl", [float(b["val_kl"].iloc[0]) for b in best]),
        ):
            est = mean_interval(values)
            row.update({name: est.mean, f"{name}_lo": est.lo, f"{name}_hi": est.hi})
        row["n_seeds"] = int(group["seed"].nunique())
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["label", "beta", "latent_dim"], kind="stable").reset_index(drop=True)
