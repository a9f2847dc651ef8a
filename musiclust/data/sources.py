"""Dataset adapters: turn a configured source into a table of tracks with audio paths and labels.

A source in config has a ``name``, an ``adapter``, a ``location`` (its manifest or metadata
file, optional for ``folder``) and a ``mirror``: the local folder holding its audio, read in
place, or, with ``download: true``, the first place (folder or base URL) to fetch each track
from before its manifest URL (see ``musiclust.data.download``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from musiclust.config.names import LABELS
from musiclust.data.hashing import sha256_of
from musiclust.data.ids import InvalidTrackId, shard_of, validate_track_id
from musiclust.data.labels import normalise_labels
from musiclust.data.rejects import Rejection

TRACK_COLUMNS = [
    "track_id",
    "source",
    "audio_path",
    "url",
    "title",
    "artist",
    "album",
    "song_seconds",
    "language",
    "genre",
    "lyrics",
    "dataset",  # where a track came from, when a source combines several (the confound audit's label)
    *(f"{label}_{part}" for label in LABELS for part in ("raw", "provenance")),  # see normalise_labels
]
MANIFEST_CHECK_COLUMNS = ["manifest_sha256", "manifest_size"]
AUDIO_EXTENSIONS = (".mp3", ".wav", ".flac", ".ogg", ".oga", ".aiff", ".aif")


class SourceError(ValueError):
    """A source whose configuration or files cannot be read at all."""


@dataclass
class SourceScan:
    """The tracks of a source and the ones that were quarantined.

    For a source read in place, ``audio_path`` is the file on disk (tracks without one are
    rejected); for a downloaded source it is empty until the download stage fills it.
    """

    tracks: pd.DataFrame
    rejections: list[Rejection] = field(default_factory=list)
    download: bool = False
    audio: bool = True

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


def _existing(path: str | Path, what: str, source: str, kind: str) -> Path:
    """``path`` resolved, if it is an existing ``kind`` ("file" or "directory"); else a SourceError."""
    p = Path(path).expanduser()
    if not (p.is_dir() if kind == "directory" else p.is_file()):
        raise SourceError(
            f"source {source!r}: {what} {kind} {str(p)!r} does not exist "
            f"(resolved from {Path.cwd()}); set it in config.yaml or with --config"
        )
    return p.resolve()


def _existing_dir(path: str | Path, what: str, source: str) -> Path:
    if not isinstance(path, (str, Path)):
        raise SourceError(f"source {source!r}: {what} must be one folder to read audio from in place, got {path!r}")
    return _existing(path, what, source, "directory")


def _existing_file(path: str | Path, what: str, source: str) -> Path:
    return _existing(path, what, source, "file")


def _finish(
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
    for col in ("language", "genre", "url", "manifest_sha256", "dataset"):
        out[col] = out[col].astype("string").str.strip().replace("", pd.NA)
    out["manifest_size"] = pd.to_numeric(out["manifest_size"], errors="coerce").astype("Int64")
    out["song_seconds"] = pd.to_numeric(out["song_seconds"], errors="coerce")
    if not audio:
        out["audio_path"] = ""
    return SourceScan(out, rejections, download and audio, audio)


def scan_ende_previews(cfg: dict) -> SourceScan:
    """The English/German previews set: ``sampled.tsv`` + ``<mirror>/<track_id>.mp3``."""
    name = cfg["name"]
    manifest = _existing_file(cfg["location"], "manifest", name)
    download = bool(cfg.get("download", False))
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
            "url": table.get("spotify_preview_url", ""),
            "song_seconds": pd.to_numeric(table.get("duration_ms"), errors="coerce") / 1000.0,
        }
    )
    if not download:
        mirror = _existing_dir(cfg["mirror"], "mirror", name)
        rows["audio_path"] = [str(mirror / f"{tid}{audio_extension(cfg)}") for tid in rows["track_id"]]
    return _finish(rows, name, [], download)


def scan_manifest(cfg: dict) -> SourceScan:
    """A generic manifest (CSV, or TSV by suffix): ``track_id``, ``url`` and optional ``sha256``,
    ``size``, ``title``, ``artist``, ``language``, ``genre``, ``lyrics``. Audio is downloaded."""
    name = cfg["name"]
    manifest = _existing_file(cfg["location"], "manifest", name)
    sep = "\t" if manifest.suffix.lower() in (".tsv", ".tab") else ","
    table = pd.read_csv(manifest, sep=sep, dtype=str, keep_default_na=False)
    if "track_id" not in table.columns:
        raise SourceError(f"source {name!r}: manifest {manifest} has no track_id column")
    table = table.rename(columns={"sha256": "manifest_sha256", "size": "manifest_size"})
    return _finish(table, name, [], download=True)


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


def scan_hblm100(cfg: dict) -> SourceScan:
    """HBLM-100: ``metadata.csv`` (filename, language, genre, lyrics) + ``<mirror>/<filename>``.

    The track id is the file name with its folder: ``bangla/song_1.mp3`` -> ``bangla_song_1``.
    With ``audio: false`` (the default here: most of its audio is a separate download) the
    source is lyrics-only and files on disk are not needed.
    """
    name = cfg["name"]
    meta = pd.read_csv(_existing_file(cfg["location"], "metadata", name), dtype=str, keep_default_na=False)
    audio = bool(cfg.get("audio", False))
    rows = pd.DataFrame(
        {
            "track_id": meta["filename"].map(lambda f: str(Path(f).with_suffix("")).replace("/", "_")),
            "language": meta["language"],
            "genre": meta["genre"],
            "lyrics": meta["lyrics"],
        }
    )
    if audio:
        mirror = _existing_dir(cfg["mirror"], "audio", name)
        rows["audio_path"] = [str(mirror / f) for f in meta["filename"]]
    return _finish(rows, name, [], audio=audio)


def scan_lyrics_csv(cfg: dict) -> SourceScan:
    """A lyrics table (``writer``, ``title``, ``lyrics``) with no audio; ids are ``song_<row>``.

    ``genre_by_writer`` (optional) maps writers to a genre label and keeps only those writers
    (e.g. Tagore -> Rabindra Sangeet); ``language`` (optional) labels every song.
    """
    name = cfg["name"]
    table = pd.read_csv(_existing_file(cfg["location"], "lyrics", name), dtype=str, keep_default_na=False)
    missing = {"writer", "lyrics"} - set(table.columns)
    if missing:
        raise SourceError(f"source {name!r}: {cfg['location']} lacks columns {sorted(missing)}")
    rows = pd.DataFrame(
        {
            "track_id": [f"song_{i:05d}" for i in range(len(table))],
            "artist": table["writer"],
            "title": table.get("title", ""),
            "lyrics": table["lyrics"],
            "language": cfg.get("language", ""),
        }
    )
    mapping = cfg.get("genre_by_writer")
    if mapping:
        rows = rows[rows["artist"].isin(list(mapping))].copy()
        rows["genre"] = rows["artist"].map(mapping)
    return _finish(rows, name, [], audio=False)


FEATURE_TABLE_DEFAULTS = {
    "id_column": "filename",
    "genre_column": "label",
    "language_column": "language",
    "drop_columns": ["length"],
}


def feature_table_id(value: str) -> str:
    """``blues.00000.wav`` -> ``blues.00000`` (the file name without its audio extension)."""
    p = Path(str(value))
    return p.stem if p.suffix.lower() in AUDIO_EXTENSIONS else p.name


def read_feature_table(cfg: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables of precomputed per-clip features (GTZAN / BanglaBeats / Million Song Dataset style).

    ``location`` is one CSV or a list; with several, each row's ``dataset`` is its file's stem and
    ``dataset_language`` may give each file's language. Returns (labels, features): ``labels``
    has track_id, language, genre, dataset; ``features`` the numeric columns minus ``drop_columns``
    (by default ``length``: the clip's sample count differs by dataset, 661794 in GTZAN vs
    661500 in BanglaBeats, so it would identify the source).
    """
    name = cfg["name"]
    opts = {**FEATURE_TABLE_DEFAULTS, **{k: v for k, v in cfg.items() if k in FEATURE_TABLE_DEFAULTS}}
    locations = cfg["location"] if isinstance(cfg["location"], list) else [cfg["location"]]
    parts = []
    for location in locations:
        path = _existing_file(location, "feature table", name)
        part = pd.read_csv(path)
        if opts["id_column"] not in part.columns:
            raise SourceError(f"source {name!r}: feature table {path} has no id column {opts['id_column']!r}")
        part["__dataset"] = path.stem if len(locations) > 1 else pd.NA
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    ids = table[opts["id_column"]].astype(str).map(feature_table_id)
    labels = pd.DataFrame({"track_id": ids, "dataset": table["__dataset"]})
    if opts["language_column"] in table.columns:
        labels["language"] = table[opts["language_column"]].astype(str)
    elif cfg.get("dataset_language"):
        labels["language"] = table["__dataset"].map(cfg["dataset_language"])
    else:
        labels["language"] = cfg.get("language", "")
    labels["language"] = labels["language"].map(lambda v: cfg.get("language_map", {}).get(v, v))
    labels["genre"] = table[opts["genre_column"]].astype(str) if opts["genre_column"] in table.columns else ""
    label_cols = {opts["id_column"], opts["genre_column"], opts["language_column"], "__dataset", *opts["drop_columns"]}
    numeric = table.drop(columns=[c for c in table.columns if c in label_cols]).select_dtypes("number")
    numeric.insert(0, "track_id", ids)
    return labels, numeric


def scan_feature_table(cfg: dict) -> SourceScan:
    """Precomputed features with labels and no audio: its models read the table (``import_feature_table``)."""
    labels, _ = read_feature_table(cfg)
    return _finish(labels, cfg["name"], [], audio=False)


def feature_table_frame(cfg: dict) -> pd.DataFrame:
    """The feature columns of the tracks the scan kept (valid, unique ids), sorted by track id."""
    labels, numeric = read_feature_table(cfg)
    kept = set(_finish(labels, cfg["name"], [], audio=False).tracks["track_id"])
    numeric = numeric[numeric["track_id"].isin(kept)].drop_duplicates("track_id")
    return numeric.sort_values("track_id", kind="stable").reset_index(drop=True)


def scan_combined(cfg: dict) -> SourceScan:
    """Several sources' lyrics as one (lyrics-only) source, to audit how far clusters follow the
    source rather than the language. ``members``: the member sources' configs (the workflow
    fills them in from ``sources``). Track ids become ``<source>__<track id>``; ``dataset`` is
    the member source."""
    frames, rejections = [], []
    for member in cfg.get("members", []):
        scan = scan_source(member)
        rows = scan.tracks.copy()
        rows["track_id"] = member["name"] + "__" + rows["track_id"]
        rows["dataset"] = member["name"]
        frames.append(rows.drop(columns=["source", "audio_path"]))
        rejections += scan.rejections
    if not frames:
        raise SourceError(f"source {cfg['name']!r}: a combined source needs member sources")
    return _finish(pd.concat(frames, ignore_index=True), cfg["name"], rejections, audio=False)


ADAPTERS: dict[str, Callable[[dict], SourceScan]] = {
    "combined": scan_combined,
    "feature_table": scan_feature_table,
    "ende_previews": scan_ende_previews,
    "folder": scan_folder,
    "manifest": scan_manifest,
    "hblm100": scan_hblm100,
    "lyrics_csv": scan_lyrics_csv,
}


def scan_source(cfg: dict) -> SourceScan:
    """The source's tracks, with its labels normalised and their provenance recorded."""
    adapter = cfg.get("adapter")
    if adapter not in ADAPTERS:
        raise SourceError(f"source {cfg.get('name')!r}: unknown adapter {adapter!r}; known: {sorted(ADAPTERS)}")
    scan = ADAPTERS[adapter](cfg)
    scan.tracks = normalise_labels(scan.tracks, cfg.get("labels") or {})
    return scan


def audio_extension(cfg: dict) -> str:
    return cfg.get("audio_extension", ".mp3")


def header_duration(path: str | Path) -> float:
    """Duration in seconds from the file header, or NaN when the header cannot be read."""
    import soundfile

    try:
        return float(soundfile.info(str(path)).duration)
    except Exception:  # noqa: BLE001 - an unreadable header is reported by the feature stage
        return float("nan")


def track_table(scan: SourceScan, downloads: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tracks that have audio, with file size, sha256, where it came from and header duration.

    For a downloaded source, ``downloads`` is the download report (``musiclust.data.download``);
    tracks that failed to download are left out here (the download stage rejected them).
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
    out["duration"] = [header_duration(p) for p in out["audio_path"]]
    return out.drop(columns=MANIFEST_CHECK_COLUMNS).reset_index(drop=True)
