import numpy as np
import pytest
from scipy import stats

from musiclust.analysis.intervals import mean_interval


def test_worked_example():
    # Resampling [1, 2, 3]: the mean is 1 with probability 1/27 = 3.7% > 2.5%, and 3 likewise,
    # so the 95% percentile interval is [1, 3].
    est = mean_interval([1.0, 2.0, 3.0])
    assert (est.mean, est.lo, est.hi, est.n_valid) == (2.0, 1.0, 3.0, 3)


def test_the_interval_stays_inside_the_metric_range_where_a_t_interval_does_not():
    nmi = [0.2, 0.9, 1.0, 1.0, 1.0]  # bounded above by 1
    t_hi = np.mean(nmi) + stats.t.ppf(0.975, 4) * np.std(nmi, ddof=1) / np.sqrt(5)
    assert t_hi > 1.0
    est = mean_interval(nmi)
    assert 0.2 <= est.lo < est.mean < est.hi <= 1.0


@pytest.mark.parametrize("seed", range(5))
def test_random_bounded_samples_never_leave_their_range(seed):
    x = np.random.default_rng(seed).beta(0.3, 0.3, size=5)
    est = mean_interval(x, seed=seed)
    assert x.min() <= est.lo <= est.mean <= est.hi <= x.max()


def test_degenerate_cases():
    assert np.isnan(mean_interval([]).mean) and mean_interval([]).n_valid == 0
    one = mean_interval([0.4, np.nan])
    assert one.mean == 0.4 and np.isnan(one.lo) and np.isnan(one.hi) and one.n_valid == 1
    same = mean_interval([0.7, 0.7, 0.7])
    assert same.lo == same.hi == 0.7


def test_seeded():
    x = np.random.default_rng(0).uniform(size=40)  # enough values for the resamples' quantiles to vary
    assert mean_interval(x, seed=3) == mean_interval(x, seed=3)
    assert mean_interval(x, seed=3) != mean_interval(x, seed=4)  # the seed is used
