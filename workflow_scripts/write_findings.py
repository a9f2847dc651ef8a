"""The run's findings in sentences computed from its tables (results/findings.md)."""

from pathlib import Path

import pandas as pd

from musiclust.analysis.findings import findings_markdown
from musiclust.workflow import logged

with logged(snakemake.log[0]) as log:
    audit = pd.read_csv(snakemake.input.audit) if "audit" in snakemake.input.keys() else pd.DataFrame()
    langid = pd.read_csv(snakemake.input.langid) if "langid" in snakemake.input.keys() else None
    text = findings_markdown(
        pd.read_csv(snakemake.input.comparison),
        pd.read_csv(snakemake.input.best),
        audit,
        langid,
        snakemake.params.models,
    )
    Path(snakemake.output[0]).write_text(text, encoding="utf-8")
    log.info("\n%s", text)
