"""The adapters of the project's own layouts: the English/German previews, a manifest of URLs, a
folder of audio files, HBLM-100's metadata, and a pool of other sources' lyrics."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from musiclust.data.adapters.registry import register_adapter
from musiclust.data.ids import unique_track_ids
from musiclust.data.rejects import Rejection
from musiclust.data.tags import fill_from_tags, is_blank, sidecar_lyrics
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
    scan = finish_scan(table, name, [], download=True)
    scan.reads_tags = True  # the downloaded files' tags fill what the manifest leaves empty (track_table)
    return scan


@register_adapter("folder")
def scan_folder(cfg: dict) -> SourceScan:
    """A user's folder of audio files as it is on disk, whatever their names: each file's track id
    is derived from its name (``musiclust.data.ids.unique_track_ids``), which is kept as
    ``file_name`` and as the ``title`` where nothing else gives one. What the files say of
    themselves is read: with ``labels_from_folders`` the folders they are sorted into (the first
    folder under the root is the first label, and so on), their tags (``fill_from_tags``) and the
    lyrics files beside them. Precedence: the metadata CSV, the folders, the tags, the lyrics file,
    the file's name (LRCLIB is asked only for lyrics none of them gives).

    Optional metadata (``location``): a CSV with a ``file`` column (a file's name, its path under
    the folder, or its name without extension) or a ``track_id`` column (the name without
    extension, or the derived id), and any of ``title, artist, language, genre, lyrics``.
    """
    name = cfg["name"]
    mirror = existing_dir(cfg["mirror"], "audio", name)
    files = sorted(p for p in mirror.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_EXTENSIONS)
    stems = [nfc(p.stem) for p in files]
    paths = [nfc(p.relative_to(mirror).as_posix()) for p in files]
    rows = pd.DataFrame(
        {"track_id": unique_track_ids(stems, paths), "file_name": [nfc(p.name) for p in files]}
        | {"audio_path": [str(p) for p in files], "lyrics_source": pd.NA}
    )
    for depth, label in enumerate(cfg.get("labels_from_folders") or []):
        rows[label] = [parts[depth] if len(parts := Path(p).parent.parts) > depth else pd.NA for p in paths]
    rejections: list[Rejection] = []
    if cfg.get("location"):
        rows = merge_metadata(rows, cfg, stems, paths, mirror, rejections)
    rows = fill_from_tags(rows)
    for idx, path in rows["audio_path"].items():
        if is_blank(rows.at[idx, "lyrics"]):
            lyrics, sidecar = sidecar_lyrics(path)
            if lyrics:
                rows.at[idx, "lyrics"], rows.at[idx, "lyrics_source"] = lyrics, f"sidecar:{sidecar}"
        if is_blank(rows.at[idx, "title"]):
            rows.at[idx, "title"] = stems[idx]
    return finish_scan(rows, name, rejections)


def merge_metadata(rows, cfg, stems, paths, mirror, rejections) -> pd.DataFrame:
    """The folder's rows with the metadata CSV's values over them; a CSV row naming no file (or
    several) is a rejection."""
    name = cfg["name"]
    meta = pd.read_csv(existing_file(cfg["location"], "metadata", name), dtype=str, keep_default_na=False)
    if not {"file", "track_id"} & set(meta.columns):
        raise SourceError(f"source {name!r}: metadata {cfg['location']} needs a file or track_id column")
    lookup = folder_lookup(rows, stems, paths)
    # a row names its file by `file` where it has one, else by `track_id`
    named = meta.get("file", pd.Series("", index=meta.index)).where(lambda f: f != "", meta.get("track_id", ""))
    ids = named.map(lambda v: lookup.get(nfc(str(v))))
    for value, tid in zip(named, ids):
        if pd.isna(tid):
            reason = "matches several files" if nfc(str(value)) in lookup else "audio file missing"
            rejections.append(Rejection(name, str(value), "source", reason, str(mirror)))
    meta = meta.assign(track_id=ids).dropna(subset=["track_id"]).drop_duplicates("track_id")
    meta = meta.drop(columns=[c for c in ("file", "audio_path", "file_name") if c in meta.columns])
    rows = rows.set_index("track_id")
    for column in meta.columns.drop("track_id"):
        given = meta.set_index("track_id")[column]
        given = given[given != ""]
        old = rows[column] if column in rows else pd.Series(pd.NA, index=rows.index, dtype="object")
        rows[column] = old.where(~rows.index.isin(given.index), rows.index.map(given))
        if column == "lyrics":
            rows.loc[rows.index.isin(given.index), "lyrics_source"] = "labels.csv"
    return rows.reset_index()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def folder_lookup(rows: pd.DataFrame, stems: list[str], paths: list[str]) -> dict:
    """What a metadata row may name a file by -> its track id (None where several files share it):
    its path under the folder, its name, its name without extension, its track id."""
    lookup: dict[str, str | None] = {}
    for tid, stem, path, file_name in zip(rows["track_id"], stems, paths, rows["file_name"]):
        for k in dict.fromkeys((path, file_name, stem, tid)):
            lookup[k] = tid if lookup.get(k, tid) == tid else None
    return lookup


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
