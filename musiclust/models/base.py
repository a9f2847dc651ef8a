"""The shared model interface: encode, decode, forward, loss, embed.

Models take a *batch*: a dict of tensors with ``x`` (the main input) and, where a model uses
them, ``cond`` (one-hot conditions), ``text`` (a lyric embedding) and ``mask`` (which
modalities a row has). A bare tensor is taken as ``{"x": tensor}``.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

Batch = dict[str, torch.Tensor]


def as_batch(batch: Batch | torch.Tensor) -> Batch:
    return batch if isinstance(batch, dict) else {"x": batch}


def tensors(data: dict[str, np.ndarray], idx: np.ndarray, device: torch.device) -> Batch:
    """The rows ``idx`` of every array as float32 tensors on ``device``."""
    return {
        k: torch.as_tensor(np.ascontiguousarray(v[idx]), dtype=torch.float32, device=device) for k, v in data.items()
    }


def select_device(preference: str = "auto") -> torch.device:
    if preference == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(preference)


def gaussian_kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """Per-row KL(N(mu, exp(logvar)) || N(0, I))."""
    return -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum(dim=1)


def squared_error(recon: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Per-row squared error summed over all features (a unit-variance Gaussian likelihood)."""
    return ((recon - target) ** 2).flatten(1).sum(dim=1)


class BaseAutoencoder(nn.Module):
    """An (optionally variational) autoencoder.

    ``encode`` returns ``(mu, logvar)``; deterministic models return ``logvar=None``.
    ``loss`` returns a dict with ``loss`` (to minimise), ``recon`` and ``kl`` (batch means);
    the KL term is weighted by ``kl_weight`` (the training schedule's warm-up) times the
    model's own ``beta`` (1 for a VAE, > 1 for a Beta-VAE).
    """

    registry_name = "base"
    variational = True

    def __init__(self, beta: float = 1.0):
        super().__init__()
        self.beta = float(beta)

    def encode(self, batch: Batch) -> tuple[torch.Tensor, torch.Tensor | None]:
        raise NotImplementedError

    def decode(self, z: torch.Tensor, batch: Batch | None = None) -> torch.Tensor:
        raise NotImplementedError

    def reparameterize(self, mu: torch.Tensor, logvar: torch.Tensor | None) -> torch.Tensor:
        if logvar is None or not self.training:
            return mu
        return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)

    def forward(self, batch: Batch | torch.Tensor) -> dict:
        batch = as_batch(batch)
        mu, logvar = self.encode(batch)
        z = self.reparameterize(mu, logvar)
        return {"recon": self.decode(z, batch), "mu": mu, "logvar": logvar, "z": z}

    def reconstruction_error(self, batch: Batch, out: dict) -> torch.Tensor:
        return squared_error(out["recon"], batch["x"])

    def kl_divergence(self, out: dict) -> torch.Tensor:
        if out["logvar"] is None:
            return torch.zeros(len(out["mu"]), device=out["mu"].device)
        return gaussian_kl(out["mu"], out["logvar"])

    def loss(self, batch: Batch | torch.Tensor, out: dict, kl_weight: float = 1.0) -> dict[str, torch.Tensor]:
        batch = as_batch(batch)
        recon = self.reconstruction_error(batch, out).mean()
        kl = self.kl_divergence(out).mean()
        return {"loss": recon + kl_weight * self.beta * kl, "recon": recon, "kl": kl}

    @torch.no_grad()
    def embed(self, batch: Batch | torch.Tensor) -> torch.Tensor:
        """Latent codes: posterior means for VAEs, the code for plain autoencoders."""
        was_training = self.training
        self.eval()
        mu, _ = self.encode(as_batch(batch))
        self.train(was_training)
        return mu

    @torch.no_grad()
    def reconstruct(self, batch: Batch | torch.Tensor) -> torch.Tensor:
        """Decoded posterior means (what the reconstruction figures show)."""
        batch = as_batch(batch)
        return self.decode(self.embed(batch), batch)
