"""Configuration: settings objects, model specs, the names a config may use, and the run plan (no torch)."""

from musiclust.config.model_specs import ModelSpec, expand_models, sweep_models
from musiclust.config.names import ARCHITECTURES, BASELINES, INPUT_KINDS, TEXT_METHODS, Architecture
from musiclust.config.plan import Plan, PlanError
from musiclust.config.settings import FromDict

__all__ = [
    "ARCHITECTURES",
    "BASELINES",
    "INPUT_KINDS",
    "TEXT_METHODS",
    "Architecture",
    "FromDict",
    "ModelSpec",
    "Plan",
    "PlanError",
    "expand_models",
    "sweep_models",
]
