"""Sources: a configured source scanned by its adapter (``musiclust.data.adapters``) into a table
of tracks with audio paths and labels, and the track table of the tracks that have audio.

A source in config has a ``name``, an ``adapter``, a ``location`` (its manifest or metadata
file, optional for ``folder``; the set's folder for a set read as distributed) and a ``mirror``:
the local folder holding its audio, read in place, or, with ``download: true``, the first place
(folder or base URL) to fetch each track from before its manifest URL (see
``musiclust.data.download``). The checks every adapter shares are in ``musiclust.data.tracks``;
what the plan knows of each adapter in ``musiclust.config.names.ADAPTER_TRAITS``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from musiclust.data.adapters import ADAPTERS, FEATURE_TABLES
from musiclust.data.adapters.basic import audio_extension
from musiclust.data.hashing import sha256_of
from musiclust.data.labels import normalise_labels
from musiclust.data.tags import fill_from_tags
from musiclust.data.tracks import MANIFEST_CHECK_COLUMNS, SourceError, SourceScan

__all__ = ["ADAPTERS", "FEATURE_TABLES", "audio_extension", "feature_table_frame", "scan_source", "track_table"]


def feature_table_frame(cfg: dict) -> pd.DataFrame:
    """The feature columns of the tracks a table source's scan kept (valid, unique ids), sorted by
    track id (rule ``import_feature_table``)."""
    scan, features = FEATURE_TABLES[cfg["adapter"]](cfg)
    features = features[features["track_id"].isin(set(scan.tracks["track_id"]))].drop_duplicates("track_id")
    return features.sort_values("track_id", kind="stable").reset_index(drop=True)


def scan_source(cfg: dict) -> SourceScan:
    """The source's tracks, with its labels normalised and their provenance recorded."""
    adapter = cfg.get("adapter")
    if adapter not in ADAPTERS:
        raise SourceError(f"source {cfg.get('name')!r}: unknown adapter {adapter!r}; known: {sorted(ADAPTERS)}")
    scan = ADAPTERS[adapter](cfg)
    scan.tracks = normalise_labels(scan.tracks, cfg.get("labels") or {})
    return scan


def header_duration(path: str | Path) -> float:
    """Duration in seconds from the file header, or NaN when the header cannot be read."""
    import soundfile

    try:
        return float(soundfile.info(str(path)).duration)
    except Exception:  # noqa: BLE001 - an unreadable header is reported by the feature stage
        return float("nan")


def track_table(scan: SourceScan, downloads: pd.DataFrame | None = None, labels: dict | None = None) -> pd.DataFrame:
    """The tracks that have audio, with file size, sha256, where it came from and header duration.

    For a downloaded source, ``downloads`` is the download report (``musiclust.data.download``);
    tracks that failed to download are left out here (the download stage rejected them). Where the
    scan reads tags (a manifest's downloaded files), they fill what it leaves empty, and the labels
    are normalised again by the source's ``labels`` settings.
    """
    out = scan.tracks.copy()
    if not scan.audio:
        for col in ("size_bytes", "sha256", "origin", "duration"):
            out[col] = pd.NA
        return out.drop(columns=MANIFEST_CHECK_COLUMNS).reset_index(drop=True)
    if scan.download:
        if downloads is None:
            raise ValueError("a downloaded source needs its download report")
        ok = downloads[downloads["status"] == "ok"].set_index("track_id")
        out = out[out["track_id"].isin(ok.index)].copy()
        for col, src in (("audio_path", "path"), ("size_bytes", "bytes"), ("sha256", "sha256"), ("origin", "origin")):
            out[col] = out["track_id"].map(ok[src])
    else:
        out["size_bytes"] = [Path(p).stat().st_size for p in out["audio_path"]]
        out["sha256"] = [sha256_of(p) for p in out["audio_path"]]
        out["origin"] = [Path(p).as_uri() for p in out["audio_path"]]
    if scan.reads_tags:
        out = normalise_labels(fill_from_tags(out), labels or {})
    out["duration"] = [header_duration(p) for p in out["audio_path"]]
    return out.drop(columns=MANIFEST_CHECK_COLUMNS).reset_index(drop=True)
