"""2-D projections (UMAP, t-SNE) of one representation, coloured by each algorithm's clusters and by each label."""

import pandas as pd

from musiclust.data.spaces import read_embedding
from musiclust.plots.latent import latent_figure, project_2d
from musiclust.plots.style import apply_style
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    apply_style()
    emb = read_embedding(snakemake.input.embedding)
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id").reindex(emb.index)
    colourings = {label: tracks[label] for label in snakemake.params.labels}
    for algorithm, path in zip(snakemake.params.algorithms, snakemake.input.clusters):
        clusters = pd.read_parquet(path).set_index("track_id").reindex(emb.index)
        for label in snakemake.params.labels:
            if f"cluster_{label}" in clusters:
                k = "own k, -1 = noise" if algorithm == "dbscan" else f"k = #{label} classes"
                colourings[f"{algorithm} ({k})"] = clusters[f"cluster_{label}"]
                if algorithm == "dbscan":
                    break  # DBSCAN ignores k: one panel is enough
    for projection, path in zip(snakemake.params.projections, snakemake.output):
        xy = project_2d(emb.to_numpy(), projection, snakemake.params.seed)
        space = f"{snakemake.wildcards.method} space, {projection.upper()} ({len(emb)} tracks)"
        title = f"{snakemake.wildcards.source}: {space}"
        latent_figure(xy, colourings, title).savefig(path, dpi=110)
        log.info("wrote %s", path)
