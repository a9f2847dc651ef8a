"""2-D projection of one representation, coloured by its clusters and by each label."""

import pandas as pd

from musiclust.embeddings import read_embedding
from musiclust.plots import latent_figure, project_2d
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    emb = read_embedding(snakemake.input.embedding)
    clusters = pd.read_parquet(snakemake.input.clusters).set_index("track_id").reindex(emb.index)
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id").reindex(emb.index)
    projection = snakemake.wildcards.projection
    xy = project_2d(emb.to_numpy(), projection, snakemake.params.seed)
    colourings = {}
    for label in snakemake.params.labels:
        if f"cluster_{label}" in clusters:
            colourings[f"{snakemake.wildcards.algorithm} clusters (k = #{label} classes)"] = clusters[f"cluster_{label}"]
        colourings[label] = tracks[label]
    title = f"{snakemake.wildcards.source}: {snakemake.wildcards.method} space, {projection.upper()} ({len(emb)} tracks)"
    fig = latent_figure(xy, colourings, title)
    fig.savefig(snakemake.output[0], dpi=120)
    log.info("wrote %s", snakemake.output[0])
