"""What audio files already say about themselves: their tags (ID3, Vorbis comments, MP4 atoms,
read with mutagen) and the lyrics files kept beside them (``<name>.lrc``, ``.srt``, ``.txt``).

A tag or lyrics file that cannot be read is a warning in the job's log, never a lost track.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

SIDECAR_SUFFIXES = (".lrc", ".srt", ".txt")  # in this order of preference
# easy-tag keys (mutagen's EasyID3 / Vorbis / EasyMP4 names) per field
EASY_KEYS = {
    "title": ("title",),
    "artist": ("artist", "albumartist"),
    "album": ("album",),
    "genre": ("genre",),
    "year": ("date", "year", "originaldate"),
    "language": ("language",),
}
VORBIS_LYRICS = ("lyrics", "unsyncedlyrics", "unsynced lyrics")
SRT_TIME = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}")
LRC_TAG = re.compile(r"\[(\d{1,3}:\d{2}(?:[.:]\d{1,3})?|[a-z]{2,6}:[^\]]*)\]", re.I)


def _first(values) -> str:
    for value in values if isinstance(values, (list, tuple)) else [values]:
        text = str(value).strip()
        if text:
            return unicodedata.normalize("NFC", text)
    return ""


def embedded_lyrics(audio) -> tuple[str, str]:
    """(lyrics, the tag they came from) of a mutagen file opened without ``easy``."""
    tags = getattr(audio, "tags", None)
    if not tags:
        return "", ""
    if hasattr(tags, "getall"):  # ID3: unsynchronised, then synchronised lyrics
        for frame in tags.getall("USLT"):
            if str(frame.text).strip():
                return _first(frame.text), "USLT"
        for frame in tags.getall("SYLT"):
            lines = [text for text, _ in frame.text if str(text).strip()]
            if lines:
                return _first("\n".join(lines)), "SYLT"
        return "", ""
    from mutagen.mp4 import MP4Tags

    if isinstance(tags, MP4Tags):
        return (_first(tags["\xa9lyr"]), "\xa9lyr") if "\xa9lyr" in tags else ("", "")
    for key in VORBIS_LYRICS:
        if key in tags:
            return _first(tags[key]), key.upper()
    return "", ""


def read_tags(path: str | Path) -> dict[str, str]:
    """The file's title, artist, album, genre, year, language and embedded lyrics (with
    ``lyrics_tag``: the frame or key they came from), those it has; {} where it has no readable tags."""
    import mutagen

    out = {}
    try:
        easy = mutagen.File(str(path), easy=True)
        if easy is not None and easy.tags:
            for field, keys in EASY_KEYS.items():
                value = next((_first(easy.tags[k]) for k in keys if k in easy.tags and _first(easy.tags[k])), "")
                if value:
                    out[field] = value[:4] if field == "year" and re.match(r"\d{4}", value) else value
        full = mutagen.File(str(path))
        lyrics, tag = embedded_lyrics(full) if full is not None else ("", "")
    except Exception as exc:  # noqa: BLE001 - mutagen raises many kinds for a broken header
        log.warning("%s: tags not read (%s: %s); the track keeps its audio", path, type(exc).__name__, exc)
        return {}
    if lyrics:
        out["lyrics"], out["lyrics_tag"] = lyrics, tag
    return out


def sidecar_text(text: str, suffix: str) -> str:
    """A lyrics file's words: SRT cue numbers and times, LRC time stamps and ``[ar:...]`` tags gone."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if suffix == ".srt" and (line.strip().isdigit() or SRT_TIME.match(line)):
            continue
        if suffix in (".lrc", ".srt"):
            line = LRC_TAG.sub("", line)
        lines.append(line.strip())
    words = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", words).strip()


def sidecar_lyrics(audio_path: str | Path) -> tuple[str, str]:
    """(lyrics, the file's name) of the first lyrics file beside the audio with its name and one of
    SIDECAR_SUFFIXES; ("", "") where there is none or it cannot be read as text."""
    audio_path = Path(audio_path)
    for suffix in SIDECAR_SUFFIXES:
        candidate = audio_path.with_suffix(suffix)
        if not candidate.is_file():
            continue
        raw = candidate.read_bytes()
        encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            log.warning(
                "%s: not %s text (%s at byte %d); its lyrics are not read", candidate, encoding, exc.reason, exc.start
            )
            continue
        words = sidecar_text(text, suffix)
        if words:
            return unicodedata.normalize("NFC", words), candidate.name
    return "", ""


def is_blank(value) -> bool:
    """Whether a table cell holds nothing (missing, or only whitespace)."""
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def fill_from_tags(tracks, fields=("title", "artist", "album", "year", "language", "genre", "lyrics")):
    """A track table with what each file's tags say filled in where the table has nothing (the
    table's own values win): labels from tags get the provenance ``metadata``, lyrics the
    ``lyrics_source`` ``tag:<frame>``. Fold the labels afterwards (``normalise_labels``)."""
    out = tracks.copy()
    for column in (*fields, "lyrics_source", "language_provenance", "genre_provenance"):
        if column not in out:
            out[column] = pd.NA
        out[column] = out[column].astype("object")
    for idx, path in out["audio_path"].items():
        tags = read_tags(path) if isinstance(path, str) and path else {}
        for field in fields:
            if tags.get(field) and is_blank(out.at[idx, field]):
                out.at[idx, field] = tags[field]
                if field in ("language", "genre"):
                    out.at[idx, f"{field}_provenance"] = "metadata"
                if field == "lyrics":
                    out.at[idx, "lyrics_source"] = f"tag:{tags['lyrics_tag']}"
    return out
