"""Config validation against schemas/config.schema.yaml, with errors that say which key, where."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import jsonschema
import yaml

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "config.schema.yaml"


class ConfigError(ValueError):
    """A config the schema refuses; the message names each offending key and where it sits."""


def _where(path) -> str:
    return ".".join(["config", *map(str, path)])


def _describe(error: jsonschema.ValidationError) -> str:
    where = _where(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = set(error.schema.get("properties", {}))
        unknown = sorted(k for k in error.instance if k not in known)
        allowed = ", ".join(sorted(known))
        keys = ", ".join(map(repr, unknown))
        return f"unknown key{'s' if len(unknown) > 1 else ''} {keys} in {where} (allowed: {allowed})"
    return f"{where}: {error.message}"


def load_schema(path: str | Path = SCHEMA_PATH) -> dict:
    return yaml.safe_load(Path(path).read_text())


def check_config(config: Mapping, schema: Mapping | None = None) -> None:
    """Raise ConfigError listing every place where ``config`` breaks the schema."""
    validator = jsonschema.Draft202012Validator(schema if schema is not None else load_schema())
    errors = sorted(validator.iter_errors(config), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {_describe(e)}" for e in errors))
