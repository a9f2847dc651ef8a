"""Every space against PCA + K-Means on the same source and label, and the best space per label."""

import pandas as pd

from musiclust.analysis.study import best_per_label, compare_to_baseline
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    by_seed = pd.read_csv(snakemake.input.by_seed)
    comparison = compare_to_baseline(by_seed)
    comparison.to_csv(snakemake.output.comparison, index=False, float_format="%.6g")
    best = pd.concat(
        [
            best_per_label(comparison).assign(scope="any space"),
            best_per_label(comparison, methods=snakemake.params.models).assign(scope="trained models"),
        ],
        ignore_index=True,
    ).sort_values(["source", "label", "scope"], kind="stable")
    best.to_csv(snakemake.output.best, index=False, float_format="%.6g")
    log.info("\n%s", best.to_string())
