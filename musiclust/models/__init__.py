"""Models: the registry, the autoencoders, their inputs, training, checkpoints and inspection.

Every module here is imported, so a model file's ``@register_model`` is all it takes to register
it (its traits and keywords go in ``musiclust.config.names.ARCHITECTURES``)."""

import importlib
import pkgutil

from musiclust.models.base import BaseAutoencoder
from musiclust.models.registry import MODEL_REGISTRY, build_model, register_model

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["MODEL_REGISTRY", "BaseAutoencoder", "build_model", "register_model"]
