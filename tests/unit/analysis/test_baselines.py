"""The inductive PCA baseline: fitted on the other artists' tracks, projecting the held-out ones."""

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from musiclust.analysis.baselines import inductive_pca
from musiclust.data.splits import held_out_tracks


def test_inductive_pca_is_fitted_without_the_held_out_artists(tmp_path):
    rng = np.random.default_rng(0)
    ids = [f"t{i:02d}" for i in range(30)]
    artists = {t: f"a{i // 3}" for i, t in enumerate(ids)}
    X = rng.normal(size=(30, 5)) * [5.0, 3.0, 1.0, 0.5, 0.1]
    pd.DataFrame(X, index=pd.Index(ids, name="track_id"), columns=list("abcde")).reset_index().to_parquet(
        tmp_path / "f.parquet"
    )
    held = sorted(held_out_tracks(ids, artists, 0.2, seed=1))
    emb = inductive_pca(tmp_path / "f.parquet", 2, 1, artists, 0.2)
    assert list(emb.index) == held and emb.shape == (6, 2)
    fit = np.array([t not in held for t in ids])
    mean, scale = X[fit].mean(axis=0), X[fit].std(axis=0)  # the z-scoring of the training artists alone
    expected = PCA(n_components=2, random_state=1).fit((X[fit] - mean) / scale).transform((X[~fit] - mean) / scale)
    assert np.allclose(emb.to_numpy(), expected, atol=1e-5)
