# One job per source draws every space's latent maps (UMAP, t-SNE where asked: one process
# compiles UMAP's numba code once) and cluster composition bars.
for source in plan.sources:
    figures = plan.space_figures(source)

    rule:
        name:
            f"plot_spaces_{source}"
        input:
            embeddings=plan.space_figure_files(source, "embedding"),
            clusters=plan.space_figure_files(source, "clusters"),
            tracks=paths.TRACKS.format(source=source),
        output:
            latents=[
                report(
                    path,
                    caption="../report/latent_plot.rst",
                    category="Latent space",
                    subcategory=source,
                    labels={"space": method, "projection": projection},
                )
                for method, files in figures.items()
                for projection, path in files["latents"].items()
            ],
            compositions=[
                report(
                    path,
                    caption="../report/composition.rst",
                    category="Cluster composition",
                    subcategory=source,
                    labels={"space": method, "algorithm": algorithm},
                )
                for method, files in figures.items()
                for algorithm, path in files["compositions"].items()
            ],
        log:
            f"logs/{source}/plot_spaces.log",
        benchmark:
            f"logs/benchmarks/{source}/plot_spaces.tsv"
        conda:
            "../envs/analysis.yaml"
        threads: 1
        resources:
            **plan.resources("plot_spaces"),
        params:
            source=source,
            figures=figures,
            labels=config["clustering"]["labels"],
            seed=config["seed"],
        script:
            "../workflow_scripts/plot_spaces.py"


# One job per source draws the training curves of each of its models (over the seeds).
for source in plan.sources:
    curve_models = [m for s, m in plan.trained_models() if s == source]
    if not curve_models:
        continue

    rule:
        name:
            f"plot_training_curves_{source}"
        input:
            histories=expand(paths.HISTORY, source=source, space=curve_models, seed=plan.seeds),
        output:
            [
                report(
                    paths.TRAINING_CURVES.format(source=source, space=model),
                    caption="../report/training_curves.rst",
                    category="Training",
                    subcategory=source,
                    labels={"model": model, "figure": "training curves"},
                )
                for model in curve_models
            ],
        log:
            f"logs/{source}/training_curves.log",
        benchmark:
            f"logs/benchmarks/{source}/training_curves.tsv"
        conda:
            "../envs/analysis.yaml"
        threads: 1
        resources:
            **plan.resources("plot_training_curves"),
        params:
            source=source,
            models=curve_models,
            seeds=plan.seeds,
        script:
            "../workflow_scripts/plot_training_curves.py"


rule plot_reconstructions:
    input:
        unpack(get_model_inputs),
        checkpoint=paths.fill(paths.CHECKPOINT, space="{model}", seed=plan.seeds[0]),
    output:
        report(
            paths.fill(paths.RECONSTRUCTION, space="{model}"),
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
    resources:
        **plan.resources("plot_reconstructions"),
    params:
        conditions=get_model_conditions,
        n_examples=6,
        seed=config["seed"],
    script:
        "../workflow_scripts/plot_reconstructions.py"


rule plot_traversals:
    input:
        unpack(get_model_inputs),
        checkpoint=paths.fill(paths.CHECKPOINT, space="{model}", seed=plan.seeds[0]),
    output:
        report(
            paths.fill(paths.TRAVERSAL, space="{model}"),
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
    resources:
        **plan.resources("plot_traversals"),
    params:
        n_dims=6,
        steps=[-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0],
    script:
        "../workflow_scripts/plot_traversals.py"
