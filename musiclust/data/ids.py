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
    """A track id made from a file name that may not be one: accents dropped (``à`` -> ``a``,
    ``ß`` -> ``ss``), every other disallowed character run replaced by ``_``, no leading symbol,
    no ``..``. The result is validated (an empty one is an InvalidTrackId)."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("ß", "ss")).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9_.-]+", "_", ascii_name)
    text = re.sub(r"\.{2,}", ".", text).lstrip("_.-")
    return validate_track_id(text[:128])


def shard_of(track_id: str, n_shards: int) -> int:
    """Stable shard index of a track (independent of Python's hash seed and of other tracks)."""
    if n_shards < 1:
        raise ValueError(f"n_shards must be >= 1, got {n_shards}")
    digest = hashlib.sha1(track_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n_shards
