"""What a trained model does: reconstructions of a few clips and latent traversals."""

from __future__ import annotations

import numpy as np
import torch

from musiclust.models.base import BaseAutoencoder, tensors


def pick_examples(index, n: int, seed: int) -> np.ndarray:
    """``n`` row positions drawn with ``seed`` (sorted), for figures that show a few tracks."""
    n = min(n, len(index))
    return np.sort(np.random.default_rng(seed).choice(len(index), size=n, replace=False))


@torch.no_grad()
def reconstruct_rows(
    model: BaseAutoencoder, arrays: dict[str, np.ndarray], rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(originals, reconstructions) of the chosen rows' main input, both as numpy arrays."""
    recon = model.reconstruct(tensors(arrays, rows, next(model.parameters()).device))
    if isinstance(recon, dict):
        recon = recon["x"]
    return arrays["x"][rows], recon.cpu().numpy().reshape(arrays["x"][rows].shape)


@torch.no_grad()
def most_used_dimensions(model: BaseAutoencoder, arrays: dict[str, np.ndarray], n: int) -> list[int]:
    """Latent dimensions ordered by their mean KL to the prior (the ones the model actually uses)."""
    rows = np.arange(len(arrays["x"]))
    mu, logvar = model.encode(tensors(arrays, rows, next(model.parameters()).device))
    if logvar is None:
        kl = mu.var(dim=0)
    else:
        kl = (-0.5 * (1 + logvar - mu**2 - logvar.exp())).mean(dim=0)
    return [int(i) for i in torch.argsort(kl, descending=True)[:n].cpu()]


@torch.no_grad()
def traverse(
    model: BaseAutoencoder, dims: list[int], steps: np.ndarray, base: np.ndarray | None = None
) -> dict[int, np.ndarray]:
    """Decoded outputs as each of ``dims`` moves over ``steps`` with the others fixed at ``base``
    (zeros: the prior mean). Returns dim -> (features, len(steps)) for flat-output models."""
    device = next(model.parameters()).device
    latent_dim = model.latent_dim
    base = np.zeros(latent_dim) if base is None else base
    out = {}
    for d in dims:
        z = np.tile(base, (len(steps), 1))
        z[:, d] = steps
        decoded = model.decode(torch.as_tensor(z, dtype=torch.float32, device=device))
        if isinstance(decoded, dict):
            decoded = decoded["x"]
        out[d] = decoded.reshape(len(steps), -1).cpu().numpy().T
    return out
