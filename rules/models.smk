# One job trains a model variant on a source once per seed (torch's start-up is a large share of
# a small model's cost) and writes one checkpoint, history and embedding per seed, with a
# validation split disjoint by artist; it embeds every track the model can read with the
# trained model in memory. Changing `seeds` reruns each variant's job.
rule train_model:
    input:
        unpack(get_model_inputs),
    output:
        checkpoints=expand("results/{{source}}/models/{{model}}.seed{seed}.pt", seed=plan.seeds),
        histories=[
            report(
                f"results/{{source}}/models/{{model}}.seed{seed}.history.csv",
                caption="../report/training_history.rst",
                category="Training",
                subcategory="{source}",
                labels={"model": "{model}", "seed": str(seed)},
            )
            for seed in plan.seeds
        ],
        embeddings=expand("results/{{source}}/embeddings/{{model}}.seed{seed}.parquet", seed=plan.seeds),
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
        spec=lambda wc: plan.specs[wc.model].as_dict(),
        conditions=get_model_conditions,
        training=lambda wc: plan.model_training(wc.source, wc.model),
        seeds=plan.seeds,
        split_groups=get_split_groups,
    script:
        "../workflow_scripts/train_model.py"


# The beta x latent-dimension sweep's variants, with the sweep's seeds.
if plan.sweep_specs:

    use rule train_model as train_sweep_model with:
        output:
            checkpoints=expand("results/{{source}}/models/{{model}}.seed{seed}.pt", seed=plan.sweep_seeds),
            histories=expand("results/{{source}}/models/{{model}}.seed{seed}.history.csv", seed=plan.sweep_seeds),
            embeddings=expand("results/{{source}}/embeddings/{{model}}.seed{seed}.parquet", seed=plan.sweep_seeds),
        wildcard_constraints:
            model=alternatives(plan.sweep_specs),
        resources:
            **plan.resources("train_sweep_model"),
        params:
            seeds=plan.sweep_seeds,


rule embed_baseline:
    input:
        features="data/{source}/audio_features.parquet",
    output:
        embedding="results/{source}/embeddings/{baseline}.parquet",
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
