"""Shared by the tests that run the pipeline in a temporary working directory: the Snakemake
command, the tiny synthesised data set (.test/config.yaml's sources), its fake LRCLIB, and the
tables two runs are compared by."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from support.http_fixtures import ScriptedServer, send
from support.synth import synthetic_lyrics, write_broken_files, write_two_timbre_set

ROOT = Path(__file__).resolve().parents[2]
SNAKEMAKE = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile")]
# The tables a run ends in, compared byte for byte between two runs of the same inputs
RESULT_TABLES = (
    "results/clustering_metrics.csv",
    "results/clustering_metrics_by_seed.csv",
    "results/rejected.csv",
)
# The small overlay (one source, one shard, one model) and what its runs build
SMALL = str(ROOT / ".test" / "small.yaml")
SMALL_TARGETS = ("results/clustering_metrics.csv", "results/rejected.csv")


def snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([*SNAKEMAKE, *args], cwd=workdir, capture_output=True, text=True)
    assert proc.returncode == 0, f"snakemake {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


def job_counts(dry_run_output: str) -> dict[str, int]:
    lines = dry_run_output.split("Job stats:")[1].splitlines()
    counts = {}
    for line in lines[3:]:
        parts = line.split()
        if len(parts) != 2 or parts[0] == "total":
            break
        counts[parts[0]] = int(parts[1])
    return counts


def fake_lrclib_get(handler, n):
    if "track_name=Lost+Song" in handler.path:
        record = {
            "trackName": "Lost Song",
            "artistName": "Synth",
            "instrumental": False,
            "plainLyrics": "Hold my hand and never let me go\nThe city lights are shining in the rain",
        }
        send(handler, 200, json.dumps(record).encode(), {"Content-Type": "application/json"})
    else:
        send(handler, 404, b'{"code":404}')


def fake_lrclib() -> ScriptedServer:
    """LRCLIB on 127.0.0.1: one song ("Lost Song") has lyrics, every other lookup finds nothing."""
    return ScriptedServer({"/api/get": fake_lrclib_get, "/api/search": lambda h, n: send(h, 200, b"[]")})


def write_feature_tables(wd: Path, rng: np.random.Generator) -> None:
    """Two precomputed-feature files (English, Bangla) of 20 clips each; the genre shifts the features,
    and ``length`` differs by file (as in GTZAN vs BanglaBeats) so it must be dropped."""
    for lang, length, genres in (("en", 661794, ("blues", "metal")), ("bn", 661500, ("Folk", "Metal"))):
        rows = []
        for i in range(20):
            genre = genres[i % 2]
            shift = 2.0 if i % 2 else -2.0
            feats = {f"f{j}_mean": shift + rng.normal() for j in range(6)} | {
                f"mfcc{j}_var": rng.normal() for j in range(4)
            }
            rows.append({"filename": f"{genre}.{i:05d}.wav", "length": length, **feats, "label": genre})
        pd.DataFrame(rows).to_csv(wd / f"table_{lang}.csv", index=False)


def write_tiny_set(wd: Path, lrclib_base: str) -> None:
    """The tiny configuration's inputs and config.yaml in ``wd``: half the clips sit in a mirror
    folder, half behind file:// URLs; four tracks are bad. Tonal clips carry English lyrics, noisy
    ones Bangla; one has none and is scraped from ``lrclib_base``."""
    rows = write_two_timbre_set(wd / "store", n_per_class=12, seconds=6.0, sr=16000)
    rng = np.random.default_rng(0)
    for i, row in enumerate(rows):
        row["lyrics"] = synthetic_lyrics(row["language"], rng)
        row["artist"], row["title"] = f"Synth {i % 6}", row["track_id"]
    rows[2].update(lyrics="", title="Lost Song")
    (wd / "mirror").mkdir()
    for i, row in enumerate(rows):
        wav = wd / "store" / f"{row['track_id']}.wav"
        if i % 2:
            wav.rename(wd / "mirror" / wav.name)
            row["url"] = ""
        else:
            row["url"] = wav.as_uri()
    broken = write_broken_files(wd / "scratch", wd / "mirror" / f"{rows[1]['track_id']}.wav")
    for kind in ("empty", "truncated"):
        shutil.copy(broken[kind], wd / "mirror" / broken[kind].name)
        rows.append({"track_id": broken[kind].stem, "url": "", "language": "en", "genre": "tonal"})
    shutil.copy(wd / "store" / f"{rows[0]['track_id']}.wav", wd / "store" / "badsum.wav")
    rows.append({"track_id": "badsum", "url": (wd / "store" / "badsum.wav").as_uri(), "sha256": "0" * 64})
    rows.append({"track_id": "ghost", "url": (wd / "store" / "ghost.wav").as_uri()})
    pd.DataFrame(rows).to_csv(wd / "manifest.csv", index=False)
    write_feature_tables(wd, rng)
    poems = [
        {"writer": w, "title": f"{w} {i}", "lyrics": synthetic_lyrics("bn", rng)}
        for w in ("Poet A", "Poet B")
        for i in range(8)
    ]
    poems.append({"writer": "Poet C", "title": "not kept", "lyrics": synthetic_lyrics("bn", rng)})
    pd.DataFrame(poems).to_csv(wd / "poems.csv", index=False)
    config = yaml.safe_load((ROOT / ".test" / "config.yaml").read_text())
    config["lyrics"]["lrclib"]["base_url"] = lrclib_base
    (wd / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))


def overlay(wd: Path, name: str, settings: dict) -> str:
    """Write ``settings`` as ``wd/name`` (a --configfile overlay); returns the file name."""
    (wd / name).write_text(yaml.safe_dump(settings, allow_unicode=True))
    return name


def result_tables(wd: Path, names=RESULT_TABLES) -> dict[str, bytes]:
    return {name: (wd / name).read_bytes() for name in names}


def clean_outputs(wd: Path) -> None:
    """Everything a run wrote (results, intermediate data, logs, Snakemake's records), not its inputs."""
    for name in ("results", "data", "logs", ".snakemake"):
        shutil.rmtree(wd / name, ignore_errors=True)
