# Lyrics, language id and lyric embeddings; a change in one track's lyrics rebuilds these
# and what depends on them, never the audio features. The track table, lyrics, word vectors
# and lyric embeddings (like model training) go first when jobs wait: they lead the long chains
# (Snakemake does not pass a job's priority on to the jobs it waits for).
rule complete_lyrics:
    input:
        tracks=paths.TRACKS,
    output:
        lyrics=paths.LYRICS,
        rejected=paths.LYRICS_REJECTIONS,
    log:
        "logs/{source}/complete_lyrics.log",
    benchmark:
        "logs/benchmarks/{source}/complete_lyrics.tsv"
    priority: 1
    conda:
        "../envs/text.yaml"
    threads: 1
    resources:
        **plan.resources("complete_lyrics"),
    params:
        scrape=config["lyrics"]["scrape"],
        lrclib=config["lyrics"]["lrclib"],
        cache_dir=lambda wc: f"data/lyrics_cache/{wc.source}",
    script:
        "../workflow_scripts/complete_lyrics.py"


rule identify_language:
    input:
        lyrics=paths.LYRICS,
        tracks=paths.TRACKS,
    output:
        langid=paths.LANGUAGE_ID,
    log:
        "logs/{source}/identify_language.log",
    benchmark:
        "logs/benchmarks/{source}/identify_language.tsv"
    conda:
        "../envs/text.yaml"
    threads: 1
    resources:
        **plan.resources("identify_language"),
    params:
        langid=config["langid"],
    script:
        "../workflow_scripts/identify_language.py"


rule collect_language_id:
    input:
        expand(paths.LANGUAGE_ID, source=plan.lyrics_sources),
    output:
        table=report(paths.LANGUAGE_ID_TABLE, caption="../report/language_id_tracks.rst", category="Language id"),
        accuracy=report(paths.LANGUAGE_ID_ACCURACY, caption="../report/language_id.rst", category="Language id"),
    log:
        "logs/collect_language_id.log",
    benchmark:
        "logs/benchmarks/collect_language_id.tsv"
    conda:
        "../envs/text.yaml"
    threads: 1
    resources:
        **plan.resources("collect_language_id"),
    params:
        sources=plan.lyrics_sources,
    script:
        "../workflow_scripts/collect_language_id.py"


rule train_word_vectors:
    input:
        lyrics=paths.LYRICS,
        extra_corpus=config["text"]["extra_corpus"],
    output:
        model=paths.WORD_VECTORS,
    log:
        "logs/{source}/train_word_vectors.log",
    benchmark:
        "logs/benchmarks/{source}/train_word_vectors.tsv"
    priority: 1
    conda:
        "../envs/text.yaml"
    threads: 1
    resources:
        **plan.resources("train_word_vectors"),
    params:
        text=plan.text_settings(),
    script:
        "../workflow_scripts/train_word_vectors.py"


rule embed_lyrics:
    input:
        unpack(get_lyric_embedding_inputs),
    output:
        embedding=paths.fill(paths.EMBEDDING, space="{text_method}"),
    log:
        "logs/{source}/embed_{text_method}.log",
    benchmark:
        "logs/benchmarks/{source}/embed_{text_method}.tsv"
    priority: 1
    conda:
        "../envs/text.yaml"
    threads: 1
    resources:
        **plan.resources("embed_lyrics"),
    params:
        text=plan.text_settings(),
        pretrained=config["text"]["pretrained_vectors"],
    script:
        "../workflow_scripts/embed_lyrics.py"


rule build_hybrid:
    input:
        tracks=paths.TRACKS,
        audio=paths.FEATURES,
        text=paths.fill(paths.EMBEDDING, space=config["hybrid"]["text_method"]),
        langid=paths.LANGUAGE_ID,
    output:
        features="data/{source}/hybrid_features.parquet",
        embedding=paths.fill(paths.EMBEDDING, space="hybrid_pca"),
    log:
        "logs/{source}/build_hybrid.log",
    benchmark:
        "logs/benchmarks/{source}/build_hybrid.tsv"
    conda:
        "../envs/analysis.yaml"
    threads: 1
    resources:
        **plan.resources("build_hybrid"),
    params:
        n_components=config["hybrid"]["n_components"],
        seed=config["seed"],
    script:
        "../workflow_scripts/build_hybrid.py"
