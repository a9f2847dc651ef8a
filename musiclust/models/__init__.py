"""Autoencoder models behind one name → class registry (pick a model by name in config)."""

from musiclust.models.base import MODEL_REGISTRY, BaseAutoencoder, as_batch, build_model, register_model
from musiclust.models import conv, mlp, multimodal, vade  # noqa: F401  (register the models)

__all__ = ["MODEL_REGISTRY", "BaseAutoencoder", "as_batch", "build_model", "register_model"]
