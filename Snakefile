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


rule all:
    input:
        "results/clustering_metrics.csv",
        "results/rejected.csv",
        "results/language_id.csv" if LYRICS_SOURCES else [],
        all_latent_plots(),
        all_composition_plots(),
        all_training_histories(),
        "results/nmi_vs_pca_kmeans.csv",
        "results/best_per_label.csv",
        "results/confound_audit.csv" if audited_sources() else [],
        all_k_sweeps(),
        all_training_curves(),
        all_reconstructions(),
        all_traversals(),
