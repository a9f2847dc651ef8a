"""Convolutional VAE over fixed-size time-frequency images (log-mel or MFCC frames)."""

from __future__ import annotations

import math
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from musiclust.models.base import BaseAutoencoder
from musiclust.models.registry import register_model


def _norm(channels: int) -> nn.GroupNorm:
    return nn.GroupNorm(min(8, channels), channels)


@register_model("vae_conv")
class ConvVAE(BaseAutoencoder):
    """Stride-2 conv encoder and transposed-conv decoder over ``(1, height, width)`` inputs.

    Inputs are zero-padded (zero is the standardised mean) up to a multiple of
    ``2 ** len(channels)`` and reconstructions are cropped back, so any size works
    (e.g. 128 mel bands or 20 MFCCs by 128 frames).
    """

    def __init__(
        self,
        input_shape: Sequence[int],
        latent_dim: int = 16,
        channels: Sequence[int] = (16, 32, 64, 128),
        dropout: float = 0.0,
        beta: float = 1.0,
    ):
        super().__init__(beta)
        self.input_shape = tuple(int(s) for s in input_shape)
        self.latent_dim = latent_dim
        chans = list(channels)
        step = 2 ** len(chans)
        self.padded = tuple(math.ceil(s / step) * step for s in self.input_shape)
        self.code_shape = (chans[-1], self.padded[0] // step, self.padded[1] // step)
        layers: list[nn.Module] = [nn.Dropout(dropout)]
        c_in = 1
        for c in chans:
            layers += [nn.Conv2d(c_in, c, 4, stride=2, padding=1), _norm(c), nn.GELU()]
            c_in = c
        self.encoder = nn.Sequential(*layers, nn.Flatten())
        flat = math.prod(self.code_shape)
        self.to_mu = nn.Linear(flat, latent_dim)
        self.to_logvar = nn.Linear(flat, latent_dim)
        self.from_latent = nn.Linear(latent_dim, flat)
        layers = []
        rev = list(reversed(chans))
        for c, c_out in zip(rev[:-1], rev[1:]):
            layers += [nn.ConvTranspose2d(c, c_out, 4, stride=2, padding=1), _norm(c_out), nn.GELU()]
        layers.append(nn.ConvTranspose2d(rev[-1], 1, 4, stride=2, padding=1))
        self.decoder = nn.Sequential(*layers)

    def _image(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 3:
            x = x.unsqueeze(1)
        if tuple(x.shape[-2:]) != self.input_shape:
            raise ValueError(f"expected inputs of shape {self.input_shape}, got {tuple(x.shape[-2:])}")
        ph, pw = (p - s for p, s in zip(self.padded, self.input_shape))
        return F.pad(x, (0, pw, 0, ph))

    def encode(self, batch):
        h = self.encoder(self._image(batch["x"]))
        return self.to_mu(h), self.to_logvar(h).clamp(-12.0, 8.0)

    def decode(self, z, batch=None):
        h = self.from_latent(z).view(-1, *self.code_shape)
        out = self.decoder(h)[..., : self.input_shape[0], : self.input_shape[1]]
        return out

    def reconstruction_error(self, batch, out):
        x = batch["x"].unsqueeze(1) if batch["x"].dim() == 3 else batch["x"]
        return ((out["recon"] - x) ** 2).flatten(1).sum(dim=1)
