rule plot_latents:
    input:
        embedding="results/{source}/embeddings/{method}.parquet",
        clusters="results/{source}/clusters/{method}.{algorithm}.parquet",
        tracks="data/{source}/tracks.parquet",
    output:
        "results/latent_visualization/{source}/{method}.{algorithm}.{projection}.png",
    params:
        labels=config["clustering"]["labels"],
        seed=config["seed"],
    log:
        "logs/{source}/plot_{method}.{algorithm}.{projection}.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/plot_latents.py"
