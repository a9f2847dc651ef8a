"""Where sources combine datasets: do the clusters follow the label or the dataset?"""

import pandas as pd

from musiclust.analysis.study import confound_audit
from musiclust.data.atomic import write_csv
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    by_seed = pd.read_csv(snakemake.input.by_seed)
    tracks = {s: pd.read_parquet(p) for s, p in zip(snakemake.params.sources, snakemake.input.tracks)}
    audit = confound_audit(by_seed, tracks, snakemake.params.seed)
    if audit.empty:
        audit = pd.DataFrame(
            columns=[
                "source",
                "method",
                "algorithm",
                "label",
                "nmi_label",
                "dataset_floor",
                "nmi_within",
                "nmi_dataset",
            ]
        )
    write_csv(audit, snakemake.output[0], index=False, float_format="%.6g")
    log.info("\n%s", audit.to_string())
