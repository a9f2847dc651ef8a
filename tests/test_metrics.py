import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from musiclust.cluster import cluster_and_score, resolve_k
from musiclust.metrics import cluster_purity, external_metrics, internal_metrics


def test_purity_worked_example():
    # Manning et al., Introduction to IR, fig. 16.4: three clusters of 17 points.
    # cluster 1: x x x x x o   (majority x: 5)
    # cluster 2: x o o o o d   (majority o: 4)
    # cluster 3: x x d d d     (majority d: 3)
    # purity = (5 + 4 + 3) / 17 = 0.7059
    true = list("xxxxxo") + list("xooood") + list("xxddd")
    pred = [1] * 6 + [2] * 6 + [3] * 5
    assert cluster_purity(true, pred) == pytest.approx(12 / 17)


def test_purity_bounds_and_errors():
    assert cluster_purity(["a", "b", "c"], [0, 1, 2]) == 1.0  # singletons are pure
    assert cluster_purity(["a", "a", "b", "b"], [0, 0, 0, 0]) == 0.5  # one cluster = majority share
    with pytest.raises(ValueError):
        cluster_purity(["a"], [0, 1])
    with pytest.raises(ValueError):
        cluster_purity([], [])


def test_metrics_equal_scikit_learn():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (30, 4)), rng.normal(4, 1, (30, 4))])
    true = np.array(["en"] * 30 + ["bn"] * 30)
    pred = np.r_[np.zeros(28), np.ones(32)].astype(int)
    internal = internal_metrics(X, pred)
    external = external_metrics(true, pred)
    assert internal["silhouette"] == pytest.approx(skm.silhouette_score(X, pred))
    assert internal["calinski_harabasz"] == pytest.approx(skm.calinski_harabasz_score(X, pred))
    assert internal["davies_bouldin"] == pytest.approx(skm.davies_bouldin_score(X, pred))
    assert external["ari"] == pytest.approx(skm.adjusted_rand_score(true, pred))
    assert external["nmi"] == pytest.approx(skm.normalized_mutual_info_score(true, pred))
    assert external["purity"] == pytest.approx(58 / 60)


def test_missing_labels_are_left_out_of_external_metrics():
    true = pd.Series(["a", "a", None, "b", "b", None])
    pred = [0, 0, 1, 1, 1, 0]
    got = external_metrics(true, pred)
    assert got["nmi"] == pytest.approx(1.0)
    assert got["purity"] == pytest.approx(1.0)


def test_single_cluster_gives_nan_internal_metrics():
    got = internal_metrics(np.random.default_rng(0).normal(size=(10, 2)), np.zeros(10, dtype=int))
    assert all(np.isnan(v) for v in got.values())


def test_cluster_and_score_recovers_separated_classes_with_k_from_labels():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(0, 0.3, (20, 3)), rng.normal(5, 0.3, (20, 3)), rng.normal(-5, 0.3, (20, 3))])
    labels = pd.DataFrame({"genre": ["a"] * 20 + ["b"] * 20 + ["c"] * 20, "language": ["en"] * 30 + ["bn"] * 30})
    assignments, table = cluster_and_score(X, labels, ["genre", "language"], "kmeans", "n_classes", seed=0)
    by_label = table.set_index("label")
    assert by_label.loc["genre", "k"] == 3 and by_label.loc["language", "k"] == 2
    assert by_label.loc["genre", "ari"] == pytest.approx(1.0)
    assert list(assignments.columns) == ["cluster_genre", "cluster_language"]
    assert resolve_k(4, labels["genre"]) == 4
    with pytest.raises(ValueError):
        resolve_k(1, labels["genre"])
