"""Original vs reconstructed log-mel (or MFCC frames) for a few clips, from the first seed's model."""

from musiclust.data.atomic import save_figure
from musiclust.jobs import logged
from musiclust.models.checkpoints import load_trained
from musiclust.models.inputs import InputFiles
from musiclust.models.inspection import pick_examples, reconstruct_rows
from musiclust.plots.models import reconstruction_figure
from musiclust.plots.style import apply_style

with logged(snakemake.log[0]) as log:
    apply_style()
    files = InputFiles.of(snakemake.input.features, snakemake.input.get("text"), snakemake.params.conditions)
    model, inputs, _ = load_trained(snakemake.input.checkpoint, files)
    rows = pick_examples(inputs.index, snakemake.params.n_examples, snakemake.params.seed)
    originals, recons = reconstruct_rows(model, inputs.arrays, rows)
    kind = model.registry_name
    ylabel = "MFCC" if "mfcc" in snakemake.wildcards.model else "mel band"
    title = (
        f"{snakemake.wildcards.source}: {snakemake.wildcards.model} reconstructions (z-scored inputs, posterior means)"
    )
    names = [str(inputs.index[r]) for r in rows]
    fig = reconstruction_figure(originals[:, 0], recons[:, 0], names, title, ylabel)
    save_figure(fig, snakemake.output[0], dpi=110)
    err = ((originals - recons) ** 2).mean()
    log.info("%s: %d clips, mean squared error %.3f (z-units)", kind, len(rows), err)
