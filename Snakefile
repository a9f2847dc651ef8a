# musiclust: audio -> features -> VAE latents -> clusters -> metric tables and plots.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config.yaml"


report: "report/workflow.rst"


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/features.smk"
include: "rules/models.smk"
include: "rules/text.smk"
include: "rules/clustering.smk"
include: "rules/plots.smk"
include: "rules/study.smk"
include: "rules/paper.smk"


# Light rules run in the main Snakemake process, not as cluster jobs.
localrules:
    all,
    k_sweeps,
    sweep,
    collect_rejections,
    collect_language_id,
    collect_metrics,
    summarise_study,
    confound_audit,
    summarise_sweep,
    write_findings,


onstart:
    check_startup()


rule all:
    input:
        plan.targets(),


plan.check_resource_rules()
