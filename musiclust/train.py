"""Seeded training with a validation split, KL warm-up and early stopping; checkpoints as state dicts."""

from __future__ import annotations

import copy
import logging
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from musiclust.embeddings import latent_frame
from musiclust.feature_io import read_summary_features
from musiclust.models import BaseAutoencoder, build_model
from musiclust.preprocess import standardize
from musiclust.settings import FromDict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig(FromDict):
    epochs: int = 300
    batch_size: int = 64
    lr: float = 1e-3
    weight_decay: float = 0.0
    beta: float = 1.0
    kl_warmup_epochs: int = 20
    val_fraction: float = 0.15
    patience: int = 25
    seed: int = 0
    device: str = "auto"


def select_device(preference: str = "auto") -> torch.device:
    if preference == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(preference)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def seeded_model(name: str, model_kwargs: dict, seed: int) -> BaseAutoencoder:
    """Build a registered model with its initial weights drawn from ``seed``."""
    seed_everything(seed)
    return build_model(name, **model_kwargs)


def split_indices(n: int, val_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded permutation cut into train and validation indices (validation may be empty)."""
    perm = np.random.default_rng(seed).permutation(n)
    n_val = int(round(n * val_fraction)) if n >= 10 else 0
    return np.sort(perm[n_val:]), np.sort(perm[:n_val])


def _beta_at(epoch: int, cfg: TrainConfig) -> float:
    if cfg.kl_warmup_epochs <= 0:
        return cfg.beta
    return cfg.beta * min(1.0, (epoch + 1) / cfg.kl_warmup_epochs)


def _evaluate(model: BaseAutoencoder, X: torch.Tensor, beta: float) -> dict[str, float]:
    model.eval()
    with torch.no_grad():
        parts = model.loss(X, model(X), beta=beta)
    return {k: float(v) for k, v in parts.items()}


def fit(model: BaseAutoencoder, X: np.ndarray, cfg: TrainConfig) -> pd.DataFrame:
    """Train ``model`` in place on standardised ``X``; the best-validation weights are restored.

    Returns the per-epoch history (train and validation recon, KL and loss at the target beta).
    """
    seed_everything(cfg.seed)
    device = select_device(cfg.device)
    model.to(device)
    train_idx, val_idx = split_indices(len(X), cfg.val_fraction, cfg.seed)
    X_train = torch.as_tensor(X[train_idx], device=device)
    X_val = torch.as_tensor(X[val_idx], device=device) if len(val_idx) else X_train
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    gen = torch.Generator().manual_seed(cfg.seed)
    history, best_loss, best_state, best_epoch, waited = [], np.inf, None, -1, 0
    for epoch in range(cfg.epochs):
        model.train()
        beta = _beta_at(epoch, cfg)
        sums = {"loss": 0.0, "recon": 0.0, "kl": 0.0}
        order = torch.randperm(len(X_train), generator=gen).to(device)
        for start in range(0, len(order), cfg.batch_size):
            batch = X_train[order[start : start + cfg.batch_size]]
            parts = model.loss(batch, model(batch), beta=beta)
            opt.zero_grad()
            parts["loss"].backward()
            opt.step()
            for k in sums:
                sums[k] += parts[k].item() * len(batch)
        train = {k: v / len(X_train) for k, v in sums.items()}
        val = _evaluate(model, X_val, cfg.beta)
        history.append(
            {
                "epoch": epoch,
                "beta": beta,
                "train_recon": train["recon"],
                "train_kl": train["kl"],
                "train_loss": train["loss"],
                "val_recon": val["recon"],
                "val_kl": val["kl"],
                "val_loss": val["loss"],
            }
        )
        if epoch + 1 < cfg.kl_warmup_epochs:
            continue  # the objective is still changing; no early stopping during warm-up
        if val["loss"] < best_loss - 1e-4 * abs(best_loss if np.isfinite(best_loss) else 1.0):
            best_loss, best_epoch, waited = val["loss"], epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            waited += 1
            if waited >= cfg.patience:
                log.info("early stop at epoch %d (best %d, val loss %.4f)", epoch, best_epoch, best_loss)
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    out = pd.DataFrame(history)
    out["best"] = out["epoch"] == best_epoch
    return out


def save_checkpoint(path: str | Path, model: BaseAutoencoder, model_kwargs: dict, extra: dict) -> None:
    """A plain dict of tensors and primitives, loadable with ``torch.load(weights_only=True)``."""
    payload = {
        "model_name": model.registry_name,
        "model_kwargs": dict(model_kwargs),
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        **extra,
    }
    torch.save(payload, path)


def load_checkpoint(path: str | Path, device: str = "cpu") -> tuple[BaseAutoencoder, dict]:
    payload = torch.load(path, map_location=device, weights_only=True)
    model = build_model(payload["model_name"], **payload["model_kwargs"])
    model.load_state_dict(payload["state_dict"])
    model.eval()
    return model, payload


def train_model_on_features(
    features_path: str | Path, model_name: str, model_kwargs: dict, train_cfg: TrainConfig, checkpoint_path: str | Path
) -> pd.DataFrame:
    """Standardise summary features, train, save a state-dict checkpoint; returns the history."""
    feats = read_summary_features(features_path)
    if len(feats) < 2:
        raise ValueError(f"{features_path}: {len(feats)} featurised tracks; training needs at least 2 (see results/rejected.csv)")
    X, mean, scale = standardize(feats.to_numpy(np.float64))
    kwargs = {"input_dim": X.shape[1], **model_kwargs}
    model = seeded_model(model_name, kwargs, train_cfg.seed)
    history = fit(model, X, train_cfg)
    save_checkpoint(
        checkpoint_path,
        model,
        kwargs,
        {
            "feature_names": list(feats.columns),
            "feature_mean": torch.as_tensor(mean),
            "feature_scale": torch.as_tensor(scale),
            "train_config": asdict(train_cfg),
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
    return latent_frame(Z, feats.index)
