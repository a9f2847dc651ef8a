"""Cluster one representation of one source once per seed and label, and score every clustering."""

import pandas as pd

from musiclust.analysis.clustering import cluster_over_seeds
from musiclust.data.spaces import read_embedding
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id")
    embeddings = [read_embedding(p) for p in snakemake.params.embeddings]
    assignments, metrics = cluster_over_seeds(
        tracks,
        embeddings,
        snakemake.params.seeds,
        snakemake.params.labels,
        snakemake.wildcards.algorithm,
        snakemake.params.k,
    )
    # the first seed's clusters are the ones plotted
    assignments.rename_axis("track_id").reset_index().to_parquet(snakemake.output.clusters, index=False)
    metrics.insert(0, "method", snakemake.wildcards.method)
    metrics.insert(0, "source", snakemake.wildcards.source)
    metrics.to_csv(snakemake.output.metrics, index=False)
    log.info("\n%s", metrics.to_string())
