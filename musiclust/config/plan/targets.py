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
                "latents": {
                    p: paths.LATENT_MAP.format(source=source, space=space, projection=p) for p in self.projections
                },
                "compositions": {
                    a: paths.COMPOSITION.format(source=source, space=space, algorithm=a) for a in partitioning
                },
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
        return [paths.TRAINING_CURVES.format(source=source, space=model) for source, model in self.trained_models()]

    def reconstructions(self) -> list[str]:
        return [
            paths.RECONSTRUCTION.format(source=source, space=model)
            for source, model in self.trained_models()
            if self.specs[model].needs_logmel and not self.specs[model].inductive
        ]

    def traversals(self) -> list[str]:
        return [
            paths.TRAVERSAL.format(source=source, space=model)
            for source, model in self.trained_models()
            if self.specs[model].traversable and not self.specs[model].inductive
        ]

    def k_sweeps(self) -> list[str]:
        spaces = self.k_sweep.get("spaces", [])
        return [
            paths.K_SWEEP.format(source=source, space=space)
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
        return [paths.SWEEP_TABLE.format(source=source), paths.SWEEP_FIGURE.format(source=source)]

    def rejection_tables(self, downloaded: set[str]) -> list[str]:
        """Every stage's rejection table; ``downloaded``: the audio sources fetched by the download stage."""
        tables = [paths.TRACK_REJECTIONS.format(source=s) for s in self.sources]
        tables += [paths.FEATURE_REJECTIONS.format(source=s, shard=i) for s in self.audio_sources for i in self.shards]
        tables += [
            paths.DOWNLOAD_REJECTIONS.format(source=s, shard=i)
            for s in self.audio_sources
            if s in downloaded
            for i in self.shards
        ]
        tables += [paths.LYRICS_REJECTIONS.format(source=s) for s in self.lyrics_sources]
        return tables

    def findings_inputs(self) -> dict[str, str]:
        """The tables ``results/findings.md`` is written from."""
        inputs = {"comparison": paths.COMPARISON, "best": paths.BEST}
        if self.conditioned_models():
            inputs["metrics"] = paths.METRIC_TABLE  # its linear probes
        if self.audited_sources():
            inputs["audit"] = paths.AUDIT
        if self.lyrics_sources:
            inputs["langid"] = paths.LANGUAGE_ID_ACCURACY
        return inputs

    def targets(self) -> list[str]:
        """What ``rule all`` builds."""
        return [
            paths.METRIC_TABLE,
            paths.REJECTED,
            *([paths.LANGUAGE_ID_TABLE] if self.lyrics_sources else []),
            *self.latent_plots(),
            *self.composition_plots(),
            *self.training_histories(),
            paths.COMPARISON,
            paths.BEST,
            paths.FINDINGS,
            *([paths.AUDIT] if self.audited_sources() else []),
            *self.k_sweeps(),
            *self.training_curves(),
            *self.reconstructions(),
            *self.traversals(),
            paths.PAPER,
        ]
