"""The file patterns that the run plan and the rules share, one home each.

Fields in braces are wildcards; ``fill`` sets some of them (a value may itself be a wildcard of
another name, ``fill(SEED_EMBEDDING, space="{model}")``) and keeps the others.
"""

from __future__ import annotations

# per source, under data/: its tracks, audio and lyrics, and what each stage rejected
TRACKS = "data/{source}/tracks.parquet"
TRACK_REJECTIONS = "data/{source}/tracks.rejected.csv"
DOWNLOAD_DIR = "data/{source}/audio/shard_{shard}"
DOWNLOAD_REPORT = "data/{source}/audio/shard_{shard}.download.csv"
DOWNLOAD_REJECTIONS = "data/{source}/audio/shard_{shard}.rejected.csv"
FEATURE_SHARD = "data/{source}/features/shard_{shard}.parquet"
FEATURE_REJECTIONS = "data/{source}/features/shard_{shard}.rejected.csv"
FEATURES = "data/{source}/audio_features.parquet"
LYRICS = "data/{source}/lyrics.parquet"
LYRICS_REJECTIONS = "data/{source}/lyrics.rejected.csv"
LANGUAGE_ID = "data/{source}/language_id.parquet"
# per source and space, under results/<source>/
WORD_VECTORS = "results/{source}/models/fasttext_skipgram.bin"
EMBEDDING = "results/{source}/embeddings/{space}.parquet"  # a space fitted once
SEED_EMBEDDING = "results/{source}/embeddings/{space}.seed{seed}.parquet"  # a model's, per seed
CHECKPOINT = "results/{source}/models/{space}.seed{seed}.pt"
HISTORY = "results/{source}/models/{space}.seed{seed}.history.csv"
CLUSTERS = "results/{source}/clusters/{space}.{algorithm}.parquet"
METRICS = "results/{source}/metrics/{space}.{algorithm}.csv"
# figures and studies
LATENT_MAP = "results/latent_visualization/{source}/{space}.{projection}.png"
COMPOSITION = "results/cluster_composition/{source}/{space}.{algorithm}.png"
TRAINING_CURVES = "results/training_curves/{source}/{space}.png"
RECONSTRUCTION = "results/reconstructions/{source}/{space}.png"
TRAVERSAL = "results/latent_traversals/{source}/{space}.png"
K_SWEEP = "results/k_sweep/{source}/{space}.csv"
K_SWEEP_FIGURE = "results/k_sweep/{source}/{space}.png"
SWEEP_METRICS = "results/sweep/{source}/{space}.kmeans.csv"
SWEEP_TABLE = "results/sweep/{source}.csv"
SWEEP_FIGURE = "results/sweep/{source}.png"
# the run's tables and the paper
METRIC_TABLE = "results/clustering_metrics.csv"
METRIC_TABLE_BY_SEED = "results/clustering_metrics_by_seed.csv"
COMPARISON = "results/nmi_vs_pca_kmeans.csv"
BEST = "results/best_per_label.csv"
AUDIT = "results/confound_audit.csv"
FINDINGS = "results/findings.md"
REJECTED = "results/rejected.csv"
LANGUAGE_ID_TABLE = "results/language_id.csv"
LANGUAGE_ID_ACCURACY = "results/language_id_accuracy.csv"
PAPER = "results/paper/paper.pdf"
PAPER_DATA = "results/paper/data.json"


class _Kept(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(pattern: str, **fields) -> str:
    """``pattern`` with the given fields set and the other wildcards kept."""
    return pattern.format_map(_Kept(fields))
