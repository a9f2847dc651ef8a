"""The file patterns that the run plan and the rules share, one home each.

Fields in braces are wildcards; ``fill`` sets some of them (a value may itself be a wildcard of
another name, ``fill(SEED_EMBEDDING, space="{model}")``) and keeps the others.
"""

from __future__ import annotations

TRACKS = "data/{source}/tracks.parquet"
FEATURES = "data/{source}/audio_features.parquet"
LYRICS = "data/{source}/lyrics.parquet"
LANGUAGE_ID = "data/{source}/language_id.parquet"
EMBEDDING = "results/{source}/embeddings/{space}.parquet"  # a space fitted once
SEED_EMBEDDING = "results/{source}/embeddings/{space}.seed{seed}.parquet"  # a model's, per seed
CHECKPOINT = "results/{source}/models/{space}.seed{seed}.pt"
HISTORY = "results/{source}/models/{space}.seed{seed}.history.csv"
CLUSTERS = "results/{source}/clusters/{space}.{algorithm}.parquet"
METRICS = "results/{source}/metrics/{space}.{algorithm}.csv"


class _Kept(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(pattern: str, **fields) -> str:
    """``pattern`` with the given fields set and the other wildcards kept."""
    return pattern.format_map(_Kept(fields))
