"""Representations of tracks (latents, PCA scores) as parquet tables, and how they are made."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import torch

from musiclust.cluster import pca_embedding
from musiclust.featurize import read_summary_features
from musiclust.models import build_model
from musiclust.train import TrainConfig, fit, load_checkpoint, save_checkpoint, select_device, standardize


def write_embedding(embedding: pd.DataFrame, path: str | Path) -> None:
    embedding.rename_axis("track_id").reset_index().to_parquet(path, index=False)


def read_embedding(path: str | Path) -> pd.DataFrame:
    """Track-id-indexed latent columns ``z00, z01, ...``."""
    return pd.read_parquet(path).set_index("track_id")


def train_model_on_features(
    features_path: str | Path, model_name: str, model_kwargs: dict, train_cfg: TrainConfig, checkpoint_path: str | Path
) -> pd.DataFrame:
    """Standardise summary features, train, save a state-dict checkpoint; returns the history."""
    feats = read_summary_features(features_path)
    X, mean, scale = standardize(feats.to_numpy(np.float64))
    kwargs = {"input_dim": X.shape[1], **model_kwargs}
    model = build_model(model_name, **kwargs)
    history = fit(model, X, train_cfg)
    save_checkpoint(
        checkpoint_path,
        model,
        kwargs,
        {
            "feature_names": list(feats.columns),
            "feature_mean": torch.as_tensor(mean),
            "feature_scale": torch.as_tensor(scale),
            "train_config": {k: v for k, v in train_cfg.__dict__.items()},
        },
    )
    return history


def embed_with_checkpoint(features_path: str | Path, checkpoint_path: str | Path, device: str = "auto") -> pd.DataFrame:
    """Posterior means (or AE codes) of every featurised track."""
    dev = select_device(device)
    model, payload = load_checkpoint(checkpoint_path, device=str(dev))
    feats = read_summary_features(features_path)
    if list(feats.columns) != payload["feature_names"]:
        raise ValueError(f"{features_path}: feature columns differ from those {checkpoint_path} was trained on")
    X = (feats.to_numpy(np.float64) - payload["feature_mean"].numpy()) / payload["feature_scale"].numpy()
    Z = model.to(dev).embed(torch.as_tensor(X, dtype=torch.float32, device=dev)).cpu().numpy()
    return _latent_frame(Z, feats.index)


def pca_on_features(features_path: str | Path, n_components: int, seed: int) -> pd.DataFrame:
    """PCA scores of the standardised summary features (the PCA + K-Means baseline's space)."""
    feats = read_summary_features(features_path)
    X, _, _ = standardize(feats.to_numpy(np.float64))
    Z = pca_embedding(X, n_components, seed)
    return _latent_frame(Z, feats.index)


def _latent_frame(Z: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({f"z{i:02d}": Z[:, i].astype(np.float64) for i in range(Z.shape[1])}, index=index)
