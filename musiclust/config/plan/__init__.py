"""The run plan: what a (schema-validated) config asks the workflow to build.

Everything the rules decide from the config alone lives here, so it is tested without running
the pipeline; by role: ``sources`` (which are decoded audio, feature tables, lyrics or pools),
``spaces`` (which apply to a source, which model variants exist), ``targets`` (the files ``rule
all`` needs), ``resources`` (what jobs ask of an executor) and ``checks`` (the mistakes the schema
cannot see). It reads no file and imports neither torch nor Snakemake. File patterns:
``musiclust.config.paths``; the paper's inputs: ``musiclust.paper.inputs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from musiclust.config.model_specs import ModelSpec
from musiclust.config.plan.checks import (
    PlanError,
    check_sources,
    check_sweep_source,
    inductive_specs,
    model_entries,
)
from musiclust.config.plan.resources import ResourceRole
from musiclust.config.plan.sources import SourceRole, source_kinds
from musiclust.config.plan.spaces import SpaceRole, alternatives, lyric_methods
from musiclust.config.plan.targets import TargetRole

__all__ = ["Plan", "PlanError", "alternatives"]


@dataclass(frozen=True)
class Plan(SourceRole, SpaceRole, TargetRole, ResourceRole):
    config: Mapping
    sources: tuple[str, ...]
    seeds: tuple[int, ...]
    shards: tuple[str, ...]
    specs: dict[str, ModelSpec]  # every trained variant by name: configured ones, then the sweep's
    sweep_specs: dict[str, ModelSpec]
    audio_spaces: tuple[str, ...]  # the models' variants in config order, then the baselines
    run_text_methods: tuple[str, ...]  # every lyric method of the run (see lyric_methods)
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
        check_sources(config, sources, "active")
        entries, sweep_specs = model_entries(config)
        inductive_spaces, inductive_models = inductive_specs(config, entries)
        specs = {spec.name: spec for variants in entries.values() for spec in variants}
        specs.update({spec.name: spec for spec in inductive_models})
        # the spaces: every model entry not disabled, in config order, then the baselines
        enabled = [name for name, entry in config["models"].items() if entry.get("enabled", True)]
        spaces = [spec.name for name in enabled for spec in entries[name]] + list(config["baselines"]["spaces"])
        default_text, every_text = lyric_methods(config, sources, specs)
        kinds = source_kinds(config, sources)
        check_sweep_source(config, sweep_specs, kinds["table_sources"])
        inductive = config.get("inductive") or {}
        return cls(
            config=config,
            sources=sources,
            seeds=tuple(int(s) for s in config["seeds"]),
            shards=tuple(f"{i:02d}" for i in range(int(config["features"]["n_shards"]))),
            specs={**specs, **sweep_specs},
            sweep_specs=sweep_specs,
            audio_spaces=tuple(spaces) + tuple(inductive_spaces),
            run_text_methods=tuple(every_text),
            default_text=tuple(default_text),
            **kinds,
            algorithms=tuple(config["clustering"]["algorithms"]),
            projections=tuple(config["plots"]["projections"]),
            inductive_sources=tuple(s for s in inductive.get("sources", []) if s in sources),
            inductive_spaces=tuple(inductive_spaces),
        )
