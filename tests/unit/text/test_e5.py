import numpy as np

from musiclust.text.embed import TextEmbedConfig, e5_embed, embed_lyrics, lyric_chunks

LOVE = ["I love you, my dear\nmy heart is yours", "Ich liebe dich, mein Schatz\nmein Herz gehört dir",
        "আমি তোমাকে ভালোবাসি\nআমার হৃদয় তোমার"]  # fmt: skip
TRAIN = "The train leaves the station at noon\ntickets are sold at the counter"


def words(text: str) -> int:
    return len(text.split())


def test_chunks_join_lines_up_to_the_token_budget_and_stop_at_the_chunk_limit():
    assert lyric_chunks("a b c\nd e\n\nf g h i j\nk", words, 5, 9) == ["a b c\nd e", "f g h i j", "k"]
    assert lyric_chunks("a b c\nd e\n\nf g h i j\nk", words, 5, 2) == ["a b c\nd e", "f g h i j"]
    assert lyric_chunks("one very long line of many words", words, 3, 4) == ["one very long line of many words"]


def test_the_same_meaning_in_three_languages_lies_closer_than_another_meaning_in_the_same_language():
    Z = e5_embed(LOVE + [TRAIN], TextEmbedConfig())
    assert np.allclose(np.linalg.norm(Z, axis=1), 1, atol=1e-5)
    sims = Z @ Z.T
    assert min(sims[0, 1], sims[0, 2], sims[1, 2]) > sims[0, 3] + 0.1  # English, German, Bangla love vs a train
    again = e5_embed(LOVE + [TRAIN], TextEmbedConfig())
    assert np.array_equal(Z, again)  # deterministic


def test_a_long_lyric_is_the_mean_of_its_chunks():
    lines = ["I love you, my dear", "The train leaves at noon", "a third line that is left out"]
    (whole,) = e5_embed(["\n".join(lines)], TextEmbedConfig(e5_max_tokens=12, e5_max_chunks=2))
    parts = e5_embed(lines[:2], TextEmbedConfig())
    mean = parts.mean(axis=0)
    assert np.allclose(whole, mean / np.linalg.norm(mean), atol=1e-4)


def test_embed_lyrics_leaves_out_tracks_without_lyrics():
    ids, Z = embed_lyrics(["a", "b", "c"], [LOVE[0], "", None], "e5", TextEmbedConfig())
    assert ids == ["a"] and Z.shape == (1, 384)
