"""Study-level tables: every space against PCA + K-Means, the best per label, the confound
audit, the k sweep and the beta x latent-dimension sweep."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as skm
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture

from musiclust.analysis.metrics import mean_ci95


def compare_to_baseline(
    by_seed: pd.DataFrame,
    metric: str = "nmi",
    baseline: tuple[str, str] = ("pca", "kmeans"),
    min_baseline: float = 0.02,
) -> pd.DataFrame:
    """Each (source, method, algorithm, label) against the baseline space + algorithm of the same
    source and label: the metric's mean and 95% CI over seeds, and the ratio to the baseline
    paired by seed (mean and CI of the per-seed ratios). No baseline row, or a baseline whose
    mean is below ``min_baseline`` (at chance: a ratio to ~0 means nothing) -> NaN ratio."""
    base = by_seed[(by_seed["method"] == baseline[0]) & (by_seed["algorithm"] == baseline[1])]
    base = base.set_index(["source", "label", "seed"])[metric]
    rows = []
    for (source, method, algorithm, label), group in by_seed.groupby(
        ["source", "method", "algorithm", "label"], sort=True
    ):
        values = group[metric].to_numpy(float)
        mean, ci = mean_ci95(values)
        keys = [(source, label, s) for s in group["seed"]]
        ref = np.array([base.get(k, np.nan) for k in keys], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ref > 0, values / ref, np.nan)
        ratio_mean, ratio_ci = mean_ci95(ratio)
        base_mean, base_ci = mean_ci95(ref)
        if not base_mean >= min_baseline:
            ratio_mean, ratio_ci = float("nan"), float("nan")
        rows.append(
            {
                "source": source,
                "label": label,
                "method": method,
                "algorithm": algorithm,
                metric: mean,
                f"{metric}_ci95": ci,
                f"baseline_{metric}": base_mean,
                f"baseline_{metric}_ci95": base_ci,
                "ratio": ratio_mean,
                "ratio_ci95": ratio_ci,
                "n_seeds": int(group["seed"].nunique()),
                "noise_share": float(group["noise_share"].mean()) if "noise_share" in group else 0.0,
            }
        )
    out = pd.DataFrame(rows)
    out.insert(4, "baseline", f"{baseline[0]}+{baseline[1]}")
    return out.sort_values(["source", "label", metric], ascending=[True, True, False], kind="stable").reset_index(
        drop=True
    )


def best_per_label(comparison: pd.DataFrame, metric: str = "nmi", methods: list[str] | None = None) -> pd.DataFrame:
    """The highest-mean row per (source, label), optionally among ``methods`` only.

    Only clusterings that place every track compete: DBSCAN's scores cover its non-noise points
    alone, which would flatter it against partitions of all tracks."""
    table = comparison if methods is None else comparison[comparison["method"].isin(methods)]
    table = table[table["noise_share"] == 0].dropna(subset=[metric])
    idx = table.groupby(["source", "label"], sort=True)[metric].idxmax()
    return table.loc[idx].reset_index(drop=True)


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


def confound_audit(by_seed: pd.DataFrame, tracks_by_source: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """For sources that combine datasets: does a clustering follow the label or the dataset?

    Per (source, method, algorithm, label): NMI against the label and against the dataset (mean
    and CI over seeds), and NMI(label, dataset) itself: when that is near 1 the two cannot be told
    apart in this data and a high label NMI says nothing about the label."""
    if "nmi_dataset" not in by_seed:
        return pd.DataFrame()
    rows = []
    audited = by_seed[by_seed["source"].isin(list(tracks_by_source)) & by_seed["nmi_dataset"].notna()]
    for (source, method, algorithm, label), group in audited.groupby(
        ["source", "method", "algorithm", "label"], sort=True
    ):
        nmi, nmi_ci = mean_ci95(group["nmi"])
        ds, ds_ci = mean_ci95(group["nmi_dataset"])
        agreement = label_agreement(tracks_by_source[source], label, "dataset")
        rows.append(
            {
                "source": source,
                "method": method,
                "algorithm": algorithm,
                "label": label,
                "nmi_label": nmi,
                "nmi_label_ci95": nmi_ci,
                "nmi_dataset": ds,
                "nmi_dataset_ci95": ds_ci,
                "label_vs_dataset_nmi": agreement,
                "follows": follows(nmi, ds, agreement),
            }
        )
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
    """One row per (variant, label): beta, latent dim, NMI mean/CI, and validation recon/KL at the best epoch."""
    rows = []
    for (method, label), group in by_seed.groupby(["method", "label"], sort=True):
        beta, dim = grid[method]
        best = [h[h["best"]] if h["best"].any() else h.tail(1) for (m, _), h in histories.items() if m == method]
        recon = mean_ci95([float(b["val_recon"].iloc[0]) for b in best])
        kl = mean_ci95([float(b["val_kl"].iloc[0]) for b in best])
        nmi = mean_ci95(group["nmi"])
        rows.append(
            {
                "method": method,
                "beta": beta,
                "latent_dim": dim,
                "label": label,
                "nmi": nmi[0],
                "nmi_ci95": nmi[1],
                "val_recon": recon[0],
                "val_recon_ci95": recon[1],
                "val_kl": kl[0],
                "val_kl_ci95": kl[1],
                "n_seeds": int(group["seed"].nunique()),
            }
        )
    return pd.DataFrame(rows).sort_values(["label", "beta", "latent_dim"], kind="stable").reset_index(drop=True)
