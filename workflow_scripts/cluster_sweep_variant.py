"""K-Means on one sweep variant's latents, once per sweep seed, scored against every label."""

import pandas as pd

from musiclust.analysis.clustering import cluster_over_seeds
from musiclust.data.spaces import read_embedding
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id")
    embeddings = [read_embedding(p) for p in snakemake.input.embeddings]
    _, metrics = cluster_over_seeds(
        tracks,
        embeddings,
        snakemake.params.seeds,
        snakemake.params.labels,
        "kmeans",
        snakemake.params.k,
        snakemake.params.quadratic_limit,
    )
    metrics.insert(0, "method", snakemake.wildcards.model)
    metrics.insert(0, "source", snakemake.wildcards.source)
    metrics.to_csv(snakemake.output.metrics, index=False)
    log.info("\n%s", metrics.to_string())
