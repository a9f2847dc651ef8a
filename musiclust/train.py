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
from sklearn.model_selection import GroupShuffleSplit

from musiclust.embeddings import latent_frame
from musiclust.model_inputs import ModelInputs, build_model_inputs, model_kwargs
from musiclust.model_specs import ModelSpec
from musiclust.models import BaseAutoencoder, build_model
from musiclust.settings import FromDict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig(FromDict):
    epochs: int = 300
    batch_size: int = 64
    lr: float = 1e-3
    weight_decay: float = 0.0
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


def split_indices(
    n: int, val_fraction: float, seed: int, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Seeded train and validation indices, disjoint by ``groups`` (e.g. artist) when given.

    With groups, about ``val_fraction`` of the groups go to validation (scikit-learn's
    GroupShuffleSplit), so no artist (and hence no song) is on both sides. Fewer than 10
    rows (or fewer than 2 groups): no validation set.
    """
    if groups is None:
        groups = np.arange(n)
    groups = np.asarray(groups)
    if n < 10 or val_fraction <= 0 or len(np.unique(groups)) < 2:
        return np.arange(n), np.array([], dtype=int)
    splitter = GroupShuffleSplit(n_splits=1, test_size=val_fraction, random_state=seed)
    train, val = next(splitter.split(np.zeros(n), groups=groups))
    return np.sort(train), np.sort(val)


def _kl_weight(epoch: int, cfg: TrainConfig) -> float:
    if cfg.kl_warmup_epochs <= 0:
        return 1.0
    return min(1.0, (epoch + 1) / cfg.kl_warmup_epochs)


def _tensors(data: dict[str, np.ndarray], idx: np.ndarray, device: torch.device) -> dict[str, torch.Tensor]:
    return {k: torch.as_tensor(np.ascontiguousarray(v[idx]), dtype=torch.float32, device=device) for k, v in data.items()}


def _evaluate(model: BaseAutoencoder, batch: dict, batch_size: int) -> dict[str, float]:
    """Loss parts at full KL weight, averaged over the batches (weighted by their sizes)."""
    model.eval()
    n = len(next(iter(batch.values())))
    sums = {"loss": 0.0, "recon": 0.0, "kl": 0.0}
    with torch.no_grad():
        for start in range(0, n, batch_size):
            part = {k: v[start : start + batch_size] for k, v in batch.items()}
            size = len(next(iter(part.values())))
            for k, v in model.loss(part, model(part), kl_weight=1.0).items():
                sums[k] += float(v) * size
    return {k: v / n for k, v in sums.items()}


def fit(
    model: BaseAutoencoder, data: np.ndarray | dict[str, np.ndarray], cfg: TrainConfig, groups: np.ndarray | None = None
) -> pd.DataFrame:
    """Train ``model`` in place on preprocessed ``data`` (an array, or a dict of arrays with ``x``);
    the best-validation weights are restored.

    Returns the per-epoch history (train and validation recon, KL and loss at full KL weight).
    """
    data = data if isinstance(data, dict) else {"x": np.asarray(data)}
    n = len(data["x"])
    seed_everything(cfg.seed)
    device = select_device(cfg.device)
    model.to(device)
    train_idx, val_idx = split_indices(n, cfg.val_fraction, cfg.seed, groups)
    train = _tensors(data, train_idx, device)
    val = _tensors(data, val_idx, device) if len(val_idx) else train
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    gen = torch.Generator().manual_seed(cfg.seed)
    history, best_loss, best_state, best_epoch, waited = [], np.inf, None, -1, 0
    for epoch in range(cfg.epochs):
        model.train()
        weight = _kl_weight(epoch, cfg)
        sums = {"loss": 0.0, "recon": 0.0, "kl": 0.0}
        order = torch.randperm(len(train_idx), generator=gen).to(device)
        for start in range(0, len(order), cfg.batch_size):
            rows = order[start : start + cfg.batch_size]
            batch = {k: v[rows] for k, v in train.items()}
            parts = model.loss(batch, model(batch), kl_weight=weight)
            opt.zero_grad()
            parts["loss"].backward()
            opt.step()
            for k in sums:
                sums[k] += parts[k].item() * len(rows)
        tr = {k: v / len(train_idx) for k, v in sums.items()}
        va = _evaluate(model, val, cfg.batch_size)
        history.append(
            {
                "epoch": epoch,
                "kl_weight": weight,
                "train_recon": tr["recon"],
                "train_kl": tr["kl"],
                "train_loss": tr["loss"],
                "val_recon": va["recon"],
                "val_kl": va["kl"],
                "val_loss": va["loss"],
                "n_train": len(train_idx),
                "n_val": len(val_idx),
            }
        )
        if epoch + 1 < cfg.kl_warmup_epochs:
            continue  # the objective is still changing; no early stopping during warm-up
        if va["loss"] < best_loss - 1e-4 * abs(best_loss if np.isfinite(best_loss) else 1.0):
            best_loss, best_epoch, waited = va["loss"], epoch, 0
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


def _storable(stats: dict) -> dict:
    return {k: torch.as_tensor(v) if isinstance(v, np.ndarray) else v for k, v in stats.items()}


def _loaded(stats: dict) -> dict:
    return {k: v.numpy() if isinstance(v, torch.Tensor) else v for k, v in stats.items()}


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


def _train(
    spec: ModelSpec,
    train_cfg: TrainConfig,
    checkpoint_path: str | Path,
    features_path: str | Path,
    labels: pd.DataFrame | None,
    text_path: str | Path | None,
    split_groups: dict[str, str] | None,
) -> tuple[pd.DataFrame, BaseAutoencoder, ModelInputs]:
    inputs = build_model_inputs(spec, features_path, labels, text_path)
    if len(inputs) < 2:
        raise ValueError(f"{features_path}: {len(inputs)} usable tracks; training needs at least 2 (see results/rejected.csv)")
    groups = None
    if split_groups is not None:
        groups = np.array([split_groups.get(t) or f"track:{t}" for t in inputs.index], dtype=object)
    kwargs = model_kwargs(spec, inputs)
    model = seeded_model(spec.architecture, kwargs, train_cfg.seed)
    history = fit(model, inputs.arrays, train_cfg, groups)
    save_checkpoint(
        checkpoint_path,
        model,
        kwargs,
        {"spec": spec.as_dict(), "input_stats": _storable(inputs.stats), "train_config": asdict(train_cfg)},
    )
    return history, model, inputs


def train_model_on_features(
    spec: ModelSpec,
    train_cfg: TrainConfig,
    checkpoint_path: str | Path,
    features_path: str | Path,
    labels: pd.DataFrame | None = None,
    text_path: str | Path | None = None,
    split_groups: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Build the spec's inputs, train with a group-disjoint validation split, save a checkpoint; returns the history.

    ``split_groups`` maps track id -> group (artist); tracks without one are their own group.
    """
    return _train(spec, train_cfg, checkpoint_path, features_path, labels, text_path, split_groups)[0]


def train_and_embed(
    spec: ModelSpec,
    train_cfg: TrainConfig,
    checkpoint_path: str | Path,
    features_path: str | Path,
    labels: pd.DataFrame | None = None,
    text_path: str | Path | None = None,
    split_groups: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``train_model_on_features``, then the latents of every track from the trained model in memory
    (the same inputs and weights the checkpoint holds, without reading them back)."""
    history, model, inputs = _train(spec, train_cfg, checkpoint_path, features_path, labels, text_path, split_groups)
    return history, embed_inputs(model, inputs, next(model.parameters()).device)


def embed_inputs(model: BaseAutoencoder, inputs: ModelInputs, device: torch.device, batch_size: int = 256) -> pd.DataFrame:
    """Posterior means (or AE codes) of every row of ``inputs``, in batches."""
    parts = []
    for start in range(0, len(inputs), batch_size):
        idx = np.arange(start, min(start + batch_size, len(inputs)))
        parts.append(model.embed(_tensors(inputs.arrays, idx, device)).cpu().numpy())
    return latent_frame(np.concatenate(parts), inputs.index)


def checkpoint_inputs(
    checkpoint_path: str | Path,
    features_path: str | Path,
    labels: pd.DataFrame | None = None,
    text_path: str | Path | None = None,
    device: str = "auto",
) -> tuple[BaseAutoencoder, ModelInputs, torch.device]:
    """A trained model with the inputs of every track, preprocessed as at training time."""
    dev = select_device(device)
    model, payload = load_checkpoint(checkpoint_path, device=str(dev))
    spec = ModelSpec.from_dict(payload["spec"])
    inputs = build_model_inputs(spec, features_path, labels, text_path, stats=_loaded(payload["input_stats"]))
    return model.to(dev), inputs, dev


def embed_with_checkpoint(
    checkpoint_path: str | Path,
    features_path: str | Path,
    labels: pd.DataFrame | None = None,
    text_path: str | Path | None = None,
    device: str = "auto",
    batch_size: int = 256,
) -> pd.DataFrame:
    """Posterior means (or AE codes) of every track the model can read."""
    model, inputs, dev = checkpoint_inputs(checkpoint_path, features_path, labels, text_path, device)
    return embed_inputs(model, inputs, dev, batch_size)


def model_cluster_assignments(
    checkpoint_path: str | Path,
    features_path: str | Path,
    labels: pd.DataFrame | None = None,
    text_path: str | Path | None = None,
    device: str = "auto",
) -> pd.Series:
    """A jointly clustering model's own cluster of every track (VaDE: argmax of q(c | x))."""
    model, inputs, dev = checkpoint_inputs(checkpoint_path, features_path, labels, text_path, device)
    if not hasattr(model, "cluster"):
        raise ValueError(f"{checkpoint_path}: {model.registry_name} does not cluster; use a clustering algorithm on its latents")
    pred = model.cluster(_tensors(inputs.arrays, np.arange(len(inputs)), dev)).cpu().numpy()
    return pd.Series(pred, index=inputs.index, name="cluster")
