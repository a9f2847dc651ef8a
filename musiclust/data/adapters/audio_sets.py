"""Standard audio sets read in place, exactly as distributed: GTZAN, JamendoLyrics and MIR-1K.

``location`` is the set's folder. Audio that is there but cannot be decoded (GTZAN's
``jazz.00054.wav``) is rejected by the feature stage, like every other source's; a lyrics file
that is missing or unreadable leaves the track its audio and is recorded as a rejection of the
``lyrics`` stage.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from musiclust.data.adapters.feature_tables import feature_table
from musiclust.data.adapters.lyric_tables import CsvDialect, read_records, records_table
from musiclust.data.adapters.registry import register_adapter
from musiclust.data.ids import safe_track_id
from musiclust.data.rejects import Rejection
from musiclust.data.tracks import SourceError, SourceScan, existing_dir, finish_scan

# GTZAN: <genre>/<genre>.000NN.wav under genres_original/ (the Kaggle distribution) or .au files
# under genres/ (the original Marsyas one); features_30_sec.csv beside them in the former.
GTZAN_AUDIO_FOLDERS = ("genres_original", "genres")
GTZAN_EXTENSIONS = (".wav", ".au")
GTZAN_FEATURES = "features_30_sec.csv"


def gtzan_table(cfg: dict) -> tuple[SourceScan, pd.DataFrame]:
    """GTZAN's own ``features_30_sec.csv`` (filename, length, librosa features, label) as a feature table."""
    root = existing_dir(cfg["location"], "GTZAN folder", cfg["name"])
    return feature_table(
        {"name": cfg["name"], "location": str(root / GTZAN_FEATURES), "language": cfg.get("language", "")}
    )


@register_adapter("gtzan", table=gtzan_table)
def scan_gtzan(cfg: dict) -> SourceScan:
    """GTZAN: the genre is the file's folder; the language is unknown unless ``language`` says.
    With ``feature_table: true`` the source is its ``features_30_sec.csv`` instead of the audio."""
    if cfg.get("feature_table"):
        return gtzan_table(cfg)[0]
    name = cfg["name"]
    root = existing_dir(cfg["location"], "GTZAN folder", name)
    audio = next((root / f for f in GTZAN_AUDIO_FOLDERS if (root / f).is_dir()), None)
    if audio is None:
        raise SourceError(
            f"source {name!r}: {root} has no {' or '.join(GTZAN_AUDIO_FOLDERS)} folder of <genre>/<genre>.000NN.wav"
        )
    files = sorted(p for p in audio.glob("*/*") if p.is_file() and p.suffix.lower() in GTZAN_EXTENSIONS)
    rows = pd.DataFrame(
        {
            "track_id": [p.stem for p in files],
            "audio_path": [str(p) for p in files],
            "genre": [p.parent.name for p in files],
            "language": cfg.get("language", ""),
        }
    )
    return finish_scan(rows, name, [])


def read_lyrics_file(path: Path, encoding: str) -> tuple[str | None, str]:
    """(the file's text, "") or (None, why it cannot be read)."""
    if not path.is_file():
        return None, "lyrics file missing"
    try:
        return path.read_text(encoding=encoding), ""
    except UnicodeDecodeError as exc:
        return None, f"lyrics file is not {encoding} text ({exc.reason} at byte {exc.start})"


def lyrics_rejections(scan: SourceScan, problems: dict[str, tuple[str, Path]], name: str) -> None:
    """Record the lyrics problems of the tracks the scan kept (they keep their audio)."""
    for tid in scan.tracks["track_id"]:
        if tid in problems:
            reason, path = problems[tid]
            scan.rejections.append(
                Rejection(name, tid, "lyrics", f"{reason}; the track keeps its audio, without these lyrics", str(path))
            )


# JamendoLyrics (MultiLang): JamendoLyrics.csv + mp3/<Filepath> + lyrics/<Filepath stem>.txt
JAMENDO_TABLE = "JamendoLyrics.csv"
JAMENDO_COLUMNS = ("Filepath", "Artist", "Title", "Genre", "Language", "LicenseType")


def jamendo_licence(value: str) -> str:
    """``BY-ND``, ``CC BY-ND`` and ``CC  BY-ND`` (all in the table) -> ``CC BY-ND``."""
    text = " ".join(str(value).split())
    return f"CC {text}" if text and not text.upper().startswith("CC") else text


@register_adapter("jamendolyrics")
def scan_jamendolyrics(cfg: dict) -> SourceScan:
    """JamendoLyrics: Creative Commons songs from Jamendo with their lyrics, in several languages
    (names such as ``English`` become ISO codes); each track's licence is kept (``licence``).
    Track ids are the file names made safe (``Capotes_à_un_Franc`` -> ``Capotes_a_un_Franc``)."""
    name = cfg["name"]
    root = existing_dir(cfg["location"], "JamendoLyrics folder", name)
    table_path = root / JAMENDO_TABLE
    if not table_path.is_file():
        raise SourceError(f"source {name!r}: {root} has no {JAMENDO_TABLE}")
    records, broken = read_records(table_path, CsvDialect(), name)
    if not records:
        raise SourceError(f"source {name!r}: {table_path} is empty")
    header, records = records[0].fields, records[1:]
    missing = [c for c in JAMENDO_COLUMNS if c not in header]
    if missing:
        raise SourceError(f"source {name!r}: {table_path} lacks columns {missing} (it has {header})")
    rejections: list[Rejection] = []
    ids, at = [], header.index("Filepath")
    for i, record in enumerate(records):
        stem = Path(record.fields[at]).stem if len(record.fields) > at else ""
        ids.append(safe_track_id(stem) if stem else f"row_{i + 1:05d}")  # no file name: still accounted for
    table = records_table(records, len(header), ids, name, table_path, rejections)
    if broken:
        rejections.append(Rejection(name, f"row_{len(records) + 1:05d}", "source", f"{JAMENDO_TABLE} {broken}", ""))
    column = {c: header.index(c) for c in header}
    problems: dict[str, tuple[str, Path]] = {}
    lyrics = []
    for tid, filepath in zip(table["track_id"], table[column["Filepath"]]):
        path = root / "lyrics" / f"{Path(filepath).stem}.txt"
        text, problem = read_lyrics_file(path, "utf-8")
        lyrics.append(text)
        if problem:
            problems[tid] = (problem, path)
    rows = pd.DataFrame(
        {
            "track_id": table["track_id"],
            "audio_path": [str(root / "mp3" / f) for f in table[column["Filepath"]]],
            "title": table[column["Title"]],
            "artist": table[column["Artist"]],
            "genre": table[column["Genre"]],
            "language": table[column["Language"]],
            "licence": table[column["LicenseType"]].map(jamendo_licence),
            "url": table[column["URL"]] if "URL" in column else "",
            "lyrics": lyrics,
        }
    )
    scan = finish_scan(rows, name, rejections)
    lyrics_rejections(scan, problems, name)
    return scan


# MIR-1K: Wavfile/<singer>_<song>_<clip>.wav, stereo: accompaniment left, singing voice right;
# Lyrics/<same name>.txt in traditional Chinese, Big5-HKSCS encoded.
MIR1K_CHANNELS = {"mix": None, "accompaniment": 0, "voice": 1}
MIR1K_NAME = re.compile(r"^(?P<singer>[^_]+)_(?P<song>[^_]+)_(?P<clip>[^_]+)$")
MIR1K_LYRICS_ENCODING = "big5-hkscs"


@register_adapter("mir1k")
def scan_mir1k(cfg: dict) -> SourceScan:
    """MIR-1K: amateur karaoke clips of Chinese pop songs (language ``zh`` unless ``language``
    says otherwise). The singer (from the file name) is the artist, so validation splits are
    disjoint by singer. ``channel`` (mix, voice, accompaniment) chooses what is decoded."""
    name = cfg["name"]
    root = existing_dir(cfg["location"], "MIR-1K folder", name)
    wavs = existing_dir(root / "Wavfile", "MIR-1K Wavfile", name)
    channel = cfg.get("channel", "mix")
    if channel not in MIR1K_CHANNELS:
        raise SourceError(f"source {name!r}: channel {channel!r} is not one of {list(MIR1K_CHANNELS)}")
    rejections: list[Rejection] = []
    rows, problems = [], {}
    for path in sorted(wavs.glob("*.wav")):
        match = MIR1K_NAME.match(path.stem)
        if not match:
            reason = "file name is not <singer>_<song>_<clip>.wav, so its singer is unknown"
            rejections.append(Rejection(name, path.stem, "source", reason, str(path)))
            continue
        lyrics_path = root / "Lyrics" / f"{path.stem}.txt"
        text, problem = read_lyrics_file(lyrics_path, cfg.get("lyrics_encoding", MIR1K_LYRICS_ENCODING))
        if problem:
            problems[path.stem] = (problem, lyrics_path)
        rows.append({"track_id": path.stem, "audio_path": str(path), "artist": match["singer"], "lyrics": text})
    table = pd.DataFrame(rows, columns=["track_id", "audio_path", "artist", "lyrics"])
    table["language"] = cfg.get("language", "zh")
    scan = finish_scan(table, name, rejections)
    lyrics_rejections(scan, problems, name)
    if MIR1K_CHANNELS[channel] is not None:
        scan.decode = {"channel": MIR1K_CHANNELS[channel]}
    return scan
