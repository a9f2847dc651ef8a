"""What files say of themselves: tags in mp3, flac, ogg and m4a, lyrics files beside them, and the
folder source that reads both (with folders as labels and labels.csv over them)."""

import logging

import pandas as pd
import pytest
from support.tagged import (
    break_id3,
    garble_id3,
    tag_mp3,
    tag_vorbis,
    write_audio,
    write_tagged_m4a,
)

from musiclust.data.sources import scan_source
from musiclust.data.tags import read_tags, sidecar_lyrics, sidecar_text

BANGLA = "আমার সোনার বাংলা\nআমি তোমায় ভালোবাসি"


def test_tags_are_read_from_mp3_flac_ogg_and_m4a(tmp_path):
    mp3 = write_audio(tmp_path / "a.mp3")
    tag_mp3(mp3, title="আমার সোনার বাংলা", artist="Tagore", genre="Rabindra Sangeet", year="1905", lyrics=BANGLA)
    assert read_tags(mp3) == {
        "title": "আমার সোনার বাংলা",
        "artist": "Tagore",
        "genre": "Rabindra Sangeet",
        "year": "1905",
        "lyrics": BANGLA,
        "lyrics_tag": "USLT",
    }
    synced = write_audio(tmp_path / "s.mp3")
    tag_mp3(synced, synced=True, lyrics="one\ntwo")
    assert read_tags(synced) == {"lyrics": "one\ntwo", "lyrics_tag": "SYLT"}
    flac = write_audio(tmp_path / "b.flac")
    tag_vorbis(flac, title="Flac", genre="Rock", lyrics="la la", language="en")
    assert read_tags(flac) == {
        "title": "Flac",
        "genre": "Rock",
        "language": "en",
        "lyrics": "la la",
        "lyrics_tag": "LYRICS",
    }
    ogg = write_audio(tmp_path / "c.ogg")
    tag_vorbis(ogg, title="Ogg", artist="A", year="2001-05-01")
    assert read_tags(ogg) == {"title": "Ogg", "artist": "A", "year": "2001"}
    m4a = write_tagged_m4a(tmp_path / "d.m4a", title="Mp4", genre="Pop", lyrics="mp4 words")
    assert read_tags(m4a) == {"title": "Mp4", "genre": "Pop", "lyrics": "mp4 words", "lyrics_tag": "\xa9lyr"}


def test_a_broken_tag_is_a_warning_not_an_error(tmp_path, caplog):
    broken = write_audio(tmp_path / "broken.mp3")
    break_id3(broken)  # its size points past the end: mutagen refuses it
    with caplog.at_level(logging.WARNING):
        assert read_tags(broken) == {}
    assert "broken.mp3: tags not read" in caplog.text
    garbled = write_audio(tmp_path / "garbled.mp3")
    garble_id3(garbled)
    assert read_tags(garbled) == {}
    assert read_tags(tmp_path / "nothing.mp3") == {}  # not even a file


def test_lyrics_files_lose_their_cue_numbers_and_time_stamps(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:04,000\nআমার সোনার বাংলা\n\n2\n00:00:04,500 --> 00:00:08,000\nআমি তোমায় ভালোবাসি\n"
    assert sidecar_text(srt, ".srt") == "আমার সোনার বাংলা\n\nআমি তোমায় ভালোবাসি"
    lrc = "[ar:Tagore]\n[ti:Song]\n[00:01.00]first line\n[00:04.50][01:04.50]second line\n"
    assert sidecar_text(lrc, ".lrc") == "first line\nsecond line"
    audio = write_audio(tmp_path / "song.mp3")
    assert sidecar_lyrics(audio) == ("", "")
    (tmp_path / "song.txt").write_text("plain words", encoding="utf-8")
    (tmp_path / "song.lrc").write_text(lrc, encoding="utf-8")
    assert sidecar_lyrics(audio) == ("first line\nsecond line", "song.lrc")  # .lrc before .txt
    (tmp_path / "song.lrc").write_bytes(b"\xff\xfe\x00\xd8")  # a UTF-16 mark, then half a character
    assert sidecar_lyrics(audio) == ("plain words", "song.txt")


def test_a_folder_source_reads_tags_lyrics_files_and_folders_as_labels(tmp_path):
    root = tmp_path / "music"
    tagged = write_audio(root / "bn" / "rabindra" / "আমার সোনার বাংলা.mp3")
    tag_mp3(tagged, artist="Tagore", genre="Folk", lyrics=BANGLA)
    beside = write_audio(root / "en" / "rock" / "Loud Song.flac", freq=220)
    (root / "en" / "rock" / "Loud Song.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nloud words\n")
    plain = write_audio(root / "en" / "rock" / "Séculaire.ogg", freq=330)
    garble_id3(write_audio(root / "en" / "pop" / "garbled.mp3", freq=550))
    cfg = {"name": "mine", "adapter": "folder", "mirror": str(root), "labels_from_folders": ["language", "genre"]}
    cfg["labels"] = {"provenance": {"language": "human", "genre": "human"}}
    tracks = scan_source(cfg).tracks.set_index("file_name")
    assert len(tracks) == 4  # every file is a track, whatever its name
    bangla = tracks.loc["আমার সোনার বাংলা.mp3"]
    assert bangla["track_id"] == "amar_sonar_bamla" and bangla["title"] == "আমার সোনার বাংলা"
    assert bangla["artist"] == "Tagore" and bangla["lyrics"] == BANGLA and bangla["lyrics_source"] == "tag:USLT"
    # the folders name the labels, over the tag's genre
    assert (bangla["language"], bangla["genre"], bangla["genre_provenance"]) == ("bn", "rabindra", "human")
    loud = tracks.loc["Loud Song.flac"]
    assert loud["lyrics"] == "loud words" and loud["lyrics_source"] == "sidecar:Loud Song.srt"
    assert (loud["language"], loud["genre"]) == ("en", "rock")
    assert tracks.loc["Séculaire.ogg", "track_id"] == "Seculaire" and pd.isna(tracks.loc["Séculaire.ogg", "lyrics"])
    assert tracks.loc["garbled.mp3", "title"] == "garbled"
    assert {str(p) for p in (tagged, beside, plain)} <= set(tracks["audio_path"])


def test_tags_give_labels_with_provenance_metadata_and_labels_csv_wins(tmp_path):
    root = tmp_path / "music"
    a = write_audio(root / "a.mp3")
    tag_mp3(a, title="Tag title", genre="Jazz", language="en", lyrics="tag words")
    write_audio(root / "b.mp3", freq=220)
    pd.DataFrame([{"file": "b.mp3", "genre": "blues", "lyrics": "csv words"}]).to_csv(tmp_path / "labels.csv")
    cfg = {"name": "mine", "adapter": "folder", "mirror": str(root), "location": str(tmp_path / "labels.csv")}
    cfg["labels"] = {"provenance": {"genre": "human"}}
    tracks = scan_source(cfg).tracks.set_index("track_id")
    assert (tracks.loc["a", "genre"], tracks.loc["a", "genre_provenance"]) == ("jazz", "metadata")
    assert tracks.loc["a", "title"] == "Tag title" and tracks.loc["a", "lyrics_source"] == "tag:USLT"
    assert (tracks.loc["b", "genre"], tracks.loc["b", "genre_provenance"]) == ("blues", "human")
    assert tracks.loc["b", "lyrics"] == "csv words" and tracks.loc["b", "lyrics_source"] == "labels.csv"


@pytest.mark.parametrize("key", ["file", "track_id"])
def test_a_labels_row_names_its_file_by_name_path_or_stem(tmp_path, key):
    root = tmp_path / "music"
    write_audio(root / "sub" / "আমার গান.mp3")
    value = {"file": "sub/আমার গান.mp3", "track_id": "আমার গান"}[key]
    pd.DataFrame([{key: value, "genre": "folk"}, {key: "ghost", "genre": "x"}]).to_csv(tmp_path / "l.csv")
    scan = scan_source({"name": "m", "adapter": "folder", "mirror": str(root), "location": str(tmp_path / "l.csv")})
    assert scan.tracks["genre"].tolist() == ["folk"]
    assert [(r.track_id, r.reason) for r in scan.rejections] == [("ghost", "audio file missing")]


def test_a_manifests_downloaded_files_fill_what_it_leaves_empty_from_their_tags(tmp_path):
    from musiclust.data.sources import track_table

    a, b = write_audio(tmp_path / "dl" / "a.mp3"), write_audio(tmp_path / "dl" / "b.mp3", freq=220)
    tag_mp3(a, title="Tag title", artist="Tag artist", genre="Hip  Hop", lyrics="tag words")
    tag_mp3(b, title="ignored", genre="Jazz")
    manifest = pd.DataFrame([{"track_id": "a", "url": "https://x.org/a.mp3"}])
    manifest.loc[1] = {"track_id": "b", "url": "https://x.org/b.mp3"}
    manifest["title"], manifest["genre"] = ["", "Own Title"], ["", "blues"]
    manifest.to_csv(tmp_path / "m.csv", index=False)
    cfg = {"name": "m", "adapter": "manifest", "location": str(tmp_path / "m.csv"), "labels": {}}
    scan = scan_source(cfg)
    downloads = pd.DataFrame(
        {"track_id": ["a", "b"], "status": "ok", "path": [str(a), str(b)], "bytes": 1, "sha256": "0", "origin": "x"}
    )
    table = track_table(scan, downloads, cfg["labels"]).set_index("track_id")
    assert table.loc["a", ["title", "artist", "genre", "genre_raw"]].tolist() == [
        "Tag title",
        "Tag artist",
        "hip hop",
        "Hip  Hop",
    ]
    assert table.loc["a", "genre_provenance"] == "metadata" and table.loc["a", "lyrics_source"] == "tag:USLT"
    assert table.loc["b", ["title", "genre", "genre_provenance"]].tolist() == ["Own Title", "blues", "unknown"]
