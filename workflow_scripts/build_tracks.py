"""Scan a source and write its track table (with sha256) and its source-stage rejections."""

from musiclust.rejects import write_rejections
from musiclust.sources import scan_source, track_table
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    scan = scan_source(snakemake.params.source)
    table = track_table(scan)
    table.to_parquet(snakemake.output.tracks, index=False)
    write_rejections(scan.rejections, snakemake.output.rejected)
    log.info("%d tracks with audio, %d rejected", len(table), len(scan.rejections))
