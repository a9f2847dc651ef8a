"""Hybrid feature table (audio + lyric embedding + language id, with modality masks) and its PCA space."""

import pandas as pd

from musiclust.analysis.hybrid import hybrid_embedding, hybrid_table
from musiclust.audio.feature_io import read_summary_features
from musiclust.data.atomic import write_parquet
from musiclust.data.spaces import read_embedding, write_embedding
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks)
    table = hybrid_table(
        read_summary_features(snakemake.input.audio),
        read_embedding(snakemake.input.text),
        pd.read_parquet(snakemake.input.langid),
        tracks["track_id"].tolist(),
    )
    write_parquet(table.reset_index(), snakemake.output.features, index=False)
    emb = hybrid_embedding(table, snakemake.params.n_components, snakemake.params.seed)
    write_embedding(emb, snakemake.output.embedding)
    log.info(
        "%d tracks, %d with audio, %d with lyrics, %d with both",
        len(table),
        table["has_audio"].sum(),
        table["has_lyrics"].sum(),
        len(emb),
    )
