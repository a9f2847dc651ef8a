"""The inductive PCA baseline: per seed, fitted on most artists' tracks, projecting the held-out ones."""

from musiclust.analysis.baselines import inductive_pca
from musiclust.data.spaces import write_embedding
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    for seed, path in zip(snakemake.params.seeds, snakemake.output.embeddings):
        emb = inductive_pca(
            snakemake.input.features,
            snakemake.params.n_components,
            seed,
            snakemake.params.split_groups,
            snakemake.params.holdout,
        )
        write_embedding(emb, path)
        log.info("pca_inductive seed %d: %d held-out tracks, %d dimensions", seed, *emb.shape)
