"""The run plan: what a (schema-validated) config asks the workflow to build.

Everything the rules decide from the config alone lives here, so it is tested without
running the pipeline: which sources are decoded audio, feature tables, lyrics or combined
ones, which spaces apply to a source, which model variants exist, which files ``rule all``
needs. It reads no file and imports neither torch nor Snakemake.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Mapping

from musiclust.config.model_specs import ModelSpec, expand_models, inductive_variant, sweep_models
from musiclust.config.names import (
    ADAPTER_TRAITS,
    ALGORITHMS,
    BASELINES,
    INDUCTIVE_BASELINES,
    INDUCTIVE_SUFFIX,
    Adapter,
)


class PlanError(ValueError):
    """A config whose parts do not fit together (beyond what the schema checks)."""


@dataclass(frozen=True)
class Plan:
    config: Mapping
    sources: tuple[str, ...]
    seeds: tuple[int, ...]
    shards: tuple[str, ...]
    specs: dict[str, ModelSpec]  # every trained variant by name: configured ones, then the sweep's
    sweep_specs: dict[str, ModelSpec]
    audio_representations: tuple[str, ...]  # baselines and configured variants, in config order
    text_representations: tuple[str, ...]  # every lyric method of the run (see text_methods)
    default_text: tuple[str, ...]  # a source's lyric methods unless it names its own
    table_sources: tuple[str, ...]  # precomputed feature tables
    combined_sources: tuple[str, ...]  # pools of other sources' lyrics
    audio_sources: tuple[str, ...]  # audio decoded here
    lyrics_sources: tuple[str, ...]
    algorithms: tuple[str, ...]
    projections: tuple[str, ...]
    inductive_sources: tuple[str, ...] = ()  # sources with the inductive evaluation
    inductive_spaces: tuple[str, ...] = ()  # its spaces: <variant>_inductive, pca_inductive
    resource_names: set = field(default_factory=set, compare=False)  # the rules that asked (resources())

    @classmethod
    def from_config(cls, config: Mapping) -> "Plan":
        sources = tuple(config["active_sources"])
        for name in sources:
            if name not in config["sources"]:
                raise PlanError(f"active source {name!r} is not defined under 'sources' in the config")
        defaults, presets = config.get("model_defaults") or {}, config.get("training_presets") or {}
        try:
            entries = expand_models(config["models"], defaults, presets)
            sweep = config.get("sweep") or {}
            sweep_specs = {spec.name: spec for spec in sweep_models(sweep, defaults, presets)} if sweep else {}
        except ValueError as e:
            raise PlanError(str(e)) from None
        # the spaces: every model entry not disabled, in config order, then the baselines
        spaces = [name for name, entry in config["models"].items() if entry.get("enabled", True)]
        spaces += list(config["baselines"]["spaces"])
        specs = {spec.name: spec for variants in entries.values() for spec in variants}
        frames = int(config["features"]["logmel_frames"])
        for spec in [*specs.values(), *sweep_specs.values()]:
            if spec.window_frames > frames:
                raise PlanError(
                    f"model {spec.name!r}: window_frames {spec.window_frames} is more than the log-mel's "
                    f"{frames} frames (features.logmel_frames)"
                )
        inductive = config.get("inductive") or {}
        inductive_spaces = []
        for rep in inductive.get("representations", []):
            if rep in INDUCTIVE_BASELINES:
                inductive_spaces.append(rep + INDUCTIVE_SUFFIX)
            elif rep in entries:
                try:
                    variants = [inductive_variant(spec, inductive["holdout_fraction"]) for spec in entries[rep]]
                except ValueError as e:
                    raise PlanError(f"inductive.representations: {e}") from None
                specs.update({v.name: v for v in variants})
                inductive_spaces += [v.name for v in variants]
            else:
                raise PlanError(
                    f"inductive representation {rep!r} is neither a baseline with an inductive form "
                    f"{list(INDUCTIVE_BASELINES)} nor an entry under 'models'"
                )
        for name in inductive.get("sources", []):
            if name not in config["sources"]:
                raise PlanError(f"inductive source {name!r} is not defined under 'sources' in the config")
        text = list(config["text"]["representations"])
        if config["text"].get("pretrained_vectors") and "pretrained_sif" not in text:
            text.append("pretrained_sif")
        # every method the run makes: with those only a source's own list, a model or the hybrid reads
        wanted = [m for name in sources for m in config["sources"][name].get("text_representations", [])]
        wanted += [spec.text_representation for spec in specs.values() if spec.needs_lyrics]
        if config["hybrid"]["enabled"]:
            wanted.append(config["hybrid"]["text_representation"])
        every_text = text + [m for m in dict.fromkeys(wanted) if m not in text]

        def adapter(s: str) -> Adapter:
            return ADAPTER_TRAITS[config["sources"][s]["adapter"]]

        features = {s: adapter(s).features_of(config["sources"][s]) for s in sources}
        tables = tuple(s for s in sources if features[s] == "table")
        base = next(iter(sweep_specs.values()), None)
        if base is not None and base.needs_decoded_audio and sweep.get("source") in tables:
            raise PlanError(
                f"sweep: input {base.input!r} needs decoded audio; source {sweep['source']!r} is a feature table"
            )
        combined = tuple(s for s in sources if adapter(s).pools)
        return cls(
            config=config,
            sources=sources,
            seeds=tuple(int(s) for s in config["seeds"]),
            shards=tuple(f"{i:02d}" for i in range(int(config["features"]["n_shards"]))),
            specs={**specs, **sweep_specs},
            sweep_specs=sweep_specs,
            audio_representations=tuple(
                name for rep in spaces for name in ([rep] if rep in BASELINES else [spec.name for spec in entries[rep]])
            )
            + tuple(inductive_spaces),
            text_representations=tuple(every_text),
            default_text=tuple(text),
            table_sources=tables,
            combined_sources=combined,
            audio_sources=tuple(
                s for s in sources if features[s] == "audio" and config["sources"][s].get("audio", True)
            ),
            lyrics_sources=tuple(
                s for s in sources if config["sources"][s].get("lyrics", adapter(s).lyrics) and s not in tables
            ),
            algorithms=tuple(config["clustering"]["algorithms"]),
            projections=tuple(config["plots"]["projections"]),
            inductive_sources=tuple(s for s in inductive.get("sources", []) if s in sources),
            inductive_spaces=tuple(inductive_spaces),
        )

    # ---- sources ---------------------------------------------------------------------------
    @property
    def feature_sources(self) -> tuple[str, ...]:
        """Sources with an audio feature table: decoded here or precomputed."""
        return self.audio_sources + self.table_sources

    @property
    def models(self) -> tuple[str, ...]:
        """The configured model variants, inductive ones included (not the sweep's)."""
        return tuple(r for r in self.audio_representations if r in self.specs)

    @property
    def inductive_baselines(self) -> tuple[str, ...]:
        """The inductive baseline spaces (``pca_inductive``): one embedding per seed, like a model's."""
        return tuple(r for r in self.inductive_spaces if r not in self.specs)

    def holdout_fraction(self) -> float:
        return float((self.config.get("inductive") or {}).get("holdout_fraction", 0.0))

    @property
    def sweep(self) -> dict:
        """The beta x latent-dimension sweep's section ({} when there is none)."""
        return dict(self.config.get("sweep") or {})

    @property
    def sweep_seeds(self) -> tuple[int, ...]:
        return tuple(int(s) for s in self.sweep.get("seeds", []))

    @property
    def k_sweep(self) -> dict:
        return dict(self.config.get("k_sweep") or {})

    def feature_settings(self) -> dict:
        """The per-clip feature settings (the features section without the job layout)."""
        return {k: v for k, v in self.config["features"].items() if k != "n_shards"}

    def text_settings(self) -> dict:
        """The lyric-embedding settings (the text section without the lists of what to build), with the seed."""
        skip = {"representations", "extra_corpus", "pretrained_vectors"}
        return {**{k: v for k, v in self.config["text"].items() if k not in skip}, "seed": self.config["seed"]}

    def adapter(self, source: str) -> Adapter:
        """The traits of a source's adapter."""
        return ADAPTER_TRAITS[self.config["sources"][source]["adapter"]]

    # A source's settings for what is made of its tracks, not the tracks: left out of its config
    # as the track-table rules see it, so that changing them rebuilds no track table.
    NOT_TRACK_SETTINGS = ("training", "text_representations")

    def source_config(self, name: str) -> dict:
        """A source's config with its name (without NOT_TRACK_SETTINGS); a combined source gets
        its members' configs too."""
        own = {k: v for k, v in self.config["sources"][name].items() if k not in self.NOT_TRACK_SETTINGS}
        cfg = {"name": name, **own}
        if self.adapter(name).pools:
            cfg["members"] = [self.source_config(member) for member in cfg["combine"]]
        return cfg

    def source_files(self, name: str) -> list[str]:
        """The manifest / metadata / table files a source is read from (its members' for a combined one)."""
        cfg = self.config["sources"][name]
        if self.adapter(name).pools:
            return [path for member in cfg["combine"] for path in self.source_files(member)]
        location = cfg.get("location")
        return [] if not location else [location] if isinstance(location, str) else list(location)

    def mirrors(self, source: str) -> list[str]:
        m = self.config["sources"][source].get("mirror", [])
        return [m] if isinstance(m, str) else list(m)

    def audited_sources(self) -> list[str]:
        """Sources that combine datasets (several feature tables, or pooled sources): the confound audit's."""
        multi_table = [s for s in self.table_sources if isinstance(self.config["sources"][s].get("location"), list)]
        return multi_table + list(self.combined_sources)

    # ---- spaces ----------------------------------------------------------------------------
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

    def representations(self, source: str) -> list[str]:
        """The spaces clustered for a source: audio ones, lyric ones, and the hybrid when it has both."""
        reps = [rep for rep in self.audio_representations if self.applies(rep, source)]
        if source in self.lyrics_sources:
            reps += self.text_methods(source)
        if source in self.audio_sources and source in self.lyrics_sources and self.config["hybrid"]["enabled"]:
            reps.append("hybrid_pca")
        return reps

    def text_methods(self, source: str) -> tuple[str, ...]:
        """A source's lyric spaces: its own ``text_representations``, else the text section's."""
        own = self.config["sources"][source].get("text_representations")
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

    def seed_embeddings(self, source: str, method: str) -> list[str]:
        """The embedding each seed's clustering uses: a model's (or inductive baseline's) own per
        seed, else the one space."""
        if method in self.models or method in self.inductive_baselines:
            return [f"results/{source}/embeddings/{method}.seed{s}.parquet" for s in self.seeds]
        return [f"results/{source}/embeddings/{method}.parquet"] * len(self.seeds)

    def clustering_runs(self, source: str, method: str, algorithm: str) -> tuple[list[int], list[str]]:
        """(seeds, embedding per seed) of one space + algorithm: every seed, unless the space is
        fixed and the algorithm ignores the seed; then one run (identical replicates are not data)."""
        embeddings = self.seed_embeddings(source, method)
        if method in self.models or method in self.inductive_baselines or ALGORITHMS[algorithm]:
            return list(self.seeds), embeddings
        return [self.seeds[0]], embeddings[:1]

    def space_embeddings(self, source: str, method: str) -> list[str]:
        """The distinct embedding files a space's clustering reads."""
        return sorted(set(self.seed_embeddings(source, method)))

    def model_inputs(self, source: str, model: str) -> dict[str, str]:
        """What a model reads: the feature table, plus a lyric embedding for the multimodal one."""
        spec = self.specs[model]
        inputs = {"features": f"data/{source}/audio_features.parquet"}
        if spec.needs_lyrics:
            inputs["text"] = f"results/{source}/embeddings/{spec.text_representation}.parquet"
        return inputs

    # ---- targets ---------------------------------------------------------------------------
    def _per_source(self, pattern: str, **fields) -> list[str]:
        return [
            pattern.format(source=source, method=method, **dict(zip(fields, values)))
            for source in self.sources
            for method in self.representations(source)
            for values in itertools.product(*fields.values())
        ]

    def metric_tables(self) -> list[str]:
        tables = self._per_source("results/{source}/metrics/{method}.{algorithm}.csv", algorithm=self.algorithms)
        tables += [
            f"results/{source}/metrics/{model}.posterior.csv"
            for source, model in self.trained_models()
            if self.specs[model].joint_clustering and not self.specs[model].inductive
        ]
        return tables

    def space_figures(self, source: str) -> dict[str, dict]:
        """Per space of a source, what its figures are drawn from (the first seed's embedding and
        clusters) and the figures: a latent map per projection, composition bars of the first
        partitioning algorithm (DBSCAN chooses its own k)."""
        partitioning = [a for a in self.algorithms if a != "dbscan"][:1]
        return {
            method: {
                "embedding": self.seed_embeddings(source, method)[0],
                "clusters": {a: f"results/{source}/clusters/{method}.{a}.parquet" for a in self.algorithms},
                "latents": {p: f"results/latent_visualization/{source}/{method}.{p}.png" for p in self.projections},
                "compositions": {a: f"results/cluster_composition/{source}/{method}.{a}.png" for a in partitioning},
            }
            for method in self.representations(source)
        }

    def space_figure_files(self, source: str, kind: str) -> list[str]:
        """One kind of a source's space files (embedding, clusters, latents, compositions), in order."""
        files = []
        for figures in self.space_figures(source).values():
            entry = figures[kind]
            files += [entry] if isinstance(entry, str) else list(entry.values())
        return list(dict.fromkeys(files))

    def latent_plots(self) -> list[str]:
        return [f for s in self.sources for f in self.space_figure_files(s, "latents")]

    def composition_plots(self) -> list[str]:
        return [f for s in self.sources for f in self.space_figure_files(s, "compositions")]

    def training_histories(self) -> list[str]:
        return [
            f"results/{source}/models/{model}.seed{seed}.history.csv"
            for source, model in self.trained_models()
            for seed in self.seeds
        ]

    def training_curves(self) -> list[str]:
        return [f"results/training_curves/{source}/{model}.png" for source, model in self.trained_models()]

    def reconstructions(self) -> list[str]:
        return [
            f"results/reconstructions/{source}/{model}.png"
            for source, model in self.trained_models()
            if self.specs[model].needs_logmel and not self.specs[model].inductive
        ]

    def traversals(self) -> list[str]:
        return [
            f"results/latent_traversals/{source}/{model}.png"
            for source, model in self.trained_models()
            if self.specs[model].traversable and not self.specs[model].inductive
        ]

    def k_sweeps(self) -> list[str]:
        methods = self.k_sweep.get("methods", [])
        return [
            f"results/k_sweep/{source}/{method}.csv"
            for source in self.sources
            for method in self.representations(source)
            if method in methods
        ]

    def k_sweep_figures(self) -> list[str]:
        return [t.removesuffix(".csv") + ".png" for t in self.k_sweeps()]

    def sweep_outputs(self) -> list[str]:
        """The sweep's table and figure (none when there is no sweep or its source is not in this run)."""
        source = self.sweep.get("source")
        if source not in self.feature_sources:
            return []
        return [f"results/sweep/{source}.csv", f"results/sweep/{source}.png"]

    def rejection_tables(self, downloaded: set[str]) -> list[str]:
        """Every stage's rejection table; ``downloaded``: the audio sources fetched by the download stage."""
        tables = [f"data/{s}/tracks.rejected.csv" for s in self.sources]
        tables += [f"data/{s}/features/shard_{i}.rejected.csv" for s in self.audio_sources for i in self.shards]
        tables += [
            f"data/{s}/audio/shard_{i}.rejected.csv" for s in self.audio_sources if s in downloaded for i in self.shards
        ]
        tables += [f"data/{s}/lyrics.rejected.csv" for s in self.lyrics_sources]
        return tables

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

    def findings_inputs(self) -> dict[str, str]:
        """The tables ``results/findings.md`` is written from."""
        inputs = {"comparison": "results/nmi_vs_pca_kmeans.csv", "best": "results/best_per_label.csv"}
        if self.conditioned_models():
            inputs["metrics"] = "results/clustering_metrics.csv"  # its linear probes
        if self.audited_sources():
            inputs["audit"] = "results/confound_audit.csv"
        if self.lyrics_sources:
            inputs["langid"] = "results/language_id_accuracy.csv"
        return inputs

    # ---- resources ---------------------------------------------------------------------
    TRAINING_RULES = ("train_model", "train_sweep")

    def resources(self, rule: str) -> dict:
        """A rule's job resources for executors (Slurm, Kubernetes): ``resources.default``, then
        ``resources.rules.<rule>``; training asks for a GPU (``gres: gpu:1``) where the configured
        device is CUDA (``auto`` asks for none: it uses a GPU only where the node has one)."""
        self.resource_names.add(rule)
        section = self.config.get("resources") or {}
        out = {**section.get("default", {}), **section.get("rules", {}).get(rule, {})}
        devices = {self.config["training"].get("device")} | {
            spec.training.get("device") for spec in self.specs.values()
        }
        if rule in self.TRAINING_RULES and "cuda" in devices:
            out.setdefault("gres", "gpu:1")
        return out

    def check_resource_rules(self) -> None:
        """Refuse resource overrides that name no rule (a typo would be ignored): call it once every
        rule has asked for its resources."""
        unknown = sorted(set((self.config.get("resources") or {}).get("rules", {})) - self.resource_names)
        if unknown:
            raise PlanError(f"config.resources.rules names no rule: {unknown} (rules: {sorted(self.resource_names)})")

    def paper_figures(self) -> list[dict]:
        """Every figure of the run with what the paper's caption needs (kind, source, method, ...)."""
        out = []
        for source in self.sources:
            for method, figures in self.space_figures(source).items():
                for projection, path in figures["latents"].items():
                    out.append(
                        {"kind": "latent", "path": path, "source": source, "method": method, "projection": projection}
                    )
                for algorithm, path in figures["compositions"].items():
                    out.append(
                        {
                            "kind": "composition",
                            "path": path,
                            "source": source,
                            "method": method,
                            "algorithm": algorithm,
                        }
                    )
        for kind, paths in (
            ("curves", self.training_curves()),
            ("reconstruction", self.reconstructions()),
            ("traversal", self.traversals()),
            ("k_sweep", self.k_sweep_figures()),
        ):
            for path in paths:
                source, method = path.removesuffix(".png").split("/")[-2:]
                out.append({"kind": kind, "path": path, "source": source, "method": method})
        out += [
            {"kind": "sweep", "path": p, "source": self.sweep["source"]}
            for p in self.sweep_outputs()
            if p.endswith(".png")
        ]
        return out

    def paper_inputs(self) -> dict[str, str | list[str]]:
        """The tables and figures the paper is written from."""
        inputs: dict[str, str | list[str]] = {
            "metrics": "results/clustering_metrics.csv",
            "rejected": "results/rejected.csv",
            **self.findings_inputs(),
            "tracks": [f"data/{s}/tracks.parquet" for s in self.sources],
            "k_sweeps": self.k_sweeps(),
            "figures": [f["path"] for f in self.paper_figures()],
        }
        if self.sweep_outputs():
            inputs["sweep"] = self.sweep_outputs()[0]
        return inputs

    def paper_settings(self) -> dict:
        """What the paper's text needs from the config (its numbers come from the tables)."""
        c = self.config
        models = {}
        for name in self.models:
            spec = self.specs[name]
            models[name] = {
                "architecture": spec.architecture,
                "input": spec.input,
                "condition": list(spec.condition),
                "latent_dim": spec.kwargs.get("latent_dim"),
                **({"beta": spec.kwargs["beta"]} if "beta" in spec.kwargs else {}),
            }
        not_run = []
        if "tsne" not in self.projections:
            not_run.append("t-SNE maps (add tsne to plots.projections)")
        if not self.sweep_outputs():
            not_run.append("the β × latent-dimension sweep (no sweep section)")
        if not c["text"].get("pretrained_vectors"):
            not_run.append("pretrained word vectors (text.pretrained_vectors is empty)")
        return {
            **c["paper"],
            "sources": list(self.sources),
            "combined": {s: s in self.combined_sources for s in self.sources},
            "models": models,
            "representations": list(dict.fromkeys(m for s in self.sources for m in self.representations(s))),
            "baselines": [b for b in self.audio_representations if b in BASELINES],
            "text_representations": list(self.text_representations),
            "features": self.feature_settings(),
            "training": dict(c["training"]),
            "clustering": dict(c["clustering"]),
            "seeds": list(self.seeds),
            "sweep_source": self.sweep.get("source"),
            "figures": self.paper_figures(),
            "not_run": not_run,
            "inductive": {
                "holdout_fraction": self.holdout_fraction(),
                "sources": list(self.inductive_sources),
                "spaces": list(self.inductive_spaces),
            },
        }

    def targets(self) -> list[str]:
        """What ``rule all`` builds."""
        return [
            "results/clustering_metrics.csv",
            "results/rejected.csv",
            *(["results/language_id.csv"] if self.lyrics_sources else []),
            *self.latent_plots(),
            *self.composition_plots(),
            *self.training_histories(),
            "results/nmi_vs_pca_kmeans.csv",
            "results/best_per_label.csv",
            "results/findings.md",
            *(["results/confound_audit.csv"] if self.audited_sources() else []),
            *self.k_sweeps(),
            *self.training_curves(),
            *self.reconstructions(),
            *self.traversals(),
            "results/paper/paper.pdf",
        ]

    # ---- wildcards -------------------------------------------------------------------------
    def wildcard_constraints(self) -> dict[str, str]:
        """Regular expressions for the workflow's wildcards, from the names this run uses."""
        return {
            "source": "[A-Za-z0-9_-]+",
            "shard": "[0-9]+",
            "seed": "[0-9]+",
            "method": "[A-Za-z0-9_]+",
            "model": alternatives(self.specs),
            "baseline": alternatives(BASELINES),
            "inductive_baseline": alternatives(b.removesuffix(INDUCTIVE_SUFFIX) for b in self.inductive_baselines),
            "text_method": alternatives(self.text_representations),
            "algorithm": alternatives(self.algorithms),
            "projection": alternatives(self.projections),
        }


def alternatives(names) -> str:
    """A regex matching exactly these names (one that matches nothing when there are none)."""
    return "|".join(sorted(names)) or "(?!)"
