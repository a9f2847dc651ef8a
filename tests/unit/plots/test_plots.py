import numpy as np
import pandas as pd
import pytest

from musiclust.plots.latent import latent_figure, project_2d


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


def test_small_maps_use_umaps_own_neighbour_graph_from_precomputed_distances(monkeypatch):
    import umap

    from musiclust.plots import latent

    X = np.random.default_rng(1).normal(size=(120, 6))
    graphs = []
    fit = umap.UMAP.fit

    def recording_fit(self, data, *args, **kwargs):
        out = fit(self, data, *args, **kwargs)
        graphs.append((self.metric, self.graph_.toarray()))
        return out

    monkeypatch.setattr(umap.UMAP, "fit", recording_fit)
    latent.umap_2d(X, seed=0)
    monkeypatch.setattr(latent, "SMALL_UMAP", 0)  # umap-learn's own path, one distance call per pair
    latent.umap_2d(X, seed=0)
    (metric_small, small), (metric_own, own) = graphs
    assert metric_small == "precomputed" and metric_own == "euclidean"
    assert np.allclose(small, own, atol=1e-6)  # the same fuzzy neighbour graph


def test_umaps_numba_functions_are_cached_on_disk():
    from numba.core.caching import NullCache

    from musiclust.plots.latent import cached_umap

    umap = cached_umap()
    for fn in (umap.umap_.smooth_knn_dist, umap.umap_.compute_membership_strengths, umap.utils.fast_knn_indices):
        assert not isinstance(fn._cache, NullCache)


def test_figure_has_a_panel_per_colouring_and_hides_huge_legends():
    xy = np.random.default_rng(0).normal(size=(40, 2))
    colourings = {
        "language": pd.Series(["en", "bn"] * 20),
        "dbscan": pd.Series(range(40)),
        "genre": pd.Series([None] * 40),
    }
    fig = latent_figure(xy, colourings, "title")
    axes = [ax for ax in fig.axes if ax.axison]
    assert [ax.get_title() for ax in axes] == ["language", "dbscan: 40 groups", "genre"]
    assert axes[0].get_legend() is not None and axes[1].get_legend() is None
    assert "(unknown) (40)" in [t.get_text() for t in axes[2].get_legend().get_texts()]
    for ax, n_groups in zip(axes, (2, 40, 1)):  # every point drawn once, one colour per group
        offsets = [c.get_offsets() for c in ax.collections]
        assert sum(len(o) for o in offsets) == 40 and len(ax.collections) == n_groups
        colours = {tuple(np.round(c.get_facecolor()[0], 3)) for c in ax.collections}
        assert len(colours) == min(n_groups, 20)  # tab20 repeats past 20 groups
    language = axes[0].collections
    assert {c.get_label() for c in language} == {"bn (20)", "en (20)"}
    assert np.allclose(np.sort(np.vstack([c.get_offsets() for c in language]), axis=0), np.sort(xy, axis=0))


def test_composition_counts_and_bars():
    from musiclust.plots.composition import composition_figure, composition_table

    clusters = pd.Series([0, 0, 0, 1, 1, 2])
    labels = pd.Series(["en", "en", "bn", "bn", None, "bn"])
    table = composition_table(clusters, labels)
    assert table.loc[0, "en"] == 2 and table.loc[0, "bn"] == 1 and table.loc[1, "(unknown)"] == 1
    assert table.sum(axis=1).tolist() == [3, 2, 1]
    fig = composition_figure({"language": (clusters, labels)}, "t")
    bars = fig.axes[0].patches
    assert len(bars) == 3 * 3  # 3 clusters x 3 label values (zero-height segments included)
    assert sorted(round(b.get_height()) for b in bars if b.get_height() > 0) == [1, 1, 1, 1, 2]
    tops = {}
    for b in bars:  # stacked: each cluster's bar reaches its size
        x = round(b.get_x() + b.get_width() / 2)
        tops[x] = max(tops.get(x, 0), b.get_y() + b.get_height())
    assert [tops[x] for x in sorted(tops)] == [3, 2, 1]
    assert len({b.get_facecolor() for b in bars}) == 3  # one colour per label value


def test_bangla_labels_render_with_a_bengali_font(tmp_path):
    import warnings

    import matplotlib.pyplot as plt

    from musiclust.plots.style import apply_style

    assert apply_style() == "Lohit Bengali"
    assert plt.rcParams["font.family"] == ["DejaVu Sans", "Lohit Bengali"]
    fig, ax = plt.subplots()
    ax.set_title("রবীন্দ্রসংগীত / Rabindra Sangeet")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning from matplotlib
        fig.savefig(tmp_path / "bn.png")
    plt.close(fig)


def test_model_figures(tmp_path):
    import pandas as pd

    from musiclust.plots.models import reconstruction_figure, training_curves_figure, traversal_figure

    h = pd.DataFrame(
        {
            "epoch": range(5),
            "train_recon": range(5, 0, -1),
            "val_recon": range(6, 1, -1),
            "train_kl": range(5),
            "val_kl": range(5),
            "best": [False] * 4 + [True],
        }
    )
    training_curves_figure({0: h, 1: h}, "t").savefig(tmp_path / "c.png")
    imgs = np.random.default_rng(0).normal(size=(3, 8, 8))
    reconstruction_figure(imgs, imgs * 0.5, ["a", "b", "c"], "r", "mel band").savefig(tmp_path / "r.png")
    steps = np.linspace(-3, 3, 7)
    traversal_figure({0: np.outer(np.arange(4), steps), 3: np.zeros((4, 7))}, steps, list("abcd"), "t").savefig(
        tmp_path / "t.png"
    )
    assert all((tmp_path / f).stat().st_size > 5000 for f in ("c.png", "r.png", "t.png"))


def test_the_style_is_applied_by_a_call_not_by_an_import():
    import subprocess
    import sys

    code = (
        "import matplotlib; before = list(matplotlib.rcParams['font.family']);"
        "import musiclust.plots.latent, musiclust.plots.composition, musiclust.plots.models, musiclust.plots.study;"
        "print(list(matplotlib.rcParams['font.family']) == before)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_latent_panels_are_the_labels_then_each_algorithms_clusters():
    from musiclust.plots.latent import latent_colourings

    tracks = pd.DataFrame({"language": ["en", "bn"], "genre": ["pop", "rock"]}, index=["a", "b"])
    kmeans = pd.DataFrame({"cluster_language": [0, 1], "cluster_genre": [1, 0]}, index=["a", "b"])
    dbscan = pd.DataFrame({"cluster_language": [0, -1], "cluster_genre": [1, 1]}, index=["a", "b"])
    panels = latent_colourings(tracks, {"kmeans": kmeans, "dbscan": dbscan}, ["language", "genre"])
    assert list(panels) == [
        "language",
        "genre",
        "kmeans (k = #language classes)",
        "kmeans (k = #genre classes)",
        "dbscan (own k, -1 = noise)",  # DBSCAN ignores k: one panel
    ]
    assert panels["kmeans (k = #genre classes)"].tolist() == [1, 0]
    assert panels["dbscan (own k, -1 = noise)"].tolist() == [0, -1]  # its first (and only) clustering


def test_composition_panels_align_labels_to_the_clustered_tracks():
    from musiclust.plots.composition import composition_panels

    tracks = pd.DataFrame({"language": ["en", "bn", "en"]}, index=["a", "b", "c"])
    clusters = pd.DataFrame({"cluster_language": [1, 0]}, index=["c", "b"])
    [(name, (c, labels))] = composition_panels(clusters, tracks, ["language", "genre"], "kmeans").items()
    assert name == "language: kmeans clusters (k = #language classes)"
    assert labels.tolist() == ["en", "bn"] and c.tolist() == [1, 0]
