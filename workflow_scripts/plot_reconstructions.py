"""Original vs reconstructed log-mel (or MFCC frames) for a few clips, from the first seed's model."""

from musiclust.model_inputs import labels_frame
from musiclust.inspect_model import pick_examples, reconstruct_rows
from musiclust.model_plots import reconstruction_figure
from musiclust.train import checkpoint_inputs
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    model, inputs, _ = checkpoint_inputs(
        snakemake.input.checkpoint, snakemake.input.features, labels_frame(snakemake.params.conditions), snakemake.input.get("text")
    )
    rows = pick_examples(inputs.index, snakemake.params.n_examples, snakemake.params.seed)
    originals, recons = reconstruct_rows(model, inputs.arrays, rows)
    kind = model.registry_name
    ylabel = "MFCC" if "mfcc" in snakemake.wildcards.model else "mel band"
    title = f"{snakemake.wildcards.source}: {snakemake.wildcards.model} reconstructions (z-scored inputs, posterior means)"
    names = [str(inputs.index[r]) for r in rows]
    fig = reconstruction_figure(originals[:, 0], recons[:, 0], names, title, ylabel)
    fig.savefig(snakemake.output[0], dpi=110)
    err = ((originals - recons) ** 2).mean()
    log.info("%s: %d clips, mean squared error %.3f (z-units)", kind, len(rows), err)
