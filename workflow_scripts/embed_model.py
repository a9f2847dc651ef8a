"""Latent codes (posterior means) of every track from a trained checkpoint."""

from musiclust.embeddings import write_embedding
from musiclust.train import embed_with_checkpoint
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    emb = embed_with_checkpoint(snakemake.input.features, snakemake.input.checkpoint, snakemake.params.device)
    write_embedding(emb, snakemake.output.embedding)
    log.info("embedded %d tracks into %d dimensions", *emb.shape)
