"""Model name -> class. A name must be one of ``musiclust.config.names.ARCHITECTURES``, whose
traits (inputs, conditioning, own clusters, traversals) the run plan reads without torch."""

from __future__ import annotations

from typing import Callable

from musiclust.config.names import ARCHITECTURES, add_to_registry

MODEL_REGISTRY: dict[str, type] = {}


def register_model(name: str) -> Callable[[type], type]:
    def deco(cls: type) -> type:
        add_to_registry(MODEL_REGISTRY, name, cls, ARCHITECTURES, "model", "ARCHITECTURES")
        cls.registry_name = name
        return cls

    return deco


def build_model(name: str, **kwargs):
    if name not in MODEL_REGISTRY:
        raise KeyError(f"unknown model {name!r}; registered: {sorted(MODEL_REGISTRY)}")
    return MODEL_REGISTRY[name](**kwargs)
