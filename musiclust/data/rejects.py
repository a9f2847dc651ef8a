"""Quarantine records: a track that cannot be used becomes a row with a reason, never a crash."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from musiclust.data.atomic import write_csv

REJECTED_COLUMNS = ["source", "track_id", "stage", "reason", "path"]


@dataclass(frozen=True)
class Rejection:
    source: str
    track_id: str
    stage: str
    reason: str
    path: str = ""


class TrackRejected(Exception):
    """Raised by a per-track step when the track cannot be used; the message is the reason."""


def rejections_frame(rows: Iterable[Rejection]) -> pd.DataFrame:
    return pd.DataFrame([asdict(r) for r in rows], columns=REJECTED_COLUMNS)


def write_rejections(rows: Iterable[Rejection], path: str | Path) -> None:
    write_csv(rejections_frame(rows), path, index=False)


def combine_rejection_files(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Every file's rows in one table; a row met twice (the same track rejected for the same reason
    by two files, e.g. a duplicated manifest line) is kept once."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=REJECTED_COLUMNS)
    out = pd.concat(frames, ignore_index=True)[REJECTED_COLUMNS].drop_duplicates()
    return out.sort_values(["source", "stage", "track_id"], kind="stable").reset_index(drop=True)
