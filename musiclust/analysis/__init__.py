"""Analysis: baseline and hybrid spaces, clustering, metrics over seeds, and the study tables."""

__all__ = ["baselines", "clustering", "hybrid", "metrics", "study"]
