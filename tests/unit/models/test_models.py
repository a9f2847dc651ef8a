from dataclasses import replace

import numpy as np
import pytest
import torch

from musiclust.config.model_specs import ModelSpec
from musiclust.models import MODEL_REGISTRY, BaseAutoencoder, build_model, register_model
from musiclust.models.base import gaussian_kl, tensors
from musiclust.models.checkpoints import load_checkpoint, save_checkpoint
from musiclust.models.multimodal import product_of_experts
from musiclust.models.training import TrainConfig, evaluate, fit, seeded_model, split_indices


def toy_data(n=200, dim=12, seed=0):
    """Two latent factors mapped linearly into ``dim`` features, plus noise."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 2))
    W = rng.normal(size=(2, dim))
    return (z @ W + 0.05 * rng.normal(size=(n, dim))).astype(np.float32)


def test_registry_builds_models_by_name():
    assert {"vae_mlp", "ae_mlp", "beta_vae_mlp", "cvae_mlp", "vae_conv", "vae_poe", "vade_mlp"} <= set(MODEL_REGISTRY)
    model = build_model("vae_mlp", input_dim=12, latent_dim=3)
    assert isinstance(model, BaseAutoencoder) and model.registry_name == "vae_mlp"
    with pytest.raises(KeyError, match="unknown model"):
        build_model("nope", input_dim=3)
    with pytest.raises(ValueError, match="registered twice"):
        register_model("vae_mlp")(type("Dup", (BaseAutoencoder,), {}))


@pytest.mark.parametrize("name", ["vae_mlp", "ae_mlp", "beta_vae_mlp", "vade_mlp"])
def test_shapes_and_loss_parts(name):
    model = build_model(name, input_dim=12, latent_dim=3, hidden_dims=[16, 8])
    x = torch.as_tensor(toy_data(8))
    out = model(x)
    assert out["recon"].shape == (8, 12) and out["mu"].shape == (8, 3)
    parts = model.loss(x, out, kl_weight=0.5)
    assert torch.isfinite(parts["loss"])
    expected_beta = 4.0 if name == "beta_vae_mlp" else 1.0
    assert model.beta == expected_beta
    assert parts["loss"].item() == pytest.approx(
        parts["recon"].item() + 0.5 * expected_beta * parts["kl"].item(), rel=1e-5
    )
    assert parts["recon"].item() == pytest.approx(((out["recon"] - x) ** 2).sum(dim=1).mean().item(), rel=1e-5)
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
    # another seed: other initial weights, and another run
    kwargs = {"input_dim": X.shape[1], "latent_dim": 2, "hidden_dims": [32, 16]}
    assert not torch.equal(seeded_model("vae_mlp", kwargs, 4).embed(x), seeded_model("vae_mlp", kwargs, 3).embed(x))
    other = seeded_model("vae_mlp", kwargs, 4)
    other_history = fit(other, X, replace(cfg, seed=4))
    assert not np.array_equal(other_history["train_loss"].to_numpy(), history["train_loss"].to_numpy())
    assert not torch.allclose(other.embed(x), runs[0][1].embed(x))


def test_early_stopping_restores_the_best_epoch():
    X = toy_data(60)
    cfg = TrainConfig(epochs=500, batch_size=16, lr=1e-2, kl_warmup_epochs=0, patience=5, seed=0)
    model = build_model("vae_mlp", input_dim=X.shape[1], latent_dim=2, hidden_dims=[64, 64])
    history = fit(model, X, cfg)
    assert len(history) < 500
    best = history[history["best"]].iloc[0]
    assert best["val_loss"] == history["val_loss"].min()
    assert len(history) - 1 - best["epoch"] == cfg.patience
    # the weights left in the model are the best epoch's, not the last epoch's
    _, val = split_indices(len(X), cfg.val_fraction, cfg.seed)
    now = evaluate(model, tensors({"x": X}, val, torch.device("cpu")), cfg.batch_size)["loss"]
    assert now == pytest.approx(best["val_loss"], rel=1e-6)
    assert now != pytest.approx(history["val_loss"].iloc[-1], rel=1e-6)


def test_kl_weight_warms_up_linearly():
    X = toy_data(40)
    cfg = TrainConfig(epochs=6, batch_size=16, kl_warmup_epochs=4, patience=50, seed=0)
    history = fit(build_model("vae_mlp", input_dim=X.shape[1], latent_dim=2, hidden_dims=[8]), X, cfg)
    assert history["kl_weight"].tolist() == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    no_warmup = fit(
        build_model("vae_mlp", input_dim=X.shape[1], latent_dim=2, hidden_dims=[8]),
        X,
        TrainConfig(epochs=2, kl_warmup_epochs=0),
    )
    assert no_warmup["kl_weight"].tolist() == [1.0, 1.0]


def test_no_early_stop_during_the_warm_up():
    """With lr = 0 the validation loss never improves: patience runs out right after the warm-up."""
    X = toy_data(40)
    cfg = TrainConfig(epochs=50, batch_size=16, lr=1e-12, kl_warmup_epochs=10, patience=2, seed=0)
    history = fit(build_model("vae_mlp", input_dim=X.shape[1], latent_dim=2, hidden_dims=[8]), X, cfg)
    assert history[history["best"]]["epoch"].tolist() == [9]  # the first epoch at full KL weight
    assert len(history) == 10 + cfg.patience


def test_split_is_seeded_and_disjoint():
    tr, va = split_indices(100, 0.2, seed=1)
    assert len(va) == 20 and not set(tr) & set(va) and len(tr) + len(va) == 100
    assert np.array_equal(va, split_indices(100, 0.2, seed=1)[1])
    assert not np.array_equal(va, split_indices(100, 0.2, seed=2)[1])


def test_checkpoint_is_a_weights_only_state_dict(tmp_path):
    model = build_model("vae_mlp", input_dim=12, latent_dim=3, hidden_dims=[16])
    path = tmp_path / "m.pt"
    kwargs = {"input_dim": 12, "latent_dim": 3, "hidden_dims": [16]}
    spec = ModelSpec("m", "vae_mlp", kwargs={"latent_dim": 3})
    save_checkpoint(path, model, kwargs, spec, {"x_mean": np.zeros(12)}, {"epochs": 1})
    payload = torch.load(path, weights_only=True)
    assert payload["model_name"] == "vae_mlp"
    assert ModelSpec.from_dict(payload["spec"]) == spec and torch.equal(
        payload["input_stats"]["x_mean"], torch.zeros(12)
    )
    loaded, _ = load_checkpoint(path)
    x = torch.as_tensor(toy_data(4))
    assert torch.equal(loaded.embed(x), model.embed(x))


def test_split_by_groups_keeps_each_group_on_one_side():
    groups = np.repeat([f"artist{i}" for i in range(20)], 5)
    tr, va = split_indices(len(groups), 0.2, seed=0, groups=groups)
    assert len(va) > 0 and set(groups[tr]).isdisjoint(groups[va])
    assert len(tr) + len(va) == len(groups)
    # one group only, or fewer than 10 rows: no validation set
    assert len(split_indices(50, 0.2, 0, groups=np.zeros(50))[1]) == 0
    assert len(split_indices(5, 0.2, 0)[1]) == 0


def test_fit_reports_the_group_split_sizes():
    X = toy_data(100)
    groups = np.repeat(np.arange(10), 10)
    cfg = TrainConfig(epochs=2, seed=0)
    history = fit(build_model("ae_mlp", input_dim=12, latent_dim=2, hidden_dims=[8]), X, cfg, groups)
    # 15% of 10 groups rounds up to 2 whole groups of 10 rows
    assert history["n_val"].iloc[0] == 20 and history["n_train"].iloc[0] == 80
    tr, va = split_indices(100, cfg.val_fraction, cfg.seed, groups)  # the split fit made
    assert len(va) == 20 and set(groups[tr]).isdisjoint(groups[va])


@pytest.mark.parametrize("shape,channels", [((64, 64), (4, 8, 16, 16)), ((20, 128), (4, 8, 8))])
def test_conv_vae_pads_and_crops_to_any_input_size(shape, channels):
    model = build_model("vae_conv", input_shape=shape, latent_dim=5, channels=channels)
    x = torch.randn(3, 1, *shape)
    out = model(x)
    assert out["recon"].shape == (3, 1, *shape) and out["mu"].shape == (3, 5)
    parts = model.loss(x, out)
    assert parts["recon"].item() == pytest.approx(((out["recon"] - x) ** 2).sum(dim=(1, 2, 3)).mean().item(), rel=1e-5)
    assert model.reconstruct(x).shape == (3, 1, *shape)
    with pytest.raises(ValueError, match="expected inputs of shape"):
        model(torch.randn(2, 1, shape[0] + 1, shape[1]))


def test_conv_vae_learns_to_reconstruct():
    rng = np.random.default_rng(0)
    # images that are one of two stripe patterns plus noise
    base = np.stack([np.tile(np.sin(np.linspace(0, f * np.pi, 16)), (16, 1)) for f in (2, 6)])
    X = (base[rng.integers(0, 2, 64)] + 0.05 * rng.normal(size=(64, 16, 16)))[:, None].astype(np.float32)
    model = seeded_model("vae_conv", {"input_shape": [16, 16], "latent_dim": 2, "channels": [8, 16]}, 0)
    history = fit(model, X, TrainConfig(epochs=60, batch_size=16, lr=3e-3, kl_warmup_epochs=5, patience=100, seed=0))
    assert history["val_recon"].min() < 0.5 * history["val_recon"].iloc[0]


def test_conditional_vae_decodes_with_its_condition():
    model = build_model("cvae_mlp", input_dim=6, cond_dim=3, latent_dim=2, hidden_dims=[8])
    model.eval()
    batch = {"x": torch.randn(4, 6), "cond": torch.eye(3)[[0, 1, 2, 0]]}
    out = model(batch)
    assert out["recon"].shape == (4, 6) and torch.isfinite(model.loss(batch, out)["loss"])
    z = torch.zeros(1, 2)
    a = model.decode(z, {"cond": torch.eye(3)[[0]]})
    b = model.decode(z, {"cond": torch.eye(3)[[1]]})
    assert not torch.allclose(a, b)  # the same code decodes differently under another condition
    with pytest.raises(ValueError, match="decodes with its conditions"):
        model.decode(z)


def test_product_of_experts_worked_example():
    # one expert N(2, 1) and the N(0, 1) prior: precision 2, mean 1; a masked expert changes nothing
    mus = torch.tensor([[[2.0], [100.0]]])
    logvars = torch.zeros(1, 2, 1)
    mu, logvar = product_of_experts(mus, logvars, torch.tensor([[1.0, 0.0]]))
    assert mu.item() == pytest.approx(1.0) and logvar.exp().item() == pytest.approx(0.5)
    mu, logvar = product_of_experts(mus, logvars, torch.tensor([[0.0, 0.0]]))
    assert mu.item() == 0.0 and logvar.item() == 0.0  # nothing observed: the prior


def test_multimodal_vae_with_a_missing_modality():
    model = build_model("vae_poe", input_dim=6, text_dim=4, latent_dim=3, hidden_dims=[8])
    mask = torch.tensor([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    batch = {"x": torch.randn(3, 6), "text": torch.randn(3, 4), "mask": mask}
    out = model(batch)
    assert out["recon"]["x"].shape == (3, 6) and out["recon"]["text"].shape == (3, 4)
    parts = model.loss(batch, out)
    assert torch.isfinite(parts["loss"])
    parts["loss"].backward()
    assert model.encoders["text"].to_mu.weight.grad.abs().sum() > 0
    # a missing modality's values do not touch the embedding
    garbage = {**batch, "text": batch["text"].clone(), "x": batch["x"].clone()}
    garbage["text"][1] = 1e6
    garbage["x"][2] = -1e6
    assert torch.allclose(model.embed(batch), model.embed(garbage))
    # and its reconstruction error is not counted
    err = model.reconstruction_error(batch, out)
    assert err[1].item() == pytest.approx(((out["recon"]["x"][1] - batch["x"][1]) ** 2).sum().item(), rel=1e-5)


def constant_expert(encoder, mean, logvar=0.0):
    """Make ``encoder`` output N(mean, exp(logvar)) whatever its input."""
    with torch.no_grad():
        encoder.to_mu.weight.zero_()
        encoder.to_mu.bias.fill_(mean)
        encoder.to_logvar.weight.zero_()
        encoder.to_logvar.bias.fill_(logvar)


def test_a_single_modality_posterior_is_that_expert_and_the_prior_only():
    model = build_model("vae_poe", input_dim=6, text_dim=4, latent_dim=2, hidden_dims=[8])
    model.eval()
    constant_expert(model.encoders["x"], 2.0)  # audio expert N(2, 1)
    batch = {"x": torch.randn(3, 6), "text": torch.randn(3, 4), "mask": torch.ones(3, 2)}
    # N(2, 1) x the N(0, 1) prior: precision 1 + 1 = 2, mean (2 * 1 + 0 * 1) / 2 = 1
    mu, logvar = model.encode_subset(batch, torch.tensor([1.0, 0.0]))
    assert torch.allclose(mu, torch.ones(3, 2)) and torch.allclose(logvar.exp(), torch.full((3, 2), 0.5))
    other_text = {**batch, "text": torch.randn(3, 4) * 10}
    assert torch.equal(model.encode_subset(other_text, torch.tensor([1.0, 0.0]))[0], mu)
    # text alone: the text expert's own (mu_t, precision p_t) with the prior: mean mu_t p_t / (1 + p_t)
    mu_t, logvar_t = model.encoders["text"](batch["text"])
    p_t = torch.exp(-logvar_t)
    mu, logvar = model.encode_subset(batch, torch.tensor([0.0, 1.0]))
    assert torch.allclose(mu, mu_t * p_t / (1 + p_t)) and torch.allclose(logvar, -torch.log(1 + p_t))


def test_multimodal_vae_per_dim_scaling_weighs_each_modality_as_half_of_all_dimensions():
    batch = {"x": torch.zeros(2, 6), "text": torch.zeros(2, 2), "mask": torch.ones(2, 2)}
    recon = {"x": torch.ones(2, 6), "text": torch.ones(2, 2)}  # squared error 1 per dimension
    summed = build_model("vae_poe", input_dim=6, text_dim=2, latent_dim=2, hidden_dims=[4])
    assert summed.reconstruction_error(batch, {"recon": recon}).tolist() == [8.0, 8.0]
    per_dim = build_model("vae_poe", input_dim=6, text_dim=2, latent_dim=2, hidden_dims=[4], recon_scaling="per_dim")
    # each modality counts as (6 + 2) / 2 = 4 dimensions: 6 * (4 / 6) + 2 * (4 / 2)
    assert per_dim.reconstruction_error(batch, {"recon": recon}).tolist() == pytest.approx([8.0, 8.0])
    recon["text"] = torch.full((2, 2), 2.0)  # the small modality's error now counts 3x as much as in "sum"
    assert summed.reconstruction_error(batch, {"recon": recon}).tolist() == [14.0, 14.0]
    assert per_dim.reconstruction_error(batch, {"recon": recon}).tolist() == pytest.approx([20.0, 20.0])
    with pytest.raises(ValueError, match="recon_scaling"):
        build_model("vae_poe", input_dim=6, text_dim=2, recon_scaling="mean")


def test_multimodal_vae_trains_on_rows_with_one_modality_only():
    rng = np.random.default_rng(0)
    n = 90
    z = rng.normal(size=(n, 2))  # both modalities are views of one 2-d factor
    mask = np.stack([np.arange(n) % 3 != 2, np.arange(n) % 3 != 1], 1).astype(np.float32)
    text_only = mask[:, 0] == 0
    data = {
        "x": (z @ rng.normal(size=(2, 6))).astype(np.float32),
        # the text-only rows' lyrics are offset by 3: only training on those rows fits them
        "text": (z @ rng.normal(size=(2, 4)) + 3.0 * text_only[:, None]).astype(np.float32),
        "mask": mask,
    }
    data["x"][mask[:, 0] == 0] = 0.0  # a missing modality is zero-filled, as the inputs are
    data["text"][mask[:, 1] == 0] = 0.0
    model = seeded_model("vae_poe", {"input_dim": 6, "text_dim": 4, "latent_dim": 2, "hidden_dims": [16]}, 0)
    rows = {k: torch.as_tensor(v[text_only]) for k, v in data.items()}
    before = model.reconstruction_error(rows, {"recon": model.reconstruct(rows)}).mean()
    fit(model, data, TrainConfig(epochs=40, batch_size=16, lr=3e-3, kl_warmup_epochs=0, patience=100))
    after = model.reconstruction_error(rows, {"recon": model.reconstruct(rows)}).mean()
    assert after < 0.25 * before
    # a text-only row is placed by its text, not by its (zero-filled) audio
    row = {k: v[:1] for k, v in rows.items()}
    other_text = {**row, "text": rows["text"][1:2]}
    other_audio = {**row, "x": torch.as_tensor(data["x"][:1])}
    assert not torch.allclose(model.embed(row), model.embed(other_text), atol=1e-3)
    assert torch.equal(model.embed(row), model.embed(other_audio))


def test_vade_with_one_standard_component_has_the_vae_kl():
    model = build_model("vade_mlp", input_dim=6, n_components=1, latent_dim=3, hidden_dims=[8])
    with torch.no_grad():
        model.prior_mu.zero_()
        model.prior_logvar.zero_()
    x = torch.randn(5, 6)
    out = model(x)
    assert torch.allclose(model.kl_divergence(out), gaussian_kl(out["mu"], out["logvar"]), atol=1e-5)


def vade_with_components(means, logits=None):
    """A VaDE over a 2-d latent whose unit-variance components sit at ``means``."""
    model = build_model("vade_mlp", input_dim=6, n_components=len(means), latent_dim=2, hidden_dims=[8])
    with torch.no_grad():
        model.prior_mu.copy_(torch.tensor(means))
        model.prior_logvar.zero_()
        if logits is not None:
            model.prior_logits.copy_(torch.tensor(logits))
    return model


def test_vade_responsibilities_of_identical_components_are_the_mixture_weights():
    model = vade_with_components([[1.0, -1.0], [1.0, -1.0]], logits=np.log([0.9, 0.1]).tolist())
    gamma = model.responsibilities(torch.randn(5, 2) * 3)
    assert torch.allclose(gamma, torch.tensor([[0.9, 0.1]]).expand(5, 2), atol=1e-6)


def test_vade_responsibilities_and_clusters_worked_example():
    model = vade_with_components([[0.0, 0.0], [2.0, 0.0]])  # equal weights
    z = torch.tensor([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0]])
    # at one mean, the log densities differ by |2|^2 / 2 = 2: q(own) = 1 / (1 + e^-2) = 0.8808;
    # halfway, 0.5 each
    near = 1 / (1 + np.exp(-2.0))
    expected = torch.tensor([[near, 1 - near], [1 - near, near], [0.5, 0.5]], dtype=torch.float32)
    assert torch.allclose(model.responsibilities(z), expected, atol=1e-6)
    assert model.cluster_latents(z[:2]).tolist() == [0, 1]
    constant_expert(model.encoder, 2.0)  # every track embeds at (2, 2): nearer component 1
    assert model.cluster(torch.randn(4, 6)).tolist() == [1, 1, 1, 1]


def test_conditioning_on_a_label_removes_it_from_the_latent():
    """Data = a binary label's offset + a continuous style factor: a VAE's latent clusters by the
    label; a CVAE told the label keeps only the style, so its latent no longer does."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score

    rng = np.random.default_rng(0)
    n, dim = 300, 12
    label = rng.integers(0, 2, n)
    style = rng.normal(size=(n, 1))
    X = (label[:, None] * 2 - 1) @ (3 * rng.normal(size=(1, dim))) + style @ rng.normal(size=(1, dim))
    X = X + 0.1 * rng.normal(size=(n, dim))
    X = ((X - X.mean(0)) / X.std(0)).astype(np.float32)
    cond = np.eye(2, dtype=np.float32)[label]
    cfg = TrainConfig(epochs=150, batch_size=32, lr=3e-3, kl_warmup_epochs=10, patience=30, seed=0)
    nmi = {}
    for name, extra, data in (("vae_mlp", {}, {"x": X}), ("cvae_mlp", {"cond_dim": 2}, {"x": X, "cond": cond})):
        model = seeded_model(name, {"input_dim": dim, "latent_dim": 2, "hidden_dims": [32, 16], **extra}, 0)
        fit(model, data, cfg)
        Z = model.embed({k: torch.as_tensor(v) for k, v in data.items()}).numpy()
        nmi[name] = normalized_mutual_info_score(label, KMeans(2, n_init=10, random_state=0).fit_predict(Z))
    assert nmi["vae_mlp"] > 0.8
    assert nmi["cvae_mlp"] < 0.1


def test_deterministic_cuda_asks_for_deterministic_kernels(monkeypatch):
    from musiclust.models.training import deterministic_cuda

    monkeypatch.delenv("CUBLAS_WORKSPACE_CONFIG", raising=False)
    before = torch.are_deterministic_algorithms_enabled(), torch.backends.cudnn.benchmark
    try:
        deterministic_cuda()
        assert torch.are_deterministic_algorithms_enabled() and not torch.backends.cudnn.benchmark
        import os

        assert os.environ["CUBLAS_WORKSPACE_CONFIG"] == ":4096:8"
    finally:
        torch.use_deterministic_algorithms(before[0])
        torch.backends.cudnn.benchmark = before[1]
