# Audio of a downloaded source is fetched per shard (mirrors first, then each track's URL);
# a source read in place skips this.
rule download_shard:
    input:
        get_download_local_files,
    output:
        audio=directory(paths.DOWNLOAD_DIR),
        report=paths.DOWNLOAD_REPORT,
        rejected=paths.DOWNLOAD_REJECTIONS,
    log:
        "logs/{source}/download_shard_{shard}.log",
    benchmark:
        "logs/benchmarks/{source}/download_shard_{shard}.tsv"
    conda:
        "../envs/audio.yaml"
    threads: 1
    resources:
        **plan.resources("download_shard"),
        downloads=1,
    params:
        manifest_rows=get_download_rows,
        mirrors=lambda wc: plan.mirrors(wc.source),
        extension=lambda wc: extension(wc.source),
        policy=config["download"],
    script:
        "../workflow_scripts/download_shard.py"


rule build_tracks:
    input:
        unpack(get_build_tracks_inputs),
    output:
        tracks=paths.TRACKS,
        rejected=paths.TRACK_REJECTIONS,
    log:
        "logs/{source}/build_tracks.log",
    benchmark:
        "logs/benchmarks/{source}/build_tracks.tsv"
    priority: 1
    conda:
        "../envs/audio.yaml"
    threads: 1
    resources:
        **plan.resources("build_tracks"),
    params:
        source=lambda wc: plan.source_config(wc.source),
    script:
        "../workflow_scripts/build_tracks.py"


rule collect_rejections:
    input:
        plan.rejection_tables(downloaded_sources()),
    output:
        report(paths.REJECTED, caption="../report/rejected.rst", category="Data"),
    log:
        "logs/collect_rejections.log",
    benchmark:
        "logs/benchmarks/collect_rejections.tsv"
    conda:
        "../envs/audio.yaml"
    threads: 1
    resources:
        **plan.resources("collect_rejections"),
    script:
        "../workflow_scripts/collect_rejections.py"
