# Every configured model variant is trained once per seed on the inputs its spec names
# (summary features, log-mel, MFCC frames, or audio + lyrics), with a validation split
# disjoint by artist; the same job then embeds every track the model can read (one process
# instead of two: torch's start-up is a large share of a small model's cost).
rule train_model:
    input:
        unpack(get_model_inputs),
    output:
        checkpoint="results/{source}/models/{model}.seed{seed}.pt",
        history=report(
            "results/{source}/models/{model}.seed{seed}.history.csv",
            caption="../report/training_history.rst",
            category="Training",
            subcategory="{source}",
            labels={"model": "{model}", "seed": "{seed}"},
        ),
        embedding="results/{source}/embeddings/{model}.seed{seed}.parquet",
    log:
        "logs/{source}/train_{model}.seed{seed}.log",
    benchmark:
        "logs/benchmarks/{source}/train_{model}.seed{seed}.tsv"
    conda:
        "../envs/torch.yaml"
    threads: 1
    resources:
        mem_mb=4000,
    params:
        spec=lambda wc: plan.specs[wc.model].as_dict(),
        conditions=get_model_conditions,
        training=lambda wc: plan.model_training(wc.source, wc.model, wc.seed),
        split_groups=get_split_groups,
    script:
        "../workflow_scripts/train_model.py"


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
        mem_mb=3000,
    params:
        n_components=config["baselines"]["pca"]["n_components"],
        seed=config["seed"],
    script:
        "../workflow_scripts/embed_baseline.py"
