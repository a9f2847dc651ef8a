"""What the paper is written from: the run's figures with what their captions need, the tables and
figures the ``paper`` rule reads, and the settings its text describes (read off the run plan)."""

from __future__ import annotations

from musiclust.config import paths
from musiclust.config.names import BASELINES
from musiclust.config.plan import Plan


def paper_figures(plan: Plan) -> list[dict]:
    """Every figure of the run with what the paper's caption needs (kind, source, method, ...)."""
    out = []
    for source in plan.sources:
        for method, figures in plan.space_figures(source).items():
            for projection, path in figures["latents"].items():
                out.append(
                    {"kind": "latent", "path": path, "source": source, "method": method, "projection": projection}
                )
            for algorithm, path in figures["compositions"].items():
                out.append(
                    {
                        "kind": "composition",
                        "path": path,
                        "source": source,
                        "method": method,
                        "algorithm": algorithm,
                    }
                )
    for kind, files in (
        ("curves", plan.training_curves()),
        ("reconstruction", plan.reconstructions()),
        ("traversal", plan.traversals()),
        ("k_sweep", plan.k_sweep_figures()),
    ):
        for path in files:
            source, method = path.removesuffix(".png").split("/")[-2:]
            out.append({"kind": kind, "path": path, "source": source, "method": method})
    out += [
        {"kind": "sweep", "path": p, "source": plan.sweep["source"]} for p in plan.sweep_outputs() if p.endswith(".png")
    ]
    return out


def paper_inputs(plan: Plan) -> dict[str, str | list[str]]:
    """The tables and figures the paper is written from."""
    inputs: dict[str, str | list[str]] = {
        "metrics": paths.METRIC_TABLE,
        "rejected": paths.REJECTED,
        **plan.findings_inputs(),
        "tracks": [paths.TRACKS.format(source=s) for s in plan.sources],
        "k_sweeps": plan.k_sweeps(),
        "figures": [f["path"] for f in paper_figures(plan)],
    }
    if plan.sweep_outputs():
        inputs["sweep"] = plan.sweep_outputs()[0]
    return inputs


def paper_settings(plan: Plan) -> dict:
    """What the paper's text needs from the config (its numbers come from the tables)."""
    c = plan.config
    models = {}
    for name in plan.models:
        spec = plan.specs[name]
        models[name] = {
            "architecture": spec.architecture,
            "input": spec.input,
            "condition": list(spec.condition),
            "latent_dim": spec.kwargs.get("latent_dim"),
            **({"beta": spec.kwargs["beta"]} if "beta" in spec.kwargs else {}),
        }
    not_run = []
    if "tsne" not in plan.projections:
        not_run.append("t-SNE maps (add tsne to plots.projections)")
    if not plan.sweep_outputs():
        not_run.append("the β × latent-dimension sweep (no sweep section)")
    if not c["text"].get("pretrained_vectors"):
        not_run.append("pretrained word vectors (text.pretrained_vectors is empty)")
    return {
        **c["paper"],
        "sources": list(plan.sources),
        "combined": {s: s in plan.combined_sources for s in plan.sources},
        "models": models,
        "spaces": list(dict.fromkeys(m for s in plan.sources for m in plan.spaces(s))),
        "baselines": [b for b in plan.audio_spaces if b in BASELINES],
        "text_methods": list(plan.run_text_methods),
        "features": plan.feature_settings(),
        "training": dict(c["training"]),
        "clustering": dict(c["clustering"]),
        "seeds": list(plan.seeds),
        "sweep_source": plan.sweep.get("source"),
        "figures": paper_figures(plan),
        "not_run": not_run,
        "inductive": {
            "holdout_fraction": plan.holdout_fraction(),
            "sources": list(plan.inductive_sources),
            "spaces": list(plan.inductive_spaces),
        },
    }
