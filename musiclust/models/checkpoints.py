"""Checkpoints as plain dicts of tensors and primitives, and trained models reloaded with the
inputs preprocessed exactly as at training time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import torch

from musiclust.config.model_specs import ModelSpec
from musiclust.data.atomic import atomic_path
from musiclust.data.spaces import latent_frame
from musiclust.models.base import BaseAutoencoder, select_device, tensors
from musiclust.models.inputs import InputFiles, ModelInputs
from musiclust.models.registry import build_model


def _storable(stats: dict) -> dict:
    return {k: torch.as_tensor(v) if isinstance(v, np.ndarray) else v for k, v in stats.items()}


def _loaded(stats: dict) -> dict:
    return {k: v.numpy() if isinstance(v, torch.Tensor) else v for k, v in stats.items()}


def save_checkpoint(
    path: str | Path, model: BaseAutoencoder, model_kwargs: dict, spec: ModelSpec, input_stats: dict, train_config: dict
) -> None:
    """Loadable with ``torch.load(weights_only=True)``: the weights, how to rebuild the model, the
    spec, the input scaling statistics and the training settings."""
    payload = {
        "model_name": model.registry_name,
        "model_kwargs": dict(model_kwargs),
        "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "spec": spec.as_dict(),
        "input_stats": _storable(input_stats),
        "train_config": dict(train_config),
    }
    with atomic_path(path) as tmp:
        torch.save(payload, tmp)


def load_checkpoint(path: str | Path, device: str = "cpu") -> tuple[BaseAutoencoder, dict]:
    payload = torch.load(path, map_location=device, weights_only=True)
    model = build_model(payload["model_name"], **payload["model_kwargs"])
    model.load_state_dict(payload["state_dict"])
    model.eval()
    return model, payload


def load_trained(
    checkpoint_path: str | Path, files: InputFiles, device: str = "auto"
) -> tuple[BaseAutoencoder, ModelInputs, torch.device]:
    """A trained model with the inputs of every track, preprocessed as at training time."""
    dev = select_device(device)
    model, payload = load_checkpoint(checkpoint_path, device=str(dev))
    inputs = files.load(ModelSpec.from_dict(payload["spec"]), stats=_loaded(payload["input_stats"]))
    return model.to(dev), inputs, dev


def embed_inputs(
    model: BaseAutoencoder, inputs: ModelInputs, device: torch.device, batch_size: int = 256
) -> pd.DataFrame:
    """Posterior means (or AE codes) of every row of ``inputs``, in batches; a track with several
    rows (the windows of its clip) is the mean of their posterior means."""
    parts = []
    for start in range(0, len(inputs), batch_size):
        idx = np.arange(start, min(start + batch_size, len(inputs)))
        parts.append(model.embed(tensors(inputs.arrays, idx, device)).cpu().numpy())
    latents = latent_frame(np.concatenate(parts), inputs.index)
    return latents if latents.index.is_unique else latents.groupby(level=0, sort=False).mean()


def model_cluster_assignments(checkpoint_path: str | Path, files: InputFiles, device: str = "auto") -> pd.Series:
    """A jointly clustering model's own cluster of every track (VaDE: argmax of q(c | z) at the
    track's latent, the mean over its windows for window-level inputs)."""
    model, inputs, dev = load_trained(checkpoint_path, files, device)
    if not hasattr(model, "cluster_latents"):
        raise ValueError(
            f"{checkpoint_path}: {model.registry_name} does not cluster; use a clustering algorithm on its latents"
        )
    latents = embed_inputs(model, inputs, dev)
    z = torch.as_tensor(latents.to_numpy(), dtype=torch.float32, device=dev)
    return pd.Series(model.cluster_latents(z).cpu().numpy(), index=latents.index, name="cluster")
