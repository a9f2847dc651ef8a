"""Silhouette and BIC over k for one space (the first seed's embedding)."""

import pandas as pd

from musiclust.analysis.study import k_sweep
from musiclust.data.atomic import save_figure, write_csv
from musiclust.data.spaces import read_embedding
from musiclust.jobs import logged
from musiclust.plots.study import k_sweep_figure
from musiclust.plots.style import apply_style

with logged(snakemake.log[0]) as log:
    apply_style()
    emb = read_embedding(snakemake.input.embedding)
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id").reindex(emb.index)
    table = k_sweep(emb.to_numpy(), list(snakemake.params.ks), snakemake.params.seed)
    write_csv(table, snakemake.output.table, index=False, float_format="%.6g")
    classes = {label: int(tracks[label].nunique()) for label in snakemake.params.labels if tracks[label].nunique() >= 2}
    title = f"{snakemake.wildcards.source}: k sweep in {snakemake.wildcards.space}"
    save_figure(k_sweep_figure(table, title, classes), snakemake.output.figure, dpi=110)
    log.info("\n%s", table.to_string())
