import pytest

from musiclust.audio.features import FeatureConfig
from musiclust.data.download import DownloadPolicy
from musiclust.models.training import TrainConfig
from musiclust.text.embed import TextEmbedConfig
from musiclust.text.lyrics import LrclibConfig


def test_settings_take_their_fields_and_refuse_typos():
    assert TrainConfig.from_dict({"epochs": 3}).epochs == 3
    assert FeatureConfig.from_dict({"n_mels": 64}).n_mels == 64
    with pytest.raises(ValueError, match="unknown FeatureConfig settings: \\['n_mel'\\] \\(known: sample_rate"):
        FeatureConfig.from_dict({"n_mel": 64})


@pytest.mark.parametrize("cls", [TrainConfig, FeatureConfig, DownloadPolicy, TextEmbedConfig, LrclibConfig])
def test_every_settings_object_is_strict(cls):
    with pytest.raises(ValueError, match=f"unknown {cls.__name__} settings: \\['typo'\\]"):
        cls.from_dict({"typo": 1})
