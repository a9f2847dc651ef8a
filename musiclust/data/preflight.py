"""Checks made once when a run starts, so that a broken folder or file stops it with a clear message
before any job runs, instead of failing jobs one by one (or worse, being read as complete)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Mapping

import pyarrow as pa
import pyarrow.parquet as pq


class StartupError(Exception):
    """The run cannot start; the message says which folder or file and what to do."""


def check_writable(folders: Iterable[str | Path]) -> None:
    """Every folder exists (created if missing) and takes a new file; else a StartupError naming it.

    Writes a real file rather than asking ``os.access``: that answers yes to root on a read-only mount.
    """
    problems = []
    for folder in map(Path, folders):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".musiclust-write-check."):
                pass
        except OSError as exc:
            problems.append(f"{folder}/ is not writable ({exc.strerror or exc}): the pipeline writes its outputs there")
    if problems:
        raise StartupError("\n".join(problems))


def producer_finder(outputs: Mapping[str, Iterable[str]]) -> Callable[[str], str | None]:
    """A function from a file path to the name of the rule whose output pattern matches it, from
    ``{rule: [regex of each output pattern]}`` (``snakemake.io.regex_from_filepattern``)."""
    compiled = [(rule, re.compile(pattern)) for rule, patterns in outputs.items() for pattern in patterns]

    def find(path: str) -> str | None:
        return next((rule for rule, regex in compiled if regex.fullmatch(path)), None)

    return find


def check_parquet_files(folder: str | Path, producer: Callable[[str], str | None] = lambda path: None) -> int:
    """Every parquet file under ``folder`` has a readable footer (schema and row groups); returns how many
    were checked. A corrupt one is a StartupError naming the file and the rule that writes it.

    Hidden files (an atomic writer's temporaries left by a killed job) are not outputs and are skipped.
    """
    folder = Path(folder)
    problems, n = [], 0
    paths = sorted(folder.rglob("*.parquet")) if folder.is_dir() else []
    for path in paths:
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        n += 1
        try:
            pq.read_metadata(path)
        except (pa.ArrowException, OSError) as exc:
            rule = producer(path.as_posix())
            rerun = f"snakemake --forcerun {rule}" if rule else "the pipeline again"
            problems.append(
                f"{path} is not a readable parquet file ({exc}); it was probably cut short by a crash or a full"
                f" disk: delete it (the next run rebuilds it) or run {rerun}"
            )
    if problems:
        raise StartupError("\n".join(problems))
    return n
