import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score

from musiclust.analysis.probes import artist_groups, linear_probe, probe_over_seeds


def present_not_clustered(n=200, seed=0):
    """Two wide blobs along x (a nuisance K-Means finds) and the label in a small shift along y."""
    rng = np.random.default_rng(seed)
    label = np.repeat(["a", "b"], n // 2)
    nuisance = rng.integers(0, 2, n) * 20.0
    X = np.column_stack([nuisance + rng.normal(0, 1, n), (label == "b") * 3.0 + rng.normal(0, 0.5, n)])
    tracks = pd.DataFrame(
        {"label": label, "artist": [f"artist{i % 40}" for i in range(n)]}, index=[f"t{i}" for i in range(n)]
    )
    return X, tracks


def test_a_label_that_is_linearly_present_but_not_clustered():
    X, tracks = present_not_clustered()
    nmi = normalized_mutual_info_score(tracks["label"], KMeans(2, n_init=10, random_state=0).fit_predict(X))
    probe = linear_probe(X, tracks["label"], artist_groups(tracks), seed=0)
    assert nmi < 0.05 and probe["probe_bacc"] > 0.95
    assert abs(probe["probe_majority"] - 0.5) < 0.1  # one class per fold: balanced accuracy about 1/k
    assert abs(probe["probe_shuffled"] - 0.5) < 0.15


def test_folds_are_disjoint_by_artist():
    # the space is the artist's identity (one-hot) and the label follows the artist: a probe that
    # saw the artist in training is near perfect by memorising; across artists it has nothing
    rng = np.random.default_rng(1)
    artists = np.repeat(np.arange(30), 6)
    X = np.eye(30)[artists] + rng.normal(0, 0.05, (len(artists), 30))
    tracks = pd.DataFrame({"label": np.where(artists % 2, "x", "y"), "artist": artists.astype(str)})
    grouped = linear_probe(X, tracks["label"], artist_groups(tracks), seed=0)["probe_bacc"]
    per_track = linear_probe(X, tracks["label"], np.arange(len(X)).astype(str), seed=0)["probe_bacc"]
    assert per_track > 0.85 and grouped < 0.75


def test_tracks_without_an_artist_are_their_own_group_and_rare_classes_are_left_out():
    tracks = pd.DataFrame({"artist": ["a", None, "a"]}, index=["t1", "t2", "t3"])
    assert list(artist_groups(tracks)) == ["a", "track:t2", "a"]
    X, tracks = present_not_clustered()
    labels = tracks["label"].copy()
    labels.iloc[:3] = "rare"  # fewer members than folds: left out, the other two classes probed
    probe = linear_probe(X, labels, artist_groups(tracks), seed=0)
    assert probe["probe_bacc"] > 0.95 and abs(probe["probe_majority"] - 0.5) < 0.1
    only_rare = pd.Series(["rare"] * 3 + ["a"] * (len(X) - 3))
    assert all(np.isnan(v) for v in linear_probe(X, only_rare, artist_groups(tracks), seed=0).values())


def test_probes_per_seed_and_label_are_seeded():
    X, tracks = present_not_clustered()
    emb = pd.DataFrame(X, index=tracks.index)
    a = probe_over_seeds(tracks, [emb, emb], [0, 1], ["label", "missing"])
    b = probe_over_seeds(tracks, [emb, emb], [0, 1], ["label", "missing"])
    assert a.equals(b) and list(a["seed"]) == [0] and set(a["label"]) == {"label"}  # one space: probed once
    shifted = pd.DataFrame(X + 1.0, index=tracks.index)
    assert list(probe_over_seeds(tracks, [emb, shifted], [0, 1], ["label"])["seed"]) == [0, 1]


def test_a_label_that_is_the_artists_with_few_artists_has_no_probe():
    X, tracks = present_not_clustered(n=40)
    tracks["artist"] = np.where(tracks["label"] == "a", "Poet A", "Poet B")  # genre from the writer
    assert all(np.isnan(v) for v in linear_probe(X, tracks["label"], artist_groups(tracks), seed=0).values())


def test_the_vectorised_fold_search_draws_scikit_learns_folds():
    from sklearn.model_selection import StratifiedGroupKFold

    from musiclust.analysis.probes import GroupFolds

    assert "_find_best_fold" in vars(StratifiedGroupKFold)  # the method it replaces still exists
    rng = np.random.default_rng(3)
    for n, n_groups, n_classes in [(600, 600, 14), (500, 120, 4), (300, 40, 2)]:
        groups = rng.integers(0, n_groups, n).astype(str)
        y = rng.integers(0, n_classes, n).astype(str)
        for seed in range(3):
            ours = GroupFolds(5, shuffle=True, random_state=seed).split(np.zeros(n), y, groups)
            stock = StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(np.zeros(n), y, groups)
            for (a_train, a_test), (b_train, b_test) in zip(ours, stock, strict=True):
                assert np.array_equal(a_test, b_test) and np.array_equal(a_train, b_train)


def test_a_class_with_exactly_as_many_tracks_as_folds_is_probed_and_one_fewer_is_not():
    # 30 "a", 15 "b" and a rare "c", each track its own artist. The majority-class baseline always
    # answers "a": its balanced accuracy is 1 / (the number of classes probed)
    rng = np.random.default_rng(0)
    groups = np.array([f"track:{i}" for i in range(50)])
    X = rng.normal(size=(50, 3))
    five = pd.Series(["a"] * 30 + ["b"] * 15 + ["c"] * 5)  # 5 = N_FOLDS: kept, in every fold
    four = pd.Series(["a"] * 30 + ["b"] * 16 + ["c"] * 4)  # 4: fewer than the folds, left out
    assert linear_probe(X, five, groups, seed=0)["probe_majority"] == pytest.approx(1 / 3)
    assert linear_probe(X, four, groups, seed=0)["probe_majority"] == pytest.approx(1 / 2)
