from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest
from support.set_layouts import write_msd_track

from musiclust.data.adapters.msd import msd_feature_names
from musiclust.data.sources import SourceError, feature_table_frame, scan_source

MSD_SAMPLE = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "msd-sample"


def write_subset(root: Path) -> None:
    """<root>/A/B/C/TR....h5 as in the MSD subset: two tracks, one file with only a ``default``
    dataset (like a real malformed file), one that is not HDF5 at all, one with a single segment."""
    write_msd_track(
        root / "A" / "A" / "A" / "TRAAAAA128F4291111.h5", 40, "The Box Tops", "Soul Deep", 1969, ["soul", "pop"]
    )
    write_msd_track(root / "A" / "A" / "B" / "TRAABBB128F4292222.h5", 30, "Gob", "Face the Ashes", 0, [])
    write_msd_track(root / "A" / "A" / "C" / "TRAACCC128F4293333.h5", 1, "One", "Segment", 2000, ["x"])
    (root / "A" / "B" / "A").mkdir(parents=True)
    with h5py.File(root / "A" / "B" / "A" / "TRABAAA128F4294444.h5", "w") as h5:
        h5["default"] = np.zeros(1000)
    (root / "A" / "B" / "B").mkdir()
    (root / "A" / "B" / "B" / "TRABBBB128F4295555.h5").write_bytes(b"not hdf5 at all")


def test_msd_reads_track_files_into_labels_and_a_feature_table(tmp_path):
    write_subset(tmp_path / "MillionSongSubset")
    cfg = {"name": "msd", "adapter": "msd", "location": str(tmp_path / "MillionSongSubset")}
    scan = scan_source(cfg)
    assert not scan.audio
    tracks = scan.tracks.set_index("track_id")
    assert list(tracks.index) == ["TRAAAAA128F4291111", "TRAABBB128F4292222"]
    first = tracks.loc["TRAAAAA128F4291111"]
    assert [first["artist"], first["title"], first["album"], first["year"], first["genre"]] == [
        "The Box Tops",
        "Soul Deep",
        "An Album",
        1969,
        "soul",  # the artist's top term
    ]
    assert first["song_seconds"] == pytest.approx(200.5)
    second = tracks.loc["TRAABBB128F4292222"]
    assert pd.isna(second["year"]) and pd.isna(second["genre"])  # year 0 and no terms: not known
    reasons = {r.track_id: r.reason for r in scan.rejections}
    assert reasons["TRABAAA128F4294444"].startswith("not an MSD track file: it lacks /analysis/segments_timbre")
    assert reasons["TRABAAA128F4294444"].endswith("(it holds default)")
    assert reasons["TRABBBB128F4295555"].startswith("unreadable HDF5 file")
    assert reasons["TRAACCC128F4293333"].startswith("/analysis/segments_timbre has shape (1, 12)")
    assert len(reasons) == 3

    frame = feature_table_frame(cfg)
    assert list(frame.columns) == ["track_id", *msd_feature_names()] and len(msd_feature_names()) == 72
    assert frame["track_id"].tolist() == list(tracks.index)
    with h5py.File(tmp_path / "MillionSongSubset" / "A" / "A" / "A" / "TRAAAAA128F4291111.h5") as h5:
        timbre = h5["/analysis/segments_timbre"][()]
    row = frame.set_index("track_id").loc["TRAAAAA128F4291111"]
    assert row["timbre_03_mean"] == pytest.approx(timbre[:, 3].mean())
    assert row["timbre_03_std"] == pytest.approx(timbre[:, 3].std())
    assert row["timbre_03_absdiff"] == pytest.approx(np.abs(np.diff(timbre[:, 3])).mean())
    (tmp_path / "MillionSongSubset" / "B").mkdir()
    with pytest.raises(SourceError, match="no .h5 track files"):
        scan_source({**cfg, "location": str(tmp_path / "MillionSongSubset" / "B")})


@pytest.mark.skipif(not MSD_SAMPLE.is_dir(), reason=f"the real MSD sample is not at {MSD_SAMPLE}")
def test_the_real_msd_sample_files_read_in_place():
    cfg = {"name": "msd", "adapter": "msd", "location": str(MSD_SAMPLE)}
    scan = scan_source(cfg)
    tracks = scan.tracks.set_index("track_id")
    assert tracks.loc["TRAAABD128F429CF47", ["artist", "title", "year"]].tolist() == ["The Box Tops", "Soul Deep", 1969]
    assert set(tracks["artist"]) == {"The Box Tops", "Sonora Santanera", "Adam Ant", "Gob"}
    [bad] = scan.rejections
    assert bad.track_id == "TRAAAAW128F429D538" and "(it holds default)" in bad.reason
    frame = feature_table_frame(cfg)
    assert frame.shape == (4, 73) and np.isfinite(frame.drop(columns="track_id").to_numpy()).all()
