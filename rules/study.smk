# Study-level tables: every space against PCA + K-Means and the best per label, the confound
# audit of combined sources, the k sweep, and the beta x latent-dimension sweep (target `sweep`).
rule summarise_study:
    input:
        by_seed="results/clustering_metrics_by_seed.csv",
    output:
        comparison=report("results/nmi_vs_pca_kmeans.csv", caption="../report/comparison.rst", category="Metrics"),
        best=report("results/best_per_label.csv", caption="../report/best_per_label.rst", category="Metrics"),
    params:
        models=MODELS,
    log:
        "logs/summarise_study.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/summarise_study.py"


rule confound_audit:
    input:
        by_seed="results/clustering_metrics_by_seed.csv",
        tracks=expand("data/{source}/tracks.parquet", source=audited_sources()),
    output:
        report("results/confound_audit.csv", caption="../report/confound_audit.rst", category="Metrics"),
    params:
        sources=audited_sources(),
    log:
        "logs/confound_audit.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/confound_audit.py"


rule k_sweep:
    input:
        embedding=lambda wc: seed_embeddings(wc.source, wc.method)[0],
        tracks="data/{source}/tracks.parquet",
    output:
        table="results/k_sweep/{source}/{method}.csv",
        figure=report(
            "results/k_sweep/{source}/{method}.png",
            caption="../report/k_sweep.rst",
            category="k sweep",
            subcategory="{source}",
            labels={"method": "{method}"},
        ),
    params:
        ks=K_SWEEP.get("k", []),
        labels=config["clustering"]["labels"],
        seed=config["seed"],
    log:
        "logs/{source}/k_sweep_{method}.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/k_sweep.py"


rule k_sweeps:
    input:
        all_k_sweeps(),


rule cluster_sweep_variant:
    input:
        embeddings=lambda wc: expand("results/{{source}}/embeddings/{{model}}.seed{seed}.parquet", seed=SWEEP["seeds"]),
        tracks="data/{source}/tracks.parquet",
    output:
        metrics="results/sweep/{source}/{model}.kmeans.csv",
    params:
        labels=config["clustering"]["labels"],
        k=config["clustering"]["k"],
        seeds=SWEEP.get("seeds", []),
    log:
        "logs/{source}/sweep_cluster_{model}.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/cluster_sweep_variant.py"


rule summarise_sweep:
    input:
        metrics=lambda wc: expand("results/sweep/{{source}}/{model}.kmeans.csv", model=SWEEP_SPECS),
        histories=lambda wc: expand(
            "results/{{source}}/models/{model}.seed{seed}.history.csv", model=SWEEP_SPECS, seed=SWEEP["seeds"]
        ),
    output:
        table="results/sweep/{source}.csv",
        figure=report("results/sweep/{source}.png", caption="../report/sweep.rst", category="Sweep"),
    params:
        grid={name: [spec.kwargs["beta"], spec.kwargs["latent_dim"]] for name, spec in SWEEP_SPECS.items()},
        models=list(SWEEP_SPECS),
        seeds=SWEEP.get("seeds", []),
    log:
        "logs/{source}/summarise_sweep.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/summarise_sweep.py"


rule sweep:
    input:
        sweep_outputs(),
