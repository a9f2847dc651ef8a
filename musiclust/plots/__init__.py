"""Figures: the shared style (call ``style.apply_style()`` first), latent maps, cluster composition,
model and study figures."""

__all__ = ["composition", "latent", "models", "study", "style"]
