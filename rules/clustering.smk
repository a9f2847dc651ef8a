# One job clusters a space with every algorithm (once per seed where the space or the algorithm
# depends on it) and scores each clustering; one clusters and one metrics file per algorithm.
rule cluster_embedding:
    input:
        embeddings=lambda wc: plan.space_embeddings(wc.source, wc.space),
        tracks=paths.TRACKS,
    output:
        clusters=expand(paths.fill(paths.CLUSTERS, space="{space}"), algorithm=plan.algorithms, allow_missing=True),
        metrics=expand(paths.fill(paths.METRICS, space="{space}"), algorithm=plan.algorithms, allow_missing=True),
    log:
        "logs/{source}/cluster_{space}.log",
    benchmark:
        "logs/benchmarks/{source}/cluster_{space}.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("cluster_embedding"),
    params:
        labels=config["clustering"]["labels"],
        k=config["clustering"]["k"],
        quadratic_limit=config["clustering"]["quadratic_limit"],
        algorithms=plan.algorithms,
        runs=lambda wc: [plan.clustering_runs(wc.source, wc.space, a) for a in plan.algorithms],
    script:
        "../workflow_scripts/cluster_embedding.py"


# A model that clusters while it learns (VaDE) is also scored on its own assignments
# (algorithm "posterior": argmax q(c | x) over its mixture components).
rule score_model_clusters:
    input:
        unpack(get_model_inputs),
        checkpoints=expand(paths.fill(paths.CHECKPOINT, space="{model}"), seed=plan.seeds, allow_missing=True),
        embeddings=expand(paths.fill(paths.SEED_EMBEDDING, space="{model}"), seed=plan.seeds, allow_missing=True),
        tracks=paths.TRACKS,
    output:
        clusters=paths.fill(paths.CLUSTERS, space="{model}", algorithm="posterior"),
        metrics=paths.fill(paths.METRICS, space="{model}", algorithm="posterior"),
    log:
        "logs/{source}/cluster_{model}.posterior.log",
    benchmark:
        "logs/benchmarks/{source}/cluster_{model}.posterior.tsv"
    conda:
        "../envs/torch.yaml"
    threads: 1
    resources:
        **plan.resources("score_model_clusters"),
    params:
        labels=config["clustering"]["labels"],
        seeds=plan.seeds,
        conditions=get_model_conditions,
        device=config["training"]["device"],
    script:
        "../workflow_scripts/score_model_clusters.py"


rule collect_metrics:
    input:
        plan.metric_tables(),
    output:
        summary=report(paths.METRIC_TABLE, caption="../report/clustering_metrics.rst", category="Metrics"),
        by_seed=report(
            paths.METRIC_TABLE_BY_SEED,
            caption="../report/clustering_metrics_by_seed.rst",
            category="Metrics",
        ),
    log:
        "logs/collect_metrics.log",
    benchmark:
        "logs/benchmarks/collect_metrics.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("collect_metrics"),
    params:
        seed=config["seed"],
    script:
        "../workflow_scripts/collect_metrics.py"
