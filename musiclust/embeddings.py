"""Representations of tracks (latents, baseline spaces) as track-id-indexed tables and parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from musiclust.cluster import pca_embedding
from musiclust.feature_io import read_logmel, read_summary_features
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


def spectral_features(features_path: str | Path) -> pd.DataFrame:
    """The direct spectral-feature baseline's space: the z-scored MFCC (+ delta) statistics."""
    feats = read_summary_features(features_path)
    feats = feats[[c for c in feats.columns if c.startswith("mfcc")]]
    X, _, _ = standardize(feats.to_numpy(np.float64))
    return latent_frame(X, feats.index)


def logmel_pca(features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """PCA of the flattened, z-scored log-mel spectrograms."""
    ids, logmel = read_logmel(features_path)
    X, _, _ = standardize(logmel.reshape(len(ids), -1).astype(np.float64))
    return latent_frame(pca_embedding(X, n_components, seed), pd.Index(ids, name="track_id"))


def baseline_embedding(name: str, features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """``pca`` (summary features), ``spectral`` (MFCC statistics as they are), ``logmel_pca``."""
    if name == "pca":
        return pca_on_features(features_path, n_components, seed)
    if name == "spectral":
        return spectral_features(features_path)
    if name == "logmel_pca":
        return logmel_pca(features_path, n_components, seed)
    raise ValueError(f"unknown baseline {name!r}; known: {BASELINES}")


BASELINES = ("pca", "spectral", "logmel_pca")


def latent_frame(Z: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({f"z{i:02d}": Z[:, i].astype(np.float64) for i in range(Z.shape[1])}, index=index)
