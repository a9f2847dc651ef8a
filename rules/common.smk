import functools
import sys

from snakemake.utils import validate

# The library sits beside this workflow. Jobs import it through the workflow_scripts/musiclust
# link (Snakemake puts a local script's folder on sys.path); this file imports it from here.
sys.path.insert(0, workflow.basedir)

from musiclust.sources import scan_source  # noqa: E402

validate(config, workflow.source_path("../schemas/config.schema.yaml"))

SOURCES = list(config["active_sources"])
for _name in SOURCES:
    if _name not in config["sources"]:
        raise ValueError(f"active source {_name!r} is not defined under 'sources' in the config")
N_SHARDS = int(config["features"]["n_shards"])
SHARDS = [f"{i:02d}" for i in range(N_SHARDS)]
REPRESENTATIONS = list(config["representations"])
MODELS = [r for r in REPRESENTATIONS if r != "pca"]
ALGORITHMS = list(config["clustering"]["algorithms"])
PROJECTIONS = list(config["plots"]["projections"])


wildcard_constraints:
    source="[A-Za-z0-9_-]+",
    shard="[0-9]+",
    model="[A-Za-z0-9_]+",
    method="[A-Za-z0-9_]+",
    algorithm="[A-Za-z0-9_]+",
    projection="umap|tsne",


def source_config(name):
    return {"name": name, **config["sources"][name]}


@functools.cache
def scanned(name):
    """The source's tracks with audio on disk (scanned once per Snakemake run)."""
    return scan_source(source_config(name))


def source_inputs(wildcards):
    cfg = config["sources"][wildcards.source]
    manifest = [cfg["location"]] if cfg.get("location") else []
    return manifest + scanned(wildcards.source).tracks["audio_path"].tolist()


def shard_tracks(wildcards):
    table = scanned(wildcards.source).shard_tracks(int(wildcards.shard), N_SHARDS)
    return table[["track_id", "audio_path"]].values.tolist()


def shard_audio(wildcards):
    return [path for _, path in shard_tracks(wildcards)]


def feature_settings():
    return {k: v for k, v in config["features"].items() if k != "n_shards"}


def all_latent_plots():
    return expand(
        "results/latent_visualization/{source}/{method}.{algorithm}.{projection}.png",
        source=SOURCES,
        method=REPRESENTATIONS,
        algorithm=ALGORITHMS,
        projection=PROJECTIONS,
    )


def all_training_histories():
    return expand("results/{source}/models/{model}.history.csv", source=SOURCES, model=MODELS)
