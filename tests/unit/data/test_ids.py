import os
import subprocess
import sys
from collections import Counter

import pytest

from musiclust.data.ids import InvalidTrackId, shard_of, validate_track_id


@pytest.mark.parametrize("tid", ["TRABGMB12903CF50FE", "song_01", "a.b-c", "0"])
def test_valid_ids_pass_through(tid):
    assert validate_track_id(tid) == tid


@pytest.mark.parametrize(
    "tid", ["", "../etc/passwd", "a/b", "a\\b", ".hidden", "-rf", "a..b", "x" * 129, "naïve", "a b", None, 12]
)
def test_unsafe_ids_are_refused(tid):
    with pytest.raises(InvalidTrackId):
        validate_track_id(tid)


def test_shards_are_stable_across_processes_and_hash_seeds():
    code = "from musiclust.data.ids import shard_of; print([shard_of(f't{i}', 16) for i in range(50)])"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1
    assert outs.pop().strip() == str([shard_of(f"t{i}", 16) for i in range(50)])


def test_shards_spread_tracks_and_stay_in_range():
    counts = Counter(shard_of(f"track{i}", 16) for i in range(1600))
    assert set(counts) == set(range(16))
    assert max(counts.values()) < 2 * 100  # no shard holds twice its share
    with pytest.raises(ValueError):
        shard_of("a", 0)


def test_file_names_are_made_into_safe_ids():
    from musiclust.data.ids import safe_track_id

    assert (
        safe_track_id("Cafe_Jenseitz_Bebelstraße_-_kangaroo.musique") == "Cafe_Jenseitz_Bebelstrasse_-_kangaroo.musique"
    )
    assert safe_track_id("l'abandon_-_flo") == "l_abandon_-_flo"
    assert safe_track_id("¡Óyeme_tiburón!") == "Oyeme_tiburon_"
    assert safe_track_id("../..hidden") == "hidden"
    with pytest.raises(InvalidTrackId):
        safe_track_id("অজানা")  # nothing of it is ASCII
