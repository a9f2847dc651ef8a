"""Reading the audio feature table (kept free of audio-decoding imports)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

LOGMEL_COLUMN = "logmel"


def read_summary_features(path: str | Path) -> pd.DataFrame:
    """Summary statistics only (no log-mel), indexed by track id."""
    names = [n for n in pq.read_schema(path).names if n.endswith(("_mean", "_std"))]
    return pq.read_table(path, columns=["track_id", *names]).to_pandas().set_index("track_id")


def read_logmel(path: str | Path) -> tuple[list[str], np.ndarray]:
    """Track ids and log-mel spectrograms shaped (n_tracks, n_mels, frames)."""
    schema = pq.read_schema(path)
    n_mels = int(schema.metadata[b"n_mels"])
    frames = int(schema.metadata[b"logmel_frames"])
    table = pq.read_table(path, columns=["track_id", LOGMEL_COLUMN])
    flat = table.column(LOGMEL_COLUMN).combine_chunks().flatten().to_numpy()
    return table.column("track_id").to_pylist(), flat.reshape(-1, n_mels, frames)
