import functools
import sys
from pathlib import Path

import pandas as pd
from snakemake.utils import validate

# The library sits beside this workflow. Jobs import it through the workflow_scripts/musiclust
# link (Snakemake puts a local script's folder on sys.path); this file imports it from here.
sys.path.insert(0, workflow.basedir)

from musiclust.download import mirror_candidates  # noqa: E402
from musiclust.model_specs import expand_models, sweep_models  # noqa: E402
from musiclust.sources import audio_extension, scan_source  # noqa: E402

validate(config, workflow.source_path("../schemas/config.schema.yaml"))

SOURCES = list(config["active_sources"])
for _name in SOURCES:
    if _name not in config["sources"]:
        raise ValueError(f"active source {_name!r} is not defined under 'sources' in the config")
SEEDS = [int(s) for s in config["seeds"]]
N_SHARDS = int(config["features"]["n_shards"])
SHARDS = [f"{i:02d}" for i in range(N_SHARDS)]
BASELINES = ["pca", "spectral", "logmel_pca"]
_MODEL_ENTRIES = expand_models(config["models"])
for _rep in config["representations"]:
    if _rep not in BASELINES and _rep not in _MODEL_ENTRIES:
        raise ValueError(f"representation {_rep!r} is neither a baseline {BASELINES} nor an entry under 'models'")
# Trained variants by name (a model entry with a list of betas gives one variant per beta).
MODEL_SPECS = {spec.name: spec for entry in _MODEL_ENTRIES.values() for spec in entry}
SWEEP = config.get("sweep") or {}
SWEEP_SPECS = {spec.name: spec for spec in sweep_models(SWEEP)} if SWEEP else {}
ALL_SPECS = {**MODEL_SPECS, **SWEEP_SPECS}
AUDIO_REPRESENTATIONS = [
    name for rep in config["representations"] for name in ([rep] if rep in BASELINES else [s.name for s in _MODEL_ENTRIES[rep]])
]
MODELS = [r for r in AUDIO_REPRESENTATIONS if r not in BASELINES]
TEXT_REPRESENTATIONS = list(config["text"]["representations"])
if config["text"].get("pretrained_vectors") and "pretrained_sif" not in TEXT_REPRESENTATIONS:
    TEXT_REPRESENTATIONS.append("pretrained_sif")
# Sources whose audio is decoded here, sources of precomputed feature tables, sources with lyrics.
TABLE_SOURCES = [s for s in SOURCES if config["sources"][s]["adapter"] == "feature_table"]
COMBINED_SOURCES = [s for s in SOURCES if config["sources"][s]["adapter"] == "combined"]
AUDIO_SOURCES = [
    s for s in SOURCES if config["sources"][s].get("audio", True) and s not in TABLE_SOURCES + COMBINED_SOURCES
]
FEATURE_SOURCES = AUDIO_SOURCES + TABLE_SOURCES
LYRICS_SOURCES = [s for s in SOURCES if config["sources"][s].get("lyrics", True) and s not in TABLE_SOURCES]
ALGORITHMS = list(config["clustering"]["algorithms"])
PROJECTIONS = list(config["plots"]["projections"])


wildcard_constraints:
    source="[A-Za-z0-9_-]+",
    shard="[0-9]+",
    model="|".join(sorted(ALL_SPECS)) or "no_model",
    text_method="fasttext_sif|tfidf_svd|pretrained_sif",
    baseline="|".join(BASELINES),
    seed="[0-9]+",
    method="[A-Za-z0-9_]+",
    algorithm="[A-Za-z0-9_]+",
    projection="umap|tsne",


def source_config(name):
    """A source's config with its name; a combined source gets its members' configs too."""
    cfg = {"name": name, **config["sources"][name]}
    if cfg["adapter"] == "combined":
        cfg["members"] = [source_config(member) for member in cfg["combine"]]
    return cfg


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


def source_files(name):
    """The manifest / metadata / table files a source is read from (its members' for a combined one)."""
    cfg = config["sources"][name]
    if cfg["adapter"] == "combined":
        return [path for member in cfg["combine"] for path in source_files(member)]
    location = cfg.get("location")
    return [] if not location else [location] if isinstance(location, str) else list(location)


def build_tracks_inputs(wildcards):
    inputs = {"manifest": source_files(wildcards.source)}
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


def applies(rep, source):
    """Whether an audio representation can be built for a source (log-mel, lyrics, labels it needs)."""
    if source not in FEATURE_SOURCES:
        return False
    if rep in BASELINES:
        return rep != "logmel_pca" or source in AUDIO_SOURCES
    spec = ALL_SPECS[rep]
    if spec.needs_logmel and source not in AUDIO_SOURCES:
        return False
    if spec.needs_lyrics and (source not in LYRICS_SOURCES or spec.text_representation not in TEXT_REPRESENTATIONS):
        return False
    return True


def source_representations(source):
    """The spaces clustered for a source: audio ones, lyric ones, and the hybrid when it has both."""
    reps = [rep for rep in AUDIO_REPRESENTATIONS if applies(rep, source)]
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


JOINT_CLUSTERING_ARCHITECTURES = ["vade_mlp"]  # models with their own cluster assignments


def all_metric_tables():
    tables = per_source("results/{source}/metrics/{method}.{algorithm}.csv", algorithm=ALGORITHMS)
    tables += [
        f"results/{source}/metrics/{model}.posterior.csv"
        for source, model in trained_models()
        if ALL_SPECS[model].architecture in JOINT_CLUSTERING_ARCHITECTURES
    ]
    return tables


def all_latent_plots():
    return per_source(
        "results/latent_visualization/{source}/{method}.{projection}.png",
        projection=PROJECTIONS,
    )


def all_composition_plots():
    """Composition bars of the first partitioning algorithm (DBSCAN chooses its own k)."""
    partitioning = [a for a in ALGORITHMS if a != "dbscan"][:1]
    return per_source("results/cluster_composition/{source}/{method}.{algorithm}.png", algorithm=partitioning)


def trained_models():
    """(source, model) for every model variant that a source's data can train."""
    return [(source, model) for source in FEATURE_SOURCES for model in MODELS if applies(model, source)]


def all_training_histories():
    return [f"results/{source}/models/{model}.seed{seed}.history.csv" for source, model in trained_models() for seed in SEEDS]


def model_inputs(wildcards):
    """What a model reads: the feature table, plus a lyric embedding for the multimodal one."""
    spec = ALL_SPECS[wildcards.model]
    inputs = {"features": f"data/{wildcards.source}/audio_features.parquet"}
    if spec.needs_lyrics:
        inputs["text"] = f"results/{wildcards.source}/embeddings/{spec.text_representation}.parquet"
    return inputs


def split_groups(source):
    """Track id -> artist, for validation splits disjoint by artist (hence by song); None without artists."""
    tracks = scanned(source).tracks
    artists = tracks["artist"].astype("string").str.strip().str.casefold()
    if artists.isna().all() or (artists == "").all():
        return None
    return {t: a for t, a in zip(tracks["track_id"], artists) if isinstance(a, str) and a}


def model_conditions(wildcards):
    """{label: {track id: value}} for a conditional model, from the source's scan: a parameter
    rather than the track table, so an edited lyric does not retrain it (a changed label does)."""
    spec = ALL_SPECS[wildcards.model]
    if not spec.needs_labels:
        return None
    tracks = scanned(wildcards.source).tracks.set_index("track_id")
    return {label: {t: v for t, v in tracks[label].items() if isinstance(v, str)} for label in spec.condition}


def model_training(wildcards):
    spec = ALL_SPECS[wildcards.model]
    source_training = config["sources"][wildcards.source].get("training", {})
    return {**config["training"], **source_training, **spec.training, "seed": int(wildcards.seed)}


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


# ---- study targets -------------------------------------------------------------------------
def audited_sources():
    """Sources that combine datasets (several feature tables, or pooled sources): the confound audit's."""
    multi_table = [s for s in TABLE_SOURCES if isinstance(config["sources"][s].get("location"), list)]
    return multi_table + COMBINED_SOURCES


K_SWEEP = config.get("k_sweep") or {}


def all_k_sweeps():
    methods = K_SWEEP.get("methods", [])
    return [
        f"results/k_sweep/{source}/{method}.csv"
        for source in SOURCES
        for method in source_representations(source)
        if method in methods
    ]


def all_training_curves():
    return [f"results/training_curves/{source}/{model}.png" for source, model in trained_models()]


def all_reconstructions():
    return [f"results/reconstructions/{source}/{model}.png" for source, model in trained_models() if ALL_SPECS[model].needs_logmel]


def all_traversals():
    """Latent traversals of the unconditional summary-feature VAEs (the Beta-VAE variants and the plain VAE)."""
    return [
        f"results/latent_traversals/{source}/{model}.png"
        for source, model in trained_models()
        if ALL_SPECS[model].architecture in ("vae_mlp", "beta_vae_mlp") and ALL_SPECS[model].input == "summary"
    ]


def sweep_outputs():
    if not SWEEP:
        return []
    return [f"results/sweep/{SWEEP['source']}.csv", f"results/sweep/{SWEEP['source']}.png"]
