from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import soundfile as sf
from support.synth import FUZZ_AUDIO, tone, write_broken_files, write_fuzz_audio, write_two_timbre_set

from musiclust.audio.feature_io import read_logmel, read_summary_features, read_windows
from musiclust.audio.features import (
    FeatureConfig,
    decode_mono,
    fixed_frames,
    summary_feature_names,
    track_features,
    window_starts,
)
from musiclust.audio.shards import featurize_tracks, merge_feature_shards
from musiclust.data.rejects import TrackRejected

CFG = FeatureConfig(sample_rate=16000, clip_seconds=4.0, min_seconds=2.0, n_mels=64, logmel_frames=32)


def test_feature_shapes_on_synthesised_audio(tmp_path):
    path = tmp_path / "a.wav"
    sf.write(path, tone(3.0, 22050, 220.0, np.random.default_rng(0)).astype(np.float32), 22050)
    summary, logmel, _, seconds = track_features(path, CFG)
    assert seconds == pytest.approx(3.0, abs=0.01)
    assert logmel.shape == (64, 32) and logmel.dtype == np.float32
    assert list(summary) == summary_feature_names(CFG)
    assert len(summary) == 2 * (3 * CFG.n_mfcc + 12 + 7 + 6)
    assert all(np.isfinite(list(summary.values())))
    # 3 s of a 4 s clip: the padded last quarter of the log-mel sits at the clip's minimum.
    assert np.allclose(logmel[:, -6:], logmel.min())
    assert logmel[:, :20].mean() > logmel.min() + 10


def test_decode_resamples_stereo_to_mono(tmp_path):
    path = tmp_path / "stereo.wav"
    sf.write(path, np.zeros((44100, 2), dtype=np.float32) + 0.1, 44100)
    y = decode_mono(path, 16000)
    assert y.ndim == 1 and len(y) == pytest.approx(16000, abs=2)


def test_decode_keeps_only_the_chosen_channel(tmp_path):
    path = tmp_path / "stereo.wav"
    left, right = np.full(8000, 0.1, dtype=np.float32), np.full(8000, -0.3, dtype=np.float32)
    sf.write(path, np.stack([left, right], axis=1), 8000)
    assert decode_mono(path, 8000) == pytest.approx(np.full(8000, -0.1), abs=1e-4)  # mixed
    assert decode_mono(path, 8000, channel=0) == pytest.approx(left, abs=1e-4)
    assert decode_mono(path, 8000, channel=1) == pytest.approx(right, abs=1e-4)
    with pytest.raises(TrackRejected, match="no channel 2 to keep: the file has 2 channel"):
        decode_mono(path, 8000, channel=2)
    summary_left, *_ = track_features(path, FeatureConfig(**{**CFG.__dict__, "min_seconds": 0.5, "channel": 0}))
    summary_right, *_ = track_features(path, FeatureConfig(**{**CFG.__dict__, "min_seconds": 0.5, "channel": 1}))
    assert summary_right["rms_mean"] == pytest.approx(3 * summary_left["rms_mean"], rel=0.05)


def test_fixed_frames_pools_and_pads():
    x = np.arange(12, dtype=np.float32).reshape(1, 12)
    assert np.allclose(fixed_frames(x, 12, 4), [[1, 4, 7, 10]])
    padded = fixed_frames(x[:, :6], 12, 2)
    assert np.allclose(padded, [[2.5, 0.0]])


@pytest.mark.parametrize(
    "kind,reason",
    [
        ("empty", "empty file"),
        ("truncated", "cannot decode|no audio samples|too short"),
        ("garbage", "cannot decode"),
        ("silent", "silent"),
    ],
)
def test_broken_audio_is_rejected_with_a_reason(tmp_path, kind, reason):
    rows = write_two_timbre_set(tmp_path / "good", 1, 3.0, 16000)
    broken = write_broken_files(tmp_path / "bad", tmp_path / "good" / f"{rows[0]['track_id']}.wav")
    with pytest.raises(TrackRejected, match=reason):
        track_features(broken[kind], CFG)


def test_too_short_audio_is_rejected(tmp_path):
    path = tmp_path / "short.wav"
    sf.write(path, tone(1.0, 16000, 220.0, np.random.default_rng(0)).astype(np.float32), 16000)
    with pytest.raises(TrackRejected, match="too short"):
        track_features(path, CFG)


def test_a_bad_track_does_not_stop_the_shard(tmp_path):
    rows = write_two_timbre_set(tmp_path / "good", 2, 3.0, 16000)
    broken = write_broken_files(tmp_path / "bad", tmp_path / "good" / f"{rows[0]['track_id']}.wav")
    paths = [tmp_path / "good" / f"{r['track_id']}.wav" for r in rows] + list(broken.values())
    ids = [r["track_id"] for r in rows] + [f"b_{k}" for k in broken]
    tracks = pd.DataFrame({"track_id": ids, "audio_path": [str(p) for p in paths]})
    table, rejections = featurize_tracks(tracks, CFG, "synth")
    assert table.column("track_id").to_pylist() == ids[:4]
    assert sorted(r.track_id for r in rejections) == ["b_empty", "b_garbage", "b_silent", "b_truncated"]
    assert all(r.stage == "features" and r.reason for r in rejections)

    # Shards (one of them empty) merge into one table that reads back in both layouts.
    pq.write_table(table, tmp_path / "s0.parquet")
    pq.write_table(featurize_tracks(tracks.iloc[:0], CFG, "synth")[0], tmp_path / "s1.parquet")
    assert merge_feature_shards([tmp_path / "s1.parquet", tmp_path / "s0.parquet"], tmp_path / "m.parquet") == 4
    summary = read_summary_features(tmp_path / "m.parquet")
    ids_back, logmel = read_logmel(tmp_path / "m.parquet")
    assert list(summary.index) == sorted(ids[:4]) == ids_back
    assert logmel.shape == (4, 64, 32)


def test_baseline_spaces(tmp_path):
    from musiclust.analysis.baselines import baseline_embedding

    rows = write_two_timbre_set(tmp_path / "good", 4, 3.0, 16000)
    tracks = pd.DataFrame(
        {
            "track_id": [r["track_id"] for r in rows],
            "audio_path": [str(tmp_path / "good" / f"{r['track_id']}.wav") for r in rows],
        }
    )
    table, _ = featurize_tracks(tracks, CFG, "synth")
    pq.write_table(table, tmp_path / "f.parquet")
    spectral = baseline_embedding("spectral", tmp_path / "f.parquet", 4, 0)
    assert spectral.shape == (8, 6 * CFG.n_mfcc)  # mean and std of MFCCs and both deltas
    assert np.allclose(spectral.mean(), 0, atol=1e-6)
    assert baseline_embedding("logmel_pca", tmp_path / "f.parquet", 4, 0).shape == (8, 4)
    assert baseline_embedding("pca", tmp_path / "f.parquet", 3, 0).shape == (8, 3)
    with pytest.raises(ValueError, match="unknown baseline"):
        baseline_embedding("nope", tmp_path / "f.parquet", 3, 0)


def test_a_long_song_is_its_centred_clip_or_the_mean_of_clips_spread_over_it(tmp_path):
    # 12 s: 110 Hz, then 440 Hz, then 110 Hz, 4 s each; a clip is 4 s (CFG.clip_seconds)
    rng = np.random.default_rng(0)
    parts = [tone(4.0, 22050, f, rng) for f in (110.0, 440.0, 110.0)]
    path = tmp_path / "long.wav"
    sf.write(path, np.concatenate(parts).astype(np.float32), 22050)
    for i, part in enumerate(parts):
        sf.write(tmp_path / f"part{i}.wav", part.astype(np.float32), 22050)
    alone = [track_features(tmp_path / f"part{i}.wav", CFG) for i in range(3)]
    centred, logmel, _, seconds = track_features(path, CFG)
    assert seconds == pytest.approx(12.0, abs=0.01)
    assert centred["centroid_mean"] == pytest.approx(alone[1][0]["centroid_mean"], rel=0.02)  # the middle clip
    windows = replace(CFG, song_windows=3)
    mean, mean_logmel, *_ = track_features(path, windows)
    expected = np.mean([a[0]["centroid_mean"] for a in alone])
    assert mean["centroid_mean"] == pytest.approx(expected, rel=0.02)
    assert np.allclose(mean_logmel, np.mean([a[1] for a in alone], axis=0), atol=0.5)


def test_a_silent_stretch_of_a_long_song_is_skipped_but_a_silent_song_is_rejected(tmp_path):
    rng = np.random.default_rng(1)
    song = np.concatenate([tone(4.0, 22050, 220.0, rng), np.zeros(4 * 22050), tone(4.0, 22050, 220.0, rng)])
    sf.write(tmp_path / "pause.wav", song.astype(np.float32), 22050)
    windows = replace(CFG, song_windows=3)
    summary, *_ = track_features(tmp_path / "pause.wav", windows)
    assert np.isfinite(list(summary.values())).all()
    sf.write(tmp_path / "silent.wav", np.zeros(12 * 22050, dtype=np.float32), 22050)
    with pytest.raises(TrackRejected, match="silent"):
        track_features(tmp_path / "silent.wav", windows)


def test_window_starts():
    assert window_starts(10, 3, 3).tolist() == [0, 3, 6]  # the last frame, 9, is in no full window
    assert window_starts(10, 4, 2).tolist() == [0, 2, 4, 6]
    assert window_starts(2, 3, 3).tolist() == [0]  # shorter than a window: one window, all of it


def test_window_features_follow_the_clip_and_are_stored_per_track(tmp_path):
    # 4 s clip: 1 s windows every 1 s; 110 Hz for 2 s, then 1760 Hz for 2 s
    rng = np.random.default_rng(0)
    cfg = replace(CFG, window_seconds=1.0, window_hop_seconds=1.0)
    song = np.concatenate([tone(2.0, 16000, 110.0, rng), tone(2.0, 16000, 1760.0, rng)])
    sf.write(tmp_path / "a.wav", song.astype(np.float32), 16000)
    summary, _, windows, _ = track_features(tmp_path / "a.wav", cfg)
    names = summary_feature_names(cfg)
    assert windows.shape == (4, len(names)) and windows.dtype == np.float32
    centroid = windows[:, names.index("centroid_mean")]
    assert max(centroid[:2]) < 1500 < 2500 < min(centroid[2:])  # the windows see the two halves apart
    # each statistic's mean over the windows is the clip's (equal windows; the last partial frames aside)
    assert centroid.mean() == pytest.approx(summary["centroid_mean"], rel=0.1)
    table, _ = featurize_tracks(pd.DataFrame({"track_id": ["a"], "audio_path": [str(tmp_path / "a.wav")]}), cfg, "s")
    pq.write_table(table, tmp_path / "f.parquet")
    stored = read_windows(tmp_path / "f.parquet")
    assert list(stored.index) == ["a"] * 4 and list(stored.columns) == names
    assert np.allclose(stored.to_numpy(), windows, rtol=1e-4, atol=1e-6)  # (BLAS threads differ in the last bits)
    assert list(read_summary_features(tmp_path / "f.parquet").columns) == names  # the windows are not a feature


def test_a_feature_table_without_windows_is_refused_by_name(tmp_path):
    pd.DataFrame({"track_id": ["a"], "f0": [1.0]}).to_parquet(tmp_path / "table.parquet")
    with pytest.raises(ValueError, match="table.parquet: no window features"):
        read_windows(tmp_path / "table.parquet")


@pytest.mark.parametrize("kind", sorted(FUZZ_AUDIO))
def test_hostile_audio_is_featurised_or_rejected_with_a_reason(tmp_path, kind):
    path = write_fuzz_audio(tmp_path)[kind]
    reason = FUZZ_AUDIO[kind]
    if reason is None:
        summary, logmel, _, seconds = track_features(path, CFG)
        assert logmel.shape == (64, 32) and np.isfinite(list(summary.values())).all()
        assert seconds == pytest.approx(600.0 if kind == "ten_minutes" else 6.0, abs=0.01)
        return
    with pytest.raises(TrackRejected, match=reason) as err:
        track_features(path, CFG)
    assert "does not exist" not in str(err.value)  # libsndfile's words for a file it cannot recognise


def test_a_header_claiming_too_many_channels_is_rejected_before_reading(tmp_path, monkeypatch):
    path = write_fuzz_audio(tmp_path)["lying_channels"]
    monkeypatch.setattr(sf, "read", lambda *a, **k: pytest.fail("read a file whose header is corrupt"))
    with pytest.raises(TrackRejected, match=r"corrupt header: it claims 1000 channels \(more than 64\)"):
        decode_mono(path, 16000)
