rule build_tracks:
    input:
        source_inputs,
    output:
        tracks="data/{source}/tracks.parquet",
        rejected="data/{source}/tracks.rejected.csv",
    params:
        source=lambda wc: source_config(wc.source),
    log:
        "logs/{source}/build_tracks.log",
    threads: 1
    conda:
        "../envs/audio.yaml"
    script:
        "../workflow_scripts/build_tracks.py"


rule collect_rejections:
    input:
        expand("data/{source}/tracks.rejected.csv", source=SOURCES),
        expand("data/{source}/features/shard_{shard}.rejected.csv", source=SOURCES, shard=SHARDS),
    output:
        report("results/rejected.csv", caption="../report/rejected.rst", category="Data"),
    log:
        "logs/collect_rejections.log",
    threads: 1
    conda:
        "../envs/audio.yaml"
    script:
        "../workflow_scripts/collect_rejections.py"
