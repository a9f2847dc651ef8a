"""Write results/paper/paper.pdf from the run's tables and figures."""

from pathlib import Path

import pandas as pd

from musiclust.jobs import logged
from musiclust.paper.build import MAIN_PAGES, compile_paper, reproducibility
from musiclust.paper.context import Tables, paper_context

with logged(snakemake.log[0]) as log:
    inp = snakemake.input
    settings = dict(snakemake.params.settings)
    tables = Tables(
        metrics=pd.read_csv(inp.metrics),
        comparison=pd.read_csv(inp.comparison),
        best=pd.read_csv(inp.best),
        rejected=pd.read_csv(inp.rejected),
        tracks={s: pd.read_parquet(p) for s, p in zip(settings["sources"], inp.tracks)},
        audit=pd.read_csv(inp.audit) if "audit" in inp.keys() else pd.DataFrame(),
        langid=pd.read_csv(inp.langid) if "langid" in inp.keys() else None,
        sweep=pd.read_csv(inp.sweep) if "sweep" in inp.keys() else None,
        k_sweeps={tuple(Path(p).with_suffix("").parts[-2:]): pd.read_csv(p) for p in inp.k_sweeps},
    )
    settings["reproducibility"] = reproducibility(dict(snakemake.params.config), Path("logs/benchmarks"))
    context = paper_context(tables, settings)
    pages = compile_paper(context, Path(snakemake.output.pdf))
    log.info("paper: %d pages, main text %d (at most %d)", pages["pages"], pages["main_pages"], MAIN_PAGES)
    for warning in pages["warnings"]:
        log.warning("typst: %s", warning)
    if pages["main_pages"] > MAIN_PAGES:
        log.warning(
            "the main text runs to %d pages, past the %d of the NeurIPS layout", pages["main_pages"], MAIN_PAGES
        )
