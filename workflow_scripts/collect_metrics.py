"""One table of every (source, method, algorithm, label) clustering score."""

import pandas as pd

from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    table = pd.concat([pd.read_csv(p) for p in snakemake.input], ignore_index=True)
    table = table.sort_values(["source", "label", "method", "algorithm"], kind="stable")
    table.to_csv(snakemake.output[0], index=False, float_format="%.6g")
    log.info("\n%s", table.to_string())
