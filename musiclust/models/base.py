"""The shared model interface: encode, decode, forward, loss, embed."""

from __future__ import annotations

from typing import Callable

import torch
from torch import nn

MODEL_REGISTRY: dict[str, type["BaseAutoencoder"]] = {}


def register_model(name: str) -> Callable[[type["BaseAutoencoder"]], type["BaseAutoencoder"]]:
    def deco(cls: type["BaseAutoencoder"]) -> type["BaseAutoencoder"]:
        if name in MODEL_REGISTRY:
            raise ValueError(f"model name {name!r} registered twice")
        MODEL_REGISTRY[name] = cls
        cls.registry_name = name
        return cls

    return deco


def build_model(name: str, **kwargs) -> "BaseAutoencoder":
    if name not in MODEL_REGISTRY:
        raise KeyError(f"unknown model {name!r}; registered: {sorted(MODEL_REGISTRY)}")
    return MODEL_REGISTRY[name](**kwargs)


class BaseAutoencoder(nn.Module):
    """An (optionally variational) autoencoder.

    ``encode`` returns ``(mu, logvar)``; deterministic models return ``logvar=None``.
    ``loss`` returns a dict with ``loss`` (to minimise), ``recon`` and ``kl`` (batch means).
    """

    registry_name = "base"
    variational = True

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        raise NotImplementedError

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def reparameterize(self, mu: torch.Tensor, logvar: torch.Tensor | None) -> torch.Tensor:
        if logvar is None or not self.training:
            return mu
        return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor | None]:
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar)
        return {"recon": self.decode(z), "mu": mu, "logvar": logvar, "z": z}

    def loss(self, x: torch.Tensor, out: dict, beta: float = 1.0) -> dict[str, torch.Tensor]:
        """Gaussian reconstruction (squared error summed over features) + beta * KL(q(z|x) || N(0, I))."""
        recon = ((out["recon"] - x) ** 2).flatten(1).sum(dim=1).mean()
        if out["logvar"] is None:
            kl = torch.zeros((), device=x.device)
        else:
            mu, logvar = out["mu"], out["logvar"]
            kl = (-0.5 * (1 + logvar - mu**2 - logvar.exp()).sum(dim=1)).mean()
        return {"loss": recon + beta * kl, "recon": recon, "kl": kl}

    @torch.no_grad()
    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """Latent codes: posterior means for VAEs, the code for plain autoencoders."""
        was_training = self.training
        self.eval()
        mu, _ = self.encode(x)
        self.train(was_training)
        return mu
