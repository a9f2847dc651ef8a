"""The inductive split: whole artists held out, seeded, the same for every space."""

import pytest

from musiclust.data.splits import held_out_tracks


def test_whole_artists_are_held_out_and_the_split_is_a_function_of_the_seed():
    ids = [f"t{i:02d}" for i in range(40)]
    artists = {t: f"a{i // 4}" for i, t in enumerate(ids) if i < 36}  # 9 artists of 4; t36..t39 have none
    held = held_out_tracks(ids, artists, 0.2, seed=3)
    held_artists = {artists.get(t, t) for t in held}
    assert all({t for t in ids if artists.get(t, t) == a} <= held for a in held_artists)  # an artist is all in or out
    assert held == held_out_tracks(list(reversed(ids)), artists, 0.2, seed=3)  # order of the ids does not matter
    assert any(held_out_tracks(ids, artists, 0.2, seed=s) != held for s in range(4, 8))
    assert 0 < len(held) < 40


def test_a_split_needs_two_groups_and_a_fraction_inside_zero_and_one():
    with pytest.raises(ValueError, match="at least 2 artists"):
        held_out_tracks(["a", "b"], {"a": "x", "b": "x"}, 0.5, seed=0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        held_out_tracks(["a", "b"], None, 1.0, seed=0)
