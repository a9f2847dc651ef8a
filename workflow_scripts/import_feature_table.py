"""Write a precomputed feature table (e.g. GTZAN + BanglaBeats) as the source's feature parquet."""

from musiclust.data.atomic import write_parquet
from musiclust.data.sources import feature_table_frame
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    features = feature_table_frame(snakemake.params.source)
    write_parquet(features, snakemake.output.features, index=False)
    log.info("%d tracks, %d feature columns", len(features), features.shape[1] - 1)
