"""The example overlays under config/examples/ (one per standard set) give valid configs."""

from pathlib import Path

import pytest
import yaml
from support.configs import overlaid

from musiclust.config.names import ADAPTER_TRAITS
from musiclust.config.plan import Plan
from musiclust.config.schema import ConfigError, check_config

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "config" / "examples").glob("*.yaml"))


def test_every_adapter_is_run_by_default_shown_by_an_example_or_in_the_configuration_guide():
    default = {s["adapter"] for s in yaml.safe_load((ROOT / "config.yaml").read_text())["sources"].values()}
    examples = {s["adapter"] for p in EXAMPLES for s in yaml.safe_load(p.read_text())["sources"].values()}
    guide = (ROOT / "config" / "README.md").read_text()
    for adapter in ADAPTER_TRAITS:
        assert adapter in default | examples or f"`{adapter}`" in guide, adapter
    assert {p.stem for p in EXAMPLES} <= examples  # each overlay is named after the adapter it shows


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_overlay_is_a_valid_config_and_plan(example):
    config = overlaid(example)
    check_config(config)
    plan = Plan.from_config(config)
    adapters = {config["sources"][s]["adapter"] for s in plan.sources}
    assert example.stem in adapters
    assert f"snakemake --cores all --configfile config/examples/{example.name}" in example.read_text()
    assert plan.sweep["source"] in plan.feature_sources  # the paper's sweep runs on an active source


def test_the_source_settings_are_strict():
    config = overlaid(ROOT / "config" / "examples" / "mir1k.yaml")
    config["sources"]["mir1k"]["channel"] = "left"
    config["sources"]["mir1k"]["chanel"] = "voice"
    with pytest.raises(ConfigError, match="unknown key 'chanel' in config.sources.mir1k") as err:
        check_config(config)
    assert "config.sources.mir1k.channel: 'left' is not one of" in str(err.value)


def test_the_crosslingual_study_reads_e5_in_the_pooled_space_the_multimodal_vae_and_the_hybrid():
    study = ROOT / "config" / "studies" / "crosslingual.yaml"
    config = overlaid(study)
    check_config(config)
    plan = Plan.from_config(config)
    assert "e5" in plan.spaces("lyrics_pooled")
    assert plan.model_inputs("ende_previews", "multimodal_vae")["text"].endswith("/e5.parquet")
    assert ("ende_previews", "multimodal_vae") in plan.trained_models()
    assert config["hybrid"]["text_method"] == "e5"
    assert f"--configfile config/studies/{study.name}" in study.read_text()


def test_the_windows_study_adds_the_patch_model_and_sweeps_window_level_models():
    study = ROOT / "config" / "studies" / "windows.yaml"
    config = overlaid(study)
    check_config(config)
    plan = Plan.from_config(config)
    default = yaml.safe_load((ROOT / "config.yaml").read_text())
    default_spaces = Plan.from_config(default).audio_spaces
    assert "conv_vae_logmel_windows" not in default_spaces
    assert [r for r in plan.audio_spaces if r != "conv_vae_logmel_windows"] == list(default_spaces)
    assert ("ende_previews", "conv_vae_logmel_windows") in plan.trained_models()
    assert {spec.input for spec in plan.sweep_specs.values()} == {"windows"}
    assert {spec.training["batch_size"] for spec in plan.sweep_specs.values()} == {256}
    assert f"--configfile config/studies/{study.name}" in study.read_text()
