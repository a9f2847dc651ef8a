import functools
import os
import sys

# The library sits beside this workflow. Jobs import it through the workflow_scripts/musiclust
# link (Snakemake puts a local script's folder on sys.path); this file imports it from here.
sys.path.insert(0, workflow.basedir)

from musiclust.config import paths  # noqa: E402
from musiclust.config.plan import Plan, alternatives  # noqa: E402
from musiclust.paper.inputs import paper_inputs, paper_settings  # noqa: E402
from musiclust.config.schema import check_config  # noqa: E402
from musiclust.data.download import local_files  # noqa: E402
from musiclust.data.preflight import check_parquet_files, check_writable, producer_finder  # noqa: E402
from musiclust.data.sources import audio_extension, scan_source  # noqa: E402
from musiclust.jobs import collapse_reevaluation_timers  # noqa: E402
from snakemake.scheduling.job_scheduler import JobScheduler  # noqa: E402

check_config(config)
plan = Plan.from_config(config)
collapse_reevaluation_timers(JobScheduler)  # one scheduler timer, not one per finished job (see the function)

# numba's compiled code (librosa, UMAP's nearest neighbours) is cached in the working directory,
# so it persists across jobs and runs even where the environment's site-packages are read-only.
os.environ.setdefault("NUMBA_CACHE_DIR", os.path.abspath(".cache/numba"))


wildcard_constraints:
    **plan.wildcard_constraints(),


@functools.cache
def scanned(name):
    """The source's tracks (scanned once per Snakemake run)."""
    return scan_source(plan.source_config(name))


def downloaded_sources():
    return {s for s in plan.audio_sources if scanned(s).download}


def extension(source):
    return audio_extension(config["sources"][source])


def download_dir(source, shard):
    return paths.DOWNLOAD_DIR.format(source=source, shard=shard)


def get_download_rows(wildcards):
    return scanned(wildcards.source).download_rows(int(wildcards.shard), len(plan.shards))


def get_download_local_files(wildcards):
    """Local files a shard's download may read (mirror copies, file:// URLs): a change reruns the shard."""
    return local_files(get_download_rows(wildcards), plan.mirrors(wildcards.source), extension(wildcards.source))


def get_shard_tracks(wildcards):
    folder = download_dir(wildcards.source, wildcards.shard)
    return scanned(wildcards.source).shard_audio(
        int(wildcards.shard), len(plan.shards), folder, extension(wildcards.source)
    )


def get_featurize_inputs(wildcards):
    if scanned(wildcards.source).download:
        folder = download_dir(wildcards.source, wildcards.shard)
        return {"audio": folder, "download_report": f"{folder}.download.csv"}
    return {"audio": [path for _, path in get_shard_tracks(wildcards)]}


def get_feature_settings(wildcards):
    """The features section with how this source's audio is decoded (a channel, MIDI rendering)."""
    return scanned(wildcards.source).feature_settings(plan.feature_settings())


def get_build_tracks_inputs(wildcards):
    source = wildcards.source
    inputs = {"manifest": plan.source_files(source)}
    if source not in plan.audio_sources:
        pass  # lyrics-only or a feature table: the manifest is all there is
    elif scanned(source).download:
        inputs["downloads"] = [paths.DOWNLOAD_REPORT.format(source=source, shard=shard) for shard in plan.shards]
    else:
        inputs["audio"] = scanned(source).tracks["audio_path"].tolist()
    return inputs


def get_model_inputs(wildcards):
    return plan.model_inputs(wildcards.source, wildcards.model)


def get_split_groups(wildcards):
    return scanned(wildcards.source).artist_groups()


def get_model_conditions(wildcards):
    """{label: {track id: value}} for a conditional model, from the source's scan: a parameter
    rather than the track table, so an edited lyric does not retrain it (a changed label does)."""
    condition = plan.specs[wildcards.model].condition
    return scanned(wildcards.source).label_maps(condition) if condition else None


def get_lyric_embedding_inputs(wildcards):
    inputs = {"lyrics": paths.LYRICS.format(source=wildcards.source), "extra_corpus": config["text"]["extra_corpus"]}
    if wildcards.text_method == "fasttext_sif":
        inputs["word_vectors"] = paths.WORD_VECTORS.format(source=wildcards.source)
    return inputs


def check_startup():
    """Once before the first job (onstart): the output folders take files and every parquet file
    under data/ is whole; else the run stops with a message naming the folder or file."""
    from snakemake.io import regex_from_filepattern

    outputs = {r.name: [regex_from_filepattern(str(o)) for o in r.output] for r in workflow.rules}
    check_writable(["results", "data", "logs"])
    check_parquet_files("data", producer_finder(outputs))
