import numpy as np
import pytest
import torch

from musiclust.models import MODEL_REGISTRY, BaseAutoencoder, build_model, register_model
from musiclust.train import TrainConfig, fit, load_checkpoint, save_checkpoint, seeded_model, split_indices


def toy_data(n=200, dim=12, seed=0):
    """Two latent factors mapped linearly into ``dim`` features, plus noise."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 2))
    W = rng.normal(size=(2, dim))
    return (z @ W + 0.05 * rng.normal(size=(n, dim))).astype(np.float32)


def test_registry_builds_models_by_name():
    assert {"vae_mlp", "ae_mlp"} <= set(MODEL_REGISTRY)
    model = build_model("vae_mlp", input_dim=12, latent_dim=3)
    assert isinstance(model, BaseAutoencoder) and model.registry_name == "vae_mlp"
    with pytest.raises(KeyError, match="unknown model"):
        build_model("nope", input_dim=3)
    with pytest.raises(ValueError, match="registered twice"):
        register_model("vae_mlp")(type("Dup", (BaseAutoencoder,), {}))


@pytest.mark.parametrize("name", ["vae_mlp", "ae_mlp"])
def test_shapes_and_loss_parts(name):
    model = build_model(name, input_dim=12, latent_dim=3, hidden_dims=[16, 8])
    x = torch.as_tensor(toy_data(8))
    out = model(x)
    assert out["recon"].shape == (8, 12) and out["mu"].shape == (8, 3)
    parts = model.loss(x, out, beta=2.0)
    assert torch.isfinite(parts["loss"])
    assert parts["loss"].item() == pytest.approx(parts["recon"].item() + 2.0 * parts["kl"].item(), rel=1e-5)
    if name == "ae_mlp":
        assert out["logvar"] is None and parts["kl"].item() == 0.0
    else:
        assert parts["kl"].item() > 0.0
    assert model.embed(x).shape == (8, 3)


def test_vae_loss_falls_and_training_is_deterministic():
    X = toy_data()
    cfg = TrainConfig(epochs=40, batch_size=32, lr=3e-3, kl_warmup_epochs=5, patience=100, seed=3)
    runs = []
    for _ in range(2):
        model = seeded_model("vae_mlp", {"input_dim": X.shape[1], "latent_dim": 2, "hidden_dims": [32, 16]}, cfg.seed)
        runs.append((fit(model, X, cfg), model))
    history = runs[0][0]
    assert history["val_recon"].iloc[-1] < 0.5 * history["val_recon"].iloc[0]
    assert history["train_loss"].iloc[-5:].mean() < history["train_loss"].iloc[:5].mean()
    assert history["best"].sum() == 1
    assert np.array_equal(runs[0][0]["train_loss"].to_numpy(), runs[1][0]["train_loss"].to_numpy())
    x = torch.as_tensor(X[:5])
    assert torch.equal(runs[0][1].embed(x), runs[1][1].embed(x))


def test_early_stopping_restores_the_best_epoch():
    X = toy_data(60)
    cfg = TrainConfig(epochs=500, batch_size=16, lr=1e-2, kl_warmup_epochs=0, patience=5, seed=0)
    model = build_model("vae_mlp", input_dim=X.shape[1], latent_dim=2, hidden_dims=[64, 64])
    history = fit(model, X, cfg)
    assert len(history) < 500
    best = history[history["best"]].iloc[0]
    assert best["val_loss"] == history["val_loss"].min()
    assert len(history) - 1 - best["epoch"] == cfg.patience


def test_split_is_seeded_and_disjoint():
    tr, va = split_indices(100, 0.2, seed=1)
    assert len(va) == 20 and not set(tr) & set(va) and len(tr) + len(va) == 100
    assert np.array_equal(va, split_indices(100, 0.2, seed=1)[1])
    assert not np.array_equal(va, split_indices(100, 0.2, seed=2)[1])


def test_checkpoint_is_a_weights_only_state_dict(tmp_path):
    model = build_model("vae_mlp", input_dim=12, latent_dim=3, hidden_dims=[16])
    path = tmp_path / "m.pt"
    save_checkpoint(path, model, {"input_dim": 12, "latent_dim": 3, "hidden_dims": [16]}, {"feature_mean": torch.zeros(12)})
    payload = torch.load(path, weights_only=True)
    assert payload["model_name"] == "vae_mlp"
    loaded, _ = load_checkpoint(path)
    x = torch.as_tensor(toy_data(4))
    assert torch.equal(loaded.embed(x), model.embed(x))
