"""The track table every dataset adapter produces: its columns, the scan that holds it, and the
checks every adapter shares (files that must exist, ids, duplicates, missing audio)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from musiclust.config.names import LABELS
from musiclust.data.ids import InvalidTrackId, shard_of, validate_track_id
from musiclust.data.rejects import Rejection

TRACK_COLUMNS = [
    "track_id",
    "source",
    "audio_path",
    "file_name",  # the audio file's own name, whatever it is (a folder source's track id is derived from it)
    "url",
    "title",
    "artist",
    "album",
    "year",
    "song_seconds",
    "language",
    "genre",
    "lyrics",
    "lyrics_source",  # where the source's own lyrics came from (a tag, a file beside the audio, labels.csv)
    "licence",  # the track's own licence, where a set gives one per track (JamendoLyrics)
    "dataset",  # where a track came from, when a source combines several (the confound audit's label)
    *(f"{label}_{part}" for label in LABELS for part in ("raw", "provenance")),  # see normalise_labels
]
MANIFEST_CHECK_COLUMNS = ["manifest_sha256", "manifest_size"]
AUDIO_EXTENSIONS = (".mp3", ".wav", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".aiff", ".aif")


class SourceError(ValueError):
    """A source whose configuration or files cannot be read at all."""


@dataclass
class SourceScan:
    """The tracks of a source and the ones that were quarantined.

    For a source read in place, ``audio_path`` is the file on disk (tracks without one are
    rejected); for a downloaded source it is empty until the download stage fills it.
    ``decode`` holds the feature settings this source's audio is decoded with (a stereo set's
    channel, the soundfont MIDI is rendered with; see ``musiclust.audio.features.FeatureConfig``).
    """

    tracks: pd.DataFrame
    rejections: list[Rejection] = field(default_factory=list)
    download: bool = False
    audio: bool = True
    decode: dict = field(default_factory=dict)
    reads_tags: bool = False  # the track table fills empty fields from the (downloaded) files' tags

    def feature_settings(self, settings: dict) -> dict:
        """The feature stage's settings for this source: ``settings`` (the features section) with
        how its audio is decoded; the same dict for a source decoded as usual."""
        return {**settings, **self.decode}

    def shard_tracks(self, shard: int, n_shards: int) -> pd.DataFrame:
        mask = self.tracks["track_id"].map(lambda t: shard_of(t, n_shards) == shard)
        return self.tracks[mask]

    def download_rows(self, shard: int, n_shards: int) -> list[list]:
        """[track_id, url, sha256, size] per track of the shard (None where the manifest has none)."""
        table = self.shard_tracks(shard, n_shards)[["track_id", "url", "manifest_sha256", "manifest_size"]]
        return [[None if pd.isna(v) else v for v in row] for row in table.astype(object).values.tolist()]

    def shard_audio(self, shard: int, n_shards: int, folder: str, extension: str) -> list[list[str]]:
        """[track_id, audio path] of the shard's tracks; downloaded audio lies in ``folder``."""
        table = self.shard_tracks(shard, n_shards)
        if not self.download:
            return table[["track_id", "audio_path"]].values.tolist()
        return [[t, f"{folder}/{t}{extension}"] for t in table["track_id"]]

    def artist_groups(self) -> dict[str, str] | None:
        """Track id -> case-folded artist, for validation splits disjoint by artist (hence by song);
        None when the source names no artists."""
        artists = self.tracks["artist"].astype("string").str.strip().str.casefold()
        if artists.isna().all() or (artists == "").all():
            return None
        return {t: a for t, a in zip(self.tracks["track_id"], artists) if isinstance(a, str) and a}

    def label_maps(self, labels: list[str] | tuple[str, ...]) -> dict[str, dict[str, str]]:
        """{label: {track id: value}} of the tracks that have each label."""
        tracks = self.tracks.set_index("track_id")
        return {label: {t: v for t, v in tracks[label].items() if isinstance(v, str)} for label in labels}


def existing(path: str | Path, what: str, source: str, kind: str) -> Path:
    """``path`` resolved, if it is an existing ``kind`` ("file" or "directory"); else a SourceError."""
    p = Path(path).expanduser()
    if not (p.is_dir() if kind == "directory" else p.is_file()):
        raise SourceError(
            f"source {source!r}: {what} {kind} {str(p)!r} does not exist "
            f"(resolved from {Path.cwd()}); set it in config.yaml or with --config"
        )
    return p.resolve()


def existing_dir(path: str | Path, what: str, source: str) -> Path:
    if not isinstance(path, (str, Path)):
        raise SourceError(f"source {source!r}: {what} must be one folder to read audio from in place, got {path!r}")
    return existing(path, what, source, "directory")


def existing_file(path: str | Path, what: str, source: str) -> Path:
    return existing(path, what, source, "file")


def finish_scan(
    rows: pd.DataFrame, name: str, rejections: list[Rejection], download: bool = False, audio: bool = True
) -> SourceScan:
    """Validate ids, drop duplicates and (read in place) missing audio into rejections, fix column order."""
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
            rejections.append(Rejection(name, tid, "source", "duplicate track id", str(row.get("audio_path", ""))))
            continue
        seen.add(tid)
        if audio and not download and not Path(row["audio_path"]).is_file():
            rejections.append(Rejection(name, tid, "source", "audio file missing", str(row["audio_path"])))
            continue
        keep.append(idx)
    out = rows.loc[keep].copy()
    out["source"] = name
    for col in TRACK_COLUMNS + MANIFEST_CHECK_COLUMNS:
        if col not in out:
            out[col] = pd.NA
    if download:
        out["audio_path"] = ""
    out = out[TRACK_COLUMNS + MANIFEST_CHECK_COLUMNS].sort_values("track_id", kind="stable").reset_index(drop=True)
    for col in ("language", "genre", "url", "manifest_sha256", "dataset", "licence"):
        out[col] = out[col].astype("string").str.strip().replace("", pd.NA)
    out["manifest_size"] = pd.to_numeric(out["manifest_size"], errors="coerce").astype("Int64")
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["song_seconds"] = pd.to_numeric(out["song_seconds"], errors="coerce")
    if not audio:
        out["audio_path"] = ""
    return SourceScan(out, rejections, download and audio, audio)
