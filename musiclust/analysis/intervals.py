"""Intervals for a mean over seeds that never leave the metric's range.

A percentile bootstrap (scipy.stats.bootstrap, seeded): its bounds are means of resamples of
the observed values, so they lie between the smallest and the largest value observed, hence
inside any range the metric itself respects (NMI in [0, 1], silhouette in [-1, 1], ...). With
five seeds it is narrower than a t-interval (it cannot reach past the data); it is reported
as an interval, not as a standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
N_RESAMPLES = 9999


@dataclass(frozen=True)
class Estimate:
    mean: float
    lo: float  # NaN with fewer than 2 values: no interval
    hi: float
    n_valid: int  # the values that were not NaN


def mean_interval(values, seed: int = 0, confidence: float = CONFIDENCE) -> Estimate:
    """The mean of the non-NaN ``values`` and its percentile-bootstrap interval."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    nan = float("nan")
    if len(x) == 0:
        return Estimate(nan, nan, nan, 0)
    if len(x) == 1:
        return Estimate(float(x[0]), nan, nan, 1)
    if np.ptp(x) == 0:  # every seed gave the same value
        return Estimate(float(x[0]), float(x[0]), float(x[0]), len(x))
    mean = float(x.mean())
    res = stats.bootstrap(
        (x,),
        np.mean,
        confidence_level=confidence,
        n_resamples=N_RESAMPLES,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    lo, hi = res.confidence_interval
    return Estimate(mean, float(lo), float(hi), len(x))
