rule train_model:
    input:
        features="data/{source}/audio_features.parquet",
    output:
        checkpoint="results/{source}/models/{model}.seed{seed}.pt",
        history=report(
            "results/{source}/models/{model}.seed{seed}.history.csv",
            caption="../report/training_history.rst",
            category="Training",
            subcategory="{source}",
            labels={"model": "{model}", "seed": "{seed}"},
        ),
    params:
        model_kwargs=lambda wc: config["models"][wc.model],
        training=lambda wc: {**config["training"], "seed": int(wc.seed)},
    log:
        "logs/{source}/train_{model}.seed{seed}.log",
    threads: 2
    resources:
        mem_mb=4000,
    conda:
        "../envs/torch.yaml"
    script:
        "../workflow_scripts/train_model.py"


rule embed_model:
    input:
        features="data/{source}/audio_features.parquet",
        checkpoint="results/{source}/models/{model}.seed{seed}.pt",
    output:
        embedding="results/{source}/embeddings/{model}.seed{seed}.parquet",
    params:
        device=config["training"]["device"],
    log:
        "logs/{source}/embed_{model}.seed{seed}.log",
    threads: 1
    conda:
        "../envs/torch.yaml"
    script:
        "../workflow_scripts/embed_model.py"


rule embed_baseline:
    input:
        features="data/{source}/audio_features.parquet",
    output:
        embedding="results/{source}/embeddings/{baseline}.parquet",
    params:
        n_components=config["baselines"]["pca"]["n_components"],
        seed=config["seed"],
    log:
        "logs/{source}/embed_{baseline}.log",
    threads: 1
    resources:
        mem_mb=3000,
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/embed_baseline.py"

