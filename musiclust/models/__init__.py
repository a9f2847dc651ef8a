"""Autoencoder models behind one name → class registry (pick a model by name in config)."""

from musiclust.models.base import MODEL_REGISTRY, BaseAutoencoder, build_model, register_model
from musiclust.models import mlp  # noqa: F401  (registers the MLP models)

__all__ = ["MODEL_REGISTRY", "BaseAutoencoder", "build_model", "register_model"]
