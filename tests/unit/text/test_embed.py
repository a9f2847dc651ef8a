import numpy as np
import pandas as pd
import pytest

from musiclust.analysis.hybrid import hybrid_embedding, hybrid_table
from musiclust.text.embed import (
    TextEmbedConfig,
    embed_lyrics,
    load_pretrained_vectors,
    sif_embed,
    tfidf_svd_embed,
    tokenize,
    train_skipgram,
    word_frequencies,
)

CORPUS = [
    "the river runs to the sea and the sea is deep",
    "the sun is warm the morning is bright",
    "আমি নদীর ধারে বসে থাকি",
    "নদীর জল বয়ে যায় সাগরে",
] * 10


def test_tokenize_keeps_bengali_words_whole():
    assert tokenize("আমি তোমাকে ভালোবাসি!") == ["আমি", "তোমাকে", "ভালোবাসি"]
    assert tokenize("[Chorus]\nHello, World  it's 2 AM") == ["hello", "world", "it", "s", "2", "am"]


def test_sif_weights_and_common_component_removal():
    vecs = {"a": np.array([1.0, 0.0]), "b": np.array([0.0, 1.0]), "c": np.array([1.0, 1.0])}
    freq = {"a": 0.999, "b": 0.001}
    # one document: weights a/(a+p) are 0.001/1.0 for "a" and 0.001/0.002 = 0.5 for "b"
    (single,) = sif_embed([["a", "b"]], lambda w: vecs[w], freq, a=1e-3, dim=2)
    assert np.allclose(single, (0.001 * vecs["a"] + 0.5 * vecs["b"]) / 0.501)
    docs = [["a", "b"], ["a"], ["c", "b"], []]
    Z = sif_embed(docs, lambda w: vecs[w], freq, a=1e-3, dim=2)
    assert np.isnan(Z[3]).all()  # no words: NaN, never a silent zero
    raw = np.stack([sif_embed([d], lambda w: vecs[w], freq, 1e-3, 2)[0] for d in docs[:3]])
    pc = np.linalg.svd(raw, full_matrices=False)[2][0]
    assert np.allclose(Z[:3] @ pc, 0.0, atol=1e-9)  # the common component is gone


def test_skipgram_is_deterministic_and_embeds_only_tracks_with_lyrics(tmp_path):
    cfg = TextEmbedConfig(dim=16, epoch=5, min_count=1)
    docs = [tokenize(t) for t in CORPUS]
    m1 = train_skipgram(docs, cfg, tmp_path / "a.bin")
    m2 = train_skipgram(docs, cfg, tmp_path / "b.bin")
    assert np.allclose(m1.get_word_vector("নদীর"), m2.get_word_vector("নদীর"))
    ids, Z = embed_lyrics(["t1", "t2", "t3"], [CORPUS[0], "", CORPUS[2]], "fasttext_sif", cfg, m1)
    assert ids == ["t1", "t3"] and Z.shape == (2, 16) and np.isfinite(Z).all()


def test_tfidf_svd_separates_scripts():
    texts = CORPUS[:4] * 3
    Z = tfidf_svd_embed(texts, TextEmbedConfig(svd_components=2))
    assert Z.shape == (12, 2)
    english, bangla = Z[[0, 1, 4, 5]], Z[[2, 3, 6, 7]]
    gap = np.linalg.norm(english.mean(0) - bangla.mean(0))
    assert gap > np.linalg.norm(english - english.mean(0), axis=1).mean()


def test_pretrained_vec_file(tmp_path):
    path = tmp_path / "v.vec"
    path.write_text("2 3\nriver 1 0 0\nনদীর 0 1 0\n", encoding="utf-8")
    vector, dim = load_pretrained_vectors(path)
    assert dim == 3 and vector("নদীর").tolist() == [0, 1, 0] and vector("unknown").tolist() == [0, 0, 0]
    ids, Z = embed_lyrics(
        ["a", "b", "c"], ["river river", "নদীর", "river নদীর"], "pretrained_sif", TextEmbedConfig(), path
    )
    assert ids == ["a", "b", "c"] and Z.shape == (3, 3)
    with pytest.raises(FileNotFoundError):
        load_pretrained_vectors(tmp_path / "missing.bin")


def test_word_frequencies():
    freq = word_frequencies([["a", "b"], ["a"]])
    assert freq == {"a": pytest.approx(2 / 3), "b": pytest.approx(1 / 3)}


def test_hybrid_table_masks_missing_modalities_without_zero_fill():
    audio = pd.DataFrame({"f1": [1.0, 2.0, 3.0, 4.0]}, index=pd.Index(["a", "b", "c", "d"], name="track_id"))
    text = pd.DataFrame({"z00": [0.1, 0.2, 0.3, 0.5]}, index=pd.Index(["b", "c", "d", "e"], name="track_id"))
    langid = pd.DataFrame(
        {
            "track_id": ["b", "c", "d", "e"],
            "confidence": [0.9] * 4,
            "second_share": [0.0] * 4,
            "bengali_script_share": [0.0] * 4,
            "hybrid": [False] * 4,
        }
    )
    table = hybrid_table(audio, text, langid, ["a", "b", "c", "d", "e"])
    assert table["has_audio"].tolist() == [True, True, True, True, False]
    assert table["has_lyrics"].tolist() == [False, True, True, True, True]
    assert np.isnan(table.loc["a", "text__z00"]) and np.isnan(table.loc["e", "audio__f1"])
    emb = hybrid_embedding(table, 2, seed=0)
    assert list(emb.index) == ["b", "c", "d"]
    with pytest.raises(ValueError, match="both audio and lyrics"):
        hybrid_embedding(table.loc[["a", "e"]], 2, seed=0)


@pytest.mark.parametrize("method", ["tfidf_svd", "pretrained_sif"])
def test_a_source_without_any_lyrics_is_a_clear_error(method):
    with pytest.raises(ValueError, match=r"none of the 3 tracks has lyrics to embed.*`lyrics: false`"):
        embed_lyrics(["a", "b", "c"], ["", None, "  \x00 "], method, TextEmbedConfig(svd_components=2))
