"""The beta x latent-dimension sweep: NMI and validation recon/KL per variant, as a table and a plot."""

import pandas as pd

from musiclust.analysis.study import sweep_summary
from musiclust.data.atomic import save_figure, write_csv
from musiclust.jobs import logged
from musiclust.plots.study import sweep_figure
from musiclust.plots.style import apply_style

with logged(snakemake.log[0]) as log:
    apply_style()
    by_seed = pd.concat([pd.read_csv(p) for p in snakemake.input.metrics], ignore_index=True)
    seeds = snakemake.params.seeds
    histories = {}
    paths = iter(snakemake.input.histories)
    for model in snakemake.params.models:
        for seed in seeds:
            histories[(model, seed)] = pd.read_csv(next(paths))
    grid = {name: tuple(v) for name, v in snakemake.params.grid.items()}
    summary = sweep_summary(by_seed, histories, grid)
    write_csv(summary, snakemake.output.table, index=False, float_format="%.6g")
    title = f"{snakemake.wildcards.source}: beta x latent dimension ({len(seeds)} seeds, K-Means, mean and 95% CI)"
    save_figure(sweep_figure(summary, title), snakemake.output.figure, dpi=110)
    log.info("\n%s", summary.to_string())
