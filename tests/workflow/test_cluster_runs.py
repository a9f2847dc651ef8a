"""The tiny pipeline through a real (single-node, local) Slurm with the Slurm profile: every job that
is not a localrule goes through sbatch and completes, and the tables equal a local run's."""

import os
import re
import time

import pytest
from support.pipeline_runs import (
    RESULT_TABLES,
    ROOT,
    SMALL,
    SMALL_TARGETS,
    clean_outputs,
    result_tables,
    snakemake,
    write_tiny_set,
)
from support.slurm_cluster import INSTALL, local_slurm, missing_programs

pytestmark = pytest.mark.workflow  # runs Snakemake: deselect with -m "not workflow"

# No accounting database: job states come from squeue (finished jobs stay there for MinJobAge)
SLURM = (
    "--executor", "slurm", "--profile", str(ROOT / "profiles" / "slurm"), "--slurm-status-command", "squeue",
    "--slurm-no-account", "--slurm-init-seconds-before-status-checks", "2", "--slurm-keep-successful-logs",
)  # fmt: skip


def require_slurm() -> None:
    """Skip where Slurm is not installed (or not root, which slurmd needs); under CI=true fail instead."""
    problem = ""
    if missing := missing_programs():
        problem = f"Slurm is not installed (no {', '.join(missing)}): {INSTALL}"
    elif os.geteuid() != 0:
        problem = "starting slurmctld, slurmd and munged for a test needs root"
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the Slurm test: {problem} (.ci/run installs the packages)")
    if problem:
        pytest.skip(problem)


def test_the_tiny_pipeline_runs_through_slurm_and_gives_the_local_tables(tmp_path):
    require_slurm()
    wd = tmp_path / "run"
    write_tiny_set(wd, "http://127.0.0.1:9")  # no scraping in the overlay
    snakemake(wd, *SMALL_TARGETS, "--cores", "2", "--configfile", SMALL)
    local = result_tables(wd)
    clean_outputs(wd)
    with local_slurm(tmp_path / "slurm") as cluster:
        start = time.monotonic()
        out = snakemake(wd, *SMALL_TARGETS, *SLURM, "--configfile", SMALL)
        seconds = time.monotonic() - start
        completed = cluster.completed_jobs()
    log = out.stdout + out.stderr
    submitted = set(re.findall(r"has been submitted with SLURM jobid (\d+)", log))
    print(f"\n{len(submitted)} sbatch jobs in {seconds:.0f} s; sacct --completion:\n{completed.to_string()}")
    assert len(submitted) == 11, log[-3000:]  # the 13 jobs less the two localrules
    assert set(completed["jobid"]) == submitted
    assert (completed["state"] == "COMPLETED").all() and (completed["exitcode"] == "0:0").all()
    assert "localrule collect_metrics" in log and "localrule collect_rejections" in log
    assert len(list((wd / ".snakemake" / "slurm_logs").rglob("*.log"))) == 11  # one sbatch log per job, kept
    slurm = result_tables(wd)
    for name in RESULT_TABLES:
        assert slurm[name] == local[name], f"{name} differs between the local and the Slurm run"
