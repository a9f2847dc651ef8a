rule plot_latents:
    input:
        embedding=lambda wc: seed_embeddings(wc.source, wc.method)[0],
        clusters=expand("results/{{source}}/clusters/{{method}}.{algorithm}.parquet", algorithm=ALGORITHMS),
        tracks="data/{source}/tracks.parquet",
    output:
        [
            report(
                f"results/latent_visualization/{{source}}/{{method}}.{projection}.png",
                caption="../report/latent_plot.rst",
                category="Latent space",
                subcategory="{source}",
                labels={"method": "{method}", "projection": projection},
            )
            for projection in PROJECTIONS
        ],
    params:
        labels=config["clustering"]["labels"],
        algorithms=ALGORITHMS,
        projections=PROJECTIONS,
        seed=config["seed"],
    log:
        "logs/{source}/plot_{method}.log",
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


rule plot_training_curves:
    input:
        histories=expand("results/{{source}}/models/{{model}}.seed{seed}.history.csv", seed=SEEDS),
    output:
        report(
            "results/training_curves/{source}/{model}.png",
            caption="../report/training_curves.rst",
            category="Training",
            subcategory="{source}",
            labels={"model": "{model}", "figure": "training curves"},
        ),
    params:
        seeds=SEEDS,
    log:
        "logs/{source}/training_curves_{model}.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/plot_training_curves.py"


rule plot_reconstructions:
    input:
        unpack(model_inputs),
        checkpoint=f"results/{{source}}/models/{{model}}.seed{SEEDS[0]}.pt",
    output:
        report(
            "results/reconstructions/{source}/{model}.png",
            caption="../report/reconstructions.rst",
            category="Reconstructions",
            subcategory="{source}",
            labels={"model": "{model}"},
        ),
    params:
        conditions=model_conditions,
        n_examples=6,
        seed=config["seed"],
    log:
        "logs/{source}/reconstructions_{model}.log",
    threads: 1
    conda:
        "../envs/torch.yaml"
    script:
        "../workflow_scripts/plot_reconstructions.py"


rule plot_traversals:
    input:
        unpack(model_inputs),
        checkpoint=f"results/{{source}}/models/{{model}}.seed{SEEDS[0]}.pt",
    output:
        report(
            "results/latent_traversals/{source}/{model}.png",
            caption="../report/traversals.rst",
            category="Latent traversals",
            subcategory="{source}",
            labels={"model": "{model}"},
        ),
    params:
        n_dims=6,
        steps=[-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0],
    log:
        "logs/{source}/traversals_{model}.log",
    threads: 1
    conda:
        "../envs/torch.yaml"
    script:
        "../workflow_scripts/plot_traversals.py"
