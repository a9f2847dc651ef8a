"""Where a finished run's time went: per rule, on process start-up, and along the critical path.

Reads what Snakemake recorded: each job's start and end time, inputs, log and conda env from
`.snakemake/metadata/`; its CPU time and peak memory from the usage line that
`musiclust.jobs.logged` ends its log with, else from its `benchmark:` file
(`logs/benchmarks/...`, beside `logs/...`; that one misses up to the last 30 s of a job's
CPU). Prints per rule: jobs, wall seconds (sum and median per job), CPU seconds, peak RSS;
the share of job CPU time that is start-up (measured: a fresh interpreter importing what a
job of each env imports, times that env's jobs); and the critical path (the chain of
dependent jobs with the largest summed wall time). Run where the run was made (the
repository root for `make run`):

    .venv/bin/python benchmarks/profile_run.py [--workdir .] [--startup-repeats 3]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from musiclust.jobs import parse_usage  # noqa: E402

# What a job of each env imports before it does any work (the heavy imports of its scripts).
STARTUP_IMPORTS = {
    "audio": "import librosa, soundfile, soxr, musiclust.audio.shards, musiclust.data.sources",
    "text": "import fasttext, sklearn.feature_extraction.text, musiclust.text.embed, musiclust.text.langid",
    "analysis": "import sklearn.cluster, umap, matplotlib.pyplot, musiclust.analysis.study, musiclust.plots.latent",
    "torch": "import torch, musiclust.models.training, musiclust.models.checkpoints",
}


def read_jobs(workdir: Path) -> pd.DataFrame:
    """One row per job that made the current files: rule, env, start, end, wall, CPU and peak RSS."""
    # an env is known by its header line (its pins may have changed since the run)
    envs = {(ROOT / "envs" / f"{name}.yaml").read_text().split("\n", 1)[0]: name for name in STARTUP_IMPORTS}
    jobs: dict[int, dict] = {}
    metadata = workdir / ".snakemake" / "metadata"
    for record in (p for p in metadata.rglob("*") if p.is_file()):
        meta = json.loads(record.read_text())
        if meta.get("incomplete") or meta.get("starttime") is None:
            continue
        job = jobs.setdefault(meta["job_hash"], {"outputs": set(), "inputs": set()})
        # the file name is the output path, urlsafe-base64, split into "@"-prefixed folders when long
        b64 = "".join(part.lstrip("@") for part in record.relative_to(metadata).parts)
        job["outputs"].add(base64.urlsafe_b64decode(b64).decode())
        job["inputs"] |= set(meta.get("input") or [])
        env = base64.b64decode(meta["conda_env"]).decode() if meta.get("conda_env") else ""
        env = envs.get(env.split("\n", 1)[0], "other")
        job.update(rule=meta["rule"], start=meta["starttime"], end=meta["endtime"], env=env)
        log = (meta.get("log") or [""])[0]
        job["log"] = workdir / log if log else None
        job["benchmark"] = (
            workdir / "logs" / "benchmarks" / Path(log).relative_to("logs").with_suffix(".tsv") if log else None
        )
    table = pd.DataFrame(jobs.values())
    table["wall_s"] = table["end"] - table["start"]
    usage = [job_usage(log, bench) for log, bench in zip(table["log"], table["benchmark"])]
    return table.assign(cpu_s=[u[0] for u in usage], max_rss_mb=[u[1] for u in usage])


def job_usage(log: Path | None, benchmark: Path | None) -> tuple[float, float]:
    """(CPU s, peak RSS MB) of a job: its log's usage line, else its benchmark file, else NaN."""
    found = parse_usage(log.read_text(errors="replace")) if log is not None and log.is_file() else None
    if found is not None:
        return found
    if benchmark is not None and benchmark.is_file():
        b = pd.read_csv(benchmark, sep="\t")
        return float(b["cpu_time"].iloc[0]), float(b["max_rss"].iloc[0])
    return float("nan"), float("nan")


def critical_path(jobs: pd.DataFrame) -> list[int]:
    """Row indices of the dependency chain with the largest summed wall time (longest path in the DAG)."""
    producer = {out: i for i, outs in jobs["outputs"].items() for out in outs}
    deps = {i: {producer[f] for f in ins if producer.get(f, i) != i} for i, ins in jobs["inputs"].items()}
    best: dict[int, tuple[float, list[int]]] = {}
    for i in sorted(jobs.index, key=lambda i: jobs.at[i, "end"]):  # a job ends after everything it read
        total, chain = max((best[d] for d in deps[i] if d in best), default=(0.0, []))
        best[i] = (total + jobs.at[i, "wall_s"], [*chain, i])
    return max(best.values(), default=(0.0, []))[1]


def startup_seconds(env: str, repeats: int, workdir: Path) -> tuple[float, float]:
    """Median (wall, CPU) seconds of a fresh interpreter importing what a job of ``env`` imports,
    with the run's numba cache (as rules/common.smk sets it; without it umap compiles on import)."""
    walls, cpus = [], []
    environ = {**os.environ, "NUMBA_CACHE_DIR": str((workdir / ".cache" / "numba").resolve())}
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", STARTUP_IMPORTS[env]], check=True, cwd=ROOT, env=environ)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return float(pd.Series(walls).median()), float(pd.Series(cpus).median())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("."))
    parser.add_argument("--startup-repeats", type=int, default=3)
    args = parser.parse_args()
    jobs = read_jobs(args.workdir)
    envs = sorted(set(jobs["env"]) - {"other"})
    startup = {env: startup_seconds(env, args.startup_repeats, args.workdir) for env in envs}
    jobs["startup_cpu_s"] = jobs["env"].map(lambda e: startup.get(e, (0.0, 0.0))[1])
    per_rule = jobs.groupby("rule").agg(
        env=("env", "first"),
        jobs=("wall_s", "size"),
        wall_s=("wall_s", "sum"),
        median_wall_s=("wall_s", "median"),
        cpu_s=("cpu_s", lambda s: s.sum(min_count=1)),
        startup_cpu_s=("startup_cpu_s", "sum"),
        max_rss_mb=("max_rss_mb", "max"),
    )
    span = jobs["end"].max() - jobs["start"].min()
    print(f"{len(jobs)} jobs; {span:.0f} s from the first start to the last end;")
    print(f"job wall time summed {jobs['wall_s'].sum():.0f} s, job CPU time summed {jobs['cpu_s'].sum():.0f} s\n")
    print(per_rule.sort_values("wall_s", ascending=False).to_string(float_format=lambda v: f"{v:.1f}"))
    print()
    for env, (wall, cpu) in startup.items():
        print(f"start-up of an empty {env} job: {wall:.2f} s wall, {cpu:.2f} s CPU")
    if jobs["cpu_s"].notna().any():
        share = per_rule["startup_cpu_s"].sum() / jobs["cpu_s"].sum()
        print(f"start-up share of job CPU time: {share:.0%} ({per_rule['startup_cpu_s'].sum():.0f} s)")
        print(f"peak RSS of any job: {jobs['max_rss_mb'].max():.0f} MB")
    else:
        print("no benchmark files: CPU time and memory unknown (run with this workflow's benchmark: directives)")
    path = critical_path(jobs)
    print(f"\ncritical path: {len(path)} jobs, {jobs.loc[path, 'wall_s'].sum():.0f} s of wall time")
    for i in path:
        print(f"  {jobs.at[i, 'wall_s']:7.1f} s  {jobs.at[i, 'rule']:22s} {sorted(jobs.at[i, 'outputs'])[0]}")


if __name__ == "__main__":
    main()
