"""Model entries of the config, expanded into the trained variants (no torch import: the
Snakefile reads this).

A config entry names an ``architecture`` (a registered model), the ``input`` it reads and the
architecture's keyword arguments (those its ``Architecture.keywords`` declare; ``model_defaults``
fills the ones an entry leaves out). A list-valued ``beta`` expands into one variant per value,
named ``<entry>_b<beta>`` (``beta_vae`` with ``beta: [2, 4]`` -> ``beta_vae_b2``, ``beta_vae_b4``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from musiclust.config.names import ARCHITECTURES, DECODED_INPUTS, INDUCTIVE_SUFFIX, INPUT_KINDS, LOGMEL_INPUTS

WINDOW_KEYS = ("window_frames", "window_hop_frames")  # logmel_windows only
# Spec keys that only some inputs read: a key for another input is refused, not ignored.
INPUT_KEYS = {"pool": LOGMEL_INPUTS, "n_mfcc": ("mfcc_frames",), "text_method": ("multimodal",)}
SPEC_KEYS = {"architecture", "input", "condition", "training", "training_preset", "enabled", *INPUT_KEYS, *WINDOW_KEYS}


@dataclass(frozen=True)
class ModelSpec:
    name: str
    architecture: str
    input: str = "summary"
    condition: tuple[str, ...] = ()
    text_method: str = "fasttext_sif"
    pool: int = 1  # average-pool time-frequency inputs by this factor
    n_mfcc: int = 20  # coefficients kept for mfcc_frames
    window_frames: int = 0  # logmel_windows: patch width in log-mel frames (0: not windowed)
    window_hop_frames: int = 0  # logmel_windows: frames from one patch's start to the next
    kwargs: dict = field(default_factory=dict, hash=False)
    training: dict = field(default_factory=dict, hash=False)  # overrides of the training section
    holdout: float = 0.0  # > 0: an inductive variant, fitted without this share of the artists

    @property
    def inductive(self) -> bool:
        return self.holdout > 0

    @property
    def needs_logmel(self) -> bool:
        return self.input in LOGMEL_INPUTS

    @property
    def needs_decoded_audio(self) -> bool:
        return self.input in DECODED_INPUTS

    @property
    def needs_lyrics(self) -> bool:
        return self.input == "multimodal"

    @property
    def joint_clustering(self) -> bool:
        return ARCHITECTURES[self.architecture].joint_clustering

    @property
    def traversable(self) -> bool:
        return ARCHITECTURES[self.architecture].traversable and self.input == "summary"

    def as_dict(self) -> dict:
        """Plain types only (a checkpoint stores it and is loaded with ``weights_only=True``);
        ``holdout`` and the patch sizes only where they are set, so a job's parameters name them only then."""
        d = {**asdict(self), "condition": list(self.condition)}
        for key in ("holdout", *WINDOW_KEYS):
            if not d[key]:
                del d[key]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "ModelSpec":
        return cls(**{**d, "condition": tuple(d["condition"])})


def _beta_label(beta: float) -> str:
    return f"{beta:g}".replace(".", "p")


def expand_models(
    models: dict, defaults: dict | None = None, presets: dict | None = None
) -> dict[str, list[ModelSpec]]:
    """Config entry name -> its variants (one, or one per beta). ``defaults``: keyword arguments
    for every architecture that takes them (config ``model_defaults``); ``presets``: named training
    blocks (config ``training_presets``) an entry takes with ``training_preset``."""
    out: dict[str, list[ModelSpec]] = {}
    for name, entry in models.items():
        entry = dict(entry)
        arch = entry.get("architecture", name)
        kind = entry.get("input", "summary")
        if arch not in ARCHITECTURES:
            raise ValueError(f"model {name!r}: unknown architecture {arch!r}; known: {sorted(ARCHITECTURES)}")
        if kind not in INPUT_KINDS:
            raise ValueError(f"model {name!r}: unknown input {kind!r}; known: {sorted(INPUT_KINDS)}")
        traits = ARCHITECTURES[arch]
        if kind not in traits.inputs:
            raise ValueError(f"model {name!r}: architecture {arch} reads {list(traits.inputs)}, not input {kind!r}")
        unknown = sorted(set(entry) - SPEC_KEYS - set(traits.keywords))
        if unknown:
            raise ValueError(
                f"model {name!r}: architecture {arch} takes no {', '.join(map(repr, unknown))} "
                f"(its keywords: {', '.join(traits.keywords)}; spec keys: {', '.join(sorted(SPEC_KEYS))})"
            )
        for key, inputs in INPUT_KEYS.items():
            if key in entry and kind not in inputs:
                raise ValueError(f"model {name!r}: {key!r} is for input {' or '.join(inputs)}, not {kind!r}")
        entry = {**{k: v for k, v in (defaults or {}).items() if k in traits.keywords}, **entry}
        preset = entry.get("training_preset")
        if preset is not None:
            if preset not in (presets or {}):
                raise ValueError(f"model {name!r}: training_preset {preset!r} is not under training_presets")
            entry["training"] = {**presets[preset], **entry.get("training", {})}
        condition = entry.get("condition", [])
        condition = (condition,) if isinstance(condition, str) else tuple(condition)
        if traits.conditional != bool(condition):
            need = "needs 'condition' (e.g. [genre])" if traits.conditional else "takes no 'condition'"
            raise ValueError(f"model {name!r}: architecture {arch} {need}")
        windowed = kind == "logmel_windows"
        if windowed and "window_frames" not in entry:
            raise ValueError(f"model {name!r}: input logmel_windows needs window_frames (the patch width in frames)")
        if not windowed and any(k in entry for k in WINDOW_KEYS):
            raise ValueError(f"model {name!r}: {'/'.join(WINDOW_KEYS)} are for input logmel_windows, not {kind!r}")
        common = dict(
            architecture=arch,
            input=kind,
            condition=condition,
            text_method=entry.get("text_method", "fasttext_sif"),
            pool=int(entry.get("pool", 1)),
            n_mfcc=int(entry.get("n_mfcc", 20)),
            window_frames=int(entry.get("window_frames", 0)),
            window_hop_frames=int(entry.get("window_hop_frames", entry.get("window_frames", 0))),
            training=dict(entry.get("training", {})),
        )
        kwargs = {k: v for k, v in entry.items() if k not in SPEC_KEYS}
        betas = kwargs.pop("beta", None)
        if isinstance(betas, list):
            out[name] = [
                ModelSpec(f"{name}_b{_beta_label(b)}", kwargs={**kwargs, "beta": float(b)}, **common) for b in betas
            ]
        else:
            extra = {} if betas is None else {"beta": float(betas)}
            out[name] = [ModelSpec(name, kwargs={**kwargs, **extra}, **common)]
    return out


def inductive_variant(spec: ModelSpec, fraction: float) -> ModelSpec:
    """``spec`` trained on the tracks of all but ``fraction`` of the artists, embedding the rest:
    named ``<variant>_inductive``."""
    if spec.input == "multimodal":
        raise ValueError(f"model {spec.name!r}: the inductive evaluation is for audio-only models")
    return replace(spec, name=f"{spec.name}{INDUCTIVE_SUFFIX}", holdout=float(fraction))


def sweep_models(sweep: dict, defaults: dict | None = None, presets: dict | None = None) -> list[ModelSpec]:
    """The beta x latent-dimension grid around a base entry: variants ``sweep_b<beta>_z<dim>``."""
    base = {k: v for k, v in sweep["base"].items()}
    specs = []
    for beta in sweep["beta"]:
        for dim in sweep["latent_dim"]:
            entry = {**base, "beta": float(beta), "latent_dim": int(dim)}
            name = f"sweep_b{_beta_label(beta)}_z{dim}"
            (spec,) = expand_models({name: entry}, defaults, presets)[name]
            specs.append(spec)
    return specs
