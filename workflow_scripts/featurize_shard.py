"""Audio features of one shard of a source's tracks."""

import pandas as pd

from musiclust.audio.features import FeatureConfig
from musiclust.audio.shards import downloaded_only, featurize_tracks
from musiclust.data.atomic import write_parquet
from musiclust.data.rejects import write_rejections
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    tracks = pd.DataFrame(snakemake.params.tracks, columns=["track_id", "audio_path"])
    if "download_report" in snakemake.input.keys():
        tracks = downloaded_only(tracks, snakemake.input.download_report)
    table, rejections = featurize_tracks(
        tracks,
        FeatureConfig.from_dict(snakemake.params.features),
        snakemake.wildcards.source,
        snakemake.threads,
    )
    write_parquet(table, snakemake.output.features)
    write_rejections(rejections, snakemake.output.rejected)
    log.info("shard %s: %d featurised, %d rejected", snakemake.wildcards.shard, table.num_rows, len(rejections))
