"""Hybrid features: audio summary statistics, a lyric embedding and language-id features per
track, with explicit modality masks; a missing modality is NaN, never a silent zero."""

from __future__ import annotations

import numpy as np
import pandas as pd

from musiclust.analysis.baselines import pca_embedding
from musiclust.data.scaling import standardize
from musiclust.data.spaces import latent_frame


def hybrid_table(audio: pd.DataFrame, text: pd.DataFrame, langid: pd.DataFrame, track_ids: list[str]) -> pd.DataFrame:
    """One row per track of the source: ``audio__*``, ``text__*`` and ``lang__*`` columns, with the
    masks ``has_audio`` and ``has_lyrics``."""
    index = pd.Index(track_ids, name="track_id")
    parts = [
        audio.add_prefix("audio__").reindex(index),
        text.add_prefix("text__").reindex(index),
    ]
    lang = langid.set_index("track_id")[["confidence", "second_share", "bengali_script_share", "hybrid"]]
    parts.append(lang.astype(float).add_prefix("lang__").reindex(index))
    out = pd.concat(parts, axis=1)
    out.insert(0, "has_audio", index.isin(audio.index))
    out.insert(1, "has_lyrics", index.isin(text.index))
    return out


def hybrid_embedding(table: pd.DataFrame, n_components: int, seed: int) -> pd.DataFrame:
    """PCA of the tracks that have both modalities: each block z-scored, then scaled to equal
    total variance (so neither modality outweighs the other by its number of columns)."""
    both = table[table["has_audio"] & table["has_lyrics"]]
    if len(both) < 3:
        raise ValueError(f"only {len(both)} tracks have both audio and lyrics; a hybrid space needs at least 3")
    blocks = []
    for prefix in ("audio__", "text__"):
        X, _, _ = standardize(both[[c for c in both.columns if c.startswith(prefix)]].to_numpy(np.float64))
        blocks.append(X / np.sqrt(X.shape[1]))
    return latent_frame(pca_embedding(np.hstack(blocks), n_components, seed), both.index)
