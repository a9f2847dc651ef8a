import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from musiclust.analysis.clustering import cluster_and_score, dbscan_eps, knee_index, resolve_k
from musiclust.analysis.metrics import (
    METRIC_COLUMNS,
    chance_nmi,
    cluster_purity,
    external_metrics,
    internal_metrics,
    summarise_over_seeds,
)


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


def blobs_with_noise(seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0, 0], [8, 0], [0, 8]])
    X = np.vstack([rng.normal(c, 0.4, (40, 2)) for c in centres] + [rng.uniform(-20, 28, (6, 2))])
    labels = pd.DataFrame({"genre": ["a"] * 40 + ["b"] * 40 + ["c"] * 40 + ["a", "b", "c", "a", "b", "c"]})
    return X, labels


@pytest.mark.parametrize("algorithm", ["agglomerative", "gmm", "kmeans"])
def test_partitioning_algorithms_recover_blobs(algorithm):
    X, labels = blobs_with_noise()
    _, table = cluster_and_score(X[:120], labels.iloc[:120], ["genre"], algorithm, "n_classes", seed=0)
    assert table.loc[0, "ari"] == pytest.approx(1.0) and table.loc[0, "noise_share"] == 0.0


def test_knee_of_a_k_distance_curve():
    assert knee_index(np.array([0.0, 0.1, 0.2, 0.3, 5.0])) == 3
    assert knee_index(np.array([1.0, 1.0])) == 1


def test_dbscan_marks_noise_and_scores_only_clustered_points():
    X, labels = blobs_with_noise()
    assignments, table = cluster_and_score(X, labels, ["genre"], "dbscan", "n_classes", seed=0)
    pred = assignments["cluster_genre"].to_numpy()
    row = table.iloc[0]
    assert row["k"] == 3  # found by DBSCAN, not taken from the labels
    assert set(np.where(pred == -1)[0]) >= set(range(120, 126))  # the scattered points are noise
    assert row["noise_share"] == pytest.approx((pred == -1).mean()) and 0 < row["noise_share"] < 0.15
    assert row["ari"] == pytest.approx(1.0) and row["purity"] == pytest.approx(1.0)
    assert dbscan_eps(X, 4) > 0


def test_summary_over_seeds():
    by_seed = pd.DataFrame(
        {
            "source": "s",
            "method": "m",
            "algorithm": "kmeans",
            "label": "genre",
            "k": 3,
            "n": 10,
            "n_labelled": 10,
            "noise_share": 0.0,
            "seed": [0, 1, 2],
            "silhouette": [0.1, 0.2, 0.3],
            "calinski_harabasz": 1.0,
            "davies_bouldin": 1.0,
            "ari": [0.5, 0.5, 0.5],
            "nmi": [1.0, 2.0, 3.0],
            "purity": 0.9,
        }
    )
    row = summarise_over_seeds(by_seed).iloc[0]
    assert row["n_seeds"] == 3 and row["n_valid"] == 3 and row["nmi"] == 2.0
    assert (row["nmi_lo"], row["nmi_hi"]) == (1.0, 3.0)  # the bootstrap's bounds stay within the values
    assert row["ari_lo"] == row["ari_hi"] == 0.5 and row["silhouette"] == pytest.approx(0.2)
    assert row["label_provenance"] == "unknown"


def test_a_seed_without_a_value_is_not_counted_as_valid():
    by_seed = pd.DataFrame(
        {"source": "s", "method": "m", "algorithm": "dbscan", "label": "genre", "k": [1, 3], "n": 10,
         "n_labelled": 10, "noise_share": 0.1, "seed": [0, 1], **{m: [np.nan, 0.4] for m in METRIC_COLUMNS}}
    )  # fmt: skip
    row = summarise_over_seeds(by_seed).iloc[0]
    assert row["n_seeds"] == 2 and row["n_valid"] == 1
    assert row["nmi"] == 0.4 and np.isnan(row["nmi_lo"])  # one value: a mean, no interval


def test_chance_nmi_is_low_for_a_random_partition_and_the_floor_of_a_perfect_one():
    rng = np.random.default_rng(0)
    truth = np.repeat(["a", "b", "c"], 50)
    random_partition = rng.integers(0, 3, 150)
    chance = chance_nmi(truth, random_partition, seed=0)
    assert 0 < chance < 0.1
    assert skm.normalized_mutual_info_score(truth, random_partition) < chance * 2
    assert chance_nmi(truth, np.repeat([0, 1, 2], 50), seed=0) < 0.1  # shuffled labels know nothing
    assert chance_nmi(truth, random_partition, seed=0) == chance  # seeded


def test_a_single_cluster_scores_nan_not_perfect():
    X = np.random.default_rng(0).normal(size=(30, 2))
    labels = pd.DataFrame({"language": ["bn"] * 15 + [None] * 15})
    # only one class is labelled, k forced to 2: fine; but DBSCAN with huge eps finds one cluster
    _, table = cluster_and_score(X * 1e-6, labels.fillna("en"), ["language"], "dbscan", "n_classes", seed=0)
    row = table.iloc[0]
    assert row["k"] == 1 and np.isnan(row["nmi"]) and np.isnan(row["ari"]) and np.isnan(row["purity"])


def test_dataset_audit_worked_example():
    from musiclust.analysis.clustering import dataset_audit

    labels = pd.DataFrame({"dataset": list("AAAABBBB"), "genre": list("xxyyxxzz")})
    by_dataset = dataset_audit(labels, "genre", np.array([0, 0, 0, 0, 1, 1, 1, 1]))
    floor = skm.normalized_mutual_info_score(labels["genre"], labels["dataset"])
    assert by_dataset["nmi_floor"] == pytest.approx(floor) and by_dataset["nmi_dataset"] == pytest.approx(1.0)
    assert by_dataset["nmi_in__A"] == 0.0 and by_dataset["nmi_within"] == 0.0  # nothing found inside a dataset
    by_genre = dataset_audit(labels, "genre", np.array([0, 0, 1, 1, 2, 2, 3, 3]))
    assert by_genre["nmi_within"] == pytest.approx(1.0) and by_genre["nmi_floor"] == pytest.approx(floor)
    one_class = dataset_audit(labels.assign(genre=list("xxxxyyyy")), "genre", np.arange(8) % 2)
    assert np.isnan(one_class["nmi_within"])  # each dataset has one class: nothing to recover within


def test_within_dataset_nmi_is_weighted_by_dataset_size():
    from musiclust.analysis.clustering import dataset_audit

    labels = pd.DataFrame({"dataset": list("AAAAAABB"), "genre": list("xxxyyyxz")})
    pred = np.array([0, 0, 0, 1, 1, 1, 2, 2])  # perfect within A (6 tracks), nothing within B (2)
    audit = dataset_audit(labels, "genre", pred)
    assert audit["nmi_in__A"] == pytest.approx(1.0) and audit["nmi_in__B"] == pytest.approx(0.0)
    assert audit["nmi_within"] == pytest.approx(6 / 8)


def test_the_quality_guard_names_rows_that_fell_or_rose_beyond_the_earlier_interval():
    from musiclust.analysis.metrics import quality_guard

    def table(rows):
        return pd.DataFrame(
            [
                dict(source="s", method=m, algorithm="kmeans", label="genre", nmi=v, nmi_lo=lo, nmi_hi=hi)
                for m, v, lo, hi in rows
            ]
        )

    before = table(
        [
            ("pca", 0.30, 0.28, 0.32),
            ("vae", 0.20, 0.15, 0.25),
            ("dip", 0.20, 0.15, 0.25),
            ("fixed", 0.10, None, None),
            ("gone", 0.1, 0.0, 0.2),
        ]
    )
    after = table(
        [
            ("pca", 0.33, 0.30, 0.36),  # above 0.32: rose
            ("vae", 0.145, 0.1, 0.2),  # below 0.15 but within the 0.01 margin: neither
            ("dip", 0.135, 0.1, 0.2),  # 0.015 below 0.15: fell
            ("fixed", 0.08, None, None),  # no interval: 0.02 below the earlier value
            ("new", 0.1, 0.0, 0.2),
        ]
    )
    guard = quality_guard(before, after)
    rows = guard[guard["metric"] == "(row)"].set_index("method")["status"].to_dict()
    assert rows == {"gone": "only before", "new": "only after"}
    status = guard[guard["metric"] == "nmi"].set_index("method")["status"].to_dict()
    assert status == {"pca": "rose", "dip": "fell", "fixed": "fell"}
    assert quality_guard(before, before).empty


def test_past_the_quadratic_limit_ward_follows_a_neighbour_graph_and_the_silhouette_is_sampled(monkeypatch):
    import musiclust.analysis.clustering as clustering

    seen = []

    class Spy(clustering.AgglomerativeClustering):
        def __init__(self, **kwargs):
            seen.append(kwargs.get("connectivity"))
            super().__init__(**kwargs)

    monkeypatch.setattr(clustering, "AgglomerativeClustering", Spy)
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 0.2, (40, 3)), rng.normal(5, 0.2, (40, 3))])
    truth = np.repeat([0, 1], 40)
    exact = clustering.agglomerative_labels(X, 2, seed=0, quadratic_limit=100)
    bounded = clustering.agglomerative_labels(X, 2, seed=0, quadratic_limit=50)
    assert seen[0] is None and seen[1].shape == (80, 80) and seen[1].nnz == 80 * 10
    assert skm.adjusted_rand_score(truth, exact) == 1.0 and skm.adjusted_rand_score(truth, bounded) == 1.0
    full = internal_metrics(X, truth)["silhouette"]
    sampled = internal_metrics(X, truth, sample_above=30, seed=1)["silhouette"]
    assert sampled == internal_metrics(X, truth, sample_above=30, seed=1)["silhouette"] and sampled != full
    assert abs(sampled - full) < 0.05 and internal_metrics(X, truth, sample_above=80)["silhouette"] == full


def test_chance_nmi_is_the_95th_percentile_of_20_seeded_label_shuffles():
    # 6 tracks, classes aaabbb, clusters 000111: a shuffle of the labels either splits the classes
    # exactly (aaabbb or bbbaaa: 2 of the C(6,3) = 20 arrangements, NMI 1) or leaves the 2x2 table
    # [[2, 1], [1, 2]]: MI = 2/6 ln(4/3) * 2 + 1/6 ln(2/3) * 2, over H = ln 2: NMI 0.0817
    truth, pred = np.array(list("aaabbb")), np.repeat([0, 1], 3)
    mixed = (2 / 3 * np.log(4 / 3) + 1 / 3 * np.log(2 / 3)) / np.log(2)
    assert mixed == pytest.approx(0.0817, abs=1e-4)
    assert skm.normalized_mutual_info_score(list("aababb"), pred) == pytest.approx(mixed)
    rng = np.random.default_rng(7)  # seed 7's 20 shuffles split the classes once: 19 x 0.0817, 1 x 1.0
    perfect = sum("".join(rng.permutation(truth)) in ("aaabbb", "bbbaaa") for _ in range(20))
    assert perfect == 1
    # the 95th percentile of 20 sorted values lies 5% of the way from the 19th to the 20th
    assert chance_nmi(truth, pred, seed=7) == pytest.approx(mixed + 0.05 * (1 - mixed))  # 0.1276


def test_chance_nmi_equals_the_95th_percentile_of_sklearn_nmi_over_shuffled_labels():
    rng = np.random.default_rng(0)
    truth = np.repeat(["a", "b", "c"], [12, 8, 5])
    pred = rng.integers(0, 3, len(truth))
    draws = np.random.default_rng(4)  # the shuffles chance_nmi draws with seed 4, and 80 more
    values = [skm.normalized_mutual_info_score(draws.permutation(truth), pred) for _ in range(100)]
    chance = chance_nmi(truth, pred, seed=4)
    assert chance == pytest.approx(np.quantile(values[:20], 0.95))  # 0.193
    # here the mean, the 90th percentile and the 95th over 10, 40 or 100 shuffles all miss it
    others = [np.mean(values[:20]), np.quantile(values[:20], 0.9)]
    others += [np.quantile(values[:n], 0.95) for n in (10, 40, 100)]
    assert min(abs(other - chance) for other in others) > 0.03


def test_dbscan_min_samples_defaults_to_twice_the_dimension_within_4_and_a_tenth_of_the_points(monkeypatch):
    import musiclust.analysis.clustering as clustering

    seen = []

    class Spy(clustering.DBSCAN):
        def __init__(self, **kwargs):
            seen.append(kwargs["min_samples"])
            super().__init__(**kwargs)

    monkeypatch.setattr(clustering, "DBSCAN", Spy)
    rng = np.random.default_rng(0)
    clustering.dbscan_labels(rng.normal(size=(200, 5)), 3, 0)  # 2 x 5 = 10 (dim + 2 would be 7)
    clustering.dbscan_labels(rng.normal(size=(70, 5)), 3, 0)  # 10, capped at 70 // 10 = 7
    clustering.dbscan_labels(rng.normal(size=(200, 1)), 3, 0)  # 2 x 1 = 2, raised to 4
    clustering.dbscan_labels(rng.normal(size=(20, 5)), 3, 0)  # a tenth is 2: the floor of 4 wins
    assert seen == [10, 7, 4, 4]
