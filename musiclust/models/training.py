"""Seeded training with a validation split disjoint by artist, KL warm-up and early stopping."""

from __future__ import annotations

import copy
import logging
import os
import random
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterator, Mapping

import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import GroupShuffleSplit

from musiclust.config.model_specs import ModelSpec
from musiclust.config.settings import FromDict
from musiclust.data.splits import held_out_tracks, track_groups
from musiclust.jobs import Progress
from musiclust.models.base import BaseAutoencoder, select_device, tensors
from musiclust.models.checkpoints import embed_inputs, save_checkpoint
from musiclust.models.inputs import InputFiles, fit_rows, model_kwargs
from musiclust.models.registry import build_model

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


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def deterministic_cuda() -> None:
    """Ask CUDA for deterministic kernels, so one GPU and one software stack repeat a run bit for bit
    (a GPU and a CPU, or two GPU models, still differ in the last bits)."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # cuBLAS needs it for determinism
    torch.use_deterministic_algorithms(True)
    torch.backends.cudnn.benchmark = False


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


def evaluate(model: BaseAutoencoder, batch: dict, batch_size: int) -> dict[str, float]:
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
    if device.type == "cuda":
        deterministic_cuda()
    model.to(device)
    train_idx, val_idx = split_indices(n, cfg.val_fraction, cfg.seed, groups)
    train = tensors(data, train_idx, device)
    val = tensors(data, val_idx, device) if len(val_idx) else train
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    gen = torch.Generator().manual_seed(cfg.seed)
    history, best_loss, best_state, best_epoch, waited = [], np.inf, None, -1, 0
    progress = Progress(f"epochs (of at most {cfg.epochs})", total=None)
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
        va = evaluate(model, val, cfg.batch_size)
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
        progress.step(epoch + 1, f"train loss {tr['loss']:.4f}, val loss {va['loss']:.4f}")
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


def train_and_embed(
    spec: ModelSpec,
    train_cfg: TrainConfig,
    files: InputFiles,
    checkpoint_paths: Mapping[int, str | Path],
    split_groups: dict[str, str] | None = None,
) -> Iterator[tuple[int, pd.DataFrame, pd.DataFrame]]:
    """Train the spec once per seed in ``checkpoint_paths`` (seed -> path; the inputs are read
    once), with a group-disjoint validation split, saving each checkpoint; yields (seed, history,
    latents of every track) per seed, embedded by the trained model in memory. Each seed's run
    is the same as a run of that seed alone (every random step is reseeded). An inductive spec
    (``holdout`` > 0) holds out the tracks of that share of the artists for each seed
    (``musiclust.data.splits``): its statistics and weights come from the other tracks, and it
    yields the latents of the held-out tracks only.

    ``split_groups`` maps track id -> group (artist); tracks without one are their own group.
    """
    inputs = files.load(spec)
    if inputs.index.nunique() < 2:
        raise ValueError(
            f"{files.features}: {inputs.index.nunique()} usable tracks; training needs at least 2 "
            "(see results/rejected.csv)"
        )
    use_groups = split_groups is not None or not inputs.index.is_unique  # a track's windows stay on one side
    kwargs = model_kwargs(spec, inputs)
    for seed, path in checkpoint_paths.items():
        cfg = replace(train_cfg, seed=int(seed))
        fit_on, embed = inputs, inputs
        if spec.inductive:  # statistics and weights from the other artists' tracks; embed the held-out ones
            held = held_out_tracks(inputs.index, split_groups, spec.holdout, cfg.seed)
            seeded = files.load(spec, held_out=held)
            kept = fit_rows(seeded.index, held)  # the rows the statistics came from
            fit_on, embed = seeded.rows(kept), seeded.rows(~kept)
        groups = track_groups(fit_on.index, split_groups) if use_groups else None
        log.info(
            "%s seed %d: training on %d rows of %d tracks", spec.name, cfg.seed, len(fit_on), fit_on.index.nunique()
        )
        model = seeded_model(spec.architecture, kwargs, cfg.seed)
        history = fit(model, fit_on.arrays, cfg, groups)
        save_checkpoint(path, model, kwargs, spec, fit_on.stats, asdict(cfg))
        yield cfg.seed, history, embed_inputs(model, embed, next(model.parameters()).device)
