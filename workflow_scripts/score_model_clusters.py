"""Score a jointly clustering model's own assignments (VaDE's argmax q(c|x)) for every seed."""

import pandas as pd

from musiclust.analysis.clustering import n_classes, score_partition
from musiclust.data.atomic import write_csv, write_parquet
from musiclust.data.spaces import read_embedding
from musiclust.jobs import logged
from musiclust.models.checkpoints import model_cluster_assignments
from musiclust.models.inputs import InputFiles

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id")
    files = InputFiles.of(snakemake.input.features, snakemake.input.get("text"), snakemake.params.conditions)
    rows, first = [], None
    for seed, checkpoint, embedding in zip(
        snakemake.params.seeds, snakemake.input.checkpoints, snakemake.input.embeddings
    ):
        pred = model_cluster_assignments(checkpoint, files, snakemake.params.device)
        latents = read_embedding(embedding).reindex(pred.index)
        labels = tracks.reindex(pred.index)
        for label in snakemake.params.labels:
            if n_classes(labels[label]) >= 2:
                rows.append(score_partition(latents.to_numpy(), pred.to_numpy(), labels, label, "posterior", seed))
        first = pred if first is None else first
    write_parquet(first.rename_axis("track_id").reset_index(), snakemake.output.clusters, index=False)
    metrics = pd.DataFrame(rows)
    metrics.insert(0, "method", snakemake.wildcards.model)
    metrics.insert(0, "source", snakemake.wildcards.source)
    write_csv(metrics, snakemake.output.metrics, index=False)
    log.info("\n%s", metrics.to_string())
