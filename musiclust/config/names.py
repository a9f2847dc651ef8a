"""The names a config may use for models, inputs, baselines and text methods, with their traits.

One home each: the run plan, the model registry, the baselines, the clustering algorithms and
the text embedder read these; a test checks that the config schema's enums equal them.
(Projections have their home beside their code in ``musiclust.plots.latent``: the plan only
needs the names the config lists.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Architecture:
    """What the plan needs to know of a registered model, without importing it."""

    inputs: tuple[str, ...]  # the input kinds it reads
    conditional: bool = False  # needs ``condition`` labels
    joint_clustering: bool = False  # assigns its own clusters (scored as algorithm "posterior")
    traversable: bool = False  # latent traversals of its decoded summary features are plotted


ARCHITECTURES: dict[str, Architecture] = {
    "vae_mlp": Architecture(inputs=("summary",), traversable=True),
    "beta_vae_mlp": Architecture(inputs=("summary",), traversable=True),
    "ae_mlp": Architecture(inputs=("summary",)),
    "cvae_mlp": Architecture(inputs=("summary",), conditional=True),
    "vae_conv": Architecture(inputs=("logmel", "mfcc_frames")),
    "vae_poe": Architecture(inputs=("multimodal",)),
    "vade_mlp": Architecture(inputs=("summary",), joint_clustering=True),
}

INPUT_KINDS: dict[str, str] = {
    "summary": "the z-scored summary statistics (MFCC, spectral, chroma ...) of each clip",
    "logmel": "the fixed-size log-mel spectrogram, z-scored per mel band",
    "mfcc_frames": "MFCC frames (DCT of the log-mel), z-scored per coefficient",
    "multimodal": "summary statistics + a lyric embedding, with a mask of which a track has",
}
LOGMEL_INPUTS = ("logmel", "mfcc_frames")

# Baseline spaces by name: whether each needs the decoded log-mel (a feature table has none).
BASELINES: dict[str, bool] = {"pca": False, "spectral": False, "logmel_pca": True}

TEXT_METHODS = ("fasttext_sif", "tfidf_svd", "pretrained_sif")

# Clustering algorithms by name: whether the result depends on the seed. A fixed space clustered
# by an algorithm that ignores the seed is run once (n = 1), not counted as replicates.
ALGORITHMS: dict[str, bool] = {"kmeans": True, "agglomerative": False, "dbscan": False, "gmm": True}

LABELS = ("language", "genre")
PROVENANCES = ("human", "metadata", "model")  # who assigned a label; "unknown" where a source does not say
