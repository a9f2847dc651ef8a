import copy
from pathlib import Path

import pytest
from support.configs import read_config

from musiclust.config.schema import ConfigError, check_config

ROOT = Path(__file__).resolve().parents[3]
DEFAULT = read_config("config.yaml")
TINY = read_config(".test/config.yaml")


def test_the_shipped_configs_are_valid():
    check_config(DEFAULT)
    check_config(TINY)


def with_key(config: dict, path: str, value) -> dict:
    out = copy.deepcopy(config)
    *parents, key = path.split(".")
    node = out
    for p in parents:
        node = node[p]
    node[key] = value
    return out


@pytest.mark.parametrize(
    "path, where",
    [
        ("seedz", "config"),
        ("clustering.algoritms", "config.clustering"),
        ("models.conv_vae_logmel.training.epoch", "config.models.conv_vae_logmel.training"),
        ("models.vae_mlp.latnet_dim", "config.models.vae_mlp"),
        ("sources.gtzan_banglabeats.training.epoch", "config.sources.gtzan_banglabeats.training"),
        ("sources.ende_previews.mirorr", "config.sources.ende_previews"),
        ("sources.ende_previews.labels.provenence", "config.sources.ende_previews.labels"),
        ("training.epoch", "config.training"),
        ("lyrics.lrclib.base_ur", "config.lyrics.lrclib"),
        ("lyrics.scrap", "config.lyrics"),
        ("hybrid.enable", "config.hybrid"),
        ("baselines.pca.n_component", "config.baselines.pca"),
        ("plots.projection", "config.plots"),
        ("features.n_mel", "config.features"),
        ("sweep.base.latnet_dim", "config.sweep.base"),
    ],
)
def test_a_typo_at_any_level_names_the_key_and_where_it_sits(path, where):
    key = path.split(".")[-1]
    with pytest.raises(ConfigError, match=f"unknown key '{key}' in {where.replace('.', '[.]')} \\(allowed: "):
        check_config(with_key(DEFAULT, path, 5))


def test_wrong_values_name_their_place():
    bad = with_key(DEFAULT, "sources.ende_previews.labels", {"provenance": {"language": "guessed"}})
    with pytest.raises(
        ConfigError, match="config.sources.ende_previews.labels.provenance.language: 'guessed' is not one of"
    ):
        check_config(bad)
    with pytest.raises(ConfigError, match="config.training.epochs: 0 is less than the minimum of 1"):
        check_config(with_key(DEFAULT, "training.epochs", 0))


@pytest.mark.parametrize(
    "source, key, value",
    [
        ("gtzan_banglabeats", "channel", "voice"),  # MIR-1K's
        ("gtzan_banglabeats", "render", True),  # Lakh MIDI's
        ("ende_previews", "feature_table", True),  # GTZAN's
        ("ende_previews", "genre_names", {"x": "y"}),  # the Bangla lyrics-by-genre set's
        ("hblm100", "columns", {"lyrics": "text"}),  # a lyrics CSV's
        ("hblm100", "download", True),  # a manifest's
        ("bangla_lyrics", "mirror", "songs"),  # an audio set's
        ("bangla_lyrics", "id_column", "file"),  # a feature table's
        ("lyrics_pooled", "location", "x.csv"),  # a pool has no file of its own
        ("bangla_lyrics_genres", "genre_by_writer", {"Tagore": "x"}),  # a lyrics CSV's
    ],
)
def test_a_key_of_another_adapter_is_an_error_naming_source_adapter_and_allowed_keys(source, key, value):
    config = with_key(DEFAULT, f"sources.{source}.{key}", value)
    adapter = DEFAULT["sources"][source]["adapter"]
    with pytest.raises(ConfigError) as error:
        check_config(config)
    message = str(error.value)
    assert f"config.sources.{source}: key {key!r} is not read by adapter {adapter!r}" in message
    assert "(its keys: adapter, audio," in message and message.count("\n  - ") == 1
