"""Training curves (reconstruction and KL, train and validation) of each model of a source over its seeds."""

import matplotlib.pyplot as plt
import pandas as pd

from musiclust.data.atomic import save_figure
from musiclust.jobs import logged
from musiclust.plots.models import training_curves_figure
from musiclust.plots.style import apply_style

with logged(snakemake.log[0]) as log:
    apply_style()
    params = snakemake.params
    n = len(params.seeds)
    for i, (model, figure) in enumerate(zip(params.models, snakemake.output)):
        paths = snakemake.input.histories[i * n : (i + 1) * n]
        histories = {seed: pd.read_csv(p) for seed, p in zip(params.seeds, paths)}
        fig = training_curves_figure(histories, f"{params.source}: {model} training")
        save_figure(fig, figure, dpi=110)
        plt.close(fig)
        log.info("%s: plotted %d seeds", model, len(histories))
