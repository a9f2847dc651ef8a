"""The benchmark scripts' own arithmetic (the runs they time are not tests)."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from record import replace_section, section  # noqa: E402
from scaling import growth_exponent, replicated_manifest  # noqa: E402


def test_growth_exponent_recovers_a_power_law():
    n = [100, 200, 400]
    assert np.isclose(growth_exponent(n, [2.0 * x for x in n]), 1.0)
    assert np.isclose(growth_exponent(n, [x**2 / 7 for x in n]), 2.0)
    assert np.isnan(growth_exponent([100], [1.0]))


def test_replicas_reuse_the_same_files_under_new_ids(tmp_path):
    (tmp_path / "songs").mkdir()
    table = pd.DataFrame(
        {"track_id": ["A", "B", "C"], "title": ["a", "b", "c"], "artist": ["x", "y", "z"]}
        | {"language": ["en", "de", "en"], "tag": ["pop", "rock", "pop"]}
    )
    table.to_csv(tmp_path / "sampled.tsv", sep="\t", index=False)
    manifest = replicated_manifest(tmp_path, base=2, factor=3)
    assert len(manifest) == 6 and manifest["track_id"].is_unique
    assert manifest["track_id"].tolist()[:3] == ["A_r0", "B_r0", "A_r1"]
    assert manifest["url"].nunique() == 2 and manifest["url"].str.endswith("/songs/A.mp3").sum() == 3
    assert manifest.loc[manifest["track_id"] == "B_r2", "genre"].item() == "rock"


def test_record_replaces_only_its_scripts_section():
    end = "<!-- end of output -->"
    text = f"a\n<!-- output: x.py -->\nold\n{end}\nb\n<!-- output: y.py -->\nkeep\n{end}\n"
    new = section("x.py", ["--n", "1"], "printed\n", 3.0)
    out = replace_section(text, "x.py", new)
    assert "old" not in out and "printed" in out and "$ benchmarks/x.py --n 1" in out and "keep" in out
    assert out.startswith("a\n<!-- output: x.py -->") and out.count("<!-- end of output -->") == 2
    with pytest.raises(SystemExit, match="no section"):
        replace_section(text, "z.py", new)
