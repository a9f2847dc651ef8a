"""The plan's spaces: which apply to a source, the models a source trains, the embeddings each
seed's clustering reads, and the wildcards' names."""

from __future__ import annotations

from typing import Mapping

from musiclust.config import paths
from musiclust.config.model_specs import ModelSpec
from musiclust.config.names import ALGORITHMS, BASELINES, INDUCTIVE_SUFFIX


def alternatives(names) -> str:
    """A regex matching exactly these names (one that matches nothing when there are none)."""
    return "|".join(sorted(names)) or "(?!)"


def lyric_methods(config: Mapping, sources, specs: Mapping[str, ModelSpec]) -> tuple[list[str], list[str]]:
    """(a source's lyric spaces unless it names its own, every lyric method the run makes: with
    those, the ones only a source's own list, a model or the hybrid reads)."""
    text = list(config["text"]["methods"])
    if config["text"].get("pretrained_vectors") and "pretrained_sif" not in text:
        text.append("pretrained_sif")
    wanted = [m for name in sources for m in config["sources"][name].get("text_methods", [])]
    wanted += [spec.text_method for spec in specs.values() if spec.needs_lyrics]
    if config["hybrid"]["enabled"]:
        wanted.append(config["hybrid"]["text_method"])
    return text, text + [m for m in dict.fromkeys(wanted) if m not in text]


class SpaceRole:
    """Part of ``Plan``: its spaces and models."""

    @property
    def models(self) -> tuple[str, ...]:
        """The configured model variants, inductive ones included (not the sweep's)."""
        return tuple(r for r in self.audio_spaces if r in self.specs)

    @property
    def inductive_baselines(self) -> tuple[str, ...]:
        """The inductive baseline spaces (``pca_inductive``): one embedding per seed, like a model's."""
        return tuple(r for r in self.inductive_spaces if r not in self.specs)

    def holdout_fraction(self) -> float:
        return float((self.config.get("inductive") or {}).get("holdout_fraction", 0.0))

    def applies(self, rep: str, source: str) -> bool:
        """Whether an audio representation can be built for a source (the log-mel, lyrics, labels it needs)."""
        if source not in self.feature_sources:
            return False
        if rep in self.inductive_spaces:
            if source not in self.inductive_sources:
                return False
            if rep in self.inductive_baselines:
                return self.applies(rep.removesuffix(INDUCTIVE_SUFFIX), source)
        if rep in BASELINES:
            if rep == "spectral" and source in self.table_sources and not self.adapter(source).mfcc:
                return False  # a table without MFCC statistics (MSD timbre, MIDI summaries) has no spectral space
            return not BASELINES[rep] or source in self.audio_sources
        spec = self.specs[rep]
        if spec.needs_decoded_audio and source not in self.audio_sources:
            return False
        if spec.needs_lyrics and source not in self.lyrics_sources:
            return False  # its lyric input is made for it even where that method is not clustered as a space
        return True

    def spaces(self, source: str) -> list[str]:
        """The spaces clustered for a source: audio ones, lyric ones, and the hybrid when it has both."""
        reps = [rep for rep in self.audio_spaces if self.applies(rep, source)]
        if source in self.lyrics_sources:
            reps += self.text_methods(source)
        if source in self.audio_sources and source in self.lyrics_sources and self.config["hybrid"]["enabled"]:
            reps.append("hybrid_pca")
        return reps

    def text_methods(self, source: str) -> tuple[str, ...]:
        """A source's lyric spaces: its own ``text_methods``, else the text section's."""
        own = self.config["sources"][source].get("text_methods")
        return self.default_text if own is None else tuple(own)

    def trained_models(self) -> list[tuple[str, str]]:
        """(source, model) for every configured model variant that a source's data can train."""
        return [(s, m) for s in self.feature_sources for m in self.models if self.applies(m, s)]

    def model_training(self, source: str, model: str) -> dict:
        """A model's training settings on a source: the training section, then the source's and the
        model's overrides (the seed is set per run)."""
        source_training = self.config["sources"][source].get("training", {})
        return {**self.config["training"], **source_training, **self.specs[model].training}

    def training_variants(self, source: str, models: list[str]) -> list[dict]:
        """What one training job trains on a source, in order: each model's spec and training settings."""
        return [{"spec": self.specs[m].as_dict(), "training": self.model_training(source, m)} for m in models]

    def seed_embeddings(self, source: str, space: str) -> list[str]:
        """The embedding each seed's clustering uses: a model's (or inductive baseline's) own per
        seed, else the one space."""
        if space in self.models or space in self.inductive_baselines:
            return [paths.SEED_EMBEDDING.format(source=source, space=space, seed=s) for s in self.seeds]
        return [paths.EMBEDDING.format(source=source, space=space)] * len(self.seeds)

    def clustering_runs(self, source: str, space: str, algorithm: str) -> tuple[list[int], list[str]]:
        """(seeds, embedding per seed) of one space + algorithm: every seed, unless the space is
        fixed and the algorithm ignores the seed; then one run (identical replicates are not data)."""
        embeddings = self.seed_embeddings(source, space)
        if space in self.models or space in self.inductive_baselines or ALGORITHMS[algorithm]:
            return list(self.seeds), embeddings
        return [self.seeds[0]], embeddings[:1]

    def space_embeddings(self, source: str, space: str) -> list[str]:
        """The distinct embedding files a space's clustering reads."""
        return sorted(set(self.seed_embeddings(source, space)))

    def model_inputs(self, source: str, model: str) -> dict[str, str]:
        """What a model reads: the feature table, plus a lyric embedding for the multimodal one."""
        spec = self.specs[model]
        inputs = {"features": paths.FEATURES.format(source=source)}
        if spec.needs_lyrics:
            inputs["text"] = paths.EMBEDDING.format(source=source, space=spec.text_method)
        return inputs

    def conditioned_models(self) -> dict[str, dict]:
        """Each conditional VAE of the run -> the labels it is told and its unconditional reference
        (the run's first MLP VAE on the same input; None without one)."""
        specs = [self.specs[m] for m in self.models if not self.specs[m].inductive]
        references = {}  # input -> the first MLP VAE on it
        for spec in specs:
            if spec.architecture == "vae_mlp":
                references.setdefault(spec.input, spec.name)
        return {
            spec.name: {"condition": list(spec.condition), "reference": references.get(spec.input)}
            for spec in specs
            if spec.condition
        }

    def wildcard_constraints(self) -> dict[str, str]:
        """Regular expressions for the workflow's wildcards, from the names this run uses."""
        return {
            "source": "[A-Za-z0-9_-]+",
            "shard": "[0-9]+",
            "seed": "[0-9]+",
            "space": "[A-Za-z0-9_]+",
            "model": alternatives(self.specs),
            "baseline": alternatives(BASELINES),
            "inductive_baseline": alternatives(b.removesuffix(INDUCTIVE_SUFFIX) for b in self.inductive_baselines),
            "text_method": alternatives(self.run_text_methods),
            "algorithm": alternatives(self.algorithms),
            "projection": alternatives(self.projections),
        }
