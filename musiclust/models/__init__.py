"""Models: the registry, the autoencoders, their inputs, training, checkpoints and inspection."""

from musiclust.models import conv, mlp, multimodal, vade  # noqa: F401  (register the models)
from musiclust.models.base import BaseAutoencoder
from musiclust.models.registry import MODEL_REGISTRY, build_model, register_model

__all__ = ["MODEL_REGISTRY", "BaseAutoencoder", "build_model", "register_model"]
