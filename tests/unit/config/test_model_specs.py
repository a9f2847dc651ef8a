import pytest

from musiclust.config.model_specs import ModelSpec, expand_models, sweep_models


def test_expand_models_gives_one_variant_per_beta():
    specs = expand_models({"beta_vae": {"architecture": "beta_vae_mlp", "beta": [0.5, 4], "latent_dim": 8}})
    names = [s.name for s in specs["beta_vae"]]
    assert names == ["beta_vae_b0p5", "beta_vae_b4"]
    assert [s.kwargs["beta"] for s in specs["beta_vae"]] == [0.5, 4.0]
    assert specs["beta_vae"][0].kwargs["latent_dim"] == 8
    spec = expand_models({"m": {"architecture": "vae_mlp", "training": {"epochs": 3}}})["m"][0]
    assert spec.training == {"epochs": 3} and "training" not in spec.kwargs
    assert ModelSpec.from_dict(spec.as_dict()) == spec


def test_expand_models_refuses_incomplete_entries():
    with pytest.raises(ValueError, match="needs 'condition'"):
        expand_models({"c": {"architecture": "cvae_mlp"}})
    with pytest.raises(ValueError, match="unknown input"):
        expand_models({"c": {"architecture": "vae_mlp", "input": "video"}})


def test_sweep_grid_names():
    specs = sweep_models({"base": {"architecture": "vae_mlp"}, "beta": [0.5, 2], "latent_dim": [8, 32]})
    assert [s.name for s in specs] == ["sweep_b0p5_z8", "sweep_b0p5_z32", "sweep_b2_z8", "sweep_b2_z32"]
    assert specs[-1].kwargs == {"beta": 2.0, "latent_dim": 32}


def test_expand_models_checks_each_entry_against_its_architecture():
    with pytest.raises(ValueError, match="unknown architecture 'vae_mpl'"):
        expand_models({"m": {"architecture": "vae_mpl"}})
    with pytest.raises(ValueError, match="reads \\['summary', 'windows'\\], not input 'logmel'"):
        expand_models({"m": {"architecture": "vae_mlp", "input": "logmel"}})
    with pytest.raises(ValueError, match="reads \\['multimodal'\\]"):
        expand_models({"m": {"architecture": "vae_poe"}})
    with pytest.raises(ValueError, match="takes no 'condition'"):
        expand_models({"m": {"architecture": "vae_mlp", "condition": ["genre"]}})


def test_traits_follow_the_architecture_and_input():
    specs = expand_models(
        {
            "vade": {"architecture": "vade_mlp"},
            "vae": {"architecture": "vae_mlp"},
            "conv": {"architecture": "vae_conv", "input": "mfcc_frames"},
            "mm": {"architecture": "vae_poe", "input": "multimodal"},
            "win": {"architecture": "vae_mlp", "input": "windows"},
        }
    )
    (vade,), (vae,), (conv,), (mm,), (win,) = specs.values()
    assert vade.joint_clustering and not vae.joint_clustering
    assert vae.traversable and not vade.traversable and not conv.traversable
    assert conv.needs_logmel and not vae.needs_logmel
    # window features exist only where audio is decoded; they are not a log-mel (no reconstruction figure)
    assert win.needs_decoded_audio and conv.needs_decoded_audio and not vae.needs_decoded_audio
    assert not win.needs_logmel and not win.traversable
    assert mm.needs_lyrics and not conv.needs_lyrics


def test_log_mel_patches_are_sized_in_frames_and_only_for_their_input():
    entry = {"architecture": "vae_conv", "input": "logmel_windows", "window_frames": 16}
    (spec,) = expand_models({"p": entry})["p"]
    assert (spec.window_frames, spec.window_hop_frames) == (16, 16)  # the hop defaults to the width
    assert spec.needs_logmel and spec.needs_decoded_audio
    assert ModelSpec.from_dict(spec.as_dict()) == spec
    (overlap,) = expand_models({"p": {**entry, "window_hop_frames": 8}})["p"]
    assert overlap.window_hop_frames == 8
    with pytest.raises(ValueError, match="needs window_frames"):
        expand_models({"p": {"architecture": "vae_conv", "input": "logmel_windows"}})
    with pytest.raises(ValueError, match="are for input logmel_windows, not 'logmel'"):
        expand_models({"p": {**entry, "input": "logmel"}})
    # a model without patches keeps the parameters it had (its jobs are not rerun)
    (conv,) = expand_models({"c": {"architecture": "vae_conv", "input": "logmel"}})["c"]
    assert not set(conv.as_dict()) & {"window_frames", "window_hop_frames", "holdout"}
