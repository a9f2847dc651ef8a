import hashlib
import os
import subprocess
import sys
import unicodedata
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
    assert safe_track_id("¡Óyeme_tiburón!") == "Oyeme_tiburon"
    assert safe_track_id("../..hidden") == "hidden"
    assert safe_track_id("song_01") == "song_01"  # a name that is an id already stays as it is
    assert safe_track_id("অজানা") == "ajana"  # Bengali script, transliterated
    assert safe_track_id("!!!") == "track"  # nothing left: still a track


# The twelve kinds of names of issue 30: every one becomes a distinct, valid, stable id.
NAMES = [
    "আমার সোনার বাংলা",  # Bengali
    "नमस्ते दुनिया",  # Devanagari
    "東京の夜",  # CJK
    "Séculaire_feat._Nÿme_-_saru",  # accented Latin
    "Veränderung_-_doromusis",
    "😀 party mix",  # emoji
    "my favourite song",  # spaces
    unicodedata.normalize("NFC", "Café del Mar"),  # NFC ...
    unicodedata.normalize("NFD", "Café del Mar"),  # ... and NFD spellings of the same name
    "Loud",  # names that differ only by case
    "loud",
    "..hidden",
]


def test_any_name_becomes_a_distinct_valid_stable_id():
    from musiclust.data.ids import name_digest, unique_track_ids

    keys = [f"{i}/{n}.mp3" for i, n in enumerate(NAMES)]  # e.g. each file's path
    ids = unique_track_ids(NAMES, keys)
    assert [validate_track_id(t) for t in ids] == ids
    assert len({t.casefold() for t in ids}) == len(NAMES)  # distinct even on a case-insensitive disk
    assert (
        ids[0].startswith("amar_sonar_bamla") and ids[2].startswith("DongJing") and ids[4] == "Veranderung_-_doromusis"
    )
    # the NFC and NFD spellings give one id, kept apart only by the digest of each file's path
    assert ids[7] == f"Cafe_del_Mar_{name_digest(keys[7])}" and ids[8] == f"Cafe_del_Mar_{name_digest(keys[8])}"
    assert ids[9] == f"Loud_{name_digest(keys[9])}" and ids[10] == f"loud_{name_digest(keys[10])}"
    assert unique_track_ids(NAMES, keys) == ids  # stable: the digest is of the UTF-8 bytes, not Python's hash
    assert name_digest("আমার সোনার বাংলা") == hashlib.sha1("আমার সোনার বাংলা".encode()).hexdigest()[:8]
    alone = unique_track_ids([unicodedata.normalize("NFD", "Café del Mar")])
    assert alone == ["Cafe_del_Mar"]  # one spelling alone needs no digest: the same id on every disk
