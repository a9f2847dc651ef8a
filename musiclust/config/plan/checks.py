"""The config mistakes the schema cannot see: names that point nowhere, models whose parts do
not fit, a sweep that needs audio on a feature table. Each is a ``PlanError`` at start-up."""

from __future__ import annotations

from typing import Mapping

from musiclust.config.model_specs import ModelSpec, expand_models, inductive_variant, sweep_models
from musiclust.config.names import INDUCTIVE_BASELINES, INDUCTIVE_SUFFIX


class PlanError(ValueError):
    """A config whose parts do not fit together (beyond what the schema checks)."""


def check_sources(config: Mapping, names, section: str) -> None:
    for name in names:
        if name not in config["sources"]:
            raise PlanError(f"{section} source {name!r} is not defined under 'sources' in the config")


def model_entries(config: Mapping) -> tuple[dict[str, list[ModelSpec]], dict[str, ModelSpec]]:
    """(each model entry's variants, the sweep's variants by name), with model_defaults and the
    training presets applied; a log-mel patch wider than the log-mel is refused."""
    defaults, presets = config.get("model_defaults") or {}, config.get("training_presets") or {}
    sweep = config.get("sweep") or {}
    try:
        entries = expand_models(config["models"], defaults, presets)
        sweep_specs = {spec.name: spec for spec in sweep_models(sweep, defaults, presets)} if sweep else {}
    except ValueError as e:
        raise PlanError(str(e)) from None
    frames = int(config["features"]["logmel_frames"])
    for spec in [*(s for variants in entries.values() for s in variants), *sweep_specs.values()]:
        if spec.window_frames > frames:
            raise PlanError(
                f"model {spec.name!r}: window_frames {spec.window_frames} is more than the log-mel's "
                f"{frames} frames (features.logmel_frames)"
            )
    return entries, sweep_specs


def inductive_specs(config: Mapping, entries: Mapping[str, list[ModelSpec]]) -> tuple[list[str], list[ModelSpec]]:
    """(the inductive spaces' names, the inductive model variants) of the ``inductive`` section."""
    inductive = config.get("inductive") or {}
    names, variants = [], []
    for rep in inductive.get("spaces", []):
        if rep in INDUCTIVE_BASELINES:
            names.append(rep + INDUCTIVE_SUFFIX)
        elif rep in entries:
            try:
                new = [inductive_variant(spec, inductive["holdout_fraction"]) for spec in entries[rep]]
            except ValueError as e:
                raise PlanError(f"inductive.spaces: {e}") from None
            variants += new
            names += [v.name for v in new]
        else:
            raise PlanError(
                f"inductive space {rep!r} is neither a baseline with an inductive form "
                f"{list(INDUCTIVE_BASELINES)} nor an entry under 'models'"
            )
    check_sources(config, inductive.get("sources", []), "inductive")
    return names, variants


def check_sweep_source(config: Mapping, sweep_specs: Mapping[str, ModelSpec], tables) -> None:
    base = next(iter(sweep_specs.values()), None)
    source = (config.get("sweep") or {}).get("source")
    if base is not None and base.needs_decoded_audio and source in tables:
        raise PlanError(f"sweep: input {base.input!r} needs decoded audio; source {source!r} is a feature table")
