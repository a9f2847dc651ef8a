"""Spaces (latents, baseline and lyric embeddings) as track-id-indexed tables and parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from musiclust.data.atomic import write_parquet


def latent_frame(Z: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """Columns ``z00, z01, ...`` (float64) over ``index``."""
    return pd.DataFrame({f"z{i:02d}": Z[:, i].astype(np.float64) for i in range(Z.shape[1])}, index=index)


def write_embedding(embedding: pd.DataFrame, path: str | Path) -> None:
    write_parquet(embedding.rename_axis("track_id").reset_index(), path, index=False)


def read_embedding(path: str | Path) -> pd.DataFrame:
    """Track-id-indexed latent columns ``z00, z01, ...``."""
    return pd.read_parquet(path).set_index("track_id")
