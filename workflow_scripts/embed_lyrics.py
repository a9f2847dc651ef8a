"""Document vectors of a source's lyrics (tracks without lyrics are left out)."""

import pandas as pd

from musiclust.data.spaces import latent_frame, write_embedding
from musiclust.jobs import logged
from musiclust.text.embed import TextEmbedConfig, embed_lyrics, read_extra_corpus

with logged(snakemake.log[0]) as log:
    lyrics = pd.read_parquet(snakemake.input.lyrics)
    method = snakemake.wildcards.text_method
    word_vectors = None
    if method == "fasttext_sif":
        import fasttext

        word_vectors = fasttext.load_model(snakemake.input.word_vectors)
    elif method == "pretrained_sif":
        word_vectors = snakemake.params.pretrained
    ids, Z = embed_lyrics(
        lyrics["track_id"].tolist(),
        lyrics["lyrics"].tolist(),
        method,
        TextEmbedConfig.from_dict(snakemake.params.text),
        word_vectors,
        read_extra_corpus(snakemake.input.extra_corpus),
    )
    write_embedding(latent_frame(Z, pd.Index(ids, name="track_id")), snakemake.output.embedding)
    log.info("%s: %d of %d tracks embedded in %d dimensions", method, len(ids), len(lyrics), Z.shape[1])
