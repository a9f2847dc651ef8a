"""Every space against PCA + K-Means on the same source and label, and the best per label (of how many)."""

import pandas as pd

from musiclust.analysis.study import best_table, compare_to_baseline
from musiclust.data.atomic import write_csv
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    by_seed = pd.read_csv(snakemake.input.by_seed)
    comparison = compare_to_baseline(by_seed, snakemake.params.seed)
    write_csv(comparison, snakemake.output.comparison, index=False, float_format="%.6g")
    best = best_table(comparison, snakemake.params.models)
    write_csv(best, snakemake.output.best, index=False, float_format="%.6g")
    log.info("\n%s", best.to_string())
