# Features are computed in shards (by a stable hash of the track id) whose inputs are the
# shard's own audio files (or its download folder), so a changed clip recomputes only its shard.
rule featurize_shard:
    input:
        unpack(featurize_inputs),
    output:
        features="data/{source}/features/shard_{shard}.parquet",
        rejected="data/{source}/features/shard_{shard}.rejected.csv",
    params:
        tracks=shard_tracks,
        features=feature_settings(),
    log:
        "logs/{source}/featurize_shard_{shard}.log",
    threads: 1
    resources:
        mem_mb=2000,
    conda:
        "../envs/audio.yaml"
    script:
        "../workflow_scripts/featurize_shard.py"


rule merge_features:
    input:
        shards=expand("data/{{source}}/features/shard_{shard}.parquet", shard=SHARDS),
    output:
        features="data/{source}/audio_features.parquet",
    log:
        "logs/{source}/merge_features.log",
    threads: 1
    conda:
        "../envs/audio.yaml"
    script:
        "../workflow_scripts/merge_features.py"
