import numpy as np
import pandas as pd
import pytest

from musiclust.analysis.study import (
    best_per_label,
    compare_to_baseline,
    confound_audit,
    k_sweep,
    label_agreement,
    sweep_summary,
)


def by_seed_table():
    rows = []
    for seed, (pca, vae, text) in enumerate([(0.20, 0.10, 0.5), (0.25, 0.15, 0.6)]):
        for method, nmi in (("pca", pca), ("vae_mlp", vae), ("tfidf_svd", text)):
            rows.append(
                {
                    "source": "s",
                    "method": method,
                    "algorithm": "kmeans",
                    "label": "genre",
                    "seed": seed,
                    "nmi": nmi,
                    "noise_share": 0.0,
                }
            )
        rows.append(
            {
                "source": "s",
                "method": "vae_mlp",
                "algorithm": "dbscan",
                "label": "genre",
                "seed": seed,
                "nmi": 0.9,
                "noise_share": 0.6,
            }
        )
        rows.append(
            {
                "source": "lyr",
                "method": "tfidf_svd",
                "algorithm": "kmeans",
                "label": "genre",
                "seed": seed,
                "nmi": 0.3,
                "noise_share": 0.0,
            }
        )
    return pd.DataFrame(rows)


def test_ratios_are_paired_by_seed():
    table = compare_to_baseline(by_seed_table()).query("algorithm == 'kmeans'").set_index(["source", "method"])
    vae = table.loc[("s", "vae_mlp")]
    assert vae["nmi"] == pytest.approx(0.125)
    assert vae["ratio"] == pytest.approx((0.10 / 0.20 + 0.15 / 0.25) / 2)  # mean of per-seed ratios
    assert vae["baseline_nmi"] == pytest.approx(0.225) and vae["baseline"] == "pca+kmeans"
    assert table.loc[("s", "pca"), "ratio"] == pytest.approx(1.0) and table.loc[("s", "pca"), "ratio_ci95"] == 0.0
    assert np.isnan(table.loc[("lyr", "tfidf_svd"), "ratio"])  # no baseline in that source
    at_chance = by_seed_table().assign(nmi=lambda t: t["nmi"].where(t["method"] != "pca", 0.001))
    assert compare_to_baseline(at_chance).query("method == 'vae_mlp'")["ratio"].isna().all()


def test_best_per_label_overall_and_among_models():
    comparison = compare_to_baseline(by_seed_table())
    best = best_per_label(comparison).set_index("source")
    # DBSCAN's 0.9 covers 40% of the tracks: it does not compete
    assert best.loc["s", "method"] == "tfidf_svd" and best.loc["lyr", "method"] == "tfidf_svd"
    models = best_per_label(comparison, methods=["vae_mlp"])
    assert models["method"].tolist() == ["vae_mlp"] and models["algorithm"].tolist() == ["kmeans"]


def test_label_agreement_and_confound_audit():
    tracks = pd.DataFrame(
        {"language": ["en", "en", "bn", "bn"], "dataset": ["a", "a", "b", "b"], "genre": ["x", "y", "x", "y"]}
    )
    assert label_agreement(tracks, "language", "dataset") == pytest.approx(1.0)
    assert label_agreement(tracks, "genre", "dataset") == pytest.approx(0.0)
    by_seed = pd.DataFrame(
        {
            "source": "t",
            "method": "pca",
            "algorithm": "kmeans",
            "label": ["genre", "genre"],
            "seed": [0, 1],
            "nmi": [0.1, 0.2],
            "nmi_dataset": [0.8, 0.9],
        }
    )
    audit = confound_audit(by_seed, {"t": tracks}).iloc[0]
    assert audit["nmi_label"] == pytest.approx(0.15) and audit["nmi_dataset"] == pytest.approx(0.85)
    assert audit["follows"] == "dataset" and audit["label_vs_dataset_nmi"] == pytest.approx(0.0)
    by_seed["label"] = "language"
    assert confound_audit(by_seed, {"t": tracks}).iloc[0]["follows"] == "inseparable"


def test_k_sweep_peaks_at_the_true_number_of_blobs():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [10, 0], [0, 10], [10, 10]])
    X = np.concatenate([c + rng.normal(size=(30, 2)) for c in centres])
    table = k_sweep(X, [2, 3, 4, 5, 6], seed=0).set_index("k")
    assert table["silhouette"].idxmax() == 4
    assert table["gmm_bic"].idxmin() == 4


def test_sweep_summary_reads_the_best_epoch():
    by_seed = pd.DataFrame({"method": ["a", "a"], "label": "genre", "seed": [0, 1], "nmi": [0.1, 0.3]})

    def hist(kl):
        return pd.DataFrame({"epoch": [0, 1], "val_recon": [5.0, 4.0], "val_kl": [kl, kl + 1], "best": [False, True]})

    summary = sweep_summary(by_seed, {("a", 0): hist(1.0), ("a", 1): hist(3.0)}, {"a": (2.0, 8)}).iloc[0]
    assert summary["beta"] == 2.0 and summary["latent_dim"] == 8
    assert (
        summary["nmi"] == pytest.approx(0.2) and summary["val_recon"] == 4.0 and summary["val_kl"] == pytest.approx(3.0)
    )
