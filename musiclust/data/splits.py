"""The inductive split: the tracks of a seeded share of the artists are held out of fitting.

A model (or PCA) is fitted on the other artists' tracks and then embeds the held-out ones
with what it learned, so a clustering of them tells whether the representation transfers to
a collection it has not seen. The split is a function of the track ids, their artists, the
fraction and the seed alone, so PCA and every model hold out the same tracks for a seed and
their scores pair by seed.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
from sklearn.model_selection import GroupShuffleSplit


def track_groups(track_ids, artists: Mapping[str, str] | None) -> np.ndarray:
    """Each track's artist; a track without one is a group of its own."""
    artists = artists or {}
    return np.array([artists.get(t) or f"track:{t}" for t in track_ids], dtype=object)


def held_out_tracks(track_ids, artists: Mapping[str, str] | None, fraction: float, seed: int) -> set[str]:
    """The ids of the tracks whose artists fall in the held-out ``fraction`` of the artists for
    ``seed`` (scikit-learn's GroupShuffleSplit over the sorted unique ids)."""
    ids = np.array(sorted({str(t) for t in track_ids}), dtype=object)
    if not 0 < fraction < 1:
        raise ValueError(f"inductive holdout fraction must be between 0 and 1, not {fraction}")
    groups = track_groups(ids, artists)
    n_groups = len(set(groups))
    if n_groups < 2:
        raise ValueError(f"an inductive split needs at least 2 artists (or tracks), found {n_groups}")
    splitter = GroupShuffleSplit(n_splits=1, test_size=fraction, random_state=seed)
    _, held = next(splitter.split(ids, groups=groups))
    return set(ids[held])
