"""The plan's job resources for executors (Slurm, Kubernetes)."""

from __future__ import annotations

from musiclust.config.plan.checks import PlanError


class ResourceRole:
    """Part of ``Plan``: the resources each rule asks for."""

    def training_devices(self, rule: str) -> set[str]:
        """The devices the jobs of a training rule train on: each (source, model) job's training
        settings, where the top level, the source and the model may each set ``device``."""
        if rule == "train_model":
            jobs = self.trained_models()
        elif rule == "train_sweep":
            source = self.sweep.get("source")
            jobs = [(source, m) for m in self.sweep_specs] if source in self.feature_sources else []
        else:
            return set()
        return {str(self.model_training(source, model).get("device", "auto")) for source, model in jobs}

    def resources(self, rule: str) -> dict:
        """A rule's job resources for executors (Slurm, Kubernetes): ``resources.default``, then
        ``resources.rules.<rule>``; a training rule asks for a GPU (``gres: gpu:1``) where any of its
        jobs trains on CUDA (``auto`` asks for none: it uses a GPU only where the node has one)."""
        self.resource_names.add(rule)
        section = self.config.get("resources") or {}
        out = {**section.get("default", {}), **section.get("rules", {}).get(rule, {})}
        if any(device.startswith("cuda") for device in self.training_devices(rule)):
            out.setdefault("gres", "gpu:1")
        return out

    def check_resource_rules(self) -> None:
        """Refuse resource overrides that name no rule (a typo would be ignored): call it once every
        rule has asked for its resources."""
        unknown = sorted(set((self.config.get("resources") or {}).get("rules", {})) - self.resource_names)
        if unknown:
            raise PlanError(f"config.resources.rules names no rule: {unknown} (rules: {sorted(self.resource_names)})")
