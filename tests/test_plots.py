import numpy as np
import pandas as pd
import pytest

from musiclust.plots import latent_figure, project_2d


@pytest.mark.parametrize("method", ["umap", "tsne"])
def test_projections_keep_separated_groups_apart(method):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 0.3, (30, 8)), rng.normal(6, 0.3, (30, 8))])
    xy = project_2d(X, method, seed=0)
    assert xy.shape == (60, 2)
    gap = np.linalg.norm(xy[:30].mean(0) - xy[30:].mean(0))
    spread = max(xy[:30].std(0).max(), xy[30:].std(0).max())
    assert gap > 2 * spread
    with pytest.raises(ValueError):
        project_2d(X, "pca2", seed=0)


def test_figure_has_a_panel_per_colouring_and_hides_huge_legends():
    xy = np.random.default_rng(0).normal(size=(40, 2))
    colourings = {"language": pd.Series(["en", "bn"] * 20), "dbscan": pd.Series(range(40)), "genre": pd.Series([None] * 40)}
    fig = latent_figure(xy, colourings, "title")
    axes = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in axes] == ["language", "dbscan: 40 groups", "genre"]
    assert axes[0].get_legend() is not None and axes[1].get_legend() is None
    assert "(unknown) (40)" in [t.get_text() for t in axes[2].get_legend().get_texts()]
