"""Dataset adapters: turn a configured source into a table of tracks with audio paths and labels.

A source in config has a ``name``, an ``adapter``, a ``location`` (its manifest or metadata
file, optional for ``folder``; the set's folder for a set read as distributed) and a ``mirror``:
the local folder holding its audio, read in place, or, with ``download: true``, the first place
(folder or base URL) to fetch each track from before its manifest URL (see
``musiclust.data.download``). The track table and the checks every adapter shares are in
``musiclust.data.tracks``; the standard sets' adapters in ``audio_sets``, ``msd``, ``midi``,
``lyric_tables`` and ``feature_tables``; what the plan knows of each in
``musiclust.config.names.ADAPTER_TRAITS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from musiclust.data.audio_sets import gtzan_table, scan_gtzan, scan_jamendolyrics, scan_mir1k
from musiclust.data.feature_tables import feature_table, scan_feature_table
from musiclust.data.hashing import sha256_of
from musiclust.data.labels import normalise_labels
from musiclust.data.lyric_tables import scan_bangla_lyrics_genres, scan_lyrics_csv
from musiclust.data.midi import midi_table, scan_lakh_midi
from musiclust.data.msd import msd_table, scan_msd
from musiclust.data.rejects import Rejection
from musiclust.data.tracks import (
    AUDIO_EXTENSIONS,
    MANIFEST_CHECK_COLUMNS,
    SourceError,
    SourceScan,
    existing_dir,
    existing_file,
    finish_scan,
)


def scan_ende_previews(cfg: dict) -> SourceScan:
    """The English/German previews set: ``sampled.tsv`` + ``<mirror>/<track_id>.mp3``."""
    name = cfg["name"]
    manifest = existing_file(cfg["location"], "manifest", name)
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
        mirror = existing_dir(cfg["mirror"], "mirror", name)
        rows["audio_path"] = [str(mirror / f"{tid}{audio_extension(cfg)}") for tid in rows["track_id"]]
    return finish_scan(rows, name, [], download)


def scan_manifest(cfg: dict) -> SourceScan:
    """A generic manifest (CSV, or TSV by suffix): ``track_id``, ``url`` and optional ``sha256``,
    ``size``, ``title``, ``artist``, ``language``, ``genre``, ``lyrics``. Audio is downloaded."""
    name = cfg["name"]
    manifest = existing_file(cfg["location"], "manifest", name)
    sep = "\t" if manifest.suffix.lower() in (".tsv", ".tab") else ","
    table = pd.read_csv(manifest, sep=sep, dtype=str, keep_default_na=False)
    if "track_id" not in table.columns:
        raise SourceError(f"source {name!r}: manifest {manifest} has no track_id column")
    table = table.rename(columns={"sha256": "manifest_sha256", "size": "manifest_size"})
    return finish_scan(table, name, [], download=True)


def scan_folder(cfg: dict) -> SourceScan:
    """A user's folder of audio files; the track id is the file name without extension.

    Optional metadata (``location``): a CSV with a ``track_id`` or ``file`` column and any of
    ``title, artist, language, genre, lyrics``. Files without a metadata row have no labels.
    """
    name = cfg["name"]
    mirror = existing_dir(cfg["mirror"], "audio", name)
    files = sorted(p for p in mirror.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_EXTENSIONS)
    rows = pd.DataFrame({"track_id": [p.stem for p in files], "audio_path": [str(p) for p in files]})
    rejections: list[Rejection] = []
    if cfg.get("location"):
        meta = pd.read_csv(existing_file(cfg["location"], "metadata", name), dtype=str, keep_default_na=False)
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
    return finish_scan(rows, name, rejections)


def scan_hblm100(cfg: dict) -> SourceScan:
    """HBLM-100: ``metadata.csv`` (filename, language, genre, lyrics) + ``<mirror>/<filename>``.

    The track id is the file name with its folder: ``bangla/song_1.mp3`` -> ``bangla_song_1``.
    With ``audio: false`` (the default here: most of its audio is a separate download) the
    source is lyrics-only and files on disk are not needed.
    """
    name = cfg["name"]
    meta = pd.read_csv(existing_file(cfg["location"], "metadata", name), dtype=str, keep_default_na=False)
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
        mirror = existing_dir(cfg["mirror"], "audio", name)
        rows["audio_path"] = [str(mirror / f) for f in meta["filename"]]
    return finish_scan(rows, name, [], audio=audio)


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
    return finish_scan(pd.concat(frames, ignore_index=True), cfg["name"], rejections, audio=False)


ADAPTERS: dict[str, Callable[[dict], SourceScan]] = {
    "combined": scan_combined,
    "feature_table": scan_feature_table,
    "ende_previews": scan_ende_previews,
    "folder": scan_folder,
    "manifest": scan_manifest,
    "hblm100": scan_hblm100,
    "lyrics_csv": scan_lyrics_csv,
    "gtzan": scan_gtzan,
    "jamendolyrics": scan_jamendolyrics,
    "mir1k": scan_mir1k,
    "msd": scan_msd,
    "lakh_midi": scan_lakh_midi,
    "bangla_lyrics_genres": scan_bangla_lyrics_genres,
}

# Sources read as feature tables (ADAPTER_TRAITS: features "table"): their scan and their features.
FEATURE_TABLES: dict[str, Callable[[dict], tuple[SourceScan, pd.DataFrame]]] = {
    "feature_table": feature_table,
    "gtzan": gtzan_table,
    "msd": msd_table,
    "lakh_midi": midi_table,
}


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
