"""Fully connected models over flat feature vectors: VAE, Beta-VAE, plain AE, conditional VAE."""

from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from musiclust.models.base import BaseAutoencoder
from musiclust.models.registry import register_model


def mlp(sizes: Sequence[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.LayerNorm(b), nn.GELU()]
    return nn.Sequential(*layers)


class GaussianEncoder(nn.Module):
    """MLP -> (mu, logvar); a deterministic encoder (``variational=False``) gives (code, None)."""

    def __init__(
        self, input_dim: int, hidden: Sequence[int], latent_dim: int, dropout: float = 0.0, variational: bool = True
    ):
        super().__init__()
        self.body = nn.Sequential(nn.Dropout(dropout), mlp([input_dim, *hidden]))
        self.to_mu = nn.Linear(hidden[-1], latent_dim)
        self.to_logvar = nn.Linear(hidden[-1], latent_dim) if variational else None

    def forward(self, x):
        h = self.body(x)
        if self.to_logvar is None:
            return self.to_mu(h), None
        return self.to_mu(h), self.to_logvar(h).clamp(-12.0, 8.0)


def mlp_decoder(latent_dim: int, hidden: Sequence[int], output_dim: int) -> nn.Sequential:
    return nn.Sequential(mlp([latent_dim, *reversed(hidden)]), nn.Linear(hidden[0], output_dim))


@register_model("vae_mlp")
class MLPVAE(BaseAutoencoder):
    def __init__(
        self,
        input_dim: int,
        latent_dim: int = 16,
        hidden_dims: Sequence[int] = (256, 128),
        dropout: float = 0.0,
        beta: float = 1.0,
    ):
        super().__init__(beta)
        hidden = list(hidden_dims)
        self.input_dim, self.latent_dim = input_dim, latent_dim
        self.encoder = GaussianEncoder(input_dim, hidden, latent_dim, dropout, variational=self.variational)
        self.decoder = mlp_decoder(latent_dim, hidden, input_dim)

    def encode(self, batch):
        return self.encoder(batch["x"])

    def decode(self, z, batch=None):
        return self.decoder(z)


@register_model("beta_vae_mlp")
class BetaVAE(MLPVAE):
    """The MLP VAE with a heavier KL weight (Higgins et al. 2017): beta > 1 by default."""

    def __init__(self, input_dim: int, beta: float = 4.0, **kwargs):
        super().__init__(input_dim, beta=beta, **kwargs)


@register_model("ae_mlp")
class MLPAutoencoder(MLPVAE):
    """The same network without the variational bottleneck (the AE + K-Means baseline)."""

    variational = False


@register_model("cvae_mlp")
class ConditionalVAE(BaseAutoencoder):
    """A VAE whose encoder and decoder both see one-hot conditions ``cond`` (Sohn et al. 2015).

    The decoder is told the condition, so the latent need not encode it: conditioning on a
    label removes that factor from the latent code.
    """

    def __init__(
        self,
        input_dim: int,
        cond_dim: int,
        latent_dim: int = 16,
        hidden_dims: Sequence[int] = (256, 128),
        dropout: float = 0.0,
        beta: float = 1.0,
    ):
        super().__init__(beta)
        hidden = list(hidden_dims)
        self.input_dim, self.cond_dim, self.latent_dim = input_dim, cond_dim, latent_dim
        self.encoder = GaussianEncoder(input_dim + cond_dim, hidden, latent_dim, dropout)
        self.decoder = mlp_decoder(latent_dim + cond_dim, hidden, input_dim)

    def encode(self, batch):
        return self.encoder(torch.cat([batch["x"], batch["cond"]], dim=1))

    def decode(self, z, batch=None):
        if batch is None or "cond" not in batch:
            raise ValueError("a conditional VAE decodes with its conditions: pass batch['cond']")
        return self.decoder(torch.cat([z, batch["cond"]], dim=1))
