"""What each model reads, built from the feature table (and track labels / lyric embeddings).

Training computes the preprocessing statistics; embedding reapplies the ones stored in the
checkpoint, so a model always sees data scaled as it was trained.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.fft import dct

from musiclust.audio.feature_io import read_logmel, read_summary_features, read_windows
from musiclust.config.model_specs import ModelSpec
from musiclust.config.names import LOGMEL_INPUTS
from musiclust.data.scaling import apply_scaling, standardize


@dataclass
class ModelInputs:
    index: pd.Index  # track ids, one per row of every array (repeated for window-level inputs)
    arrays: dict[str, np.ndarray]  # x (+ cond, text, mask), float32
    stats: dict  # preprocessing statistics (stored in the checkpoint)

    def __len__(self) -> int:
        return len(self.index)

    def rows(self, mask: np.ndarray) -> "ModelInputs":
        """The rows where ``mask`` is true (same statistics)."""
        return ModelInputs(self.index[mask], {k: v[mask] for k, v in self.arrays.items()}, self.stats)


def _scale(
    X: np.ndarray, axis: tuple[int, ...], stats: dict | None, key: str, fit: np.ndarray | None = None
) -> tuple[np.ndarray, dict]:
    """Z-score ``X`` with means/scales over ``axis`` (computed, over the rows ``fit`` when given;
    or taken from ``stats``)."""
    if stats is None:
        _, mean, scale = standardize(X if fit is None else X[fit], axis)
        Z = apply_scaling(X, mean, scale, axis)
    else:
        mean, scale = np.asarray(stats[f"{key}_mean"]), np.asarray(stats[f"{key}_scale"])
        Z = apply_scaling(X, mean, scale, axis)
    return Z, {f"{key}_mean": mean, f"{key}_scale": scale}


def pool_image(images: np.ndarray, factor: int) -> np.ndarray:
    """Average-pool (n, h, w) images by ``factor`` along both axes (edges that do not fill a block are cut)."""
    if factor <= 1:
        return images
    n, h, w = images.shape
    h2, w2 = h // factor, w // factor
    return images[:, : h2 * factor, : w2 * factor].reshape(n, h2, factor, w2, factor).mean(axis=(2, 4))


def time_windows(images: np.ndarray, width: int, hop: int) -> np.ndarray:
    """(n, h, frames) images cut along time into (n, n_windows, h, width) patches starting every
    ``hop`` frames; a tail shorter than ``width`` is left out."""
    frames = images.shape[2]
    if width > frames:
        raise ValueError(f"a window of {width} frames is longer than the log-mel's {frames}")
    patches = np.lib.stride_tricks.sliding_window_view(images, width, axis=2)[:, :, ::hop]
    return patches.transpose(0, 2, 1, 3)


def mfcc_frames(logmel_db: np.ndarray, n_mfcc: int) -> np.ndarray:
    """MFCCs from dB log-mel frames (n, mels, frames): type-II orthonormal DCT over mels, as librosa.feature.mfcc."""
    return dct(logmel_db, type=2, axis=1, norm="ortho")[:, :n_mfcc, :]


def _summary(
    features_path: str | Path, stats: dict | None, windows: bool = False, held_out: set | None = None
) -> tuple[pd.Index, np.ndarray, dict]:
    """Z-scored summary features per track, or per window of each track's clip (``windows``)."""
    feats = read_windows(features_path) if windows else read_summary_features(features_path)
    if stats is not None and list(feats.columns) != list(stats["feature_names"]):
        raise ValueError(f"{features_path}: feature columns differ from those the model was trained on")
    X, new = _scale(feats.to_numpy(np.float64), (0,), stats, "x", fit_rows(feats.index, held_out))
    return feats.index, X, {**new, "feature_names": list(feats.columns)}


def fit_rows(index: pd.Index, held_out: set | None) -> np.ndarray | None:
    """The rows the statistics are computed from: all, or those of tracks not held out."""
    return None if held_out is None else ~index.isin(list(held_out))


def _text(text_path: str | Path, stats: dict | None) -> tuple[pd.Index, np.ndarray, dict]:
    emb = pd.read_parquet(text_path).set_index("track_id")
    T, new = _scale(emb.to_numpy(np.float64), (0,), stats, "text")
    return emb.index, T, new


def labels_frame(labels: dict[str, dict[str, str]] | None) -> pd.DataFrame | None:
    """{label: {track id: value}} (as the workflow passes them) -> a track-id-indexed frame."""
    if labels is None:
        return None
    return pd.DataFrame(labels).rename_axis("track_id")


def one_hot_conditions(
    tracks: pd.DataFrame, labels: tuple[str, ...], categories: dict | None
) -> tuple[np.ndarray, dict]:
    """One-hot blocks per label; an unseen or missing value is all zeros in its block."""
    categories = dict(categories) if categories is not None else {}
    blocks = []
    for label in labels:
        if label not in tracks:
            raise ValueError(f"condition {label!r} is not a column of the track table")
        values = tracks[label].astype("string")
        cats = categories.get(label) or sorted(values.dropna().unique().tolist())
        categories[label] = list(cats)
        block = np.zeros((len(tracks), len(cats)), dtype=np.float32)
        for j, cat in enumerate(cats):
            block[(values == cat).fillna(False).to_numpy(), j] = 1.0
        blocks.append(block)
    return np.concatenate(blocks, axis=1), categories


@dataclass(frozen=True)
class InputFiles:
    """Where a model's inputs come from: the feature table, the lyric embedding (multimodal
    models) and the track labels (conditional models: track-id-indexed label columns)."""

    features: str | Path
    text: str | Path | None = None
    labels: pd.DataFrame | None = None

    @classmethod
    def of(cls, features, text=None, conditions: dict[str, dict[str, str]] | None = None) -> "InputFiles":
        """From a job's paths and ``{label: {track id: value}}`` conditions (as the workflow passes them)."""
        return cls(features, text, labels_frame(conditions))

    def load(self, spec: ModelSpec, stats: dict | None = None, held_out: set | None = None) -> ModelInputs:
        return build_model_inputs(spec, self.features, self.labels, self.text, stats, held_out)


def build_model_inputs(
    spec: ModelSpec,
    features_path: str | Path,
    labels: pd.DataFrame | None = None,
    text_path: str | Path | None = None,
    stats: dict | None = None,
    held_out: set | None = None,
) -> ModelInputs:
    """The arrays ``spec`` trains on (``stats=None``) or embeds with (``stats`` from its checkpoint).

    ``labels``: track-id-indexed label columns, for a conditional model's conditions.
    ``held_out``: track ids left out of the preprocessing statistics (an inductive split).
    """
    if held_out is not None and spec.input == "multimodal":
        raise ValueError(f"model {spec.name!r}: an inductive split is for audio inputs, not {spec.input!r}")
    if spec.input in ("summary", "windows"):
        index, X, new = _summary(features_path, stats, windows=spec.input == "windows", held_out=held_out)
        arrays = {"x": X}
    elif spec.input in LOGMEL_INPUTS:
        ids, L = read_logmel(features_path)
        index = pd.Index(ids, name="track_id")
        if spec.input == "mfcc_frames":
            L = mfcc_frames(L.astype(np.float64), spec.n_mfcc)
        if spec.input == "logmel_windows":  # one row per patch, indexed by its track
            L = time_windows(L, spec.window_frames, spec.window_hop_frames)
            index = index.repeat(L.shape[1])
            L = L.reshape(-1, *L.shape[2:])
        L = pool_image(L.astype(np.float64), spec.pool)
        X, new = _scale(L, (0, 2), stats, "x", fit_rows(index, held_out))  # per band / coefficient
        arrays = {"x": X[:, None]}
    elif spec.input == "multimodal":
        if text_path is None:
            raise ValueError(f"model {spec.name!r} reads lyrics: pass the lyric embedding")
        a_idx, A, new_a = _summary(features_path, stats)
        t_idx, T, new_t = _text(text_path, stats)
        index = a_idx.union(t_idx).rename("track_id")
        has_a, has_t = index.isin(a_idx), index.isin(t_idx)
        X = np.zeros((len(index), A.shape[1]), np.float32)
        X[has_a] = pd.DataFrame(A, index=a_idx).reindex(index[has_a]).to_numpy()
        Tt = np.zeros((len(index), T.shape[1]), np.float32)
        Tt[has_t] = pd.DataFrame(T, index=t_idx).reindex(index[has_t]).to_numpy()
        arrays = {"x": X, "text": Tt, "mask": np.stack([has_a, has_t], axis=1).astype(np.float32)}
        new = {**new_a, **new_t}
    else:
        raise ValueError(f"unknown model input {spec.input!r}")
    if spec.condition:
        if labels is None:
            raise ValueError(f"model {spec.name!r} is conditioned on {list(spec.condition)}: pass the track labels")
        arrays["cond"], new["cond_categories"] = one_hot_conditions(
            labels.reindex(index), spec.condition, None if stats is None else stats["cond_categories"]
        )
    return ModelInputs(index, arrays, new if stats is None else stats)


def model_kwargs(spec: ModelSpec, inputs: ModelInputs) -> dict:
    """The architecture's size arguments, read off the data, plus the configured ones."""
    x = inputs.arrays["x"]
    sizes: dict = {"input_shape": list(x.shape[2:])} if x.ndim == 4 else {"input_dim": int(x.shape[1])}
    if "cond" in inputs.arrays:
        sizes["cond_dim"] = int(inputs.arrays["cond"].shape[1])
    if "text" in inputs.arrays:
        sizes["text_dim"] = int(inputs.arrays["text"].shape[1])
    return {**sizes, **spec.kwargs}
