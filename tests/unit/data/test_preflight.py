import errno
import tempfile

import pandas as pd
import pytest
from support.mounts import tmpfs

from musiclust.data.preflight import StartupError, check_parquet_files, check_writable, producer_finder

OUTPUTS = {
    "featurize_shard": [r"data/(?P<source>.+)/features/shard_(?P<shard>.+)\.parquet$"],
    "build_tracks": [r"data/(?P<source>.+)/tracks\.parquet$", r"data/(?P<source>.+)/tracks\.rejected\.csv$"],
}


def test_writable_folders_pass_and_missing_ones_are_created(tmp_path):
    check_writable([tmp_path / "results", tmp_path / "data"])
    assert (tmp_path / "results").is_dir() and not list((tmp_path / "results").iterdir())


def test_an_unwritable_folder_is_named(tmp_path, monkeypatch):
    real = tempfile.NamedTemporaryFile

    def refuse(*args, dir=None, **kwargs):
        if str(dir).endswith("results"):
            raise PermissionError(errno.EROFS, "Read-only file system", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(StartupError, match=r"results/ is not writable \(Read-only file system\)") as err:
        check_writable([tmp_path / "data", tmp_path / "results"])
    assert "data/" not in str(err.value)


def test_a_folder_that_is_a_file_is_named(tmp_path):
    (tmp_path / "results").write_text("not a folder")
    with pytest.raises(StartupError, match="results/ is not writable"):
        check_writable([tmp_path / "results"])


def test_readable_parquet_files_pass_and_hidden_temporaries_are_skipped(tmp_path):
    (tmp_path / "synth" / "features").mkdir(parents=True)
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "synth" / "tracks.parquet")
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "synth" / "features" / "shard_00.parquet")
    (tmp_path / "synth" / ".tracks.parquet.x1.tmp.parquet").write_bytes(b"PAR1 cut")  # a killed writer's
    assert check_parquet_files(tmp_path) == 2
    assert check_parquet_files(tmp_path / "missing") == 0


def test_a_corrupt_parquet_file_is_named_with_the_rule_to_rerun(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shard = tmp_path / "data" / "synth" / "features" / "shard_03.parquet"
    shard.parent.mkdir(parents=True)
    pd.DataFrame({"a": list(range(100))}).to_parquet(shard)
    shard.write_bytes(shard.read_bytes()[:-20])  # cut short: no footer
    with pytest.raises(StartupError) as err:
        check_parquet_files("data", producer_finder(OUTPUTS))
    message = str(err.value)
    assert message.startswith("data/synth/features/shard_03.parquet is not a readable parquet file")
    assert "delete it" in message and "snakemake --forcerun featurize_shard" in message


def test_a_corrupt_file_no_rule_writes_still_says_what_to_do(tmp_path):
    (tmp_path / "mine.parquet").write_bytes(b"random bytes")
    with pytest.raises(StartupError, match="mine.parquet is not a readable parquet file.*delete it"):
        check_parquet_files(tmp_path, producer_finder(OUTPUTS))


def test_the_producer_is_found_by_output_pattern():
    find = producer_finder(OUTPUTS)
    assert find("data/synth/tracks.parquet") == "build_tracks"
    assert find("data/synth/features/shard_00.parquet") == "featurize_shard"
    assert find("results/x.csv") is None


def test_a_read_only_mount_is_named_even_for_root(tmp_path):
    with tmpfs(tmp_path / "results", readonly=True) as results:
        with pytest.raises(StartupError, match=r"results/ is not writable \(Read-only file system\)"):
            check_writable([tmp_path / "data", results])
