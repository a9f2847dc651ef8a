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
    wildcard_constraints:
        source="|".join(AUDIO_SOURCES) or "no_audio_source",
    threads: 1
    conda:
        "../envs/audio.yaml"
    script:
        "../workflow_scripts/merge_features.py"


# A source of precomputed features (GTZAN / BanglaBeats style) has no audio to decode: its
# feature table is read as it is, with its label and leaking columns dropped.
rule import_feature_table:
    input:
        table=lambda wc: source_files(wc.source),
    output:
        features="data/{source}/audio_features.parquet",
    params:
        source=lambda wc: source_config(wc.source),
    log:
        "logs/{source}/import_feature_table.log",
    threads: 1
    conda:
        "../envs/audio.yaml"
    wildcard_constraints:
        source="|".join(TABLE_SOURCES) or "no_table_source",
    script:
        "../workflow_scripts/import_feature_table.py"
