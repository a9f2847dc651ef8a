"""Latent traversals of a summary-feature VAE: what each of its most used dimensions decodes to."""

import numpy as np

from musiclust.data.atomic import save_figure
from musiclust.jobs import logged
from musiclust.models.checkpoints import load_trained
from musiclust.models.inputs import InputFiles
from musiclust.models.inspection import most_used_dimensions, traverse
from musiclust.plots.models import traversal_figure
from musiclust.plots.style import apply_style

with logged(snakemake.log[0]) as log:
    apply_style()
    model, inputs, _ = load_trained(snakemake.input.checkpoint, InputFiles(snakemake.input.features))
    dims = most_used_dimensions(model, inputs.arrays, snakemake.params.n_dims)
    steps = np.asarray(snakemake.params.steps)
    traversals = traverse(model, dims, steps)
    title = f"{snakemake.wildcards.source}: {snakemake.wildcards.model} (beta={model.beta:g}) latent traversals"
    fig = traversal_figure(traversals, steps, inputs.stats["feature_names"], title)
    save_figure(fig, snakemake.output[0], dpi=110)
    log.info("dimensions by KL: %s", dims)
