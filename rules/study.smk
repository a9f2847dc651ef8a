# Study-level tables: every space against PCA + K-Means and the best per label, the confound
# audit of combined sources, the k sweep, and the beta x latent-dimension sweep (target `sweep`).
rule summarise_study:
    input:
        by_seed=paths.METRIC_TABLE_BY_SEED,
    output:
        comparison=report(paths.COMPARISON, caption="../report/comparison.rst", category="Metrics"),
        best=report(paths.BEST, caption="../report/best_per_label.rst", category="Metrics"),
    log:
        "logs/summarise_study.log",
    benchmark:
        "logs/benchmarks/summarise_study.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("summarise_study"),
    params:
        models=plan.models,
        seed=config["seed"],
    script:
        "../workflow_scripts/summarise_study.py"


rule confound_audit:
    input:
        by_seed=paths.METRIC_TABLE_BY_SEED,
        tracks=expand(paths.TRACKS, source=plan.audited_sources()),
    output:
        report(paths.AUDIT, caption="../report/confound_audit.rst", category="Metrics"),
    log:
        "logs/confound_audit.log",
    benchmark:
        "logs/benchmarks/confound_audit.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("confound_audit"),
    params:
        sources=plan.audited_sources(),
        seed=config["seed"],
    script:
        "../workflow_scripts/confound_audit.py"


rule k_sweep:
    input:
        embedding=lambda wc: plan.seed_embeddings(wc.source, wc.space)[0],
        tracks=paths.TRACKS,
    output:
        table=report(
            paths.K_SWEEP,
            caption="../report/k_sweep.rst",
            category="k sweep",
            subcategory="{source}",
            labels={"space": "{space}", "kind": "table"},
        ),
        figure=report(
            paths.K_SWEEP_FIGURE,
            caption="../report/k_sweep.rst",
            category="k sweep",
            subcategory="{source}",
            labels={"space": "{space}", "kind": "figure"},
        ),
    log:
        "logs/{source}/k_sweep_{space}.log",
    benchmark:
        "logs/benchmarks/{source}/k_sweep_{space}.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("k_sweep"),
    params:
        ks=plan.k_sweep.get("k", []),
        labels=config["clustering"]["labels"],
        seed=config["seed"],
    script:
        "../workflow_scripts/k_sweep.py"


rule k_sweeps:
    input:
        plan.k_sweeps(),


rule cluster_sweep:
    input:
        embeddings=expand(paths.SEED_EMBEDDING, space=plan.sweep_specs, seed=plan.sweep_seeds, allow_missing=True),
        tracks=paths.TRACKS,
    output:
        metrics=expand(paths.SWEEP_METRICS, space=plan.sweep_specs, allow_missing=True),
    log:
        "logs/{source}/cluster_sweep.log",
    benchmark:
        "logs/benchmarks/{source}/cluster_sweep.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("cluster_sweep"),
    params:
        labels=config["clustering"]["labels"],
        k=config["clustering"]["k"],
        quadratic_limit=config["clustering"]["quadratic_limit"],
        embeddings=lambda wc: {
            m: [paths.SEED_EMBEDDING.format(source=wc.source, space=m, seed=s) for s in plan.sweep_seeds]
            for m in plan.sweep_specs
        },
        seeds=plan.sweep_seeds,
    script:
        "../workflow_scripts/cluster_sweep.py"


rule summarise_sweep:
    input:
        metrics=lambda wc: expand(paths.SWEEP_METRICS, space=plan.sweep_specs, allow_missing=True),
        histories=lambda wc: expand(paths.HISTORY, space=plan.sweep_specs, seed=plan.sweep_seeds, allow_missing=True),
    output:
        table=report(paths.SWEEP_TABLE, caption="../report/sweep.rst", category="Sweep"),
        figure=report(paths.SWEEP_FIGURE, caption="../report/sweep.rst", category="Sweep"),
    log:
        "logs/{source}/summarise_sweep.log",
    benchmark:
        "logs/benchmarks/{source}/summarise_sweep.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("summarise_sweep"),
    params:
        grid={name: [spec.kwargs["beta"], spec.kwargs["latent_dim"]] for name, spec in plan.sweep_specs.items()},
        models=list(plan.sweep_specs),
        seeds=plan.sweep_seeds,
    script:
        "../workflow_scripts/summarise_sweep.py"


rule sweep:
    input:
        plan.sweep_outputs(),


rule write_findings:
    input:
        unpack(lambda wc: plan.findings_inputs()),
    output:
        report(paths.FINDINGS, caption="../report/findings.rst", category="Metrics"),
    log:
        "logs/write_findings.log",
    benchmark:
        "logs/benchmarks/write_findings.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("write_findings"),
    params:
        models=plan.models,
        conditioned=plan.conditioned_models(),
    script:
        "../workflow_scripts/write_findings.py"
