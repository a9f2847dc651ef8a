"""Every space of one source: 2-D projections coloured by label and by each algorithm's clusters,
and the composition of the first partitioning algorithm's clusters (first seed)."""

import matplotlib.pyplot as plt
import pandas as pd

from musiclust.data.atomic import save_figure
from musiclust.data.spaces import read_embedding
from musiclust.jobs import Progress, logged
from musiclust.plots.composition import composition_figure, composition_panels
from musiclust.plots.latent import latent_colourings, latent_figure, project_2d
from musiclust.plots.style import apply_style

with logged(snakemake.log[0]) as log:
    apply_style()
    p = snakemake.params
    tracks = pd.read_parquet(snakemake.input.tracks).set_index("track_id")
    progress = Progress("spaces plotted", total=len(p.figures), logger=log)
    for done, (method, files) in enumerate(p.figures.items(), start=1):
        emb = read_embedding(files["embedding"])
        clusters = {a: pd.read_parquet(path).set_index("track_id") for a, path in files["clusters"].items()}
        colourings = latent_colourings(
            tracks.reindex(emb.index), {a: c.reindex(emb.index) for a, c in clusters.items()}, p.labels
        )
        for projection, path in files["latents"].items():
            xy = project_2d(emb.to_numpy(), projection, p.seed)
            title = f"{p.source}: {method} space, {projection.upper()} ({len(emb)} tracks)"
            fig = latent_figure(xy, colourings, title)
            save_figure(fig, path, dpi=110)
            plt.close(fig)
        for algorithm, path in files["compositions"].items():
            panels = composition_panels(clusters[algorithm], tracks, p.labels, algorithm)
            fig = composition_figure(panels, f"{p.source}: cluster composition in the {method} space")
            save_figure(fig, path, dpi=110)
            plt.close(fig)
        progress.step(done, method)
