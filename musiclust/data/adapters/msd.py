"""The Million Song Dataset as distributed: one HDF5 file per track (``<location>/A/B/C/TR....h5``,
the layout of the full set and of its 10,000-song subset), read with h5py. It has no audio: each
track becomes a feature row summarising its Echo Nest segments (rule ``import_feature_table``),
with artist, title, album and year from its metadata and its artist's top term as the genre."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from musiclust.data.adapters.registry import register_adapter
from musiclust.data.rejects import Rejection, TrackRejected
from musiclust.data.tracks import SourceError, SourceScan, existing_dir, finish_scan

# The per-segment series summarised (n segments x 12 each) and the statistics of each dimension:
# mean, standard deviation and mean absolute first difference (how fast it changes).
MSD_SERIES = {"timbre": "/analysis/segments_timbre", "pitches": "/analysis/segments_pitches"}
MSD_DIMENSIONS = 12
MSD_STATISTICS = ("mean", "std", "absdiff")
MSD_REQUIRED = (*MSD_SERIES.values(), "/metadata/songs", "/analysis/songs")


def msd_feature_names() -> list[str]:
    return [f"{s}_{d:02d}_{stat}" for s in MSD_SERIES for d in range(MSD_DIMENSIONS) for stat in MSD_STATISTICS]


def _text(value) -> str:
    return value.decode("utf-8", errors="replace").strip() if isinstance(value, bytes) else str(value).strip()


def top_term(h5) -> str:
    """The artist's term of highest weight (the terms come sorted by weight), or "" when it has none."""
    if "/metadata/artist_terms" not in h5:
        return ""
    terms = h5["/metadata/artist_terms"][()]
    if len(terms) == 0:
        return ""
    weights = h5["/metadata/artist_terms_weight"][()] if "/metadata/artist_terms_weight" in h5 else []
    best = int(np.argmax(weights)) if len(weights) == len(terms) else 0
    return _text(terms[best])


def read_msd_track(path: Path) -> tuple[dict, dict[str, float]]:
    """(labels, features) of one track file; TrackRejected when it is not a readable MSD track."""
    import h5py

    try:
        h5 = h5py.File(path, "r")
    except OSError as exc:
        raise TrackRejected(f"unreadable HDF5 file: {exc}") from None
    with h5:
        missing = [p for p in MSD_REQUIRED if p not in h5]
        if missing:
            raise TrackRejected(
                f"not an MSD track file: it lacks {', '.join(missing)} (it holds {', '.join(sorted(h5)) or 'nothing'})"
            )
        features: dict[str, float] = {}
        for series, where in MSD_SERIES.items():
            x = np.asarray(h5[where][()], dtype=np.float64)
            if x.ndim != 2 or x.shape[1] != MSD_DIMENSIONS or x.shape[0] < 2:
                raise TrackRejected(f"{where} has shape {x.shape}; expected at least 2 segments x {MSD_DIMENSIONS}")
            if not np.all(np.isfinite(x)):
                raise TrackRejected(f"{where} holds non-finite values")
            stats = (x.mean(axis=0), x.std(axis=0), np.abs(np.diff(x, axis=0)).mean(axis=0))
            for stat, values in zip(MSD_STATISTICS, stats):
                features.update({f"{series}_{d:02d}_{stat}": float(v) for d, v in enumerate(values)})
        song = h5["/metadata/songs"][0]
        year = int(h5["/musicbrainz/songs"][0]["year"]) if "/musicbrainz/songs" in h5 else 0
        labels = {
            "artist": _text(song["artist_name"]),
            "title": _text(song["title"]),
            "album": _text(song["release"]),
            "year": year if year > 0 else None,  # 0: not known
            "song_seconds": float(h5["/analysis/songs"][0]["duration"]),
            "genre": top_term(h5),
        }
    return labels, features


def msd_table(cfg: dict) -> tuple[SourceScan, pd.DataFrame]:
    """The scan (one track per ``TR....h5`` file under ``location``; the id is the file name) and
    the features of every readable track; an unreadable or malformed file is a rejection."""
    name = cfg["name"]
    root = existing_dir(cfg["location"], "Million Song Dataset folder", name)
    files = sorted(root.rglob("*.h5"))
    if not files:
        raise SourceError(f"source {name!r}: no .h5 track files under {root} (expected <location>/A/B/C/TR....h5)")
    rows, features, rejections = [], [], []
    for path in files:
        try:
            labels, summary = read_msd_track(path)
        except TrackRejected as exc:
            rejections.append(Rejection(name, path.stem, "source", str(exc), str(path)))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the source
            reason = f"unexpected error reading it: {type(exc).__name__}: {exc}"
            rejections.append(Rejection(name, path.stem, "source", reason, str(path)))
            continue
        rows.append({"track_id": path.stem, **labels, "language": cfg.get("language", "")})
        features.append({"track_id": path.stem, **summary})
    tracks = pd.DataFrame(
        rows, columns=["track_id", "artist", "title", "album", "year", "song_seconds", "genre", "language"]
    )
    frame = pd.DataFrame(features, columns=["track_id", *msd_feature_names()])
    return finish_scan(tracks, name, rejections, audio=False), frame


@register_adapter("msd", table=msd_table)
def scan_msd(cfg: dict) -> SourceScan:
    return msd_table(cfg)[0]
