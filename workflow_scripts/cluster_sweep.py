"""K-Means on each sweep variant's latents, once per sweep seed, scored against every label."""

import pandas as pd

from musiclust.analysis.clustering import cluster_over_seeds
from musiclust.data.atomic import write_csv
from musiclust.data.spaces import read_embedding
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id")
    seeds = snakemake.params.seeds
    for (model, paths), metrics_path in zip(snakemake.params.embeddings.items(), snakemake.output.metrics):
        latents = [read_embedding(p) for p in paths]
        _, metrics = cluster_over_seeds(
            tracks,
            latents,
            seeds,
            snakemake.params.labels,
            "kmeans",
            snakemake.params.k,
            snakemake.params.quadratic_limit,
        )
        metrics.insert(0, "method", model)
        metrics.insert(0, "source", snakemake.wildcards.source)
        write_csv(metrics, metrics_path, index=False)
        log.info("%s:\n%s", model, metrics.to_string())
