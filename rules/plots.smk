rule plot_latents:
    input:
        embedding=lambda wc: seed_embeddings(wc.source, wc.method)[0],
        clusters=expand("results/{{source}}/clusters/{{method}}.{algorithm}.parquet", algorithm=ALGORITHMS),
        tracks="data/{source}/tracks.parquet",
    output:
        report(
            "results/latent_visualization/{source}/{method}.{projection}.png",
            caption="../report/latent_plot.rst",
            category="Latent space",
            subcategory="{source}",
            labels={"method": "{method}", "projection": "{projection}"},
        ),
    params:
        labels=config["clustering"]["labels"],
        algorithms=ALGORITHMS,
        seed=config["seed"],
    log:
        "logs/{source}/plot_{method}.{projection}.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/plot_latents.py"


rule plot_composition:
    input:
        clusters="results/{source}/clusters/{method}.{algorithm}.parquet",
        tracks="data/{source}/tracks.parquet",
    output:
        report(
            "results/cluster_composition/{source}/{method}.{algorithm}.png",
            caption="../report/composition.rst",
            category="Cluster composition",
            subcategory="{source}",
            labels={"method": "{method}", "algorithm": "{algorithm}"},
        ),
    params:
        labels=config["clustering"]["labels"],
    log:
        "logs/{source}/composition_{method}.{algorithm}.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/plot_composition.py"
