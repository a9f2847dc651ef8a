rule train_model:
    input:
        features="data/{source}/audio_features.parquet",
    output:
        checkpoint="results/{source}/models/{model}.pt",
        history=report(
            "results/{source}/models/{model}.history.csv",
            caption="../report/training_history.rst",
            category="Training",
            subcategory="{source}",
            labels={"model": "{model}"},
        ),
    params:
        model_kwargs=lambda wc: config["models"][wc.model],
        training=lambda wc: {**config["training"], "seed": config["seed"]},
    log:
        "logs/{source}/train_{model}.log",
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
        checkpoint="results/{source}/models/{model}.pt",
    output:
        embedding="results/{source}/embeddings/{model}.parquet",
    params:
        device=config["training"]["device"],
    log:
        "logs/{source}/embed_{model}.log",
    threads: 1
    conda:
        "../envs/torch.yaml"
    script:
        "../workflow_scripts/embed_model.py"


rule embed_pca:
    input:
        features="data/{source}/audio_features.parquet",
    output:
        embedding="results/{source}/embeddings/pca.parquet",
    params:
        n_components=config["baselines"]["pca"]["n_components"],
        seed=config["seed"],
    log:
        "logs/{source}/embed_pca.log",
    threads: 1
    conda:
        "../envs/analysis.yaml"
    script:
        "../workflow_scripts/embed_pca.py"

