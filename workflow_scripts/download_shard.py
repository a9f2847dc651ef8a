"""Fetch one shard of a source's audio: mirrors first, then each track's URL."""

from musiclust.data.atomic import write_csv
from musiclust.data.download import DownloadPolicy, download_items, download_rejections, download_report, fetch_all
from musiclust.data.rejects import write_rejections
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    results = fetch_all(
        download_items(snakemake.params.manifest_rows),
        snakemake.output.audio,
        snakemake.params.mirrors,
        snakemake.params.extension,
        DownloadPolicy.from_dict(snakemake.params.policy),
    )
    write_csv(download_report(results), snakemake.output.report, index=False)
    write_rejections(download_rejections(results, snakemake.wildcards.source), snakemake.output.rejected)
    log.info(
        "shard %s: %d of %d fetched", snakemake.wildcards.shard, sum(r.status == "ok" for r in results), len(results)
    )
