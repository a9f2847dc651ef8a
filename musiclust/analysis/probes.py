"""Linear probes: is a label linearly present in a space, whether or not it forms clusters?

A probe is a cross-validated logistic regression from the space to the label, with folds
disjoint by artist (a track without an artist is its own group), scored by balanced accuracy
beside two baselines through the same folds: the majority class (balanced accuracy 1/k) and
the same probe trained on labels shuffled with the seed. Probes are diagnostics: nothing
chooses or trains a representation by them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

PROBE_COLUMNS = ["probe_bacc", "probe_majority", "probe_shuffled"]
N_FOLDS = 5


class GroupFolds(StratifiedGroupKFold):
    """scikit-learn's StratifiedGroupKFold with the same folds, its per-group search vectorised:
    the stock search runs n_splits numpy reductions per group, about 17 s for a source of 2617
    singleton groups (GTZAN has no artists), every probe job."""

    def _find_best_fold(self, y_counts_per_fold, y_cnt, group_y_counts):
        n = self.n_splits
        # trial i: the fold counts with the group added to fold i (the stock loop's arrays, stacked)
        trial = np.repeat(y_counts_per_fold[None], n, axis=0)
        trial[np.arange(n), np.arange(n)] += group_y_counts
        evals = np.std(trial / y_cnt.reshape(1, 1, -1), axis=1).mean(axis=1)
        sizes = y_counts_per_fold.sum(axis=1)
        best, min_eval, min_size = 0, evals[0], sizes[0]
        for i in range(1, n):  # the stock order of comparison; the tie test is np.isclose's
            tie = abs(evals[i] - min_eval) <= 1e-8 + 1e-5 * abs(min_eval)
            if evals[i] < min_eval or (tie and sizes[i] < min_size):
                best, min_eval, min_size = i, evals[i], sizes[i]
        return best


def artist_groups(tracks: pd.DataFrame) -> np.ndarray:
    """The artist of each track as a fold group; a track without one is a group of its own."""
    artist = tracks["artist"] if "artist" in tracks else pd.Series(np.nan, index=tracks.index)
    own = pd.Series(tracks.index.astype(str), index=tracks.index).radd("track:")
    return artist.astype("object").where(artist.notna(), own).astype(str).to_numpy()


def linear_probe(X: np.ndarray, y: pd.Series, groups: np.ndarray, seed: int, n_folds: int = N_FOLDS) -> dict:
    """Balanced accuracy of the probe and its two baselines over the tracks that have a label of
    a class with at least ``n_folds`` members (rarer classes cannot be in every fold); NaN where
    fewer than two such classes remain, or where a training fold holds one class (the label is
    the artist's, as with a writer-derived genre, and the folds keep artists apart)."""
    y = y.astype("object")
    counts = y.value_counts()
    known = y.isin(counts.index[counts >= n_folds]).to_numpy()
    X, y, groups = X[known], y[known].astype(str).to_numpy(), groups[known]
    folds = min(n_folds, len(np.unique(groups)))
    if len(np.unique(y)) < 2 or folds < 2:
        return dict.fromkeys(PROBE_COLUMNS, float("nan"))
    cv = GroupFolds(n_splits=folds, shuffle=True, random_state=seed)
    # the folds depend on the target, so they are drawn once per target
    splits = list(cv.split(X, y, groups))
    if any(len(np.unique(y[train])) < 2 for train, _ in splits):
        return dict.fromkeys(PROBE_COLUMNS, float("nan"))  # the label follows the artist: nothing to learn across
    # tol 1e-3: the same fit as the default 1e-4 on these spaces (training accuracy), 3x faster
    probe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, tol=1e-3))
    shuffled = np.random.default_rng(seed).permutation(y)

    def score(model, target, target_splits):
        return float(balanced_accuracy_score(target, cross_val_predict(model, X, target, cv=target_splits)))

    return {
        "probe_bacc": score(probe, y, splits),
        "probe_majority": score(DummyClassifier(strategy="most_frequent"), y, splits),
        "probe_shuffled": score(probe, shuffled, list(cv.split(X, shuffled, groups))),
    }


def probe_over_seeds(
    tracks: pd.DataFrame, embeddings: list[pd.DataFrame], seeds: list[int], label_names: list[str]
) -> pd.DataFrame:
    """One row per (seed, label) with the probe columns; ``tracks`` indexed by track id. A space
    that is the same for every seed (a baseline) is probed once, with the first seed."""
    if all(e.equals(embeddings[0]) for e in embeddings[1:]):
        seeds, embeddings = seeds[:1], embeddings[:1]
    rows = []
    for seed, emb in zip(seeds, embeddings):
        labels = tracks.reindex(emb.index)
        groups = artist_groups(labels)
        for label in label_names:
            if label in labels:
                rows.append({"seed": seed, "label": label, **linear_probe(emb.to_numpy(), labels[label], groups, seed)})
    return pd.DataFrame(rows, columns=["seed", "label", *PROBE_COLUMNS])
