"""Latent codes (posterior means) of every track from a trained checkpoint."""

from musiclust.embeddings import write_embedding
from musiclust.model_inputs import labels_frame
from musiclust.train import embed_with_checkpoint
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    emb = embed_with_checkpoint(
        snakemake.input.checkpoint,
        snakemake.input.features,
        labels_frame(snakemake.params.conditions),
        snakemake.input.get("text"),
        snakemake.params.device,
    )
    write_embedding(emb, snakemake.output.embedding)
    log.info("embedded %d tracks into %d dimensions", *emb.shape)
