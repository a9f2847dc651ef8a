"""The whole DAG on a small synthesised data set: two timbres, two broken files."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import json

import numpy as np
import yaml

from http_fixtures import ScriptedServer, send
from musiclust.metrics import mean_ci95
from synth import synthetic_lyrics, write_broken_files, write_two_timbre_set

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile")]


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([*SNAKEMAKE, *args], cwd=workdir, capture_output=True, text=True)
    assert proc.returncode == 0, f"snakemake {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


def job_counts(dry_run_output: str) -> dict[str, int]:
    lines = dry_run_output.split("Job stats:")[1].splitlines()
    counts = {}
    for line in lines[3:]:
        parts = line.split()
        if len(parts) != 2 or parts[0] == "total":
            break
        counts[parts[0]] = int(parts[1])
    return counts


def fake_lrclib_get(handler, n):
    if "track_name=Lost+Song" in handler.path:
        record = {"trackName": "Lost Song", "artistName": "Synth", "instrumental": False,
                  "plainLyrics": "Hold my hand and never let me go\nThe city lights are shining in the rain"}
        send(handler, 200, json.dumps(record).encode(), {"Content-Type": "application/json"})
    else:
        send(handler, 404, b'{"code":404}')


@pytest.fixture(scope="module")
def lrclib():
    with ScriptedServer({"/api/get": fake_lrclib_get, "/api/search": lambda h, n: send(h, 200, b"[]")}) as srv:
        yield srv


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, lrclib) -> Path:
    """Half the clips sit in a mirror folder, half behind file:// URLs; four tracks are bad.
    Tonal clips carry English lyrics, noisy ones Bangla; one has none and is scraped."""
    wd = tmp_path_factory.mktemp("pipeline")
    rows = write_two_timbre_set(wd / "store", n_per_class=12, seconds=6.0, sr=16000)
    rng = np.random.default_rng(0)
    for row in rows:
        row["lyrics"] = synthetic_lyrics(row["language"], rng)
        row["artist"], row["title"] = "Synth", row["track_id"]
    rows[2].update(lyrics="", title="Lost Song")
    (wd / "mirror").mkdir()
    for i, row in enumerate(rows):
        wav = wd / "store" / f"{row['track_id']}.wav"
        if i % 2:
            wav.rename(wd / "mirror" / wav.name)
            row["url"] = ""
        else:
            row["url"] = wav.as_uri()
    broken = write_broken_files(wd / "scratch", wd / "mirror" / f"{rows[1]['track_id']}.wav")
    for kind in ("empty", "truncated"):
        shutil.copy(broken[kind], wd / "mirror" / broken[kind].name)
        rows.append({"track_id": broken[kind].stem, "url": "", "language": "en", "genre": "tonal"})
    shutil.copy(wd / "store" / f"{rows[0]['track_id']}.wav", wd / "store" / "badsum.wav")
    rows.append({"track_id": "badsum", "url": (wd / "store" / "badsum.wav").as_uri(), "sha256": "0" * 64})
    rows.append({"track_id": "ghost", "url": (wd / "store" / "ghost.wav").as_uri()})
    pd.DataFrame(rows).to_csv(wd / "manifest.csv", index=False)
    config = yaml.safe_load((ROOT / ".test" / "config.yaml").read_text())
    config["lyrics"]["lrclib"]["base_url"] = lrclib.base
    (wd / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    snakemake(wd, "--cores", "2")
    return wd


def test_metrics_table_has_every_method_and_label(workdir):
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv")
    methods = {"vae_mlp", "ae_mlp", "pca", "spectral", "logmel_pca", "fasttext_sif", "tfidf_svd", "hybrid_pca"}
    assert set(zip(table["method"], table["label"], table["algorithm"])) == {
        (m, lab, alg) for m in methods for lab in ("language", "genre") for alg in ("kmeans", "dbscan")
    }
    assert (table["n"] == 24).all() and set(table["algorithm"]) == {"kmeans", "dbscan"} and (table["n_seeds"] == 2).all()
    by_seed = pd.read_csv(workdir / "results" / "clustering_metrics_by_seed.csv")
    assert len(by_seed) == 2 * len(table) and set(by_seed["seed"]) == {0, 1}
    vae = by_seed.query("method == 'vae_mlp' and algorithm == 'kmeans' and label == 'genre'")
    mean, half = mean_ci95(vae["nmi"])
    row = table.query("method == 'vae_mlp' and algorithm == 'kmeans' and label == 'genre'").iloc[0]
    assert row["nmi"] == pytest.approx(mean, abs=1e-5) and (np.isnan(half) or row["nmi_ci95"] == pytest.approx(half, abs=1e-5))
    assert (table.loc[table["algorithm"] == "kmeans", "noise_share"] == 0).all()
    assert table[["silhouette", "calinski_harabasz", "davies_bouldin", "ari", "nmi", "purity"]].notna().all().all()


def test_vae_clusters_recover_the_two_timbres(workdir):
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv").query("algorithm == 'kmeans'").set_index(["method", "label"])
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
    table = pd.read_csv(workdir / "results" / "clustering_metrics.csv").query("algorithm == 'kmeans'").set_index(["method", "label"])
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
    assert tracks.loc["noisy_000", "sha256"] == hashlib.sha256((workdir / "mirror" / "noisy_000.wav").read_bytes()).hexdigest()


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
    assert payload["train_config"]["seed"] == 1
    history = pd.read_csv(workdir / "results" / "synth" / "models" / "vae_mlp.seed0.history.csv")
    assert {"train_recon", "train_kl", "train_loss", "val_loss"} <= set(history.columns)
    tracks = pd.read_parquet(workdir / "data" / "synth" / "tracks.parquet")
    assert len(tracks) == 25 and tracks["sha256"].str.len().eq(64).all()  # 24 good + the truncated one


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
    counts = job_counts(snakemake(workdir, "--cores", "2", "--dry-run").stdout)
    assert counts["complete_lyrics"] == 1 and counts["embed_lyrics"] == 2 and counts["build_hybrid"] == 1
    assert not {"download_shard", "featurize_shard", "merge_features", "train_model"} & set(counts)
    snakemake(workdir, "--cores", "2")


def test_changing_one_clip_reruns_only_its_shard(workdir):
    clip = workdir / "mirror" / "noisy_005.wav"
    clip.write_bytes((workdir / "mirror" / "noisy_007.wav").read_bytes())
    out = snakemake(workdir, "--cores", "2", "--dry-run")
    counts = job_counts(out.stdout)
    assert counts["download_shard"] == 1 and counts["featurize_shard"] == 1
    assert counts["train_model"] == 4 and counts["build_tracks"] == 1  # 2 models x 2 seeds


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
    assert counts["build_tracks"] == 3 and counts["identify_language"] == 3


def test_a_folder_source_is_read_in_place_without_downloads(tmp_path):
    write_two_timbre_set(tmp_path / "audio", n_per_class=3, seconds=3.0, sr=16000)
    shutil.copy(ROOT / ".test" / "config.yaml", tmp_path / "config.yaml")
    (tmp_path / "mine.yaml").write_text("sources:\n  mine:\n    adapter: folder\n    mirror: audio\nactive_sources: [mine]\n")
    out = snakemake(tmp_path, "--cores", "2", "--dry-run", "--configfile", "mine.yaml")
    counts = job_counts(out.stdout)
    assert "download_shard" not in counts
    assert counts["featurize_shard"] == 4 and counts["build_tracks"] == 1
    assert str(tmp_path / "audio" / "tonal_000.wav") in out.stdout  # features read the file where it is
