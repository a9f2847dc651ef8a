"""The plan's targets: the tables and figures the run writes, and what ``rule all`` builds."""

from __future__ import annotations

import itertools

from musiclust.config import paths


class TargetRole:
    """Part of ``Plan``: the files it asks for."""

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

    def _per_source(self, pattern: str, **fields) -> list[str]:
        return [
            pattern.format(source=source, space=space, **dict(zip(fields, values)))
            for source in self.sources
            for space in self.spaces(source)
            for values in itertools.product(*fields.values())
        ]

    def metric_tables(self) -> list[str]:
        tables = self._per_source(paths.METRICS, algorithm=self.algorithms)
        tables += [
            paths.METRICS.format(source=source, space=model, algorithm="posterior")
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
            space: {
                "embedding": self.seed_embeddings(source, space)[0],
                "clusters": {
                    a: paths.CLUSTERS.format(source=source, space=space, algorithm=a) for a in self.algorithms
                },
                "latents": {p: f"results/latent_visualization/{source}/{space}.{p}.png" for p in self.projections},
                "compositions": {a: f"results/cluster_composition/{source}/{space}.{a}.png" for a in partitioning},
            }
            for space in self.spaces(source)
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
            paths.HISTORY.format(source=source, space=model, seed=seed)
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
        spaces = self.k_sweep.get("spaces", [])
        return [
            f"results/k_sweep/{source}/{space}.csv"
            for source in self.sources
            for space in self.spaces(source)
            if space in spaces
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
