import pytest

from musiclust.audio.features import FeatureConfig
from musiclust.models.training import TrainConfig


def test_settings_take_their_fields_and_strict_mode_refuses_typos():
    assert TrainConfig.from_dict({"epochs": 3, "latent_dim": 8}).epochs == 3  # shared section: extra keys ignored
    assert FeatureConfig.from_dict({"n_mels": 64}, strict=True).n_mels == 64
    with pytest.raises(ValueError, match="unknown FeatureConfig settings: \\['n_mel'\\]"):
        FeatureConfig.from_dict({"n_mel": 64}, strict=True)
