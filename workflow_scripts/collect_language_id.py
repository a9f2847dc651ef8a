"""All sources' language-id rows, and each source's accuracy against its labels."""

import pandas as pd

from musiclust.data.atomic import write_csv
from musiclust.jobs import logged
from musiclust.text.langid import accuracy_summary

with logged(snakemake.log[0]) as log:
    tables = [pd.read_parquet(p) for p in snakemake.input]
    write_csv(pd.concat(tables, ignore_index=True), snakemake.output.table, index=False)
    summary = pd.DataFrame([accuracy_summary(t, s) for t, s in zip(tables, snakemake.params.sources)])
    write_csv(summary, snakemake.output.accuracy, index=False, float_format="%.4f")
    log.info("\n%s", summary.to_string())
