"""CPU seconds of Snakemake's own process over a run of sleeping jobs, stock and with
`musiclust.jobs.collapse_reevaluation_timers` (one pending re-evaluation timer instead of one per finished job).

The jobs sleep, so the CPU time of the run is the main process's (plus a few shell starts).
Each job reads `--inputs` files, since a scheduling round stats every input of every ready job.

    .venv/bin/python benchmarks/scheduler_overhead.py [--jobs 60] [--seconds 1.5] [--inputs 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAKEFILE = """
import sys
sys.path.insert(0, {root!r})
from musiclust.jobs import collapse_reevaluation_timers
from snakemake.scheduling.job_scheduler import JobScheduler
collapse_reevaluation_timers(JobScheduler)

rule all:
    input: expand("out/{{i}}", i=range({jobs}))

rule job:
    input: expand("in/{{j}}", j=range({inputs}))
    output: "out/{{i}}"
    shell: "sleep {seconds}; touch {{output}}"
"""


def run(folder: Path, stock: bool, cores: int) -> tuple[float, float]:
    """(wall, CPU) seconds of one run from scratch."""
    subprocess.run(["rm", "-rf", str(folder / "out"), str(folder / ".snakemake")], check=True)
    env = dict(os.environ, MUSICLUST_STOCK_SCHEDULER="1" if stock else "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    snakemake = Path(sys.executable).with_name("snakemake")
    subprocess.run([str(snakemake), "--cores", str(cores), "-q"], cwd=folder, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--inputs", type=int, default=100)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        for j in range(args.inputs):
            (folder / "in" / str(j)).write_text(str(j))
        (folder / "Snakefile").write_text(
            SNAKEFILE.format(root=str(ROOT), jobs=args.jobs, inputs=args.inputs, seconds=args.seconds)
        )
        print(f"{args.jobs} jobs of {args.seconds} s on {args.cores} cores, {args.inputs} inputs each")
        results = {name: run(folder, stock, args.cores) for name, stock in (("stock", True), ("patched", False))}
    for name, (wall, cpu) in results.items():
        print(f"{name:8s} wall {wall:6.1f} s   Snakemake CPU {cpu:6.1f} s")
    print(f"CPU saved: {results['stock'][1] - results['patched'][1]:.1f} s")


if __name__ == "__main__":
    main()
