"""Time the audio feature stage against a bare decode + STFT loop over the same files.

Prints wall-clock and CPU seconds for:
  bare      decode (soundfile) -> mono -> resample -> |STFT|, one process
  library   musiclust.audio.shards.featurize_tracks over all files, one process, one BLAS thread
  stage     the Snakemake feature stage (all shards + merge) in a scratch directory, --cores N
and the ratios stage/bare and library/bare. Run from the repository root:

    .venv/bin/python benchmarks/feature_stage.py [--config config.yaml] [--source NAME] [--cores 2]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from musiclust.audio.features import FeatureConfig  # noqa: E402
from musiclust.audio.shards import featurize_tracks  # noqa: E402
from musiclust.data.sources import scan_source  # noqa: E402


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def bare_loop(paths: list[str], cfg: FeatureConfig) -> None:
    import librosa
    import numpy as np
    import soundfile
    import soxr

    for p in paths:
        y, sr = soundfile.read(p, dtype="float32", always_2d=True)
        y = soxr.resample(y.mean(axis=1), sr, cfg.sample_rate, quality="HQ")
        np.abs(librosa.stft(y, n_fft=cfg.n_fft, hop_length=cfg.hop_length))


def timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=str(ROOT / "config.yaml"))
    ap.add_argument("--source", default=None, help="source name (default: the first active source)")
    ap.add_argument("--cores", type=int, default=2)
    args = ap.parse_args()

    config = yaml.safe_load(Path(args.config).read_text())
    name = args.source or config["active_sources"][0]
    # Read the audio in place (no download stage): this times feature extraction alone.
    src = {"name": name, **config["sources"][name], "download": False}
    for key in ("location", "mirror"):  # absolute, so the scratch run reads the same files
        if src.get(key):
            src[key] = str(Path(src[key]).resolve())
    tracks = scan_source(src).tracks
    paths = tracks["audio_path"].tolist()
    feat_cfg = FeatureConfig.from_dict({k: v for k, v in config["features"].items() if k != "n_shards"})
    print(f"source {name}: {len(paths)} files, {config['features']['n_shards']} shards, {args.cores} cores")

    bare_loop(paths[:1], feat_cfg)  # warm imports for both in-process measurements
    featurize_tracks(tracks.iloc[:1], feat_cfg, name)
    bare_wall, bare_cpu = timed(lambda: bare_loop(paths, feat_cfg))
    print(f"bare loop done: {bare_wall:.1f} s", flush=True)
    lib_wall, lib_cpu = timed(lambda: featurize_tracks(tracks, feat_cfg, name))
    print(f"library loop done: {lib_wall:.1f} s", flush=True)

    with tempfile.TemporaryDirectory() as scratch:
        cfg = dict(config, sources={name: {k: v for k, v in src.items() if k != "name"}}, active_sources=[name])
        (Path(scratch) / "config.yaml").write_text(yaml.safe_dump(cfg))
        cmd = [
            sys.executable,
            "-m",
            "snakemake",
            "--snakefile",
            str(ROOT / "Snakefile"),
            "--cores",
            str(args.cores),
            f"data/{name}/audio_features.parquet",
            "--quiet",
            "all",
        ]
        cpu0 = children_cpu()
        w = time.perf_counter()
        subprocess.run(cmd, cwd=scratch, check=True)
        stage_wall, stage_cpu = time.perf_counter() - w, children_cpu() - cpu0

    n = len(paths)
    print(f"{'':10s}{'wall s':>10s}{'cpu s':>10s}{'ms/file (cpu)':>15s}")
    for label, wall, cpu in (
        ("bare", bare_wall, bare_cpu),
        ("library", lib_wall, lib_cpu),
        ("stage", stage_wall, stage_cpu),
    ):
        print(f"{label:10s}{wall:10.1f}{cpu:10.1f}{1000 * cpu / n:15.1f}")
    print(f"stage / bare (wall):   {stage_wall / bare_wall:.2f}x")
    print(f"stage / bare (cpu):    {stage_cpu / bare_cpu:.2f}x")
    print(f"library / bare (cpu):  {lib_cpu / bare_cpu:.2f}x")
    n_jobs = config["features"]["n_shards"] + 2
    print(
        f"Snakemake + per-job start-up overhead: {(stage_cpu - lib_cpu) / n_jobs:.2f} cpu s per job over {n_jobs} jobs"
    )


if __name__ == "__main__":
    main()
