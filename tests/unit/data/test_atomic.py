import errno

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from matplotlib.figure import Figure
from support.mounts import tmpfs

from musiclust.data.atomic import atomic_path, save_figure, write_csv, write_parquet, write_text


def test_success_replaces_the_target_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("old\n")
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target and tmp.suffix == ".csv"
        tmp.write_text("new\n")
        assert target.read_text() == "old\n"  # the old file stands until the write has returned
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


def test_a_failed_write_leaves_no_target_and_no_temporary(tmp_path):
    target = tmp_path / "features.parquet"
    with pytest.raises(OSError, match="No space left"):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"PAR1 half a file")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rewrite_keeps_the_previous_complete_file(tmp_path):
    target = tmp_path / "model.pt"
    target.write_bytes(b"complete")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"part")
            raise RuntimeError("killed")
    assert target.read_bytes() == b"complete" and len(list(tmp_path.iterdir())) == 1


def test_a_writer_that_writes_nothing_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing was written"):
        with atomic_path(tmp_path / "x.csv") as tmp:
            tmp.unlink()
    assert list(tmp_path.iterdir()) == []


def test_temporaries_left_by_a_killed_writer_are_cleaned_by_the_next_write(tmp_path):
    (tmp_path / ".x.csv.abc123.tmp.csv").write_text("half")  # what a SIGKILLed writer leaves
    (tmp_path / ".other.csv.abc123.tmp.csv").write_text("someone else's")
    write_csv(pd.DataFrame({"a": [1]}), tmp_path / "x.csv", index=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.csv.abc123.tmp.csv", "x.csv"]


def test_writers(tmp_path):
    frame = pd.DataFrame({"track_id": ["a", "b"], "z00": [0.5, 1.5]})
    write_csv(frame, tmp_path / "t.csv", index=False)
    write_parquet(frame, tmp_path / "t.parquet", index=False)
    write_parquet(pa.Table.from_pandas(frame), tmp_path / "arrow.parquet")
    write_text(tmp_path / "f.md", "ক খ\n")
    save_figure(Figure(), tmp_path / "f.png", dpi=20)
    assert pd.read_csv(tmp_path / "t.csv").equals(frame)
    assert pd.read_parquet(tmp_path / "t.parquet").equals(frame)
    assert pq.read_table(tmp_path / "arrow.parquet").num_rows == 2
    assert (tmp_path / "f.md").read_text(encoding="utf-8") == "ক খ\n"
    assert (tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the format from the target's suffix
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_full_disk_during_a_parquet_write_leaves_nothing(tmp_path, monkeypatch):
    def full(self, path, *args, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"PAR1")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(OSError) as err:
        write_parquet(pd.DataFrame({"a": [1]}), tmp_path / "shard_00.parquet")
    assert err.value.errno == errno.ENOSPC and list(tmp_path.iterdir()) == []


def test_a_really_full_disk_during_a_feature_write_leaves_nothing(tmp_path):
    frame = pd.DataFrame({"track_id": [f"t{i}" for i in range(20_000)], "x": range(20_000)})
    with tmpfs(tmp_path / "disk", size="64k") as disk:
        with pytest.raises(OSError) as err:
            write_parquet(frame, disk / "shard_00.parquet")
        assert "No space left on device" in str(err.value) or getattr(err.value, "errno", None) == errno.ENOSPC
        assert list(disk.iterdir()) == []
