"""Lyrics of every track: the source's own, else looked up on LRCLIB (cached per track)."""

import pandas as pd

from musiclust.text.lyrics import LrclibClient, LrclibConfig, complete_lyrics
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    tracks = pd.read_parquet(snakemake.input.tracks)
    client = None
    if snakemake.params.scrape:
        client = LrclibClient(LrclibConfig.from_dict(snakemake.params.lrclib), snakemake.params.cache_dir)
    table = complete_lyrics(tracks, client)
    table.to_parquet(snakemake.output.lyrics, index=False)
    log.info("lyrics by status:\n%s", table["lyrics_status"].value_counts().to_string())
