import functools
import sys
from pathlib import Path

import pandas as pd
from snakemake.utils import validate

# The library sits beside this workflow. Jobs import it through the workflow_scripts/musiclust
# link (Snakemake puts a local script's folder on sys.path); this file imports it from here.
sys.path.insert(0, workflow.basedir)

from musiclust.download import mirror_candidates  # noqa: E402
from musiclust.sources import audio_extension, scan_source  # noqa: E402

validate(config, workflow.source_path("../schemas/config.schema.yaml"))

SOURCES = list(config["active_sources"])
for _name in SOURCES:
    if _name not in config["sources"]:
        raise ValueError(f"active source {_name!r} is not defined under 'sources' in the config")
SEEDS = [int(s) for s in config["seeds"]]
N_SHARDS = int(config["features"]["n_shards"])
SHARDS = [f"{i:02d}" for i in range(N_SHARDS)]
AUDIO_REPRESENTATIONS = list(config["representations"])
BASELINES = ["pca", "spectral", "logmel_pca"]
MODELS = [r for r in AUDIO_REPRESENTATIONS if r not in BASELINES]
TEXT_REPRESENTATIONS = list(config["text"]["representations"])
if config["text"].get("pretrained_vectors") and "pretrained_sif" not in TEXT_REPRESENTATIONS:
    TEXT_REPRESENTATIONS.append("pretrained_sif")
AUDIO_SOURCES = [s for s in SOURCES if config["sources"][s].get("audio", True)]
LYRICS_SOURCES = [s for s in SOURCES if config["sources"][s].get("lyrics", True)]
ALGORITHMS = list(config["clustering"]["algorithms"])
PROJECTIONS = list(config["plots"]["projections"])


wildcard_constraints:
    source="[A-Za-z0-9_-]+",
    shard="[0-9]+",
    model="|".join(sorted(config["models"])) or "no_model",
    text_method="fasttext_sif|tfidf_svd|pretrained_sif",
    baseline="|".join(BASELINES),
    seed="[0-9]+",
    method="[A-Za-z0-9_]+",
    algorithm="[A-Za-z0-9_]+",
    projection="umap|tsne",


def source_config(name):
    return {"name": name, **config["sources"][name]}


@functools.cache
def scanned(name):
    """The source's tracks (scanned once per Snakemake run)."""
    return scan_source(source_config(name))


def is_downloaded(source):
    return scanned(source).download


def mirrors(source):
    m = config["sources"][source].get("mirror", [])
    return [m] if isinstance(m, str) else list(m)


def shard_frame(wildcards):
    return scanned(wildcards.source).shard_tracks(int(wildcards.shard), N_SHARDS)


def download_dir(source, shard):
    return f"data/{source}/audio/shard_{shard}"


def download_items(wildcards):
    """[track_id, url, sha256, size] per track of the shard (None where the manifest has none)."""
    table = shard_frame(wildcards)[["track_id", "url", "manifest_sha256", "manifest_size"]]
    return [[None if pd.isna(v) else v for v in row] for row in table.astype(object).values.tolist()]


def download_local_inputs(wildcards):
    """Local files a shard's download may read (mirror copies, file:// URLs): a change reruns the shard."""
    ext = audio_extension(config["sources"][wildcards.source])
    paths = []
    for track_id, url, _, _ in download_items(wildcards):
        candidates = mirror_candidates(track_id, mirrors(wildcards.source), ext) + ([url] if url else [])
        for location in candidates:
            if location.startswith("file://"):
                path = Path(location[len("file://"):])
                if path.is_file():
                    paths.append(str(path))
    return paths


def shard_tracks(wildcards):
    """[track_id, audio path] of the shard's tracks; downloaded audio lies in the shard's folder."""
    table = shard_frame(wildcards)
    if not is_downloaded(wildcards.source):
        return table[["track_id", "audio_path"]].values.tolist()
    ext = audio_extension(config["sources"][wildcards.source])
    folder = download_dir(wildcards.source, wildcards.shard)
    return [[t, f"{folder}/{t}{ext}"] for t in table["track_id"]]


def featurize_inputs(wildcards):
    if is_downloaded(wildcards.source):
        folder = download_dir(wildcards.source, wildcards.shard)
        return {"audio": folder, "download_report": f"{folder}.download.csv"}
    return {"audio": [path for _, path in shard_tracks(wildcards)]}


def build_tracks_inputs(wildcards):
    cfg = config["sources"][wildcards.source]
    inputs = {"manifest": [cfg["location"]] if cfg.get("location") else []}
    if wildcards.source not in AUDIO_SOURCES:
        pass  # lyrics-only: the manifest is all there is
    elif is_downloaded(wildcards.source):
        inputs["downloads"] = expand("data/{source}/audio/shard_{shard}.download.csv", source=wildcards.source, shard=SHARDS)
    else:
        inputs["audio"] = scanned(wildcards.source).tracks["audio_path"].tolist()
    return inputs


def rejection_tables():
    tables = expand("data/{source}/tracks.rejected.csv", source=SOURCES)
    tables += expand("data/{source}/features/shard_{shard}.rejected.csv", source=AUDIO_SOURCES, shard=SHARDS)
    downloaded = [s for s in AUDIO_SOURCES if is_downloaded(s)]
    tables += expand("data/{source}/audio/shard_{shard}.rejected.csv", source=downloaded, shard=SHARDS)
    return tables


def feature_settings():
    return {k: v for k, v in config["features"].items() if k != "n_shards"}


def source_representations(source):
    """The spaces clustered for a source: audio ones, lyric ones, and the hybrid when it has both."""
    reps = []
    if source in AUDIO_SOURCES:
        reps += AUDIO_REPRESENTATIONS
    if source in LYRICS_SOURCES:
        reps += TEXT_REPRESENTATIONS
    if source in AUDIO_SOURCES and source in LYRICS_SOURCES and config["hybrid"]["enabled"]:
        reps.append("hybrid_pca")
    return reps


def per_source(pattern, **wildcards):
    return [
        path
        for source in SOURCES
        for path in expand(pattern, source=source, method=source_representations(source), **wildcards)
    ]


def all_metric_tables():
    return per_source("results/{source}/metrics/{method}.{algorithm}.csv", algorithm=ALGORITHMS)


def all_latent_plots():
    return per_source(
        "results/latent_visualization/{source}/{method}.{projection}.png",
        projection=PROJECTIONS,
    )


def all_composition_plots():
    """Composition bars of the first partitioning algorithm (DBSCAN chooses its own k)."""
    partitioning = [a for a in ALGORITHMS if a != "dbscan"][:1]
    return per_source("results/cluster_composition/{source}/{method}.{algorithm}.png", algorithm=partitioning)


def all_training_histories():
    return expand("results/{source}/models/{model}.seed{seed}.history.csv", source=AUDIO_SOURCES, model=MODELS, seed=SEEDS)


def seed_embeddings(source, method):
    """The embedding each seed's clustering uses: a model's own per seed, else the one space."""
    if method in MODELS:
        return [f"results/{source}/embeddings/{method}.seed{s}.parquet" for s in SEEDS]
    return [f"results/{source}/embeddings/{method}.parquet"] * len(SEEDS)


def lyric_embedding_inputs(wildcards):
    inputs = {"lyrics": f"data/{wildcards.source}/lyrics.parquet", "extra_corpus": config["text"]["extra_corpus"]}
    if wildcards.text_method == "fasttext_sif":
        inputs["word_vectors"] = f"results/{wildcards.source}/models/fasttext_skipgram.bin"
    return inputs
