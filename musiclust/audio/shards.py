"""Feature shards: featurise a shard of tracks to parquet and merge shards."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from threadpoolctl import threadpool_limits

from musiclust.audio.feature_io import LOGMEL_COLUMN, WINDOWS_COLUMN
from musiclust.audio.features import FeatureConfig, summary_feature_names, track_features
from musiclust.data.atomic import write_parquet
from musiclust.data.rejects import Rejection, TrackRejected

log = logging.getLogger(__name__)


def _schema(cfg: FeatureConfig) -> pa.Schema:
    fields = [pa.field("track_id", pa.string()), pa.field("decoded_seconds", pa.float64())]
    fields += [pa.field(name, pa.float64()) for name in summary_feature_names(cfg)]
    fields.append(pa.field(LOGMEL_COLUMN, pa.list_(pa.float32(), cfg.n_mels * cfg.logmel_frames)))
    fields.append(pa.field(WINDOWS_COLUMN, pa.list_(pa.float32())))  # n_windows x summary features, flat
    meta = {"n_mels": str(cfg.n_mels), "logmel_frames": str(cfg.logmel_frames)}
    return pa.schema(fields, metadata=meta)


def featurize_tracks(
    tracks: pd.DataFrame, cfg: FeatureConfig, source: str, threads: int = 1
) -> tuple[pa.Table, list[Rejection]]:
    """Features of every usable track; every unusable one becomes a Rejection (never raises).

    BLAS is held to ``threads`` threads: on these small matrices more threads burn CPU
    without saving time, and parallel shards would oversubscribe the cores.
    """
    with threadpool_limits(limits=threads):
        return _featurize_tracks(tracks, cfg, source)


def _featurize_tracks(tracks: pd.DataFrame, cfg: FeatureConfig, source: str) -> tuple[pa.Table, list[Rejection]]:
    columns: dict[str, list] = {name: [] for name in _schema(cfg).names}
    rejections: list[Rejection] = []
    for tid, path in zip(tracks["track_id"], tracks["audio_path"]):
        try:
            summary, logmel, windows, seconds = track_features(path, cfg)
        except TrackRejected as exc:
            rejections.append(Rejection(source, tid, "features", str(exc), str(path)))
            log.warning("rejected %s (%s): %s", tid, path, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - one bad track never kills the run
            reason = f"unexpected error: {type(exc).__name__}: {exc}"
            rejections.append(Rejection(source, tid, "features", reason, str(path)))
            log.exception("rejected %s (%s)", tid, path)
            continue
        columns["track_id"].append(tid)
        columns["decoded_seconds"].append(seconds)
        for name, value in summary.items():
            columns[name].append(value)
        columns[LOGMEL_COLUMN].append(logmel.ravel())
        columns[WINDOWS_COLUMN].append(windows.ravel())
        log.info("featurised %s (%.1f s)", tid, seconds)
    schema = _schema(cfg)
    arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema), rejections


def downloaded_only(tracks: pd.DataFrame, download_report: str | Path) -> pd.DataFrame:
    """The tracks whose download succeeded (failures are the download stage's rejections)."""
    report = pd.read_csv(download_report, dtype={"track_id": str})
    ok = set(report.loc[report["status"] == "ok", "track_id"])
    return tracks[tracks["track_id"].isin(ok)]


def merge_feature_shards(paths: Iterable[str | Path], out: str | Path) -> int:
    """Concatenate shard tables (sorted by track id) into one parquet file; returns the row count."""
    tables = [pq.read_table(p) for p in paths]
    if not tables:
        raise ValueError("no feature shards to merge")
    table = pa.concat_tables(tables).sort_by("track_id")
    write_parquet(table, out)
    return table.num_rows
