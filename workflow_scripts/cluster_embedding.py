"""Cluster one representation of one source with each algorithm, once per seed and label, and score every clustering."""

import pandas as pd

from musiclust.analysis.clustering import cluster_over_seeds
from musiclust.analysis.probes import probe_over_seeds
from musiclust.data.atomic import write_csv, write_parquet
from musiclust.data.spaces import read_embedding
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id")
    embeddings = {path: read_embedding(path) for path in snakemake.input.embeddings}
    # probes depend on the space and the seed, not on the algorithm: once per seed's embedding
    seeds, paths = max(snakemake.params.runs, key=lambda run: len(run[0]))
    probes = probe_over_seeds(tracks, [embeddings[p] for p in paths], seeds, snakemake.params.labels)
    outputs = zip(
        snakemake.params.algorithms, snakemake.params.runs, snakemake.output.clusters, snakemake.output.metrics
    )
    for algorithm, (seeds, paths), clusters_path, metrics_path in outputs:
        assignments, metrics = cluster_over_seeds(
            tracks,
            [embeddings[p] for p in paths],
            seeds,
            snakemake.params.labels,
            algorithm,
            snakemake.params.k,
            snakemake.params.quadratic_limit,
        )
        # the first seed's clusters are the ones plotted
        write_parquet(assignments.rename_axis("track_id").reset_index(), clusters_path, index=False)
        metrics = metrics.merge(probes, on=["seed", "label"], how="left")
        metrics.insert(0, "method", snakemake.wildcards.space)
        metrics.insert(0, "source", snakemake.wildcards.source)
        write_csv(metrics, metrics_path, index=False)
        log.info("%s over %d seed(s):\n%s", algorithm, len(seeds), metrics.to_string())
