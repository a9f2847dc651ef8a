rule plot_latents:
    input:
        embedding="results/{source}/embeddings/{method}.parquet",
        clusters="results/{source}/clusters/{method}.{algorithm}.parquet",
        tracks="data/{source}/tracks.parquet",
    output:
        report(
            "results/latent_visualization/{source}/{method}.{algorithm}.{projection}.png",
            caption="../report/latent_plot.rst",
            category="Latent space",
            subcategory="{source}",
            labels={"method": "{method}", "algorithm": "{algorithm}", "projection": "{projection}"},
        ),
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
