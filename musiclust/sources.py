"""Dataset adapters: turn a configured source into a table of tracks with audio paths and labels.

A source in config has a ``name``, an ``adapter``, a ``location`` (its manifest or metadata
file, optional for ``folder``) and a ``mirror`` (the local directory holding its audio).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from musiclust.ids import InvalidTrackId, shard_of, validate_track_id
from musiclust.rejects import Rejection

TRACK_COLUMNS = ["track_id", "source", "audio_path", "title", "artist", "language", "genre", "lyrics"]
AUDIO_EXTENSIONS = (".mp3", ".wav", ".flac", ".ogg", ".oga", ".aiff", ".aif")


class SourceError(ValueError):
    """A source whose configuration or files cannot be read at all."""


@dataclass
class SourceScan:
    """The tracks of a source that have audio on disk, and the ones that were quarantined."""

    tracks: pd.DataFrame
    rejections: list[Rejection] = field(default_factory=list)

    def shard_tracks(self, shard: int, n_shards: int) -> pd.DataFrame:
        mask = self.tracks["track_id"].map(lambda t: shard_of(t, n_shards) == shard)
        return self.tracks[mask]


def _existing_dir(path: str | Path, what: str, source: str) -> Path:
    p = Path(path).expanduser()
    if not p.is_dir():
        raise SourceError(
            f"source {source!r}: {what} directory {str(p)!r} does not exist "
            f"(resolved from {Path.cwd()}); set it in config.yaml or with --config"
        )
    return p.resolve()


def _existing_file(path: str | Path, what: str, source: str) -> Path:
    p = Path(path).expanduser()
    if not p.is_file():
        raise SourceError(
            f"source {source!r}: {what} file {str(p)!r} does not exist "
            f"(resolved from {Path.cwd()}); set it in config.yaml or with --config"
        )
    return p.resolve()


def _finish(rows: pd.DataFrame, name: str, rejections: list[Rejection]) -> SourceScan:
    """Validate ids, drop duplicates and missing audio into rejections, fix column order."""
    keep = []
    seen: set[str] = set()
    for idx, row in rows.iterrows():
        tid = row["track_id"]
        try:
            validate_track_id(tid)
        except InvalidTrackId as exc:
            rejections.append(Rejection(name, str(tid), "source", str(exc), str(row.get("audio_path", ""))))
            continue
        if tid in seen:
            rejections.append(Rejection(name, tid, "source", "duplicate track id", str(row["audio_path"])))
            continue
        seen.add(tid)
        if not Path(row["audio_path"]).is_file():
            rejections.append(Rejection(name, tid, "source", "audio file missing", str(row["audio_path"])))
            continue
        keep.append(idx)
    out = rows.loc[keep].copy()
    out["source"] = name
    for col in TRACK_COLUMNS:
        if col not in out:
            out[col] = pd.NA
    out = out[TRACK_COLUMNS].sort_values("track_id", kind="stable").reset_index(drop=True)
    for col in ("language", "genre"):
        out[col] = out[col].astype("string").str.strip().replace("", pd.NA)
    return SourceScan(out, rejections)


def scan_ende_previews(cfg: dict) -> SourceScan:
    """The English/German previews set: ``sampled.tsv`` + ``<mirror>/<track_id>.mp3``."""
    name = cfg["name"]
    manifest = _existing_file(cfg["location"], "manifest", name)
    mirror = _existing_dir(cfg["mirror"], "mirror", name)
    table = pd.read_csv(manifest, sep="\t", dtype=str, keep_default_na=False)
    required = {"track_id", "language", "tag"}
    missing = required - set(table.columns)
    if missing:
        raise SourceError(f"source {name!r}: manifest {manifest} lacks columns {sorted(missing)}")
    rows = pd.DataFrame(
        {
            "track_id": table["track_id"],
            "title": table.get("title", table.get("name", "")),
            "artist": table.get("artist", ""),
            "language": table["language"],
            "genre": table["tag"],
            "lyrics": table.get("lyrics", ""),
        }
    )
    ext = cfg.get("audio_extension", ".mp3")
    rows["audio_path"] = [str(mirror / f"{tid}{ext}") for tid in rows["track_id"]]
    return _finish(rows, name, [])


def scan_folder(cfg: dict) -> SourceScan:
    """A user's folder of audio files; the track id is the file name without extension.

    Optional metadata (``location``): a CSV with a ``track_id`` or ``file`` column and any of
    ``title, artist, language, genre, lyrics``. Files without a metadata row have no labels.
    """
    name = cfg["name"]
    mirror = _existing_dir(cfg["mirror"], "audio", name)
    files = sorted(p for p in mirror.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_EXTENSIONS)
    rows = pd.DataFrame({"track_id": [p.stem for p in files], "audio_path": [str(p) for p in files]})
    rejections: list[Rejection] = []
    if cfg.get("location"):
        meta = pd.read_csv(_existing_file(cfg["location"], "metadata", name), dtype=str, keep_default_na=False)
        if "track_id" not in meta.columns:
            if "file" not in meta.columns:
                raise SourceError(f"source {name!r}: metadata {cfg['location']} needs a track_id or file column")
            meta["track_id"] = meta["file"].map(lambda f: Path(f).stem)
        meta = meta.drop(columns=[c for c in ("file", "audio_path") if c in meta.columns])
        meta = meta.drop_duplicates("track_id")
        on_disk = set(rows["track_id"])
        for tid in meta["track_id"]:
            if tid not in on_disk:
                rejections.append(Rejection(name, tid, "source", "audio file missing", str(mirror)))
        rows = rows.merge(meta, on="track_id", how="left")
    return _finish(rows, name, rejections)


ADAPTERS: dict[str, Callable[[dict], SourceScan]] = {
    "ende_previews": scan_ende_previews,
    "folder": scan_folder,
}


def scan_source(cfg: dict) -> SourceScan:
    adapter = cfg.get("adapter")
    if adapter not in ADAPTERS:
        raise SourceError(f"source {cfg.get('name')!r}: unknown adapter {adapter!r}; known: {sorted(ADAPTERS)}")
    return ADAPTERS[adapter](cfg)


def sha256_of(path: str | Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def header_duration(path: str | Path) -> float:
    """Duration in seconds from the file header, or NaN when the header cannot be read."""
    import soundfile

    try:
        return float(soundfile.info(str(path)).duration)
    except Exception:  # noqa: BLE001 - an unreadable header is reported by the feature stage
        return float("nan")


def track_table(scan: SourceScan) -> pd.DataFrame:
    """The scanned tracks with file size, sha256 and header duration added."""
    out = scan.tracks.copy()
    out["size_bytes"] = [Path(p).stat().st_size for p in out["audio_path"]]
    out["sha256"] = [sha256_of(p) for p in out["audio_path"]]
    out["duration"] = [header_duration(p) for p in out["audio_path"]]
    return out
