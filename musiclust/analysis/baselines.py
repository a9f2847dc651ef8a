"""Baseline spaces: PCA of the summary features, the MFCC statistics as they are, PCA of the log-mel."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from musiclust.audio.feature_io import read_logmel, read_summary_features
from musiclust.config.names import BASELINES
from musiclust.data.scaling import apply_scaling, standardize
from musiclust.data.spaces import latent_frame
from musiclust.data.splits import held_out_tracks


def pca_embedding(X: np.ndarray, n_components: int, seed: int) -> np.ndarray:
    """PCA scores, with at most as many components as ``X`` has rows or columns."""
    n_components = min(n_components, X.shape[0], X.shape[1])
    return PCA(n_components=n_components, random_state=seed).fit_transform(X)


def pca_on_features(features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """PCA scores of the standardised summary features (the PCA + K-Means baseline's space)."""
    feats = read_summary_features(features_path)
    X, _, _ = standardize(feats.to_numpy(np.float64))
    Z = pca_embedding(X, n_components, seed)
    return latent_frame(Z, feats.index)


def spectral_features(features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """The direct spectral-feature baseline's space: the z-scored MFCC (+ delta) statistics
    (``n_components`` and ``seed`` are unused: nothing is fitted)."""
    feats = read_summary_features(features_path)
    feats = feats[[c for c in feats.columns if c.startswith("mfcc")]]
    X, _, _ = standardize(feats.to_numpy(np.float64))
    return latent_frame(X, feats.index)


def logmel_pca(features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """PCA of the flattened, z-scored log-mel spectrograms."""
    ids, logmel = read_logmel(features_path)
    X, _, _ = standardize(logmel.reshape(len(ids), -1).astype(np.float64))
    return latent_frame(pca_embedding(X, n_components, seed), pd.Index(ids, name="track_id"))


def inductive_pca(
    features_path: str | Path, n_components: int, seed: int, artists: dict[str, str] | None, fraction: float
) -> pd.DataFrame:
    """The PCA baseline fitted (z-scoring and components) on the tracks of the artists not held
    out for ``seed``, projecting the held-out tracks: the inductive form of ``pca_on_features``."""
    feats = read_summary_features(features_path)
    held = feats.index.isin(list(held_out_tracks(feats.index, artists, fraction, seed)))
    X = feats.to_numpy(np.float64)
    _, mean, scale = standardize(X[~held])
    Z = apply_scaling(X, mean, scale)
    pca = PCA(n_components=min(n_components, int((~held).sum()), X.shape[1]), random_state=seed).fit(Z[~held])
    return latent_frame(pca.transform(Z[held]), feats.index[held])


BASELINE_SPACES: dict[str, Callable[[str | Path, int, int], pd.DataFrame]] = {
    "pca": pca_on_features,
    "spectral": spectral_features,
    "logmel_pca": logmel_pca,
}


def baseline_embedding(name: str, features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """The space of baseline ``name`` (one of ``musiclust.config.names.BASELINES``)."""
    if name not in BASELINE_SPACES:
        raise ValueError(f"unknown baseline {name!r}; known: {list(BASELINES)}")
    return BASELINE_SPACES[name](features_path, n_components, seed)
