"""Feature scaling shared by the models and the baselines."""

from __future__ import annotations

import numpy as np


def standardize(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column z-scores as float32, with the means and scales; constant columns map to 0, not NaN."""
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-12] = 1.0
    return ((X - mean) / scale).astype(np.float32), mean, scale
