"""The contract every registered model keeps, run over the whole registry: a new model file is
tested here without a new test. A toy batch is made from the architecture's first input kind."""

import numpy as np
import pytest
import torch

from musiclust.config.model_specs import ModelSpec
from musiclust.config.names import ARCHITECTURES, LOGMEL_INPUTS
from musiclust.models import MODEL_REGISTRY, BaseAutoencoder, build_model
from musiclust.models.checkpoints import load_checkpoint, save_checkpoint

N, DIM, TEXT, COND, SHAPE = 6, 10, 5, 3, (8, 12)


def toy(name: str) -> tuple[dict, dict]:
    """(constructor arguments, batch) for a registered architecture."""
    traits = ARCHITECTURES[name]
    g = torch.Generator().manual_seed(0)
    kwargs: dict = {"latent_dim": 3}
    if "hidden_dims" in traits.keywords:
        kwargs["hidden_dims"] = [8]
    if "channels" in traits.keywords:
        kwargs["channels"] = [2, 4]
    if traits.inputs[0] in LOGMEL_INPUTS:
        kwargs["input_shape"] = list(SHAPE)
        batch = {"x": torch.randn(N, 1, *SHAPE, generator=g)}
    else:
        kwargs["input_dim"] = DIM
        batch = {"x": torch.randn(N, DIM, generator=g)}
    if traits.conditional:
        kwargs["cond_dim"] = COND
        batch["cond"] = torch.eye(COND)[torch.arange(N) % COND]
    if traits.inputs[0] == "multimodal":
        kwargs["text_dim"] = TEXT
        batch["text"] = torch.randn(N, TEXT, generator=g)
        batch["mask"] = torch.ones(N, 2)
    return kwargs, batch


@pytest.mark.parametrize("name", sorted(MODEL_REGISTRY))
def test_every_model_keeps_the_contract(name, tmp_path):
    kwargs, batch = toy(name)
    torch.manual_seed(0)
    model = build_model(name, **kwargs)
    assert isinstance(model, BaseAutoencoder) and model.registry_name == name
    out = model(batch)
    assert out["mu"].shape == (N, 3) and out["z"].shape == (N, 3)
    parts = model.loss(batch, out, kl_weight=0.5)
    assert set(parts) >= {"loss", "recon", "kl"} and all(torch.isfinite(v) for v in parts.values())
    assert parts["loss"].requires_grad
    parts["loss"].backward()
    assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in model.parameters())
    if model.variational:
        assert out["logvar"].shape == (N, 3) and parts["kl"].item() > 0
    else:
        assert parts["kl"].item() == 0.0
    z = model.embed(batch)
    assert z.shape == (N, 3) and torch.equal(z, model.embed(batch))  # the posterior mean: no sampling
    recon = model.reconstruct(batch)
    targets = recon if isinstance(recon, dict) else {"x": recon}
    for key, value in targets.items():
        assert value.shape == batch[key].shape, key
    # a checkpoint round trip gives the same embedding
    spec = ModelSpec("m", name, kwargs={k: v for k, v in kwargs.items() if k in ARCHITECTURES[name].keywords})
    path = tmp_path / "m.pt"
    save_checkpoint(path, model, kwargs, spec, {"x_mean": np.zeros(DIM)}, {"epochs": 1})
    loaded, _ = load_checkpoint(path)
    assert type(loaded) is type(model) and torch.allclose(loaded.embed(batch), z)
