"""How the default audio stages grow with the data: run them on 1x, 2x and 4x the previews.

Each size is a manifest that lists the previews' mirror files (file:// URLs) once per
replica under new track ids, run as its own Snakemake working directory with the default
config reduced to that source, the audio side (no lyrics), one seed and a summary-feature and
an MFCC-frame model. Printed per stage (rule): summed wall seconds and peak RSS at each size,
and the growth exponent b of wall ~ n^b fitted over the sizes (b = 1 is linear; n log n over
a 4x range near 500 tracks is b of about 1.15).

    .venv/bin/python benchmarks/scaling.py [--factors 1 2 4] [--base N] [--cores 2]

``--base`` takes the first N previews as the 1x set (default: all). An unmeasured run of the
smallest size first fills the shared numba cache, so no size pays numba's compilation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from profile_run import read_jobs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PREVIEWS = ROOT.parent / "shared" / "data" / "ende-previews"
SOURCE = "previews"


def replicated_manifest(previews: Path, base: int | None, factor: int) -> pd.DataFrame:
    """The previews ``factor`` times over, each replica under new ids, reading the same files."""
    table = pd.read_csv(previews / "sampled.tsv", sep="\t", dtype=str, keep_default_na=False)
    table = table.head(base) if base else table
    urls = [(previews / "songs" / f"{tid}.mp3").resolve().as_uri() for tid in table["track_id"]]
    rows = pd.DataFrame(
        {"url": urls, "title": table["title"], "artist": table["artist"]}
        | {"language": table["language"], "genre": table["tag"]}
    )
    return pd.concat([rows.assign(track_id=table["track_id"] + f"_r{r}") for r in range(factor)], ignore_index=True)[
        ["track_id", "url", "title", "artist", "language", "genre"]
    ]


def scaling_config(manifest: Path) -> dict:
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config["sources"] = {
        SOURCE: {
            "adapter": "manifest",
            "location": str(manifest),
            "lyrics": False,
            "labels": {"provenance": {"language": "model", "genre": "metadata"}},
        }
    }
    config["active_sources"] = [SOURCE]
    config["seeds"] = [0]
    config["models"] = {m: {**e, "enabled": m in ("vae_mlp", "conv_vae_mfcc")} for m, e in config["models"].items()}
    config["k_sweep"]["spaces"] = []
    config["text"]["extra_corpus"] = []
    config["hybrid"]["enabled"] = False
    return config


def run_size(workdir: Path, base: int | None, factor: int, cores: int, env: dict) -> tuple[int, float, pd.DataFrame]:
    """(tracks, wall seconds of the whole run, per-rule summed wall and peak RSS) of one size."""
    workdir.mkdir(parents=True, exist_ok=True)
    manifest = replicated_manifest(PREVIEWS, base, factor)
    manifest.to_csv(workdir / "manifest.csv", index=False)
    (workdir / "config.yaml").write_text(yaml.safe_dump(scaling_config(workdir / "manifest.csv"), allow_unicode=True))
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"), "--cores", str(cores)]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=workdir, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"snakemake failed in {workdir}:\n{proc.stderr[-4000:]}")
    jobs = read_jobs(workdir)
    per_rule = jobs.groupby("rule").agg(wall_s=("wall_s", "sum"), max_rss_mb=("max_rss_mb", "max"))
    return len(manifest), wall, per_rule


def growth_exponent(n: list[int], seconds: list[float]) -> float:
    """b of seconds ~ n^b, least squares on the logs (NaN with fewer than two positive sizes)."""
    ok = [(a, s) for a, s in zip(n, seconds) if s > 0]
    if len(ok) < 2:
        return float("nan")
    x, y = np.log([a for a, _ in ok]), np.log([s for _, s in ok])
    return float(np.polyfit(x, y, 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--base", type=int, default=None, help="previews in the 1x set (default: all)")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".cache" / "scaling")
    args = parser.parse_args()
    # one numba cache for every size, filled by an unmeasured run of the smallest one first, so
    # that no size pays numba's compilation
    env = {**os.environ, "NUMBA_CACHE_DIR": str(args.workdir / "numba")}
    run_size(args.workdir / "warm-up", args.base, min(args.factors), args.cores, env)
    sizes, walls, tables = [], [], []
    for factor in args.factors:
        n, wall, per_rule = run_size(args.workdir / f"x{factor}", args.base, factor, args.cores, env)
        print(f"{factor}x: {n} tracks, {wall:.0f} s", flush=True)
        sizes.append(n)
        walls.append(wall)
        tables.append(per_rule)
    rows = {}
    for rule in sorted(set().union(*(t.index for t in tables))):
        seconds = [float(t["wall_s"].get(rule, float("nan"))) for t in tables]
        row = {f"wall_s@{n}": s for n, s in zip(sizes, seconds)}
        row |= {f"rss_mb@{n}": float(t["max_rss_mb"].get(rule, float("nan"))) for n, t in zip(sizes, tables)}
        row["exponent"] = growth_exponent(sizes, seconds)
        rows[rule] = row
    table = pd.DataFrame.from_dict(rows, orient="index").sort_values(f"wall_s@{sizes[-1]}", ascending=False)
    print(table.to_string(float_format=lambda v: f"{v:.2f}"))
    print(f"whole run: exponent {growth_exponent(sizes, walls):.2f} over {sizes} tracks")


if __name__ == "__main__":
    main()
