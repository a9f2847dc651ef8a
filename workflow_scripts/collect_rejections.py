"""All quarantined tracks of all sources and stages in one table."""

from musiclust.data.atomic import write_csv
from musiclust.data.rejects import combine_rejection_files
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    table = combine_rejection_files(snakemake.input)
    write_csv(table, snakemake.output[0], index=False)
    log.info("%d rejected tracks", len(table))
