import numpy as np
import pandas as pd
import pytest
from support.set_layouts import write_gtzan, write_jamendolyrics, write_mir1k

from musiclust.audio.features import FeatureConfig
from musiclust.audio.shards import featurize_tracks
from musiclust.data.sources import SourceError, feature_table_frame, scan_source, track_table

SHORT = FeatureConfig(
    sample_rate=16000, n_fft=1024, hop_length=256, n_mels=32, clip_seconds=1.0, min_seconds=0.5, logmel_frames=16
)


def featurise(scan, cfg: FeatureConfig = SHORT):
    tracks = pd.DataFrame(scan.shard_audio(0, 1, "", ""), columns=["track_id", "audio_path"])
    return featurize_tracks(tracks, FeatureConfig(**scan.feature_settings(cfg.__dict__)), "s")


def test_gtzan_labels_genres_by_folder_and_rejects_the_corrupt_jazz_00054_when_decoding(tmp_path):
    write_gtzan(tmp_path / "Data")
    scan = scan_source({"name": "gtzan", "adapter": "gtzan", "location": str(tmp_path / "Data")})
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == ["blues.00000", "blues.00001", "jazz.00000", "jazz.00001", "jazz.00054"]
    assert tracks["genre"].tolist() == ["blues"] * 2 + ["jazz"] * 3
    assert tracks["language"].isna().all() and not scan.rejections  # not known, and nothing missing yet
    table = track_table(scan)
    assert np.isnan(table.set_index("track_id").loc["jazz.00054", "duration"])  # its header does not read
    features, rejections = featurise(scan)
    assert features.num_rows == 4
    [bad] = rejections
    assert bad.track_id == "jazz.00054" and bad.stage == "features" and bad.reason.startswith("cannot decode")
    labelled = scan_source({"name": "gtzan", "adapter": "gtzan", "location": str(tmp_path / "Data"), "language": "en"})
    assert set(labelled.tracks["language"]) == {"en"}
    with pytest.raises(SourceError, match="no genres_original or genres folder"):
        scan_source({"name": "gtzan", "adapter": "gtzan", "location": str(tmp_path)})


def test_gtzan_can_be_read_as_its_features_30_sec_table(tmp_path):
    write_gtzan(tmp_path / "Data")
    cfg = {"name": "gtzan", "adapter": "gtzan", "location": str(tmp_path / "Data"), "feature_table": True}
    scan = scan_source(cfg)
    assert not scan.audio and scan.tracks["genre"].tolist() == ["blues", "blues", "jazz", "jazz"]
    frame = feature_table_frame(cfg)
    assert list(frame.columns) == ["track_id", "chroma_stft_mean", "mfcc1_mean"]  # no length, no label
    assert frame["track_id"].tolist() == ["blues.00000", "blues.00001", "jazz.00000", "jazz.00001"]


def test_jamendolyrics_keeps_language_licence_and_lyrics_and_records_a_missing_lyrics_file(tmp_path):
    write_jamendolyrics(tmp_path / "jamendolyrics")
    scan = scan_source({"name": "jl", "adapter": "jamendolyrics", "location": str(tmp_path / "jamendolyrics")})
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == [
        "Avercage_-_Embers",
        "Capotes_a_un_Franc_-_elmanu",
        "Keine_Lust_-_Jonny_M",
        "Oyeme_tiburon__-_Corrientes",
    ]
    assert tracks["language"].tolist() == ["en", "fr", "de", "es"]
    assert tracks["language_raw"].tolist() == ["English", "French", "German", "Spanish"]
    assert tracks["licence"].tolist() == ["CC BY-NC-SA", "CC BY-NC-SA", "CC BY-SA", "CC BY-NC-SA"]
    assert tracks.loc["Capotes_a_un_Franc_-_elmanu", ["title", "artist", "genre"]].tolist() == [
        "Capotes à un Franc",
        "EL MANU",
        "country",
    ]
    assert tracks.loc["Avercage_-_Embers", "lyrics"] == "I walk along the river\nevery morning"
    assert tracks.loc["Avercage_-_Embers", "audio_path"].endswith("mp3/Avercage_-_Embers.mp3")
    # the track without a lyrics file keeps its audio; its lyrics are missing, and that is recorded
    assert pd.isna(tracks.loc["Keine_Lust_-_Jonny_M", "lyrics"])
    reasons = {(r.track_id, r.stage): r.reason for r in scan.rejections}
    assert reasons[("Keine_Lust_-_Jonny_M", "lyrics")].startswith("lyrics file missing; the track keeps its audio")
    assert reasons[("Broken_-_Row", "source")] == "malformed row (line 6): 4 fields, expected 10"
    assert len(reasons) == 2
    assert len(track_table(scan)) == 4


def test_mir1k_takes_the_singer_as_artist_its_big5_lyrics_and_the_chosen_channel(tmp_path):
    write_mir1k(tmp_path / "MIR-1K")
    cfg = {"name": "mir", "adapter": "mir1k", "location": str(tmp_path / "MIR-1K")}
    scan = scan_source(cfg)
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == ["abjones_1_01", "abjones_1_02", "amy_2_01", "amy_3_01"]
    assert tracks["artist"].tolist() == ["abjones", "abjones", "amy", "amy"]
    assert scan.artist_groups() == {
        "abjones_1_01": "abjones",
        "abjones_1_02": "abjones",
        "amy_2_01": "amy",
        "amy_3_01": "amy",
    }
    assert tracks.loc["abjones_1_01", "lyrics"] == "我愛你 在雨中" and set(tracks["language"]) == {"zh"}
    reasons = {(r.track_id, r.stage): r.reason for r in scan.rejections}
    assert reasons[("amy_3_01", "lyrics")].startswith("lyrics file missing")
    assert "singer is unknown" in reasons[("badname", "source")]
    assert scan.decode == {}  # the mix: both channels

    voice = scan_source({**cfg, "channel": "voice"})
    accompaniment = scan_source({**cfg, "channel": "accompaniment"})
    assert voice.decode == {"channel": 1} and accompaniment.decode == {"channel": 0}
    flatness = {}
    for what, source in (("voice", voice), ("accompaniment", accompaniment), ("mix", scan)):
        table, rejections = featurise(source)
        assert table.num_rows == 4 and not rejections
        flatness[what] = np.mean(table.column("flatness_mean").to_numpy())
    # the right channel is noise (flat spectrum), the left a harmonic tone; the mix lies between
    assert flatness["voice"] > flatness["mix"] > flatness["accompaniment"]
    with pytest.raises(SourceError, match="channel 'left' is not one of"):
        scan_source({**cfg, "channel": "left"})
