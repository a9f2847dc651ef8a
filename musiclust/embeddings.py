"""Representations of tracks (latents, PCA scores) as track-id-indexed tables and parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from musiclust.cluster import pca_embedding
from musiclust.feature_io import read_summary_features
from musiclust.preprocess import standardize


def write_embedding(embedding: pd.DataFrame, path: str | Path) -> None:
    embedding.rename_axis("track_id").reset_index().to_parquet(path, index=False)


def read_embedding(path: str | Path) -> pd.DataFrame:
    """Track-id-indexed latent columns ``z00, z01, ...``."""
    return pd.read_parquet(path).set_index("track_id")


def pca_on_features(features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """PCA scores of the standardised summary features (the PCA + K-Means baseline's space)."""
    feats = read_summary_features(features_path)
    X, _, _ = standardize(feats.to_numpy(np.float64))
    Z = pca_embedding(X, n_components, seed)
    return latent_frame(Z, feats.index)


def latent_frame(Z: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({f"z{i:02d}": Z[:, i].astype(np.float64) for i in range(Z.shape[1])}, index=index)
