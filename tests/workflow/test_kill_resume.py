"""A run killed in the middle of training (SIGKILL to Snakemake and its jobs) resumes with
``--rerun-incomplete`` to the tables of an uninterrupted run, and nothing half-written is taken as done."""

import os
import signal
import subprocess
import time

import pandas as pd
import psutil
import pyarrow.parquet as pq
import pytest
import torch
from support.pipeline_runs import (
    RESULT_TABLES,
    SMALL,
    SMALL_TARGETS,
    SNAKEMAKE,
    clean_outputs,
    overlay,
    result_tables,
    snakemake,
    write_tiny_set,
)

pytestmark = pytest.mark.workflow  # runs Snakemake: deselect with -m "not workflow"

# Long enough training (no early stop) that the kill lands in it: each seed takes some seconds
LONG_TRAINING = {"training": {"epochs": 600, "patience": 600}}
MODELS = "results/synth/models"


def wait_for(condition, what: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            pytest.fail(f"the run ended (exit {proc.returncode}) before {what}")
        time.sleep(0.05)
    pytest.fail(f"no {what} within {timeout} s")


def kill_run(proc: subprocess.Popen) -> None:
    """SIGKILL to Snakemake's process group (it and the jobs it spawned), then to any job left outside it."""
    descendants = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for child in descendants:
        if child.is_running():
            child.kill()
    psutil.wait_procs(descendants, timeout=10)


def hidden_temporaries(wd):
    return [p for folder in ("results", "data") for p in (wd / folder).rglob(".*") if ".tmp" in p.name]


def test_a_run_killed_in_training_resumes_to_the_uninterrupted_tables(tmp_path):
    wd = tmp_path / "run"
    write_tiny_set(wd, "http://127.0.0.1:9")  # no scraping in the small overlay
    configs = ("--configfile", SMALL, overlay(wd, "long_training.yaml", LONG_TRAINING))
    snakemake(wd, *SMALL_TARGETS, "--cores", "2", *configs)
    uninterrupted = result_tables(wd)
    clean_outputs(wd)

    log = wd / "snakemake.out"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [*SNAKEMAKE, *SMALL_TARGETS, "--cores", "2", *configs],
            cwd=wd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole
        )
    train_log = wd / "logs" / "synth" / "train_vae_mlp.log"
    # the first seed's checkpoint is written and the second seed is training: a job half done
    wait_for(
        lambda: train_log.exists() and "vae_mlp seed 1: training" in train_log.read_text(), "seed 1 training", proc
    )
    time.sleep(1.0)
    kill_run(proc)
    print(f"\nkilled while training:\n{train_log.read_text()[-600:]}")
    assert (wd / MODELS / "vae_mlp.seed0.pt").exists() and not (wd / MODELS / "vae_mlp.seed1.pt").exists()
    assert (wd / ".snakemake" / "incomplete").is_dir() and any((wd / ".snakemake" / "incomplete").iterdir())

    # Snakemake does not take the killed job's outputs as done: without --rerun-incomplete it refuses
    refused = subprocess.run([*SNAKEMAKE, *SMALL_TARGETS, "--cores", "2", "--nolock", *configs], cwd=wd,
                             capture_output=True, text=True)  # fmt: skip
    assert refused.returncode != 0 and "incomplete" in (refused.stdout + refused.stderr).lower()
    snakemake(wd, "--unlock", *configs)
    start = time.monotonic()
    resumed = snakemake(wd, *SMALL_TARGETS, "--cores", "2", "--rerun-incomplete", *configs)
    print(f"resumed in {time.monotonic() - start:.0f} s")
    assert "rule train_model" in resumed.stdout + resumed.stderr

    assert result_tables(wd) == uninterrupted, [n for n in RESULT_TABLES if result_tables(wd)[n] != uninterrupted[n]]
    assert hidden_temporaries(wd) == []
    for path in list((wd / "data").rglob("*.parquet")) + list((wd / "results").rglob("*.parquet")):
        pq.read_metadata(path)  # every parquet whole
    for seed in (0, 1):
        payload = torch.load(wd / MODELS / f"vae_mlp.seed{seed}.pt", weights_only=True)
        assert payload["train_config"]["seed"] == seed
        history = pd.read_csv(wd / MODELS / f"vae_mlp.seed{seed}.history.csv")
        assert len(history) > 1
    assert not any((wd / ".snakemake" / "incomplete").iterdir())
