"""Track ids become file names and parquet keys, so they are validated first."""

from __future__ import annotations

import hashlib
import re
import unicodedata

TRACK_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class InvalidTrackId(ValueError):
    """A track id that is not safe to use as a file name."""


def validate_track_id(track_id: object) -> str:
    """Return ``track_id`` if it is a safe file-name stem, else raise ``InvalidTrackId``.

    Allowed: 1-128 characters of ASCII letters, digits, ``_``, ``-`` and ``.``,
    starting with a letter or digit (so no ``..``, no hidden files, no separators).
    """
    if not isinstance(track_id, str):
        raise InvalidTrackId(f"track id must be a string, got {type(track_id).__name__}: {track_id!r}")
    if not TRACK_ID_PATTERN.fullmatch(track_id) or ".." in track_id:
        raise InvalidTrackId(
            f"invalid track id {track_id!r}: use 1-128 characters of A-Z a-z 0-9 _ - . starting with a letter or digit"
        )
    return track_id


def safe_track_id(name: str) -> str:
    """A track id made from any name: the name itself where it is one already, else its NFC form
    transliterated to ASCII by ``anyascii`` (``à`` -> ``a``, ``ß`` -> ``ss``, ``আমার সোনার বাংলা`` ->
    ``amar_sonar_bamla``, ``東京`` -> ``DongJing``), every other disallowed run replaced by ``_``, no
    leading symbol, no ``..``; ``track`` where nothing is left. Never raises: ``unique_track_ids``
    keeps the ids of several names apart."""
    from anyascii import anyascii

    name = unicodedata.normalize("NFC", str(name))
    if TRACK_ID_PATTERN.fullmatch(name) and ".." not in name:
        return name
    text = re.sub(r"[^A-Za-z0-9_.-]+", "_", anyascii(name))
    text = re.sub(r"\.{2,}", ".", text).strip("_.-")[:119].rstrip("_.-")  # room for a suffix of 9
    return validate_track_id(text or "track")


def name_digest(name: str) -> str:
    """8 hex digits of a name's SHA-1 (UTF-8 bytes as given): the same on every run and machine."""
    return hashlib.sha1(str(name).encode("utf-8")).hexdigest()[:8]


def unique_track_ids(names: list[str], keys: list[str] | None = None) -> list[str]:
    """``safe_track_id`` of each name; where two would be equal without regard to case (two files
    on a case-insensitive disk), each of those gets ``_<digest of its key>`` (``keys``: what tells
    the names apart, e.g. each file's path; default the names), so no name is lost."""
    keys = list(names if keys is None else keys)
    if len(set(keys)) != len(keys):
        raise ValueError("unique_track_ids needs distinct keys")
    ids = [safe_track_id(n) for n in names]
    counts: dict[str, int] = {}
    for tid in ids:
        counts[tid.casefold()] = counts.get(tid.casefold(), 0) + 1
    return [f"{tid}_{name_digest(key)}" if counts[tid.casefold()] > 1 else tid for tid, key in zip(ids, keys)]


def shard_of(track_id: str, n_shards: int) -> int:
    """Stable shard index of a track (independent of Python's hash seed and of other tracks)."""
    if n_shards < 1:
        raise ValueError(f"n_shards must be >= 1, got {n_shards}")
    digest = hashlib.sha1(track_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n_shards
