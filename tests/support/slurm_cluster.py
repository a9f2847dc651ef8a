"""A single-node Slurm for tests: munge, slurmctld and slurmd on localhost with this machine's CPUs
and memory, from the distribution's packages (Debian: apt-get install slurm-wlm munge).

No accounting database runs (no slurmdbd), so ``sacct`` cannot answer for jobs; finished jobs are
recorded by ``jobcomp/filetxt`` (read back with ``sacct --completion``) and stay in ``squeue`` for
``MinJobAge`` seconds. The configuration is written to /etc/slurm/slurm.conf (the previous file is
put back afterwards): the Snakemake jobstep plugin removes ``SLURM_CONF`` from a job's environment,
so the job's own ``srun`` reads the default path. Only the daemons started here are stopped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd

INSTALL = "apt-get install -y slurm-wlm munge"
DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sacct")
SLURM_CONF = Path("/etc/slurm/slurm.conf")
MUNGE_SOCKET_DIR = Path("/run/munge")


def missing_programs() -> list[str]:
    return [name for name in DAEMONS if shutil.which(name) is None]


@dataclass
class SlurmCluster:
    state: Path
    cpus: int

    @property
    def jobcomp(self) -> Path:
        return self.state / "jobcomp.txt"

    def completed_jobs(self) -> pd.DataFrame:
        """Every finished job as ``sacct --completion`` reports it (job id, name, state, exit code)."""
        out = subprocess.run(
            ["sacct", "--completion", "--parsable2", "--noheader", "--format", "jobid,jobname,state,exitcode"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = [line.split("|") for line in out.splitlines() if line.strip()]
        return pd.DataFrame(rows, columns=["jobid", "jobname", "state", "exitcode"])

    def log_tail(self, n: int = 40) -> str:
        parts = []
        for name in ("slurmctld.log", "slurmd.log"):
            path = self.state / name
            if path.exists():
                parts.append(f"--- {name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-n:]))
        return "\n".join(parts)


def node_line() -> str:
    """This machine as slurmd sees it (``slurmd -C``), named localhost."""
    first = subprocess.run(["slurmd", "-C"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    fields = [f for f in first.split() if not f.startswith("NodeName=")]
    return " ".join(["NodeName=localhost", "NodeAddr=127.0.0.1", *fields, "State=UNKNOWN"])


def slurm_conf(state: Path) -> str:
    return f"""# written by tests/support/slurm_cluster.py for a test run; the previous file is restored afterwards
ClusterName=musiclust-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation={state}/ctld
SlurmdSpoolDir={state}/spool
SlurmctldPidFile={state}/slurmctld.pid
SlurmdPidFile={state}/slurmd.pid
SlurmctldLogFile={state}/slurmctld.log
SlurmdLogFile={state}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc={state}/jobcomp.txt
{node_line()}
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
"""


def _wait(what: str, ready, timeout: float, cluster: SlurmCluster | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s\n{cluster.log_tail() if cluster else ''}")


def _munge_works() -> bool:
    encoded = subprocess.run(["munge", "-n"], capture_output=True)
    return (
        encoded.returncode == 0
        and subprocess.run(["unmunge"], input=encoded.stdout, capture_output=True).returncode == 0
    )


def _node_idle() -> bool:
    done = subprocess.run(["sinfo", "--noheader", "--format", "%t"], capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip() == "idle"


@contextmanager
def local_slurm(state: Path, timeout: float = 60.0) -> Iterator[SlurmCluster]:
    """Start munged (unless one answers already), slurmctld and slurmd; stop those started here."""
    state.mkdir(parents=True, exist_ok=True)
    saved_conf = SLURM_CONF.read_bytes() if SLURM_CONF.exists() else None
    started: list[subprocess.Popen] = []
    cluster = SlurmCluster(state, os.cpu_count() or 1)
    try:
        if not _munge_works():
            MUNGE_SOCKET_DIR.mkdir(parents=True, exist_ok=True)
            shutil.chown(MUNGE_SOCKET_DIR, "munge", "munge")
            log = open(state / "munged.log", "w")
            started.append(subprocess.Popen(["runuser", "-u", "munge", "--", "munged", "-F"], stdout=log, stderr=log))
            _wait("munged", _munge_works, timeout)
        SLURM_CONF.parent.mkdir(parents=True, exist_ok=True)
        SLURM_CONF.write_text(slurm_conf(state))
        for daemon in (["slurmctld", "-D", "-c"], ["slurmd", "-D", "-N", "localhost"]):
            log = open(state / f"{daemon[0]}.out", "w")
            started.append(subprocess.Popen(daemon, stdout=log, stderr=subprocess.STDOUT))
        _wait("the Slurm node (sinfo: idle)", _node_idle, timeout, cluster)
        yield cluster
    finally:
        for proc in reversed(started):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if saved_conf is None:
            SLURM_CONF.unlink(missing_ok=True)
        else:
            SLURM_CONF.write_bytes(saved_conf)
