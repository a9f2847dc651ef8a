"""The example overlays of the standard sets on the real samples in ../shared/data: GTZAN's
distributed layout (30 clips) and the Million Song Dataset's (60 track files), end to end."""

import os
import shutil

import pandas as pd
import pytest
import yaml
from support.pipeline_runs import ROOT, snakemake

pytestmark = pytest.mark.workflow
SHARED = ROOT.parent / "shared" / "data"
TARGETS = ("results/clustering_metrics.csv", "results/rejected.csv")


def run_example(tmp_path, name: str, sample: str) -> pd.DataFrame:
    """config.yaml, the example overlay with its location made absolute, and a quick overlay (one
    seed, the MLP VAE and two baselines); returns the metric table."""
    if not (SHARED / sample).is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the shared sample at {SHARED / sample}")
        pytest.skip(f"the shared sample {SHARED / sample} is not on this machine")
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    example = yaml.safe_load((ROOT / "config" / "examples" / f"{name}.yaml").read_text())
    example["sources"][name]["location"] = str(SHARED / sample)
    (tmp_path / "example.yaml").write_text(yaml.safe_dump(example, allow_unicode=True))
    models = yaml.safe_load((ROOT / "config.yaml").read_text())["models"]
    quick = {
        "seeds": [0],
        "models": {m: {"enabled": m == "vae_mlp"} for m in models},
        "baselines": {"spaces": ["pca", "spectral"]},
        "inductive": {"sources": []},
        "features": {"n_shards": 2},
    }
    (tmp_path / "quick.yaml").write_text(yaml.safe_dump(quick))
    snakemake(tmp_path, *TARGETS, "--cores", "2", "--configfile", "example.yaml", "quick.yaml")
    return pd.read_csv(tmp_path / "results" / "clustering_metrics.csv")


def test_the_gtzan_example_runs_on_the_real_sample(tmp_path):
    metrics = run_example(tmp_path, "gtzan", "gtzan-sample")
    tracks = pd.read_parquet(tmp_path / "data" / "gtzan" / "tracks.parquet")
    assert len(tracks) == 30 and tracks["genre"].nunique() == 10 and set(tracks["genre_provenance"]) == {"human"}
    genre = metrics.query("label == 'genre' and algorithm == 'kmeans'").set_index("method")
    assert {"vae_mlp", "pca", "spectral"} <= set(genre.index) and (genre["n"] == 30).all()
    assert (genre["k"] == 10).all() and genre["nmi"].between(0, 1).all()
    rejected = pd.read_csv(tmp_path / "results" / "rejected.csv")
    assert rejected.empty, rejected.to_string()


def test_the_msd_example_runs_on_the_real_sample(tmp_path):
    metrics = run_example(tmp_path, "msd", "msd-sample-60")
    tracks = pd.read_parquet(tmp_path / "data" / "msd" / "tracks.parquet")
    rejected = pd.read_csv(tmp_path / "results" / "rejected.csv")
    assert len(tracks) + len(rejected) == 60 and len(tracks) >= 55  # every file a track or a reason
    assert tracks["artist"].notna().all() and set(tracks["genre_provenance"].dropna()) == {"metadata"}
    rows = metrics.query("label == 'genre' and algorithm == 'kmeans'").set_index("method")
    assert {"vae_mlp", "pca"} <= set(rows.index) and (rows["n"] == len(tracks)).all()
