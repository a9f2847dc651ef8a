"""Configs as a run sees them: config.yaml with overlays merged on top, as ``--configfile`` does."""

import copy
from functools import cache
from pathlib import Path

import yaml
from snakemake.utils import update_config

ROOT = Path(__file__).resolve().parents[2]


@cache
def _read(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text())


def load_config(*overlays: str) -> dict:
    """config.yaml, then each overlay (a path from the repository root) merged over it."""
    config = copy.deepcopy(_read("config.yaml"))
    for overlay in overlays:
        update_config(config, copy.deepcopy(_read(overlay)))
    return config
