import shutil

import numpy as np
import pytest
from support.set_layouts import write_midi, write_msd_track

from musiclust.data.adapters import midi
from musiclust.data.adapters.midi import GM_FAMILIES, midi_feature_names, polyphony
from musiclust.data.sources import SourceError, feature_table_frame, scan_source

MD5 = {"piano": "a" * 32, "bass": "b" * 32, "empty": "c" * 32, "garbage": "d" * 32}


def write_lmd_matched(root):
    """lmd_matched/<A>/<B>/<C>/TR<id>/<md5>.mid: a piano file matched to two MSD tracks, a bass +
    drums file, a file without notes and one that is not MIDI."""
    for tr in ("TRAAAGR128F425B14B", "TRAABBB128F4251111"):
        write_midi(root / "A" / "A" / tr[4] / tr / f"{MD5['piano']}.mid", [0], [60, 64, 67])
    write_midi(root / "B" / "C" / "D" / "TRBCDDD128F4252222" / f"{MD5['bass']}.mid", [33, 34], [40, 47], drums=True)
    write_midi(root / "C" / "C" / "C" / "TRCCCCC128F4253333" / f"{MD5['empty']}.mid", [], [])
    garbage = root / "D" / "D" / "D" / "TRDDDDD128F4254444" / f"{MD5['garbage']}.mid"
    garbage.parent.mkdir(parents=True)
    garbage.write_bytes(b"MThd but not really a MIDI file")


def test_lakh_midi_summarises_each_file_and_rejects_one_without_notes(tmp_path):
    write_lmd_matched(tmp_path / "lmd_matched")
    cfg = {"name": "lmd", "adapter": "lakh_midi", "location": str(tmp_path / "lmd_matched")}
    scan = scan_source(cfg)
    piano, bass = f"TRAAAGR128F425B14B-{MD5['piano']}", f"TRBCDDD128F4252222-{MD5['bass']}"
    assert scan.tracks["track_id"].tolist() == [piano, bass] and not scan.audio
    reasons = {r.track_id: r.reason for r in scan.rejections}
    assert reasons[f"TRCCCCC128F4253333-{MD5['empty']}"] == "no notes"
    assert reasons[f"TRDDDDD128F4254444-{MD5['garbage']}"].startswith("cannot read MIDI")
    assert (
        reasons[f"TRAABBB128F4251111-{MD5['piano']}"]
        == f"the same MIDI file as {piano} (matched to several MSD tracks)"
    )
    assert len(reasons) == 3

    frame = feature_table_frame(cfg).set_index("track_id")
    assert list(frame.columns) == midi_feature_names()
    families = [f"program_{f}" for f in GM_FAMILIES]
    assert frame.loc[piano, families].tolist() == [1.0] + [0.0] * 15
    assert frame.loc[bass, "program_bass"] == 1.0 and frame.loc[bass, "drums"] == pytest.approx(8 / 72)
    classes = frame.loc[piano, [f"pitch_class_{i:02d}" for i in range(12)]].to_numpy()
    assert classes[[0, 4, 7]] == pytest.approx([11 / 32, 11 / 32, 10 / 32]) and classes.sum() == pytest.approx(1)
    assert frame.loc[piano, "tempo_marked"] == pytest.approx(100.0)
    assert frame.loc[piano, "duration"] == pytest.approx(4.125, abs=0.01)  # the last note's end, to the tick
    assert frame.loc[piano, "note_density"] == pytest.approx(32 / frame.loc[piano, "duration"])
    assert (
        frame.loc[piano, "polyphony_max"] == 2 and frame.loc[bass, "polyphony_max"] == 4
    )  # 0.25 s notes every 0.125 s
    assert np.isfinite(frame.to_numpy()).all()


def test_lmd_matched_files_take_their_labels_from_the_msd_when_it_is_there(tmp_path):
    write_lmd_matched(tmp_path / "lmd_matched")
    write_msd_track(
        tmp_path / "msd" / "A" / "A" / "A" / "TRAAAGR128F425B14B.h5", 20, "Piano Man", "Keys", 1999, ["jazz"]
    )
    cfg = {"name": "lmd", "adapter": "lakh_midi", "location": str(tmp_path / "lmd_matched")}
    tracks = scan_source({**cfg, "msd_location": str(tmp_path / "msd")}).tracks.set_index("track_id")
    piano, bass = f"TRAAAGR128F425B14B-{MD5['piano']}", f"TRBCDDD128F4252222-{MD5['bass']}"
    assert tracks.loc[piano, ["artist", "title", "year", "genre"]].tolist() == ["Piano Man", "Keys", 1999, "jazz"]
    assert tracks.loc[bass, ["artist", "genre"]].isna().all()  # no MSD file for it: no labels, still a track
    assert scan_source(cfg).tracks["artist"].isna().all()


def test_a_flat_lmd_full_layout_uses_the_file_name():
    assert midi.lakh_track_id(midi.Path("lmd_full/1/1d9d16a9da90c090809c153754823c2b.mid")) == (
        "1d9d16a9da90c090809c153754823c2b"
    )


def test_polyphony_counts_notes_sounding_together():
    mean, most = polyphony(np.array([0.0, 0.0, 1.0]), np.array([2.0, 1.0, 2.0]))
    assert most == 2 and mean == pytest.approx(2.0)
    mean, most = polyphony(np.array([0.0, 1.0]), np.array([1.0, 2.0]))  # one ends as the next begins
    assert most == 1 and mean == pytest.approx(1.0)


def test_rendering_names_the_install_command_when_fluidsynth_or_the_soundfont_is_missing(tmp_path, monkeypatch):
    write_midi(tmp_path / "lmd" / "1" / f"{MD5['piano']}.mid", [0], [60])
    cfg = {"name": "lmd", "adapter": "lakh_midi", "location": str(tmp_path / "lmd"), "render": True}
    with pytest.raises(SourceError, match="apt-get install fluidsynth fluid-soundfont-gm"):
        scan_source({**cfg, "soundfont": str(tmp_path / "absent.sf2")})
    monkeypatch.setattr(midi.shutil, "which", lambda _: None)
    with pytest.raises(SourceError, match="but fluidsynth cannot be found"):
        scan_source({**cfg, "soundfont": str(tmp_path / "lmd" / "1" / f"{MD5['piano']}.mid")})  # any file will do


@pytest.mark.skipif(
    not (shutil.which("fluidsynth") and midi.Path(midi.DEFAULT_SOUNDFONT).is_file()),
    reason=f"needs FluidSynth and {midi.DEFAULT_SOUNDFONT}: {midi.RENDER_INSTALL}",
)
def test_rendered_midi_is_audio_for_the_feature_stage(tmp_path):
    import pandas as pd

    from musiclust.audio.features import FeatureConfig
    from musiclust.audio.shards import featurize_tracks

    write_midi(tmp_path / "lmd" / "1" / f"{MD5['piano']}.mid", [0], [60, 64, 67], seconds=3.0)
    write_midi(tmp_path / "lmd" / "2" / f"{MD5['empty']}.mid", [], [])
    (tmp_path / "lmd" / "3" / f"{MD5['garbage']}.mid").parent.mkdir()
    (tmp_path / "lmd" / "3" / f"{MD5['garbage']}.mid").write_bytes(b"MThd but not really a MIDI file")
    scan = scan_source({"name": "lmd", "adapter": "lakh_midi", "location": str(tmp_path / "lmd"), "render": True})
    assert scan.audio and scan.decode == {"soundfont": midi.DEFAULT_SOUNDFONT}
    tracks = pd.DataFrame(scan.shard_audio(0, 1, "", ""), columns=["track_id", "audio_path"])
    cfg = FeatureConfig(
        sample_rate=16000, clip_seconds=2.0, min_seconds=1.0, n_mels=32, logmel_frames=16, **scan.decode
    )
    table, rejections = featurize_tracks(tracks, cfg, "lmd")
    assert table.column("track_id").to_pylist() == [MD5["piano"]]
    assert table.column("decoded_seconds").to_pylist()[0] > 3.0  # the notes and the synthesiser's release
    reasons = {r.track_id: r.reason for r in rejections}
    assert reasons[MD5["empty"]].startswith("silent")  # no notes: rendered silence
    assert (
        reasons[MD5["garbage"]]
        == "cannot render MIDI: fluidsynth: error: Doesn't look like a MIDI file: invalid MThd header"
    )
    assert {r.stage for r in rejections} == {"features"} and len(rejections) == 2
