# Audio of a downloaded source is fetched per shard (mirrors first, then each track's URL);
# a source read in place skips this.
rule download_shard:
    input:
        download_local_inputs,
    output:
        audio=directory("data/{source}/audio/shard_{shard}"),
        report="data/{source}/audio/shard_{shard}.download.csv",
        rejected="data/{source}/audio/shard_{shard}.rejected.csv",
    params:
        manifest_rows=download_items,
        mirrors=lambda wc: mirrors(wc.source),
        extension=lambda wc: audio_extension(config["sources"][wc.source]),
        policy=config["download"],
    log:
        "logs/{source}/download_shard_{shard}.log",
    threads: 1
    resources:
        downloads=1,
    conda:
        "../envs/audio.yaml"
    script:
        "../workflow_scripts/download_shard.py"


rule build_tracks:
    input:
        unpack(build_tracks_inputs),
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
        rejection_tables(),
    output:
        report("results/rejected.csv", caption="../report/rejected.rst", category="Data"),
    log:
        "logs/collect_rejections.log",
    threads: 1
    conda:
        "../envs/audio.yaml"
    script:
        "../workflow_scripts/collect_rejections.py"
