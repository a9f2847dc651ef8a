"""fastText skipgram word vectors on a source's lyrics plus the configured extra corpus."""

import pandas as pd

from musiclust.jobs import logged
from musiclust.text.embed import TextEmbedConfig, read_extra_corpus, tokenize, train_skipgram

with logged(snakemake.log[0]):
    lyrics = pd.read_parquet(snakemake.input.lyrics)["lyrics"].tolist()
    texts = lyrics + read_extra_corpus(snakemake.input.extra_corpus)
    train_skipgram(
        (tokenize(t) for t in texts), TextEmbedConfig.from_dict(snakemake.params.text), snakemake.output.model
    )
