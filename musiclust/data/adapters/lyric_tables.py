"""Lyrics-only sources read from CSV files: any lyrics table with a column mapping and its CSV
dialect (``lyrics_csv``), and the Bangla lyrics-by-genre folder as distributed
(``bangla_lyrics_genres``). A record that does not parse as a row of its table becomes a
rejection with the lines it spans; it never stops the source nor vanishes."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from musiclust.config.settings import FromDict
from musiclust.data.adapters.registry import register_adapter
from musiclust.data.rejects import Rejection
from musiclust.data.tracks import SourceError, SourceScan, existing_dir, existing_file, finish_scan


@dataclass(frozen=True)
class CsvDialect(FromDict):
    """How a CSV file is written (a source's ``csv`` setting)."""

    separator: str = ","
    quote: str = '"'
    escape: str = ""  # a character that escapes the quote inside a quoted field (``\\'``); none by default
    header: bool = True  # without a header, columns are named by their 0-based position
    encoding: str = "utf-8-sig"  # UTF-8 with or without a byte-order mark


@dataclass(frozen=True)
class Record:
    fields: list[str]
    first_line: int  # 1-based physical lines of the file the record spans (a quoted field may hold newlines)
    last_line: int

    @property
    def lines(self) -> str:
        return (
            f"line {self.first_line}"
            if self.first_line == self.last_line
            else f"lines {self.first_line}-{self.last_line}"
        )


def read_records(path: Path, dialect: CsvDialect, source: str) -> tuple[list[Record], str]:
    """The file's records (blank lines skipped) and, if the parser gave up part-way, why and where.

    A file that is not text in ``dialect.encoding`` is a SourceError: no row of it can be trusted.
    """
    records: list[Record] = []
    with open(path, encoding=dialect.encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=dialect.separator, quotechar=dialect.quote, escapechar=dialect.escape or None)
        previous = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return records, ""
            except csv.Error as exc:
                return records, f"unreadable from line {previous + 1} on ({exc}); the rest of the file is skipped"
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"source {source!r}: {path} is not {dialect.encoding} text ({exc.reason} at byte {exc.start}); "
                    "set the source's csv: {encoding: ...}"
                ) from None
            if fields:
                records.append(Record(fields, previous + 1, reader.line_num))
            previous = reader.line_num


def records_table(
    records: list[Record], width: int, ids: list[str], source: str, path: Path, rejections: list[Rejection]
) -> pd.DataFrame:
    """The records with ``width`` fields as a table of strings (columns 0..width-1, ``track_id`` from
    ``ids``, one per record, and ``lines``); the others are rejected with the lines they span."""
    rows = []
    for record, tid in zip(records, ids):
        if len(record.fields) != width:
            reason = f"malformed row ({record.lines}): {len(record.fields)} fields, expected {width}"
            rejections.append(Rejection(source, tid, "source", reason, str(path)))
            continue
        rows.append([*record.fields, tid, record.lines])
    return pd.DataFrame(rows, columns=[*range(width), "track_id", "lines"], dtype=object)


# lyrics_csv: the columns read when the source maps none (a writer, title, lyrics table)
LEGACY_COLUMNS = {"artist": "writer", "title": "title", "lyrics": "lyrics"}
LEGACY_REQUIRED = ("artist", "lyrics")


@register_adapter("lyrics_csv")
def scan_lyrics_csv(cfg: dict) -> SourceScan:
    """A lyrics table with no audio. ``columns`` maps the fields id, title, artist, lyrics,
    language, genre to the file's column names (or 0-based positions with ``csv: {header: false}``);
    without it the file has ``writer``, ``title`` (optional) and ``lyrics``. ``csv`` gives the
    dialect (separator, quote, escape, header, encoding). Ids are the id column, else
    ``song_<row>``; a row with the wrong number of fields is rejected.

    ``genre_by_writer`` (optional) maps artists (writers) to a genre label and keeps only those
    (e.g. Tagore -> Rabindra Sangeet); ``language`` (optional) labels every song without a
    language column.
    """
    name = cfg["name"]
    path = existing_file(cfg["location"], "lyrics", name)
    dialect = CsvDialect.from_dict(cfg.get("csv") or {})
    columns = cfg.get("columns") or LEGACY_COLUMNS
    required = set(cfg["columns"]) if cfg.get("columns") else set(LEGACY_REQUIRED)
    records, broken = read_records(path, dialect, name)
    widths = pd.Series([len(r.fields) for r in records], dtype=int)
    header = [str(i) for i in range(int(widths.mode().max()) if len(widths) else 0)]  # the usual row's width
    if dialect.header:
        if not records:
            raise SourceError(f"source {name!r}: {path} is empty (no header)")
        header, records = records[0].fields, records[1:]
    positions = {}
    for fld, column in columns.items():
        key = str(column)
        if key in header:
            positions[fld] = header.index(key)
        elif fld in required:
            raise SourceError(
                f"source {name!r}: {path} has no column {column!r} for {fld} (its columns: {header}); "
                "map the fields with columns: {...}"
            )
    ids = [f"song_{i:05d}" for i in range(len(records))]
    rejections: list[Rejection] = []
    table = records_table(records, len(header), ids, name, path, rejections)
    if broken:
        rejections.append(Rejection(name, f"song_{len(records):05d}", "source", f"{path.name} {broken}", str(path)))
    rows = pd.DataFrame({"track_id": table["track_id"]})
    for fld, position in positions.items():
        rows["track_id" if fld == "id" else fld] = table[position].to_numpy()
    if "language" not in positions:
        rows["language"] = cfg.get("language", "")
    mapping = cfg.get("genre_by_writer")
    if mapping:
        if "artist" not in rows:
            raise SourceError(f"source {name!r}: genre_by_writer needs an artist (writer) column in {path}")
        rows = rows[rows["artist"].isin(list(mapping))].copy()
        rows["genre"] = rows["artist"].map(mapping)
    return finish_scan(rows, name, rejections, audio=False)


# bangla_lyrics_genres: one file per genre, named by the genre in Bangla script; English names
# as the set's README gives them (they are the normalised genre and the track ids' prefix).
BANGLA_GENRES = {
    "আধুনিক": "adhunik",
    "রবীন্দ্র-সংগীত": "rabindra sangeet",
    "ব্যান্ড": "band",
    "ছায়াছবি": "film",
    "বিবিধ": "miscellaneous",
    "দেশাত্মবোধক-গান": "patriotic",
    "পপ-সঙ্গীত": "pop",
    "জীবনমুখী-গান": "jibonmukhi",
    "লালন": "lalon",
    "ভক্তিমূলক-গান": "devotional",
    "পল্লীগীতি": "palligeeti",
    "বাউল": "baul",
    "নাটক": "drama",
    "হাসন-রাজার-গান": "hason raja",
}
BANGLA_DIALECT = CsvDialect(separator=";", quote="'", escape="\\", header=False, encoding="utf-8")
BANGLA_FIELDS = 5  # title; lyrics; artist; album, film or lyricist (the README's "genre"); a 0/1 flag
BANGLA_UNKNOWN_ARTIST = "অজানা"  # "unknown"


@register_adapter("bangla_lyrics_genres")
def scan_bangla_lyrics_genres(cfg: dict) -> SourceScan:
    """The Bangla lyrics-by-genre folder: ``<genre in Bangla>.csv`` files without a header,
    ``;``-separated, quoted with ``'`` (``\\'`` inside a field), each row title; lyrics; artist;
    album or writer; 0/1 flag. Language bn; the genre is the file's (``genre_raw`` the Bangla
    name, ``genre`` its English name, ``genre_names`` adds or overrides names); the fourth field,
    which the README calls the genre, names an album, a film or a lyricist on most rows and is
    not read. Track ids: ``<english name>_<row>``. An artist ``অজানা`` (unknown) is missing.
    """
    name = cfg["name"]
    folder = existing_dir(cfg["location"], "lyrics folder", name)
    names = {unicodedata.normalize("NFC", k): v for k, v in {**BANGLA_GENRES, **cfg.get("genre_names", {})}.items()}
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise SourceError(f"source {name!r}: no <genre>.csv files in {folder}")
    frames, rejections = [], []
    for path in files:
        genre = unicodedata.normalize("NFC", path.stem)  # one file name here is not NFC on disk
        if genre not in names:
            raise SourceError(
                f"source {name!r}: {path.name} is not one of the set's genres {sorted(names)}; "
                "name it with genre_names: {<file name>: <English name>}"
            )
        prefix = names[genre].replace(" ", "_")
        records, broken = read_records(path, BANGLA_DIALECT, name)
        ids = [f"{prefix}_{i:04d}" for i in range(len(records))]
        table = records_table(records, BANGLA_FIELDS, ids, name, path, rejections)
        if broken:
            rejections.append(
                Rejection(name, f"{prefix}_{len(records):04d}", "source", f"{path.name} {broken}", str(path))
            )
        bad_flag = ~table[4].isin(["0", "1"])  # a stray quote shifts fields: the flag shows it
        for tid, flag, lines in table.loc[bad_flag, ["track_id", 4, "lines"]].itertuples(index=False):
            reason = f"malformed row ({lines}): last field {flag[:40]!r} is not the 0/1 flag"
            rejections.append(Rejection(name, tid, "source", reason, str(path)))
        table = table[~bad_flag]
        artist = table[2].str.strip()
        frames.append(
            pd.DataFrame(
                {
                    "track_id": table["track_id"],
                    "title": table[0].str.strip(),
                    "lyrics": table[1],
                    "artist": artist.where(artist != BANGLA_UNKNOWN_ARTIST, None),
                    "language": "bn",
                    "genre": names[genre],
                    "genre_raw": genre,
                }
            )
        )
    return finish_scan(pd.concat(frames, ignore_index=True), name, rejections, audio=False)
