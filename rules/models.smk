# Every configured model variant is trained once per seed on the inputs its spec names
# (summary features, log-mel, MFCC frames, or audio + lyrics), with a validation split
# disjoint by artist; the same job then embeds every track the model can read (one process
# instead of two: torch's start-up is a large share of a small model's cost).
rule train_model:
    input:
        unpack(model_inputs),
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
    params:
        spec=lambda wc: ALL_SPECS[wc.model].as_dict(),
        conditions=model_conditions,
        training=model_training,
        split_groups=lambda wc: split_groups(wc.source),
    log:
        "logs/{source}/train_{model}.seed{seed}.log",
    threads: 1
    resources:
        mem_mb=4000,
    conda:
        "../envs/torch.yaml"
    script:
        "../workflow_scripts/train_model.py"


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
