"""The PCA baseline's space: PCA of the standardised summary features."""

from musiclust.embeddings import pca_on_features, write_embedding
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    emb = pca_on_features(snakemake.input.features, snakemake.params.n_components, snakemake.params.seed)
    write_embedding(emb, snakemake.output.embedding)
    log.info("PCA: %d tracks, %d components", *emb.shape)
