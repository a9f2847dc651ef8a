"""Latent traversals of a summary-feature VAE: what each of its most used dimensions decodes to."""

import numpy as np

from musiclust.inspect_model import most_used_dimensions, traverse
from musiclust.model_plots import traversal_figure
from musiclust.train import checkpoint_inputs
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    model, inputs, _ = checkpoint_inputs(snakemake.input.checkpoint, snakemake.input.features)
    dims = most_used_dimensions(model, inputs.arrays, snakemake.params.n_dims)
    steps = np.asarray(snakemake.params.steps)
    traversals = traverse(model, dims, steps)
    title = f"{snakemake.wildcards.source}: {snakemake.wildcards.model} (beta={model.beta:g}) latent traversals"
    fig = traversal_figure(traversals, steps, inputs.stats["feature_names"], title)
    fig.savefig(snakemake.output[0], dpi=110)
    log.info("dimensions by KL: %s", dims)
