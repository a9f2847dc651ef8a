# One job trains a model variant on a source once per seed (torch's start-up is a large share of
# a small model's cost) and writes one checkpoint, history and embedding per seed, with a
# validation split disjoint by artist; it embeds every track the model can read with the
# trained model in memory. Changing `seeds` reruns each variant's job. The script trains a list
# of variants (`variants`, outputs ordered by variant, then seed): one here, the whole grid for
# the sweep.
rule train_model:
    input:
        unpack(get_model_inputs),
    output:
        checkpoints=expand(paths.fill(paths.CHECKPOINT, space="{model}"), seed=plan.seeds, allow_missing=True),
        histories=[
            report(
                paths.fill(paths.HISTORY, space="{model}", seed=seed),
                caption="../report/training_history.rst",
                category="Training",
                subcategory="{source}",
                labels={"model": "{model}", "seed": str(seed)},
            )
            for seed in plan.seeds
        ],
        embeddings=expand(paths.fill(paths.SEED_EMBEDDING, space="{model}"), seed=plan.seeds, allow_missing=True),
    log:
        "logs/{source}/train_{model}.log",
    benchmark:
        "logs/benchmarks/{source}/train_{model}.tsv"
    wildcard_constraints:
        model=alternatives(plan.models),
    priority: 1
    conda:
        "../envs/torch.yaml"
    threads: 1
    resources:
        **plan.resources("train_model"),
    params:
        variants=lambda wc: plan.training_variants(wc.source, [wc.model]),
        conditions=get_model_conditions,
        seeds=plan.seeds,
        split_groups=get_split_groups,
    script:
        "../workflow_scripts/train_model.py"


# The beta x latent-dimension sweep: one job trains every variant of the grid with the sweep's
# seeds (45 small models: one start-up instead of 15).
if plan.sweep_specs:

    rule train_sweep:
        input:
            unpack(lambda wc: plan.model_inputs(wc.source, next(iter(plan.sweep_specs)))),
        output:
            checkpoints=expand(paths.CHECKPOINT, space=plan.sweep_specs, seed=plan.sweep_seeds, allow_missing=True),
            histories=expand(paths.HISTORY, space=plan.sweep_specs, seed=plan.sweep_seeds, allow_missing=True),
            embeddings=expand(paths.SEED_EMBEDDING, space=plan.sweep_specs, seed=plan.sweep_seeds, allow_missing=True),
        log:
            "logs/{source}/train_sweep.log",
        benchmark:
            "logs/benchmarks/{source}/train_sweep.tsv"
        conda:
            "../envs/torch.yaml"
        threads: 1
        resources:
            **plan.resources("train_sweep"),
        params:
            variants=lambda wc: plan.training_variants(wc.source, list(plan.sweep_specs)),
            conditions=None,
            seeds=plan.sweep_seeds,
            split_groups=get_split_groups,
        script:
            "../workflow_scripts/train_model.py"


rule embed_baseline:
    input:
        features=paths.FEATURES,
    output:
        embedding=paths.fill(paths.EMBEDDING, space="{baseline}"),
    log:
        "logs/{source}/embed_{baseline}.log",
    benchmark:
        "logs/benchmarks/{source}/embed_{baseline}.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("embed_baseline"),
    params:
        n_components=config["baselines"]["pca"]["n_components"],
        seed=config["seed"],
    script:
        "../workflow_scripts/embed_baseline.py"


# The inductive PCA baseline (config `inductive`): per seed, z-scoring and components fitted on
# the tracks of the artists not held out, projecting the held-out artists' tracks.
rule embed_inductive_baseline:
    input:
        features=paths.FEATURES,
    output:
        embeddings=expand(
            paths.fill(paths.SEED_EMBEDDING, space="{inductive_baseline}_inductive"),
            seed=plan.seeds,
            allow_missing=True,
        ),
    log:
        "logs/{source}/embed_{inductive_baseline}_inductive.log",
    benchmark:
        "logs/benchmarks/{source}/embed_{inductive_baseline}_inductive.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("embed_baseline"),
    params:
        n_components=config["baselines"]["pca"]["n_components"],
        seeds=plan.seeds,
        holdout=plan.holdout_fraction(),
        split_groups=get_split_groups,
    script:
        "../workflow_scripts/embed_inductive_baseline.py"
