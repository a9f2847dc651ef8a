"""Small real filesystems for fault tests: a size-limited tmpfs (a full disk) or a read-only one."""

from __future__ import annotations

import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


@contextmanager
def tmpfs(folder: Path, size: str = "1m", readonly: bool = False) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` on ``folder`` (read-only if asked) and unmount it afterwards.
    Skips, saying why, where mounting is not permitted (not root, a container without the
    capability): the same faults are also tested by simulation (a write raising ENOSPC, a refused
    temporary file), which runs everywhere."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if readonly else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        message = f"cannot mount a tmpfs here ({done.stderr.strip()}); needs root with CAP_SYS_ADMIN"
        pytest.skip(message)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
