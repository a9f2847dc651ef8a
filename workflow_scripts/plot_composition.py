"""What each cluster is made of: stacked bars of the label classes per cluster (first seed)."""

import pandas as pd

from musiclust.plots.composition import composition_figure
from musiclust.plots.style import apply_style
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    apply_style()
    clusters = pd.read_parquet(snakemake.input.clusters).set_index("track_id")
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id").reindex(clusters.index)
    panels = {
        f"{label}: {snakemake.wildcards.algorithm} clusters (k = #{label} classes)": (
            clusters[f"cluster_{label}"],
            tracks[label],
        )
        for label in snakemake.params.labels
        if f"cluster_{label}" in clusters
    }
    title = f"{snakemake.wildcards.source}: cluster composition in the {snakemake.wildcards.method} space"
    composition_figure(panels, title).savefig(snakemake.output[0], dpi=110)
    log.info("wrote %s", snakemake.output[0])
