"""fastText language id of each track's lyrics, per song and per line."""

import pandas as pd

from musiclust.data.atomic import write_parquet
from musiclust.jobs import logged
from musiclust.text.langid import LangIdConfig, identify_tracks

with logged(snakemake.log[0]) as log:
    lyrics = pd.read_parquet(snakemake.input.lyrics)
    tracks = pd.read_parquet(snakemake.input.tracks)
    table = identify_tracks(lyrics, tracks, LangIdConfig(**snakemake.params.langid))
    table.insert(0, "source", snakemake.wildcards.source)
    write_parquet(table, snakemake.output.langid, index=False)
    log.info("%d tracks identified", len(table))
