"""Lyrics of every track: the source's own, else looked up on LRCLIB (cached per track)."""

import pandas as pd

from musiclust.data.atomic import write_parquet
from musiclust.data.rejects import write_rejections
from musiclust.jobs import logged
from musiclust.text.lyrics import LrclibClient, LrclibConfig, complete_lyrics, lyrics_rejections

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks)
    client = None
    if snakemake.params.scrape:
        client = LrclibClient(LrclibConfig.from_dict(snakemake.params.lrclib), snakemake.params.cache_dir)
    table = complete_lyrics(tracks, client)
    write_parquet(table, snakemake.output.lyrics, index=False)
    write_rejections(lyrics_rejections(table, snakemake.wildcards.source), snakemake.output.rejected)
    log.info("lyrics by status:\n%s", table["lyrics_status"].value_counts().to_string())
