"""Multimodal VAE over audio features and a lyric embedding, fused by a product of experts.

Each modality has its own Gaussian encoder; the joint posterior is the product of the
experts of the modalities a row *has* (``mask``) and the N(0, I) prior expert (Wu & Goodman
2018, MVAE). Training sums the ELBOs of the joint and of each single modality, so both
unimodal encoders learn to place a track on their own: a track with only audio or only
lyrics still trains (on what it has) and embeds.

``recon_scaling`` weighs the modalities' squared errors: ``sum`` adds them as they are, so the
wider input (170 audio statistics against a 100-d lyric vector) dominates the loss; ``per_dim``
scales modality m by (D / M) / D_m (D all dimensions, M modalities), so each counts as much as
the other and the total weight stays D.
"""

from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from musiclust.config.names import RECON_SCALINGS
from musiclust.models.base import BaseAutoencoder, gaussian_kl
from musiclust.models.mlp import GaussianEncoder, mlp_decoder
from musiclust.models.registry import register_model

MODALITIES = ("x", "text")  # column order of the mask


def product_of_experts(
    mus: torch.Tensor, logvars: torch.Tensor, mask: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Combine Gaussian experts ``(n, m, d)`` present where ``mask`` ``(n, m)`` is 1, with a N(0, I) prior expert."""
    precision = torch.exp(-logvars) * mask.unsqueeze(-1)
    total = 1.0 + precision.sum(dim=1)  # the prior expert has precision 1 and mean 0
    mu = (mus * precision).sum(dim=1) / total
    return mu, -torch.log(total)


@register_model("vae_poe")
class ProductOfExpertsVAE(BaseAutoencoder):
    def __init__(
        self,
        input_dim: int,
        text_dim: int,
        latent_dim: int = 16,
        hidden_dims: Sequence[int] = (256, 128),
        dropout: float = 0.0,
        beta: float = 1.0,
        recon_scaling: str = "sum",
    ):
        super().__init__(beta)
        if recon_scaling not in RECON_SCALINGS:
            raise ValueError(f"recon_scaling must be one of {RECON_SCALINGS}, not {recon_scaling!r}")
        dims = {"x": input_dim, "text": text_dim}
        total = sum(dims.values())
        self.recon_weights = {m: 1.0 if recon_scaling == "sum" else total / len(dims) / d for m, d in dims.items()}
        hidden = list(hidden_dims)
        self.latent_dim = latent_dim
        self.encoders = nn.ModuleDict(
            {
                "x": GaussianEncoder(input_dim, hidden, latent_dim, dropout),
                "text": GaussianEncoder(text_dim, hidden, latent_dim, dropout),
            }
        )
        self.decoders = nn.ModuleDict(
            {"x": mlp_decoder(latent_dim, hidden, input_dim), "text": mlp_decoder(latent_dim, hidden, text_dim)}
        )

    def _mask(self, batch) -> torch.Tensor:
        if "mask" in batch:
            return batch["mask"].float()
        return torch.stack(
            [
                torch.ones(len(batch[m]), device=batch[m].device)
                if m in batch
                else torch.zeros(len(next(iter(batch.values()))), device=next(iter(batch.values())).device)
                for m in MODALITIES
            ],
            dim=1,
        )

    def encode_subset(self, batch, use: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Posterior from the modalities in ``use`` (a 0/1 vector over MODALITIES) that a row has."""
        mask = self._mask(batch) * use
        n = len(mask)
        mus, logvars = [], []
        for m in MODALITIES:
            if m in batch:
                mu, logvar = self.encoders[m](batch[m])
            else:
                mu = torch.zeros(n, self.latent_dim, device=mask.device)
                logvar = torch.zeros_like(mu)
            mus.append(mu)
            logvars.append(logvar)
        return product_of_experts(torch.stack(mus, 1), torch.stack(logvars, 1), mask)

    def encode(self, batch):
        return self.encode_subset(batch, torch.ones(len(MODALITIES), device=self._mask(batch).device))

    def decode(self, z, batch=None):
        return {m: self.decoders[m](z) for m in MODALITIES}

    def _elbo_terms(self, batch, use):
        mask = self._mask(batch) * use
        mu, logvar = self.encode_subset(batch, use)
        z = self.reparameterize(mu, logvar)
        err = self._masked_error(batch, self.decode(z), mask)
        return err, gaussian_kl(mu, logvar), mask.sum(dim=1) > 0

    def _masked_error(self, batch, recon: dict, mask: torch.Tensor) -> torch.Tensor:
        """Per-row squared error, weighted by modality, summed over the modalities ``mask`` marks present."""
        return sum(
            ((recon[m] - batch[m]) ** 2).sum(dim=1) * mask[:, i] * self.recon_weights[m]
            for i, m in enumerate(MODALITIES)
            if m in batch
        )

    def reconstruction_error(self, batch, out):
        return self._masked_error(batch, out["recon"], self._mask(batch))

    def loss(self, batch, out, kl_weight: float = 1.0):
        """Joint ELBO + each single-modality ELBO, each averaged over the rows it applies to."""
        device = self._mask(batch).device
        total = torch.zeros((), device=device)
        joint = None
        for use in ([1.0, 1.0], [1.0, 0.0], [0.0, 1.0]):
            err, kl, rows = self._elbo_terms(batch, torch.tensor(use, device=device))
            if not rows.any():
                continue
            recon_mean, kl_mean = err[rows].mean(), kl[rows].mean()
            total = total + recon_mean + kl_weight * self.beta * kl_mean
            if joint is None:
                joint = (recon_mean, kl_mean)
        return {"loss": total, "recon": joint[0], "kl": joint[1]}
