"""The paper: its context (every number from the run's tables), its Typst template, and the build."""

__all__ = ["build", "context"]
