"""The plan's job resources for executors (Slurm, Kubernetes)."""

from __future__ import annotations

from musiclust.config.plan.checks import PlanError


class ResourceRole:
    """Part of ``Plan``: the resources each rule asks for."""

    TRAINING_RULES = ("train_model", "train_sweep")

    def resources(self, rule: str) -> dict:
        """A rule's job resources for executors (Slurm, Kubernetes): ``resources.default``, then
        ``resources.rules.<rule>``; training asks for a GPU (``gres: gpu:1``) where the configured
        device is CUDA (``auto`` asks for none: it uses a GPU only where the node has one)."""
        self.resource_names.add(rule)
        section = self.config.get("resources") or {}
        out = {**section.get("default", {}), **section.get("rules", {}).get(rule, {})}
        devices = {self.config["training"].get("device")} | {
            spec.training.get("device") for spec in self.specs.values()
        }
        if rule in self.TRAINING_RULES and "cuda" in devices:
            out.setdefault("gres", "gpu:1")
        return out

    def check_resource_rules(self) -> None:
        """Refuse resource overrides that name no rule (a typo would be ignored): call it once every
        rule has asked for its resources."""
        unknown = sorted(set((self.config.get("resources") or {}).get("rules", {})) - self.resource_names)
        if unknown:
            raise PlanError(f"config.resources.rules names no rule: {unknown} (rules: {sorted(self.resource_names)})")
