"""Reading the audio feature table (kept free of audio-decoding imports)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

LOGMEL_COLUMN = "logmel"
NOT_FEATURES = ("track_id", "decoded_seconds", LOGMEL_COLUMN)


def read_summary_features(path: str | Path) -> pd.DataFrame:
    """The per-clip summary features (every column but the id, decoded length and log-mel), indexed by track id."""
    names = [n for n in pq.read_schema(path).names if n not in NOT_FEATURES]
    return pq.read_table(path, columns=["track_id", *names]).to_pandas().set_index("track_id")


def read_logmel(path: str | Path) -> tuple[list[str], np.ndarray]:
    """Track ids and log-mel spectrograms shaped (n_tracks, n_mels, frames)."""
    schema = pq.read_schema(path)
    n_mels = int(schema.metadata[b"n_mels"])
    frames = int(schema.metadata[b"logmel_frames"])
    table = pq.read_table(path, columns=["track_id", LOGMEL_COLUMN])
    flat = table.column(LOGMEL_COLUMN).combine_chunks().flatten().to_numpy()
    return table.column("track_id").to_pylist(), flat.reshape(-1, n_mels, frames)
