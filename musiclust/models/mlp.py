"""Fully connected VAE and plain autoencoder over flat feature vectors."""

from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from musiclust.models.base import BaseAutoencoder, register_model


def _mlp(sizes: Sequence[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.LayerNorm(b), nn.GELU()]
    return nn.Sequential(*layers)


@register_model("vae_mlp")
class MLPVAE(BaseAutoencoder):
    def __init__(self, input_dim: int, latent_dim: int = 16, hidden_dims: Sequence[int] = (256, 128), dropout: float = 0.0):
        super().__init__()
        hidden = list(hidden_dims)
        self.input_dim, self.latent_dim = input_dim, latent_dim
        self.encoder = nn.Sequential(nn.Dropout(dropout), _mlp([input_dim, *hidden]))
        self.to_mu = nn.Linear(hidden[-1], latent_dim)
        self.to_logvar = nn.Linear(hidden[-1], latent_dim)
        self.decoder = nn.Sequential(_mlp([latent_dim, *reversed(hidden)]), nn.Linear(hidden[0], input_dim))

    def encode(self, x):
        h = self.encoder(x)
        return self.to_mu(h), self.to_logvar(h).clamp(-12.0, 8.0)

    def decode(self, z):
        return self.decoder(z)


@register_model("ae_mlp")
class MLPAutoencoder(MLPVAE):
    """The same network without the variational bottleneck (the AE + K-Means baseline)."""

    variational = False

    def encode(self, x):
        return self.to_mu(self.encoder(x)), None
