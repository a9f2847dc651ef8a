"""The adapters of the project's own layouts: the English/German previews, a manifest of URLs, a
folder of audio files, HBLM-100's metadata, and a pool of other sources' lyrics."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from musiclust.data.adapters.registry import register_adapter
from musiclust.data.rejects import Rejection
from musiclust.data.tracks import AUDIO_EXTENSIONS, SourceError, SourceScan, existing_dir, existing_file, finish_scan


def audio_extension(cfg: dict) -> str:
    return cfg.get("audio_extension", ".mp3")


@register_adapter("ende_previews")
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


@register_adapter("manifest")
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


@register_adapter("folder")
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


@register_adapter("hblm100")
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


@register_adapter("combined")
def scan_combined(cfg: dict) -> SourceScan:
    """Several sources' lyrics as one (lyrics-only) source, to audit how far clusters follow the
    source rather than the language. ``members``: the member sources' configs (the workflow
    fills them in from ``sources``). Track ids become ``<source>__<track id>``; ``dataset`` is
    the member source."""
    frames, rejections = [], []
    for member in cfg.get("members", []):
        from musiclust.data.sources import scan_source  # the pool scans its members like any source

        scan = scan_source(member)
        rows = scan.tracks.copy()
        rows["track_id"] = member["name"] + "__" + rows["track_id"]
        rows["dataset"] = member["name"]
        frames.append(rows.drop(columns=["source", "audio_path"]))
        rejections += scan.rejections
    if not frames:
        raise SourceError(f"source {cfg['name']!r}: a combined source needs member sources")
    return finish_scan(pd.concat(frames, ignore_index=True), cfg["name"], rejections, audio=False)
