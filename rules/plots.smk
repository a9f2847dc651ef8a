rule plot_latents:
    input:
        embedding=lambda wc: plan.seed_embeddings(wc.source, wc.method)[0],
        clusters=expand("results/{{source}}/clusters/{{method}}.{algorithm}.parquet", algorithm=plan.algorithms),
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
            for projection in plan.projections
        ],
    log:
        "logs/{source}/plot_{method}.log",
    benchmark:
        "logs/benchmarks/{source}/plot_{method}.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    params:
        labels=config["clustering"]["labels"],
        algorithms=plan.algorithms,
        projections=plan.projections,
        seed=config["seed"],
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
    log:
        "logs/{source}/composition_{method}.{algorithm}.log",
    benchmark:
        "logs/benchmarks/{source}/composition_{method}.{algorithm}.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    params:
        labels=config["clustering"]["labels"],
    script:
        "../workflow_scripts/plot_composition.py"


rule plot_training_curves:
    input:
        histories=expand("results/{{source}}/models/{{model}}.seed{seed}.history.csv", seed=plan.seeds),
    output:
        report(
            "results/training_curves/{source}/{model}.png",
            caption="../report/training_curves.rst",
            category="Training",
            subcategory="{source}",
            labels={"model": "{model}", "figure": "training curves"},
        ),
    log:
        "logs/{source}/training_curves_{model}.log",
    benchmark:
        "logs/benchmarks/{source}/training_curves_{model}.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    params:
        seeds=plan.seeds,
    script:
        "../workflow_scripts/plot_training_curves.py"


rule plot_reconstructions:
    input:
        unpack(get_model_inputs),
        checkpoint=f"results/{{source}}/models/{{model}}.seed{plan.seeds[0]}.pt",
    output:
        report(
            "results/reconstructions/{source}/{model}.png",
            caption="../report/reconstructions.rst",
            category="Reconstructions",
            subcategory="{source}",
            labels={"model": "{model}"},
        ),
    log:
        "logs/{source}/reconstructions_{model}.log",
    benchmark:
        "logs/benchmarks/{source}/reconstructions_{model}.tsv"
    conda:
        "../envs/torch.yaml"
    threads: 1
    params:
        conditions=get_model_conditions,
        n_examples=6,
        seed=config["seed"],
    script:
        "../workflow_scripts/plot_reconstructions.py"


rule plot_traversals:
    input:
        unpack(get_model_inputs),
        checkpoint=f"results/{{source}}/models/{{model}}.seed{plan.seeds[0]}.pt",
    output:
        report(
            "results/latent_traversals/{source}/{model}.png",
            caption="../report/traversals.rst",
            category="Latent traversals",
            subcategory="{source}",
            labels={"model": "{model}"},
        ),
    log:
        "logs/{source}/traversals_{model}.log",
    benchmark:
        "logs/benchmarks/{source}/traversals_{model}.tsv"
    conda:
        "../envs/torch.yaml"
    threads: 1
    params:
        n_dims=6,
        steps=[-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0],
    script:
        "../workflow_scripts/plot_traversals.py"
