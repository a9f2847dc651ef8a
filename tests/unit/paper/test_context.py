import json

import numpy as np
import pandas as pd
from support.study_tables import by_seed_table

from musiclust.analysis.metrics import METRIC_COLUMNS, summarise_over_seeds
from musiclust.analysis.study import best_table, compare_to_baseline
from musiclust.paper.build import config_hash
from musiclust.paper.context import Tables, caption, cell, choose_figures, main_table, paper_context

MODELS = ["vae_mlp", "vade"]


def tables(by_seed: pd.DataFrame) -> Tables:
    by_seed = by_seed.assign(label_provenance="human", n=10, n_labelled=10)
    for metric in METRIC_COLUMNS:
        by_seed[metric] = by_seed[metric] if metric in by_seed else 0.5
    comparison = compare_to_baseline(by_seed)
    tracks = pd.DataFrame(
        {
            "track_id": ["a", "b", "c"],
            "language": ["en", "bn", "bn"],
            "genre": ["x", "y", "y"],
            "language_provenance": "human",
            "genre_provenance": "metadata",
        }
    )
    return Tables(
        metrics=summarise_over_seeds(by_seed),
        comparison=comparison,
        best=best_table(comparison, MODELS),
        rejected=pd.DataFrame({"source": ["s"], "stage": ["features"], "reason": ["silent"]}),
        tracks={"s": tracks, "lyr": tracks.iloc[:1]},
    )


def settings() -> dict:
    return {
        "title": "T",
        "authors": ["A"],
        "affiliation": "X",
        "sources": ["s", "lyr"],
        "combined": {"s": False, "lyr": False},
        "models": {
            "vae_mlp": {"architecture": "vae_mlp", "input": "summary", "condition": [], "latent_dim": 4},
            "vade": {"architecture": "vade_mlp", "input": "summary", "condition": [], "latent_dim": 4},
        },
        "spaces": ["vae_mlp", "vade", "pca", "tfidf_svd"],
        "baselines": ["pca"],
        "text_methods": ["tfidf_svd"],
        "features": {
            "sample_rate": 22050,
            "clip_seconds": 30.0,
            "n_mels": 128,
            "n_fft": 2048,
            "hop_length": 512,
            "logmel_frames": 128,
            "n_mfcc": 20,
        },
        "training": {
            "lr": 0.001,
            "batch_size": 64,
            "epochs": 300,
            "patience": 25,
            "kl_warmup_epochs": 20,
            "val_fraction": 0.15,
        },
        "clustering": {"algorithms": ["kmeans", "agglomerative"], "k": "n_classes"},
        "seeds": [0, 1],
        "sweep_source": None,
        "not_run": [],
        "figures": [
            {
                "kind": "latent",
                "path": "results/l/s/vae_mlp.umap.png",
                "source": "s",
                "method": "vae_mlp",
                "projection": "umap",
            },
            {
                "kind": "latent",
                "path": "results/l/s/pca.umap.png",
                "source": "s",
                "method": "pca",
                "projection": "umap",
            },
            {"kind": "curves", "path": "results/c/s/vae_mlp.png", "source": "s", "method": "vae_mlp"},
        ],
        "reproducibility": {"sentences": ["R."], "commands": ["make run"], "packages": [("numpy", "2")]},
    }


def discussion_of(by_seed: pd.DataFrame) -> tuple[list[str], list[str]]:
    ctx = paper_context(tables(by_seed), settings())
    json.dumps(ctx)  # the template reads it as JSON
    return ctx["discussion"], ctx["abstract"]


def test_the_generated_claim_flips_when_the_model_loses():
    losing, abstract = discussion_of(by_seed_table())
    assert losing[0] == (
        "s, genre: no trained model beats PCA + K-Means (1 compared), 1 lose to it and 0 are level with it;"
        " the highest ratio is vae_mlp's 0.550 [0.500, 0.600]."
    )
    assert "beats PCA + K-Means in 0 of 1 comparisons" in abstract[1] and "loses in 1" in abstract[1]
    winning = by_seed_table()
    vae = (winning["method"] == "vae_mlp") & (winning["algorithm"] == "kmeans")
    winning.loc[vae, "nmi"] = [0.30, 0.40]
    won, abstract = discussion_of(winning)
    assert won[0] == (
        "s, genre: the trained models win here: 1 of 1 beat PCA + K-Means, 0 lose to it and 0 are level with it;"
        " the highest ratio is vae_mlp's 1.550 [1.500, 1.600]."
    )
    assert "beats PCA + K-Means in 1 of 1 comparisons" in abstract[1]


def test_main_table_prints_the_metrics_table_rounded():
    t = tables(by_seed_table())
    table = main_table(t.metrics, ["vae_mlp", "pca", "tfidf_svd"], ["s", "lyr"])
    assert table["columns"] == ["space", "lyr\ngenre", "s\ngenre"]
    rows = {r[0]: r[1:] for r in table["rows"]}
    row = t.metrics.set_index(["source", "method", "algorithm", "label"]).loc[("s", "vae_mlp", "kmeans", "genre")]
    assert rows["vae_mlp"] == ["", f"{row['nmi']:.3f}\n[{row['nmi_lo']:.3f}, {row['nmi_hi']:.3f}]"]
    assert rows["vae_mlp"][1] == "0.125\n[0.100, 0.150]"
    assert rows["tfidf_svd"][0] == "0.300\n[0.300, 0.300]"  # two identical seeds: an interval of no width
    assert cell(np.nan) == "–" and cell(0.5) == "0.500"


def test_the_body_shows_the_best_trained_models_figures():
    figures = choose_figures(settings()["figures"], tables(by_seed_table()).comparison, MODELS)
    assert [f["path"] for f in figures["body"]] == ["/results/l/s/vae_mlp.umap.png", "/results/c/s/vae_mlp.png"]
    assert [f["path"] for f in figures["appendix"]] == ["/results/l/s/pca.umap.png"]
    assert caption(settings()["figures"][0]).startswith("UMAP map of vae_mlp on s")


def test_the_config_hash_changes_with_any_value():
    assert config_hash({"a": 1, "b": [1, 2]}) == config_hash({"b": [1, 2], "a": 1})
    assert config_hash({"a": 1}) != config_hash({"a": 2})


def test_the_conditional_vae_is_reported_as_an_instrument_with_its_probes():
    from musiclust.paper.context import instrument_sentences

    metrics = pd.DataFrame(
        [{"source": "s", "method": m, "algorithm": "kmeans", "label": lab, "probe_bacc": v, "probe_bacc_lo": v - 0.01,
          "probe_bacc_hi": v + 0.01} for m, lab, v in
         [("cvae_genre", "genre", 0.30), ("cvae_genre", "language", 0.90), ("vae_mlp", "genre", 0.60),
          ("vae_mlp", "language", 0.91)]]
    )  # fmt: skip
    models = {"cvae_genre": {"condition": ["genre"]}, "vae_mlp": {"condition": []}}
    assert instrument_sentences(metrics, {"models": models}) == [
        "s: cvae_genre, whose decoder is told the genre, keeps language probe 0.900 [0.890, 0.910] (vae_mlp: 0.910"
        " [0.900, 0.920]); genre probe 0.300 [0.290, 0.310] (vae_mlp: 0.600 [0.590, 0.610])."
    ]
    assert instrument_sentences(metrics.drop(columns=["probe_bacc"]), {"models": models}) == []


def test_the_method_says_how_the_inductive_spaces_were_made_only_when_there_are_some():
    from musiclust.paper.context import method_section

    assert "inductive" not in method_section(settings())["training"][0]
    with_inductive = {
        **settings(),
        "inductive": {"holdout_fraction": 0.2, "sources": ["s"], "spaces": ["pca_inductive", "vae_mlp_inductive"]},
    }
    text = method_section(with_inductive)["training"][0]
    assert "For the inductive evaluation (s), each seed holds out the tracks of 20% of the artists" in text
    assert "pca_inductive, vae_mlp_inductive are fitted" in text


def test_the_abstract_counts_inductive_verdicts_apart():
    from support.study_tables import row

    extra = []
    for seed, (pca, vae) in enumerate([(0.10, 0.30), (0.20, 0.50)]):
        extra += [row("s", "pca_inductive", "kmeans", seed, pca), row("s", "vae_mlp_inductive", "kmeans", seed, vae)]
    by_seed = pd.concat([by_seed_table(), pd.DataFrame(extra)], ignore_index=True)
    models = {**settings()["models"], "vae_mlp_inductive": settings()["models"]["vae_mlp"]}
    _, plain = discussion_of(by_seed_table())
    ctx = paper_context(tables(by_seed), {**settings(), "models": models})
    text = " ".join(ctx["abstract"])
    # the transductive count is as without the inductive rows; they get their own sentence
    assert plain[1] in ctx["abstract"] and "with 2 trained autoencoder variants" in text
    assert (
        "held out of all fitting (1 inductive variant), a model beats PCA + K-Means fitted the same way in 1 of 1"
        in text
    )
