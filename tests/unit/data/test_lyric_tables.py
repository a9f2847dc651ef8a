import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from support.set_layouts import write_bangla_lyrics_genres

from musiclust.data.sources import SourceError, scan_source

BANGLA_REAL = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "bangla-lyrics-genres"


def test_lyrics_csv_keeps_todays_writer_title_lyrics_table_and_genre_by_writer(tmp_path):
    path = tmp_path / "songs.csv"
    path.write_text('\ufeffwriter,title,lyrics\nTagore,one,"line one\n\nline two"\n\nNazrul,two,line\nX,three,other\n')
    cfg = {"name": "s", "adapter": "lyrics_csv", "location": str(path), "language": "bn"}
    tracks = scan_source(cfg).tracks.set_index("track_id")
    assert list(tracks.index) == ["song_00000", "song_00001", "song_00002"]  # a blank line is not a row
    assert tracks.loc["song_00000", ["artist", "title", "lyrics"]].tolist() == ["Tagore", "one", "line one\n\nline two"]
    assert set(tracks["language"]) == {"bn"}
    picked = scan_source({**cfg, "genre_by_writer": {"Tagore": "Rabindra Sangeet", "Nazrul": "Nazrul Geeti"}})
    assert picked.tracks.set_index("track_id")["genre"].to_dict() == {
        "song_00000": "rabindra sangeet",
        "song_00001": "nazrul geeti",
    }
    path.write_text("title,lyrics\none,line\n")
    with pytest.raises(SourceError, match="no column 'writer' for artist"):
        scan_source(cfg)


def test_lyrics_csv_reads_any_dialect_through_a_column_mapping(tmp_path):
    path = tmp_path / "liedtexte.csv"
    rows = [
        "7;'Ständchen';'Leise flehen\nmeine Lieder';'de';'lied';'Schubert'",
        "8;'zu wenig'",
        "9;'Ave';'Ave Maria';'la';'hymn';'X'",
    ]
    path.write_bytes(("\n".join(rows) + "\n").encode("latin-1"))
    cfg = {
        "name": "lieder",
        "adapter": "lyrics_csv",
        "location": str(path),
        "csv": {"separator": ";", "quote": "'", "header": False, "encoding": "latin-1"},
        "columns": {"id": 0, "title": 1, "lyrics": 2, "language": 3, "genre": 4, "artist": 5},
    }
    scan = scan_source(cfg)
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == ["7", "9"]
    assert tracks.loc["7", ["title", "lyrics", "language", "genre", "artist"]].tolist() == [
        "Ständchen",
        "Leise flehen\nmeine Lieder",
        "de",
        "lied",
        "Schubert",
    ]
    [bad] = scan.rejections
    assert (bad.track_id, bad.reason) == ("song_00001", "malformed row (line 3): 2 fields, expected 6")
    with pytest.raises(SourceError, match="is not utf-8-sig text"):
        scan_source({**cfg, "csv": {**cfg["csv"], "encoding": "utf-8-sig"}})


def test_bangla_lyrics_genres_reads_the_folder_as_distributed(tmp_path):
    write_bangla_lyrics_genres(tmp_path / "set")
    scan = scan_source({"name": "blg", "adapter": "bangla_lyrics_genres", "location": str(tmp_path / "set")})
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == ["film_0000", "hason_raja_0000", "hason_raja_0001"]
    assert tracks.loc["hason_raja_0001", "title"] == "দু'চোখের অন্তরালে"  # \' inside a quoted field
    assert tracks.loc["hason_raja_0000", "lyrics"] == "মাটির পিঞ্জরার মাঝে বন্দি হইয়ারে\n কান্দে হাসন রাজার মন"
    assert pd.isna(tracks.loc["hason_raja_0001", "artist"])  # অজানা: unknown
    assert tracks.loc["hason_raja_0000", "artist"] == "তাজুল ইমাম"
    assert set(tracks["language"]) == {"bn"}
    assert tracks["genre"].to_dict() == {
        "film_0000": "film",
        "hason_raja_0000": "hason raja",
        "hason_raja_0001": "hason raja",
    }
    # the raw genre is the file's name, NFC even where the name on disk is not
    assert tracks.loc["film_0000", "genre_raw"] == unicodedata.normalize("NFC", "ছায়াছবি")
    reasons = {r.track_id: r.reason for r in scan.rejections}
    assert reasons == {
        "hason_raja_0002": "malformed row (line 5): 3 fields, expected 5",
        "hason_raja_0003": "malformed row (line 6): last field 'অজানা' is not the 0/1 flag",
    }


def test_bangla_lyrics_genres_names_a_file_it_does_not_know(tmp_path):
    write_bangla_lyrics_genres(tmp_path / "set")
    (tmp_path / "set" / "নতুন.csv").write_text("'a';'b';'c';'d';'0'\n")
    cfg = {"name": "blg", "adapter": "bangla_lyrics_genres", "location": str(tmp_path / "set")}
    with pytest.raises(SourceError, match="নতুন.csv is not one of the set's genres"):
        scan_source(cfg)
    tracks = scan_source({**cfg, "genre_names": {"নতুন": "new"}}).tracks
    assert "new_0000" in set(tracks["track_id"])


@pytest.mark.skipif(not BANGLA_REAL.is_dir(), reason=f"the real set is not at {BANGLA_REAL}")
def test_the_real_bangla_lyrics_genres_folder_reads_whole():
    scan = scan_source({"name": "blg", "adapter": "bangla_lyrics_genres", "location": str(BANGLA_REAL)})
    assert len(scan.tracks) == 3147 and not scan.rejections  # every row, with its \' escapes read
    counts = scan.tracks["genre"].value_counts()
    assert counts["rabindra sangeet"] == 820 and counts["adhunik"] == 746 and counts["hason raja"] == 8
    assert len(counts) == 14
    assert scan.tracks["artist"].isna().sum() == 14  # অজানা
    assert scan.tracks["lyrics"].str.len().min() > 0
