"""Feature scaling shared by the models and the baselines."""

from __future__ import annotations

import numpy as np


def standardize(X: np.ndarray, axis: int | tuple[int, ...] = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Z-scores over ``axis`` (default: per column) as float32, with the means and scales;
    constant entries map to 0, not NaN."""
    mean = X.mean(axis=axis)
    scale = X.std(axis=axis)
    scale[scale < 1e-12] = 1.0
    return apply_scaling(X, mean, scale, axis), mean, scale


def apply_scaling(X: np.ndarray, mean: np.ndarray, scale: np.ndarray, axis: int | tuple[int, ...] = 0) -> np.ndarray:
    """``(X - mean) / scale`` with ``mean``/``scale`` computed over ``axis`` (broadcast back over it), as float32."""
    return ((X - np.expand_dims(mean, axis)) / np.expand_dims(scale, axis)).astype(np.float32)
