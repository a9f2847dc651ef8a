"""Write a source's track table (labels, audio path, sha256, origin) and its source-stage rejections."""

from musiclust.data.atomic import write_parquet
from musiclust.data.download import read_download_reports
from musiclust.data.rejects import write_rejections
from musiclust.data.sources import scan_source, track_table
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    scan = scan_source(snakemake.params.source)
    downloads = read_download_reports(snakemake.input.downloads) if scan.download else None
    table = track_table(scan, downloads, snakemake.params.source.get("labels"))
    write_parquet(table, snakemake.output.tracks, index=False)
    write_rejections(scan.rejections, snakemake.output.rejected)
    log.info("%d tracks with audio, %d rejected at the source stage", len(table), len(scan.rejections))
