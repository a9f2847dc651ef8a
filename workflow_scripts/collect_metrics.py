"""Every clustering score per seed, and their mean with a 95% interval over seeds (percentile bootstrap)."""

import pandas as pd

from musiclust.analysis.metrics import summarise_over_seeds
from musiclust.data.atomic import write_csv
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    by_seed = pd.concat([pd.read_csv(p) for p in snakemake.input], ignore_index=True)
    by_seed = by_seed.sort_values(["source", "label", "method", "algorithm", "seed"], kind="stable")
    write_csv(by_seed, snakemake.output.by_seed, index=False, float_format="%.6g")
    summary = summarise_over_seeds(by_seed, snakemake.params.seed)
    write_csv(summary, snakemake.output.summary, index=False, float_format="%.6g")
    log.info("\n%s", summary.to_string())
