"""The whole DAG on a small synthesised data set: two timbres, two broken files."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support.pdf_checks import page_texts, table_numbers, word_fonts
from support.pipeline_runs import ROOT, fake_lrclib, job_counts, snakemake, write_tiny_set
from support.synth import write_two_timbre_set

from musiclust.analysis.intervals import mean_interval

pytestmark = pytest.mark.workflow  # runs Snakemake: deselect with -m "not workflow"


@pytest.fixture(scope="module")
def lrclib():
    with fake_lrclib() as srv:
        yield srv


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, lrclib) -> Path:
    wd = tmp_path_factory.mktemp("pipeline")
    write_tiny_set(wd, lrclib.base)
    snakemake(wd, "--cores", "2")
    return wd


SYNTH_MODELS = {
    "vae_mlp",
    "ae_mlp",
    "beta_vae_b4",
    "cvae_language",
    "conv_vae_logmel",
    "conv_vae_mfcc",
    "multimodal_vae",
    "vade",
    "vade_windows",
}
TABLE_MODELS = {"vae_mlp", "ae_mlp", "beta_vae_b4", "cvae_language", "vade"}  # no log-mel, no windows, no lyrics
TEXT_SPACES = {"fasttext_sif", "tfidf_svd", "e5"}
INDUCTIVE = {"pca_inductive", "vae_mlp_inductive"}  # synth only (.test/config.yaml: inductive)


def test_metrics_table_has_every_method_and_label(workdir):
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv")
    expected = {
        "synth": (
            SYNTH_MODELS | {"pca", "spectral", "logmel_pca", "hybrid_pca"} | TEXT_SPACES | INDUCTIVE,
            ("language", "genre"),
        ),
        "table": (TABLE_MODELS | {"pca", "spectral"}, ("language", "genre")),
        "poems": (TEXT_SPACES, ("genre",)),  # one language: nothing to recover
        "pooled": (TEXT_SPACES, ("language", "genre")),
    }
    assert set(zip(table["source"], table["method"], table["label"], table["algorithm"])) == {
        (src, m, lab, alg)
        for src, (methods, labels) in expected.items()
        for m in methods
        for lab in labels
        for alg in ("kmeans", "dbscan")
    } | {(src, "vade", lab, "posterior") for src in ("synth", "table") for lab in ("language", "genre")} | {
        ("synth", "vade_windows", lab, "posterior") for lab in ("language", "genre")
    }  # VaDE's own clusters
    synth = table[table["source"] == "synth"]
    per_seed = SYNTH_MODELS | TABLE_MODELS | INDUCTIVE  # a space of its own per seed
    fixed_and_seedless = ~table["method"].isin(per_seed) & (table["algorithm"] == "dbscan")
    inductive = synth["method"].isin(INDUCTIVE)
    assert (synth.loc[~inductive, "n"] == 24).all() and (table.loc[~fixed_and_seedless, "n_seeds"] == 2).all()
    assert synth.loc[inductive, "n"].between(2, 12).all()  # the held-out quarter of the artists' tracks
    assert (table.loc[fixed_and_seedless, "n_seeds"] == 1).all()  # one run, not two identical "replicates"
    assert table.loc[fixed_and_seedless, "nmi_lo"].isna().all()
    assert (table.loc[table["source"] == "table", "n"] == 40).all() and (
        table.loc[table["source"] == "poems", "n"] == 16
    ).all()
    by_seed = pd.read_csv(workdir / "results" / "clustering_metrics_by_seed.csv")
    assert len(by_seed) == table["n_seeds"].sum() and set(by_seed["seed"]) == {0, 1}
    vae = by_seed.query("source == 'synth' and method == 'vae_mlp' and algorithm == 'kmeans' and label == 'genre'")
    est = mean_interval(vae["nmi"])
    row = synth.query("method == 'vae_mlp' and algorithm == 'kmeans' and label == 'genre'").iloc[0]
    assert row["nmi"] == pytest.approx(est.mean, abs=1e-5) and row["n_valid"] == 2
    assert row["nmi_lo"] == pytest.approx(est.lo, abs=1e-5) and row["nmi_hi"] == pytest.approx(est.hi, abs=1e-5)
    assert set(table.loc[table["source"] == "synth", "label_provenance"]) == {"human"}
    assert (table.loc[table["algorithm"] == "kmeans", "noise_share"] == 0).all()
    posterior = table[table["algorithm"] == "posterior"]
    assert (posterior["k"] <= 2).all() and (posterior["noise_share"] == 0).all()  # at most its 2 mixture components
    kmeans = table[table["algorithm"] == "kmeans"]
    assert kmeans[["silhouette", "calinski_harabasz", "davies_bouldin", "ari", "nmi", "purity"]].notna().all().all()


def test_feature_table_source_drops_the_leaking_length_column(workdir):
    features = pd.read_parquet(workdir / "data" / "table" / "audio_features.parquet")
    assert "length" not in features.columns and "label" not in features.columns and len(features) == 40
    tracks = pd.read_parquet(workdir / "data" / "table" / "tracks.parquet").set_index("track_id")
    assert tracks.loc["blues.00000", "language"] == "en" and tracks.loc["Folk.00000", "dataset"] == "table_bn"
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv").query(
        "source == 'table' and algorithm == 'kmeans'"
    )
    assert table.set_index(["method", "label"]).loc[("pca", "genre"), "nmi"] > 0.3


def test_study_tables(workdir):
    comparison = pd.read_csv(workdir / "results" / "nmi_vs_pca_kmeans.csv")
    base = comparison.query("method == 'pca' and algorithm == 'kmeans'")
    assert len(base) == 4  # synth and table, two labels each
    assert np.allclose(base.loc[base["nmi"] > 0, "ratio"], 1.0) and base.loc[base["nmi"] == 0, "ratio"].isna().all()
    assert comparison.query("source == 'poems'")["ratio"].isna().all()  # no PCA baseline for lyrics only
    best = pd.read_csv(workdir / "results" / "best_per_label.csv")
    assert set(best["scope"]) == {"any space", "trained models", "own clusters"}
    trained = best[best["scope"] == "trained models"]
    assert set(trained["method"]) <= SYNTH_MODELS and set(trained["source"]) == {"synth", "table"}
    assert (best["noise_share"] == 0).all() and (best["n_candidates"] >= 1).all()
    assert set(best.loc[best["scope"] == "own clusters", "algorithm"]) == {"posterior"}
    for _, row in best[best["scope"] != "own clusters"].iterrows():
        same = comparison.query("source == @row.source and label == @row.label")
        same = same.query("noise_share == 0 and k == k_target and n_valid == n_seeds")
        same = same[~same["method"].isin(INDUCTIVE)]  # they score the held-out tracks: never "best"
        if row["scope"] == "trained models":
            same = same[same["method"].isin(SYNTH_MODELS)]
        assert row["nmi"] == pytest.approx(same["nmi"].max()) and row["n_candidates"] == len(same)


def test_confound_audit(workdir):
    audit = pd.read_csv(workdir / "results" / "confound_audit.csv")
    assert set(audit["source"]) == {"table", "pooled"}
    agreement = audit.groupby(["source", "label"])["label_vs_dataset_nmi"].first()
    assert agreement[("table", "language")] == pytest.approx(1.0)  # one language per file: fully confounded
    assert agreement[("pooled", "language")] < 0.9  # synth has both languages, poems only Bangla
    genre = audit.query("source == 'table' and label == 'genre'").iloc[0]
    assert genre["n_classes"] == 3 and genre["n_classes_raw"] == 4  # metal and Metal are one class
    assert 0 < genre["dataset_floor"] < 1 and {"nmi_within", "beats_floor"} <= set(audit.columns)
    assert "nmi_within__table_en" in audit.columns and "nmi_within__synth" in audit.columns


def test_the_run_profile_covers_every_job(workdir):
    script = ROOT / "benchmarks" / "profile_run.py"
    command = [sys.executable, str(script), "--workdir", str(workdir), "--startup-repeats", "1"]
    profile = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    n_jobs = int(profile.split(" jobs;")[0])
    assert n_jobs == len(list((workdir / "logs" / "benchmarks").rglob("*.tsv")))  # one benchmark file per job
    assert "train_model" in profile and "start-up share of job CPU time" in profile
    path = profile.split("critical path: ")[1]
    assert int(path.split(" jobs")[0]) >= 3  # a chain of dependent jobs, each printed with its wall time


def test_findings_are_written_from_the_tables(workdir):
    text = (workdir / "results" / "findings.md").read_text()
    best = pd.read_csv(workdir / "results" / "best_per_label.csv")
    row = best.query("source == 'synth' and label == 'language' and scope == 'any space'").iloc[0]
    assert f"(best of {int(row['n_candidates'])}, k = classes): {row['method']} + {row['algorithm']}" in text
    assert "## table: genre" in text and "Separating the datasets alone scores NMI" in text
    assert "synth: language-id accuracy 1.000 against 24 human labels." in text


def expected_numbers(metrics: pd.DataFrame) -> list[str]:
    out = []
    for r in metrics.itertuples():
        out += [f"{r.nmi:.3f}"] + ([] if np.isnan(r.nmi_lo) else [f"{r.nmi_lo:.3f}", f"{r.nmi_hi:.3f}"])
    return sorted(out)


def test_the_paper_prints_the_metric_tables_numbers_and_fits_the_layout(workdir):
    pdf = workdir / "results" / "paper" / "paper.pdf"
    pages = page_texts(pdf)
    references = next(i for i, t in enumerate(pages) if re.search(r"^References$", t, re.M))
    appendix = next(i for i, t in enumerate(pages) if "Appendix: every table and figure" in t)
    assert references < 10 and appendix > references  # main text within nine pages, the appendix after
    text = "\n".join(pages[:references])
    metrics = pd.read_csv(workdir / "results" / "clustering_metrics.csv")
    main = metrics[(metrics["algorithm"] == "kmeans") & (metrics["k_target"] >= 2)]
    audio = main["source"].isin(main.loc[main["method"] == "pca", "source"])
    tables = {"NMI of every audio or hybrid space": main[audio], "NMI of every lyric space": main[~audio]}
    for caption, rows in tables.items():
        assert sorted(table_numbers(text, caption)) == expected_numbers(rows), caption
    assert len(main[audio]) > 20 and len(main[~audio]) >= 2


def test_the_papers_bangla_is_shaped_and_its_claims_follow_the_tables(workdir):
    pdf = workdir / "results" / "paper" / "paper.pdf"
    page, fonts, image = word_fonts(pdf, "বাংলা")  # the languages table of the data section
    assert all("Lohit-Bengali" in f for f in fonts) and (image < 128).mean() > 0.05
    assert "Data" in page_texts(pdf)[page]
    context = json.loads((workdir / "results" / "paper" / "data.json").read_text())
    comparison = pd.read_csv(workdir / "results" / "nmi_vs_pca_kmeans.csv")
    trained = comparison[comparison["method"].isin(SYNTH_MODELS) & (comparison["algorithm"] == "kmeans")]
    beats = int((trained["ratio_lo"] > 1).sum())
    compared = int(trained["ratio_lo"].notna().sum())
    assert f"beats PCA + K-Means in {beats} of {compared} comparisons" in " ".join(context["abstract"])


def test_the_notebook_runs_on_the_run_and_is_stored_without_outputs(workdir):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "exploratory.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = " ".join(str(o.get("data", {})) + str(o.get("text", "")) for o in outputs)
    assert "image/png" in shown and "nmi_lo" in shown and "tonal" in shown  # maps, the metric table, the data


def test_linear_probes_sit_beside_the_clusters(workdir):
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv")
    language = table.query("source == 'synth' and label == 'language'").set_index(["method", "algorithm"])
    vae = language.loc[("vae_mlp", "kmeans")]
    assert vae["probe_bacc"] > 0.9 and vae["probe_shuffled"] < 0.8 and not np.isnan(vae["probe_bacc_lo"])
    assert np.isnan(language.loc[("pca", "kmeans"), "probe_bacc_lo"])  # a fixed space is probed once
    # one probe per space and seed, whichever algorithm clustered it
    assert language.loc[("vae_mlp", "dbscan"), "probe_bacc"] == vae["probe_bacc"]


def test_every_track_that_enters_is_clustered_or_has_a_rejected_row(workdir):
    rejected = pd.read_csv(workdir / "results" / "rejected.csv")
    assert rejected["reason"].notna().all() and (rejected["reason"].str.len() > 5).all()
    manifest = pd.read_csv(workdir / "manifest.csv", dtype=str, keep_default_na=False)
    tables = [pd.read_csv(workdir / f"table_{lang}.csv") for lang in ("en", "bn")]
    entered = {
        "synth": set(manifest["track_id"]),
        "table": {name.rsplit(".", 1)[0] for t in tables for name in t["filename"]},
    }
    for source, ids in entered.items():
        clustered = set()
        for path in (workdir / "results" / source / "clusters").glob("*.parquet"):
            clustered |= set(pd.read_parquet(path)["track_id"])
        rows = set(rejected.loc[rejected["source"] == source, "track_id"])
        assert ids == clustered | rows, f"{source}: lost {sorted(ids - clustered - rows)}"
        assert not (clustered | rows) - ids  # nothing appears that did not enter


def test_no_interval_leaves_its_metrics_range(workdir):
    ranges = {"silhouette": (-1, 1), "ari": (-1, 1), "nmi": (0, 1), "purity": (0, 1), "calinski_harabasz": (0, None),
              "davies_bouldin": (0, None), "probe_bacc": (0, 1), "nmi_label": (0, 1), "nmi_dataset": (0, 1),
              "nmi_within": (0, 1), "ratio": (0, None)}  # fmt: skip
    for name in ("clustering_metrics.csv", "nmi_vs_pca_kmeans.csv", "confound_audit.csv", "sweep/synth.csv"):
        path = workdir / "results" / name
        if not path.exists():
            continue
        table = pd.read_csv(path)
        for metric, (low, high) in ranges.items():
            if f"{metric}_lo" not in table:
                continue
            lo, hi = table[f"{metric}_lo"].dropna(), table[f"{metric}_hi"].dropna()
            assert (lo >= low).all(), (name, metric)
            assert high is None or (hi <= high).all(), (name, metric)
            both = table[[metric, f"{metric}_lo", f"{metric}_hi"]].dropna()
            assert (both[f"{metric}_lo"] <= both[metric] + 1e-9).all() and (
                both[metric] <= both[f"{metric}_hi"] + 1e-9
            ).all()


def test_model_figures_and_k_sweep(workdir):
    results = workdir / "results"
    for path in [
        results / "training_curves" / "synth" / "conv_vae_logmel.png",
        results / "training_curves" / "table" / "vade.png",
        results / "reconstructions" / "synth" / "conv_vae_logmel.png",
        results / "reconstructions" / "synth" / "conv_vae_mfcc.png",
        results / "latent_traversals" / "synth" / "beta_vae_b4.png",
        results / "latent_traversals" / "table" / "vae_mlp.png",
        results / "k_sweep" / "synth" / "pca.png",
    ]:
        assert path.stat().st_size > 10_000, path
    sweep = pd.read_csv(results / "k_sweep" / "table" / "vae_mlp.csv")
    assert sweep["k"].tolist() == [2, 3, 4] and sweep["silhouette"].between(-1, 1).all()


def test_multimodal_model_embeds_tracks_with_either_modality(workdir):
    emb = pd.read_parquet(workdir / "results" / "synth" / "embeddings" / "multimodal_vae.seed0.parquet")
    # 24 featurised clips; the truncated clip has neither features nor lyrics
    assert len(emb) == 24 and emb.drop(columns="track_id").notna().all().all()
    history = pd.read_csv(workdir / "results" / "synth" / "models" / "multimodal_vae.seed0.history.csv")
    assert history["n_val"].iloc[0] > 0  # whole artists held out


def test_vae_clusters_recover_the_two_timbres(workdir):
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv").query(
        "source == 'synth' and algorithm == 'kmeans'"
    )
    table = table.set_index(["method", "label"])
    assert table.loc[("vae_mlp", "language"), "nmi"] > 0.5
    assert table.loc[("vae_mlp", "language"), "k"] == 2


def test_lyrics_side(workdir):
    lyrics = pd.read_parquet(workdir / "data" / "synth" / "lyrics.parquet").set_index("track_id")
    scraped = lyrics.loc["tonal_001"]  # rows[2]: its lyrics came from the fake LRCLIB
    assert scraped["lyrics_source"] == "lrclib" and scraped["lyrics"].startswith("Hold my hand")
    assert lyrics.loc["broken_truncated", "lyrics_status"] == "missing"  # no artist/title to search by
    assert (lyrics.drop(index=["tonal_001", "broken_truncated"])["lyrics_source"] == "source").all()
    accuracy = pd.read_csv(workdir / "results" / "language_id_accuracy.csv").set_index("source")
    assert accuracy.loc["synth", "n_with_lyrics"] == 24 and accuracy.loc["synth", "accuracy"] == 1.0
    assert accuracy.loc["synth", "label_provenance"] == "human"
    assert np.isnan(accuracy.loc["poems", "accuracy"]) and accuracy.loc["poems", "agreement"] == 1.0  # metadata
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv").query(
        "source == 'synth' and algorithm == 'kmeans'"
    )
    table = table.set_index(["method", "label"])
    assert table.loc[("fasttext_sif", "language"), "nmi"] > 0.8
    hybrid = pd.read_parquet(workdir / "data" / "synth" / "hybrid_features.parquet")
    assert hybrid["has_audio"].sum() == 24 and hybrid["has_lyrics"].sum() == 24


def test_bad_tracks_are_quarantined_not_fatal(workdir):
    rejected = pd.read_csv(workdir / "results" / "rejected.csv").set_index("track_id")
    assert rejected["stage"].to_dict() == {
        "badsum": "download",
        "ghost": "download",
        "broken_empty": "download",
        "broken_truncated": "features",
    }
    assert "empty body" in rejected.loc["broken_empty", "reason"]
    assert "too short" in rejected.loc["broken_truncated", "reason"]
    assert "sha256 mismatch" in rejected.loc["badsum", "reason"]
    assert "no file at" in rejected.loc["ghost", "reason"]
    leftovers = [p.name for p in (workdir / "data" / "synth" / "audio").rglob("*") if p.name.endswith(".part")]
    assert leftovers == [] and not list((workdir / "data" / "synth" / "audio").rglob("ghost*"))


def test_downloads_record_origin_and_checksum(workdir):
    tracks = pd.read_parquet(workdir / "data" / "synth" / "tracks.parquet").set_index("track_id")
    assert tracks.loc["tonal_000", "origin"] == (workdir / "store" / "tonal_000.wav").as_uri()
    assert tracks.loc["noisy_000", "origin"] == (workdir / "mirror" / "noisy_000.wav").as_uri()
    assert (
        tracks.loc["noisy_000", "sha256"]
        == hashlib.sha256((workdir / "mirror" / "noisy_000.wav").read_bytes()).hexdigest()
    )


def test_outputs_exist_and_checkpoint_loads(workdir):
    import torch

    for method in ("vae_mlp", "pca"):
        for projection in ("tsne",):
            png = workdir / "results" / "latent_visualization" / "synth" / f"{method}.{projection}.png"
            assert png.stat().st_size > 10_000
        composition = workdir / "results" / "cluster_composition" / "synth" / f"{method}.kmeans.png"
        assert composition.stat().st_size > 10_000
    payload = torch.load(workdir / "results" / "synth" / "models" / "vae_mlp.seed1.pt", weights_only=True)
    assert payload["model_name"] == "vae_mlp" and payload["model_kwargs"]["latent_dim"] == 4
    assert payload["spec"]["input"] == "summary"
    assert payload["train_config"]["seed"] == 1
    history = pd.read_csv(workdir / "results" / "synth" / "models" / "vae_mlp.seed0.history.csv")
    assert {"train_recon", "train_kl", "train_loss", "val_loss"} <= set(history.columns)
    tracks = pd.read_parquet(workdir / "data" / "synth" / "tracks.parquet")
    assert len(tracks) == 25 and tracks["sha256"].str.len().eq(64).all()  # 24 good + the truncated one


def test_the_html_report_builds_with_every_figure_and_table(workdir):
    snakemake(workdir, "--report", "report.html")
    html = (workdir / "report.html").read_text(errors="replace")
    for caption in ("2-D projection of one space", "one algorithm's clusters of one space", "The paper written"):
        assert caption in html
    results = workdir / "results"
    # every figure, and every table but the pieces that a summary table gathers: per-space scores
    # and clusters, and the sweep variants' scores and histories (results/sweep/<source>.csv)
    pieces = ("metrics", "clusters", "embeddings")
    shown = [
        p for p in results.rglob("*") if p.suffix in {".png", ".pdf", ".csv", ".md"}
        and not (p.parent.name in pieces or p.parent.parent.name == "sweep" or p.name.startswith("sweep_"))
    ]  # fmt: skip
    assert len(shown) > 50
    assert not [str(p.relative_to(results)) for p in shown if json.dumps(str(p.relative_to(workdir)))[1:-1] not in html]


def test_second_run_has_nothing_to_do(workdir):
    out = snakemake(workdir, "--cores", "2", "--dry-run")
    assert "Nothing to be done" in out.stdout + out.stderr


def test_same_config_gives_the_same_tables(workdir):
    before = (workdir / "results" / "clustering_metrics.csv").read_text()
    snakemake(workdir, "--cores", "2", "--forceall", "--until", "collect_metrics")
    assert (workdir / "results" / "clustering_metrics.csv").read_text() == before


def test_changing_one_songs_lyrics_rebuilds_text_not_audio(workdir):
    manifest = pd.read_csv(workdir / "manifest.csv", dtype=str, keep_default_na=False)
    manifest.loc[manifest["track_id"] == "tonal_003", "lyrics"] = "The sun is rising over the quiet town"
    manifest.to_csv(workdir / "manifest.csv", index=False)
    out = snakemake(workdir, "--cores", "2", "--dry-run").stdout
    counts = job_counts(out)
    # the synth source and the pooled one that contains it
    assert counts["complete_lyrics"] == 2 and counts["embed_lyrics"] == 6 and counts["build_hybrid"] == 1
    assert not {"download_shard", "featurize_shard", "merge_features"} & set(counts)
    # only the model that reads lyrics retrains (one job, both seeds); the audio models, the CVAE included, do not
    assert counts["train_model"] == 1 and "model=multimodal_vae" in out
    snakemake(workdir, "--cores", "2")


def test_changing_one_clip_reruns_only_its_shard(workdir):
    clip = workdir / "mirror" / "noisy_005.wav"
    clip.write_bytes((workdir / "mirror" / "noisy_007.wav").read_bytes())
    out = snakemake(workdir, "--cores", "2", "--dry-run")
    counts = job_counts(out.stdout)
    assert counts["download_shard"] == 1 and counts["featurize_shard"] == 1
    # 9 models and an inductive one (one job each, both seeds); the pooled lyrics source does not read audio
    assert counts["train_model"] == 10 and counts["build_tracks"] == 1 and counts["embed_inductive_baseline"] == 1


def test_sweep_target(workdir):
    snakemake(workdir, "--cores", "2", "sweep")
    sweep = pd.read_csv(workdir / "results" / "sweep" / "synth.csv")
    assert set(zip(sweep["beta"], sweep["latent_dim"])) == {(1.0, 2), (4.0, 2)}
    assert set(sweep["label"]) == {"language", "genre"} and sweep["val_kl"].notna().all()
    # a heavier KL weight leaves less information in the latent
    kl = sweep.drop_duplicates("method").set_index("beta")["val_kl"]
    assert kl[4.0] < kl[1.0]
    assert (workdir / "results" / "sweep" / "synth.png").stat().st_size > 10_000


def test_lint_passes(workdir):
    snakemake(workdir, "--lint")


def test_default_config_dry_run_on_the_shared_previews():
    mirror = ROOT.parent / "shared" / "data" / "ende-previews"
    if not mirror.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the shared data at {mirror}")
        pytest.skip(f"the default source's mirror {mirror} is not on this machine")
    out = snakemake(ROOT, "--cores", "2", "--dry-run", "--nolock", "--forceall")  # the whole DAG, whatever exists
    counts = job_counts(out.stdout)
    assert counts["download_shard"] == 16 and counts["featurize_shard"] == 16
    assert counts["build_tracks"] == 6 and counts["identify_language"] == 5
    assert counts["import_feature_table"] == 1 and counts["confound_audit"] == 1
    # 13 model variants on the previews (4 window-level; one job for the 5 seeds) and 3 inductive ones, 6 on
    # GTZAN + BanglaBeats (no log-mel, no windows, no lyrics)
    assert counts["train_model"] == 13 + 3 + 6 and counts["embed_inductive_baseline"] == 1
    # one clustering job per space (all algorithms; 4 inductive, HBLM-100's e5), one plotting job per source
    assert counts["plot_spaces_ende_previews"] == 1 and counts["cluster_embedding"] == 35 + 4 + 1
    assert counts["plot_spaces_bangla_lyrics_genres"] == 1 and counts["paper"] == 1 and counts["cluster_sweep"] == 1


def test_a_folder_source_is_read_in_place_without_downloads(tmp_path):
    write_two_timbre_set(tmp_path / "audio", n_per_class=3, seconds=3.0, sr=16000)
    shutil.copy(ROOT / ".test" / "config.yaml", tmp_path / "config.yaml")
    (tmp_path / "mine.yaml").write_text(
        "sources:\n  mine:\n    adapter: folder\n    mirror: audio\nactive_sources: [mine]\n"
    )
    out = snakemake(tmp_path, "--cores", "2", "--dry-run", "--configfile", "mine.yaml")
    counts = job_counts(out.stdout)
    assert "download_shard" not in counts
    assert counts["featurize_shard"] == 4 and counts["build_tracks"] == 1
    assert str(tmp_path / "audio" / "tonal_000.wav") in out.stdout  # features read the file where it is
