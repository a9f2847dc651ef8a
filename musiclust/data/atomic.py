"""Atomic output files: a job's output appears whole or not at all.

A job killed (SIGKILL, a full disk, a node lost) in the middle of writing leaves no half-written
parquet, CSV or checkpoint under the output's name: the writer writes a temporary file in the same
folder (so the rename stays on one filesystem) and ``os.replace`` puts it in place only once the
write has returned.
"""

from __future__ import annotations

import glob
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it is removed.

    The temporary name keeps the suffix (``.<name>.<random>.tmp.png`` for ``name.png``) so writers
    that pick a format by the extension (matplotlib, ``np.save``) write the right one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp{glob.escape(target.suffix)}"):
        stale.unlink(missing_ok=True)  # left by a writer that was killed before it could clean up
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(f"nothing was written to {tmp} for {target}")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_csv(frame: Any, path: str | Path, **kwargs) -> None:
    """``frame.to_csv(path, **kwargs)``, atomically."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, **kwargs)


def write_parquet(frame: Any, path: str | Path, **kwargs) -> None:
    """``frame.to_parquet(path, **kwargs)`` (a pandas frame) or ``pq.write_table`` (an Arrow table), atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with atomic_path(path) as tmp:
        if isinstance(frame, pa.Table):
            pq.write_table(frame, tmp, **kwargs)
        else:
            frame.to_parquet(tmp, **kwargs)


def write_text(path: str | Path, text: str) -> None:
    """UTF-8 text, atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def save_figure(fig: Any, path: str | Path, **kwargs) -> None:
    """``fig.savefig(path, **kwargs)``, atomically (the format from ``path``'s extension)."""
    with atomic_path(path) as tmp:
        fig.savefig(tmp, **kwargs)
