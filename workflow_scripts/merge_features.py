"""Merge a source's feature shards into one parquet file."""

from musiclust.audio.shards import merge_feature_shards
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    n = merge_feature_shards(snakemake.input.shards, snakemake.output.features)
    log.info("merged %d shards, %d tracks", len(snakemake.input.shards), n)
