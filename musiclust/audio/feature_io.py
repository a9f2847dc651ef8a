"""Reading the audio feature table (kept free of audio-decoding imports)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

LOGMEL_COLUMN = "logmel"
WINDOWS_COLUMN = "windows"  # the summary features of each window of the clip, flattened
NOT_FEATURES = ("track_id", "decoded_seconds", LOGMEL_COLUMN, WINDOWS_COLUMN)


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


def read_windows(path: str | Path) -> pd.DataFrame:
    """The window-level summary features: one row per window, indexed by its track's id (so the
    index repeats), with the summary features' columns. A feature table without windows
    (precomputed per-clip features) is an error naming the file."""
    schema = pq.read_schema(path)
    if WINDOWS_COLUMN not in schema.names:
        raise ValueError(f"{path}: no window features (a precomputed feature table has only per-clip features)")
    names = [n for n in schema.names if n not in NOT_FEATURES]
    table = pq.read_table(path, columns=["track_id", WINDOWS_COLUMN])
    column = table.column(WINDOWS_COLUMN).combine_chunks()
    per_track = np.asarray(column.value_lengths()) // len(names)
    ids = np.repeat(np.asarray(table.column("track_id").to_pylist(), dtype=object), per_track)
    flat = column.flatten().to_numpy().reshape(-1, len(names))
    return pd.DataFrame(flat, columns=names, index=pd.Index(ids, name="track_id"))
