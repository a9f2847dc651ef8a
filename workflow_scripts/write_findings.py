"""The run's findings in sentences computed from its tables (results/findings.md)."""

import pandas as pd

from musiclust.analysis.findings import findings_markdown
from musiclust.data.atomic import write_text
from musiclust.jobs import logged

with logged(snakemake.log[0]) as log:
    audit = pd.read_csv(snakemake.input.audit) if "audit" in snakemake.input.keys() else pd.DataFrame()
    langid = pd.read_csv(snakemake.input.langid) if "langid" in snakemake.input.keys() else None
    text = findings_markdown(
        pd.read_csv(snakemake.input.comparison),
        pd.read_csv(snakemake.input.best),
        audit,
        langid,
        snakemake.params.models,
        pd.read_csv(snakemake.input.metrics) if "metrics" in snakemake.input.keys() else None,
        snakemake.params.conditioned,
    )
    write_text(snakemake.output[0], text)
    log.info("\n%s", text)
