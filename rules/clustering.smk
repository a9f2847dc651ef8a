rule cluster_embedding:
    input:
        embeddings=lambda wc: sorted(set(seed_embeddings(wc.source, wc.method))),
        tracks="data/{source}/tracks.parquet",
    output:
        clusters="results/{source}/clusters/{method}.{algorithm}.parquet",
        metrics="results/{source}/metrics/{method}.{algorithm}.csv",
    params:
        labels=config["clustering"]["labels"],
        k=config["clustering"]["k"],
        seeds=SEEDS,
        embeddings=lambda wc: seed_embeddings(wc.source, wc.method),
    log:
        "logs/{source}/cluster_{method}.{algorithm}.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    wildcard_constraints:
        algorithm="kmeans|agglomerative|dbscan|gmm",
    script:
        "../workflow_scripts/cluster_embedding.py"


# A model that clusters while it learns (VaDE) is also scored on its own assignments
# (algorithm "posterior": argmax q(c | x) over its mixture components).
rule score_model_clusters:
    input:
        unpack(model_inputs),
        checkpoints=expand("results/{{source}}/models/{{model}}.seed{seed}.pt", seed=SEEDS),
        embeddings=expand("results/{{source}}/embeddings/{{model}}.seed{seed}.parquet", seed=SEEDS),
        tracks="data/{source}/tracks.parquet",
    output:
        clusters="results/{source}/clusters/{model}.posterior.parquet",
        metrics="results/{source}/metrics/{model}.posterior.csv",
    params:
        labels=config["clustering"]["labels"],
        seeds=SEEDS,
        conditions=model_conditions,
        device=config["training"]["device"],
    log:
        "logs/{source}/cluster_{model}.posterior.log",
    threads: 1
    conda:
        "../envs/torch.yaml"
    script:
        "../workflow_scripts/score_model_clusters.py"


rule collect_metrics:
    input:
        all_metric_tables(),
    output:
        summary=report("results/clustering_metrics.csv", caption="../report/clustering_metrics.rst", category="Metrics"),
        by_seed="results/clustering_metrics_by_seed.csv",
    log:
        "logs/collect_metrics.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/collect_metrics.py"
