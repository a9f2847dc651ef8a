# Features are computed in shards (by a stable hash of the track id) whose inputs are the
# shard's own audio files (or its download folder), so a changed clip recomputes only its shard.
rule featurize_shard:
    input:
        unpack(get_featurize_inputs),
    output:
        features=paths.FEATURE_SHARD,
        rejected=paths.FEATURE_REJECTIONS,
    log:
        "logs/{source}/featurize_shard_{shard}.log",
    benchmark:
        "logs/benchmarks/{source}/featurize_shard_{shard}.tsv"
    conda:
        "../envs/audio.yaml"
    threads: 1
    resources:
        **plan.resources("featurize_shard"),
    params:
        tracks=get_shard_tracks,
        features=get_feature_settings,
    script:
        "../workflow_scripts/featurize_shard.py"


rule merge_features:
    input:
        shards=expand(paths.FEATURE_SHARD, shard=plan.shards, allow_missing=True),
    output:
        features=paths.FEATURES,
    log:
        "logs/{source}/merge_features.log",
    benchmark:
        "logs/benchmarks/{source}/merge_features.tsv"
    wildcard_constraints:
        source=alternatives(plan.audio_sources),
    conda:
        "../envs/audio.yaml"
    threads: 1
    resources:
        **plan.resources("merge_features"),
    script:
        "../workflow_scripts/merge_features.py"


# A source of precomputed features (GTZAN / BanglaBeats style) has no audio to decode: its
# feature table is read as it is, with its label and leaking columns dropped.
rule import_feature_table:
    input:
        table=lambda wc: plan.source_files(wc.source),
    output:
        features=paths.FEATURES,
    log:
        "logs/{source}/import_feature_table.log",
    benchmark:
        "logs/benchmarks/{source}/import_feature_table.tsv"
    wildcard_constraints:
        source=alternatives(plan.table_sources),
    conda:
        "../envs/audio.yaml"
    threads: 1
    resources:
        **plan.resources("import_feature_table"),
    params:
        source=lambda wc: plan.source_config(wc.source),
    script:
        "../workflow_scripts/import_feature_table.py"
