"""A baseline space: PCA of the summary features, the MFCC statistics, or PCA of the log-mel."""

from musiclust.analysis.baselines import baseline_embedding
from musiclust.data.spaces import write_embedding
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    emb = baseline_embedding(
        snakemake.wildcards.baseline, snakemake.input.features, snakemake.params.n_components, snakemake.params.seed
    )
    write_embedding(emb, snakemake.output.embedding)
    log.info("%s: %d tracks, %d dimensions", snakemake.wildcards.baseline, *emb.shape)
