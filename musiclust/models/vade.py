"""VaDE: a VAE with a Gaussian-mixture prior that clusters while it learns (Jiang et al. 2017)."""

from __future__ import annotations

import math
from typing import Sequence

import torch
from torch import nn

from musiclust.models.mlp import MLPVAE
from musiclust.models.registry import register_model


@register_model("vade_mlp")
class VaDE(MLPVAE):
    """The MLP VAE with prior p(z) = sum_c pi_c N(mu_c, diag(var_c)); ``cluster`` gives argmax_c q(c|x)."""

    def __init__(
        self,
        input_dim: int,
        n_components: int = 8,
        latent_dim: int = 16,
        hidden_dims: Sequence[int] = (256, 128),
        **kwargs,
    ):
        super().__init__(input_dim, latent_dim=latent_dim, hidden_dims=hidden_dims, **kwargs)
        self.n_components = n_components
        self.prior_logits = nn.Parameter(torch.zeros(n_components))
        # spread the component means so they start apart (drawn from the seeded global generator)
        self.prior_mu = nn.Parameter(torch.randn(n_components, latent_dim))
        self.prior_logvar = nn.Parameter(torch.zeros(n_components, latent_dim))

    def _log_joint(self, z: torch.Tensor) -> torch.Tensor:
        """log pi_c + log N(z | mu_c, var_c), shaped (n, components)."""
        var = self.prior_logvar.exp()
        diff = z.unsqueeze(1) - self.prior_mu.unsqueeze(0)
        log_normal = -0.5 * (math.log(2 * math.pi) + self.prior_logvar + diff**2 / var).sum(dim=2)
        return torch.log_softmax(self.prior_logits, dim=0) + log_normal

    def responsibilities(self, z: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self._log_joint(z), dim=1)

    def kl_divergence(self, out):
        """E_q[log q(z|x) - log p(z|c) + log q(c|x) - log p(c)] with q(c|x) = p(c|z) (the VaDE bound)."""
        mu, logvar, z = out["mu"], out["logvar"], out["z"]
        gamma = self.responsibilities(z).clamp_min(1e-10)
        var_c = self.prior_logvar.exp().unsqueeze(0)
        term = (
            self.prior_logvar.unsqueeze(0)
            + logvar.exp().unsqueeze(1) / var_c
            + (mu.unsqueeze(1) - self.prior_mu.unsqueeze(0)) ** 2 / var_c
        )
        cross = 0.5 * (gamma * term.sum(dim=2)).sum(dim=1)
        log_pi = torch.log_softmax(self.prior_logits, dim=0).unsqueeze(0)
        cat_kl = (gamma * (gamma.log() - log_pi)).sum(dim=1)
        entropy = 0.5 * (1 + logvar).sum(dim=1)
        return cross + cat_kl - entropy

    @torch.no_grad()
    def cluster_latents(self, z: torch.Tensor) -> torch.Tensor:
        """The most responsible mixture component of each latent."""
        return self.responsibilities(z).argmax(dim=1)

    def cluster(self, batch) -> torch.Tensor:
        return self.cluster_latents(self.embed(batch))
