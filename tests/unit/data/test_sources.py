import pandas as pd
import pytest
from support.synth import write_two_timbre_set

from musiclust.data.sources import SourceError, scan_source, sha256_of, track_table


def test_folder_source_with_metadata_keeps_every_file_whatever_its_name_and_rejects_missing_ones(tmp_path):
    rows = write_two_timbre_set(tmp_path / "audio", 2, 2.0, 8000)
    (tmp_path / "audio" / "bad name!.wav").write_bytes((tmp_path / "audio" / "tonal_000.wav").read_bytes())
    meta = pd.DataFrame(rows + [{"track_id": "ghost", "language": "en", "genre": "x"}])
    meta.to_csv(tmp_path / "meta.csv", index=False)
    scan = scan_source(
        {"name": "mine", "adapter": "folder", "mirror": str(tmp_path / "audio"), "location": str(tmp_path / "meta.csv")}
    )
    assert sorted(scan.tracks["track_id"]) == sorted([r["track_id"] for r in rows] + ["bad_name"])
    assert set(scan.tracks["source"]) == {"mine"}
    reasons = {r.track_id: r.reason for r in scan.rejections}
    assert reasons == {"ghost": "audio file missing"}  # a file's name is never a reason to drop it
    bad = scan.tracks.set_index("track_id").loc["bad_name"]
    assert bad["file_name"] == "bad name!.wav" and bad["title"] == "bad name!"
    assert scan.tracks.set_index("track_id").loc["noisy_001", "language"] == "bn"

    table = track_table(scan)
    first = table.iloc[0]
    assert first["sha256"] == sha256_of(first["audio_path"]) and len(first["sha256"]) == 64
    assert first["duration"] == pytest.approx(2.0)


def test_shards_partition_the_tracks(tmp_path):
    write_two_timbre_set(tmp_path / "audio", 5, 1.0, 8000)
    scan = scan_source({"name": "s", "adapter": "folder", "mirror": str(tmp_path / "audio")})
    parts = [set(scan.shard_tracks(i, 4)["track_id"]) for i in range(4)]
    assert set().union(*parts) == set(scan.tracks["track_id"])
    assert sum(len(p) for p in parts) == len(scan.tracks)


def test_ende_previews_adapter_reads_the_manifest(tmp_path):
    songs = tmp_path / "songs"
    write_two_timbre_set(songs, 1, 1.0, 8000)
    for wav in songs.glob("*.wav"):
        wav.rename(wav.with_suffix(".mp3"))  # the adapter only needs the file to exist here
    manifest = pd.DataFrame(
        {
            "track_id": ["tonal_000", "noisy_000", "TRMISSING00000001", "../../etc/passwd"],
            "name": ["A", "B", "C", "D"],
            "artist": ["x", "y", "z", "w"],
            "tag": ["rock", "pop", "rap", "pop"],
            "language": ["en", "de", "en", "de"],
            "lyrics": ["line one\nline two", "eins", "", ""],
        }
    )
    manifest.to_csv(tmp_path / "sampled.tsv", sep="\t", index=False)
    scan = scan_source(
        {"name": "p", "adapter": "ende_previews", "location": str(tmp_path / "sampled.tsv"), "mirror": str(songs)}
    )
    t = scan.tracks.set_index("track_id")
    assert list(t.index) == ["noisy_000", "tonal_000"]
    assert t.loc["tonal_000", "genre"] == "rock" and t.loc["tonal_000", "title"] == "A"
    assert t.loc["tonal_000", "lyrics"] == "line one\nline two"
    assert {r.track_id: r.reason for r in scan.rejections}["TRMISSING00000001"] == "audio file missing"
    assert any(r.track_id == "../../etc/passwd" and "invalid track id" in r.reason for r in scan.rejections)


def test_missing_mirror_is_a_clear_error(tmp_path):
    (tmp_path / "m.tsv").write_text("track_id\tlanguage\ttag\nt1\ten\trock\n")
    with pytest.raises(SourceError, match="mirror directory .*nowhere.* does not exist"):
        scan_source(
            {
                "name": "p",
                "adapter": "ende_previews",
                "location": str(tmp_path / "m.tsv"),
                "mirror": str(tmp_path / "nowhere"),
            }
        )
    with pytest.raises(SourceError, match="manifest file .*absent.tsv.* does not exist"):
        scan_source(
            {"name": "p", "adapter": "ende_previews", "location": str(tmp_path / "absent.tsv"), "mirror": str(tmp_path)}
        )
    with pytest.raises(SourceError, match="unknown adapter"):
        scan_source({"name": "p", "adapter": "nope", "mirror": str(tmp_path)})


def test_manifest_source_defers_audio_to_the_download_stage(tmp_path):
    write_two_timbre_set(tmp_path / "dl", 1, 1.0, 8000)
    pd.DataFrame(
        {
            "track_id": ["tonal_000", "noisy_000", "bad/id"],
            "url": ["https://example.org/a.mp3", "", "https://example.org/c.mp3"],
            "sha256": ["ab" * 32, "", ""],
            "size": ["123", "", ""],
            "language": ["bn", "en", "en"],
        }
    ).to_csv(tmp_path / "m.csv", index=False)
    scan = scan_source({"name": "m", "adapter": "manifest", "location": str(tmp_path / "m.csv")})
    assert scan.download and list(scan.tracks["track_id"]) == ["noisy_000", "tonal_000"]
    t = scan.tracks.set_index("track_id")
    assert t.loc["tonal_000", "manifest_sha256"] == "ab" * 32 and t.loc["tonal_000", "manifest_size"] == 123
    assert pd.isna(t.loc["noisy_000", "url"])
    report = pd.DataFrame(
        {
            "track_id": ["tonal_000", "noisy_000"],
            "status": ["ok", "failed"],
            "path": [str(tmp_path / "dl" / "tonal_000.wav"), ""],
            "bytes": [10, 0],
            "sha256": ["cd" * 32, ""],
            "origin": ["https://example.org/a.mp3", ""],
        }
    )
    table = track_table(scan, report)
    assert list(table["track_id"]) == ["tonal_000"]
    assert table.loc[0, "sha256"] == "cd" * 32 and table.loc[0, "duration"] == pytest.approx(1.0)
    assert "manifest_sha256" not in table.columns


def write_table(path, names, length):
    pd.DataFrame(
        {
            "filename": [f"{n}.wav" for n in names],
            "length": length,
            "tempo": 120.0,
            "mfcc1_mean": range(len(names)),
            "mfcc1_var": 1.0,
            "label": [n.split(".")[0] for n in names],
        }
    ).to_csv(path, index=False)


def test_feature_table_source_reads_several_files_and_drops_leaking_columns(tmp_path):
    from musiclust.data.sources import feature_table_frame

    write_table(tmp_path / "gtzan.csv", ["blues.00000", "jazz.00001", "bad id!.00002"], 661794)
    write_table(tmp_path / "bb.csv", ["Folk.00000", "Folk.00000"], 661500)  # a duplicate id
    cfg = {
        "name": "t",
        "adapter": "feature_table",
        "location": [str(tmp_path / "gtzan.csv"), str(tmp_path / "bb.csv")],
        "dataset_language": {"gtzan": "en", "bb": "bn"},
    }
    scan = scan_source(cfg)
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == ["Folk.00000", "blues.00000", "jazz.00001"]
    assert tracks.loc["blues.00000", ["language", "genre", "dataset"]].tolist() == ["en", "blues", "gtzan"]
    assert tracks.loc["Folk.00000", ["language", "dataset"]].tolist() == ["bn", "bb"]
    assert sorted(r.reason.split(":")[0] for r in scan.rejections) == [
        "duplicate track id",
        "invalid track id 'bad id!.00002'",
    ]
    features = feature_table_frame(cfg)
    assert list(features.columns) == ["track_id", "tempo", "mfcc1_mean", "mfcc1_var"]  # no length, no label
    assert list(features["track_id"]) == ["Folk.00000", "blues.00000", "jazz.00001"]
    with pytest.raises(SourceError, match="no id column"):
        scan_source({**cfg, "id_column": "file"})


def test_combined_source_pools_members_with_their_dataset(tmp_path):
    (tmp_path / "a.csv").write_text("writer,title,lyrics\nX,one,line one\nY,two,line two\n")
    member_a = {"name": "a", "adapter": "lyrics_csv", "location": str(tmp_path / "a.csv"), "language": "bn"}
    member_b = {"name": "b", "adapter": "lyrics_csv", "location": str(tmp_path / "a.csv"), "language": "en"}
    scan = scan_source(
        {"name": "pooled", "adapter": "combined", "combine": ["a", "b"], "members": [member_a, member_b]}
    )
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == ["a__song_00000", "a__song_00001", "b__song_00000", "b__song_00001"]
    assert tracks["dataset"].tolist() == ["a", "a", "b", "b"] and tracks["language"].tolist() == [
        "bn",
        "bn",
        "en",
        "en",
    ]
    assert not scan.audio and (tracks["source"] == "pooled").all()


def test_labels_are_folded_aliased_and_keep_their_raw_value_and_provenance(tmp_path):
    from musiclust.data.labels import normalise_labels

    tracks = pd.DataFrame(
        {
            "track_id": list("abcdef"),
            "language": ["EN", "en", "Bangla", None, "bn", "bn"],
            "genre": ["Pop", " pop ", "Hip  Hop", "hiphop", "rock", None],
        }
    )
    cfg = {"aliases": {"genre": {"Hip Hop": "hiphop"}}, "provenance": {"genre": "human"}}
    out = normalise_labels(tracks, cfg).set_index("track_id").fillna("-")
    assert out["genre"].tolist() == ["pop", "pop", "hiphop", "hiphop", "rock", "-"]
    assert out["genre_raw"].tolist() == ["Pop", " pop ", "Hip  Hop", "hiphop", "rock", "-"]
    assert out["language"].tolist() == ["en", "en", "bn", "-", "bn", "bn"]  # names become ISO codes
    assert out["language_raw"].tolist() == ["EN", "en", "Bangla", "-", "bn", "bn"]
    assert out["genre_provenance"].tolist() == ["human"] * 5 + ["-"]  # no label, no provenance
    assert out["language_provenance"].tolist() == ["unknown", "unknown", "unknown", "-", "unknown", "unknown"]
    unfolded = normalise_labels(tracks, {"fold": False})
    assert unfolded["genre"].nunique() == 5  # Pop and " pop " stay apart without folding


def test_a_combined_source_keeps_each_members_raw_labels_and_provenance(tmp_path):
    (tmp_path / "a.csv").write_text("writer,title,lyrics\nX,one,line one\nY,two,line two\n")
    member_a = {
        "name": "a", "adapter": "lyrics_csv", "location": str(tmp_path / "a.csv"), "language": "BN",
        "labels": {"provenance": {"language": "human"}},
    }  # fmt: skip
    member_b = {"name": "b", "adapter": "lyrics_csv", "location": str(tmp_path / "a.csv"), "language": "en"}
    pooled = {
        "name": "pooled", "adapter": "combined", "combine": ["a", "b"], "members": [member_a, member_b],
        "labels": {"provenance": {"language": "model"}},
    }  # fmt: skip
    tracks = scan_source(pooled).tracks
    assert tracks["language"].tolist() == ["bn", "bn", "en", "en"]
    assert tracks["language_raw"].tolist() == ["BN", "BN", "en", "en"]
    # a member that says where its labels come from keeps that; the others take the pool's setting
    assert tracks["language_provenance"].tolist() == ["human", "human", "model", "model"]


def test_a_hostile_manifest_leaves_a_reason_for_every_row_it_cannot_use(tmp_path):
    ids = ["ok_1", "ok_1", "", "../../etc/passwd", "..", "a/b", "ok_2"]
    pd.DataFrame({"track_id": ids, "url": "https://example.org/x.mp3"}).to_csv(tmp_path / "m.csv", index=False)
    scan = scan_source({"name": "m", "adapter": "manifest", "location": str(tmp_path / "m.csv")})
    assert list(scan.tracks["track_id"]) == ["ok_1", "ok_2"]
    reasons = [(r.track_id, r.reason) for r in scan.rejections]
    assert len(reasons) == len(ids) - 2 and all(r.stage == "source" for r in scan.rejections)
    assert reasons[0] == ("ok_1", "duplicate track id")
    assert all(reason.startswith(f"invalid track id {tid!r}") for tid, reason in reasons[1:])
