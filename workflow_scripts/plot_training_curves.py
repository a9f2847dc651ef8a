"""Training curves (reconstruction and KL, train and validation) of one model over its seeds."""

import pandas as pd

from musiclust.plots.models import training_curves_figure
from musiclust.plots.style import apply_style
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    apply_style()
    histories = {seed: pd.read_csv(p) for seed, p in zip(snakemake.params.seeds, snakemake.input.histories)}
    title = f"{snakemake.wildcards.source}: {snakemake.wildcards.model} training"
    training_curves_figure(histories, title).savefig(snakemake.output[0], dpi=110)
    log.info("plotted %d seeds", len(histories))
