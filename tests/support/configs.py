"""Configs as a run sees them: a config file alone, or config.yaml with overlays merged on top
(as ``--configfile`` does). ``.test/config.yaml`` is a whole config: the pipeline tests run it as
their workdir's config.yaml."""

import copy
from pathlib import Path

import yaml
from snakemake.utils import update_config

ROOT = Path(__file__).resolve().parents[2]


def read_config(path: str | Path) -> dict:
    """One config file (a path from the repository root, or absolute)."""
    return yaml.safe_load((ROOT / path).read_text())


def overlaid(*overlays: str | Path) -> dict:
    """config.yaml, then each overlay merged over it."""
    config = read_config("config.yaml")
    for overlay in overlays:
        update_config(config, copy.deepcopy(read_config(overlay)))
    return config
