"""Config validation against schemas/config.schema.yaml, with errors that say which key, where.

The schema's lists of names (architectures, inputs, text methods, algorithms, labels, provenances,
adapters) are not restated in the YAML: ``x-names: NAME`` there is filled with the names of
``musiclust.config.names.NAME`` when the schema is loaded. A source's keys are checked against what
its adapter reads (``Adapter.keys``), so a key of another adapter is refused, not ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import jsonschema
import yaml

from musiclust.config import names

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "config.schema.yaml"


class ConfigError(ValueError):
    """A config the schema refuses; the message names each offending key and where it sits."""


def _where(path) -> str:
    return ".".join(["config", *map(str, path)])


def _known_keys(schema: Mapping, root: Mapping) -> set[str]:
    """The properties a schema object names, with those of the local ``$ref`` it extends."""
    known = set(schema.get("properties", {}))
    ref = schema.get("$ref", "")
    if ref.startswith("#/"):
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        known |= _known_keys(target, root)
    return known


def _describe(error: jsonschema.ValidationError, root: Mapping) -> str:
    where = _where(error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, Mapping):
        known = _known_keys(error.schema, root)
        unknown = sorted(k for k in error.instance if k not in known)
        allowed = ", ".join(sorted(known))
        keys = ", ".join(map(repr, unknown))
        return f"unknown key{'s' if len(unknown) > 1 else ''} {keys} in {where} (allowed: {allowed})"
    return f"{where}: {error.message}"


def _fill_names(node):
    """The schema with each ``x-names: NAME`` replaced by ``enum: <the names in names.NAME>``."""
    if isinstance(node, list):
        return [_fill_names(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _fill_names(v) for k, v in node.items() if k != "x-names"}
    if "x-names" in node:
        out["enum"] = list(getattr(names, node["x-names"]))
    return out


def load_schema(path: str | Path = SCHEMA_PATH) -> dict:
    return _fill_names(yaml.safe_load(Path(path).read_text()))


def source_key_errors(config: Mapping) -> list[str]:
    """A source key that its adapter does not read (another adapter's, or a typo of one)."""
    errors = []
    for name, source in (config.get("sources") or {}).items():
        traits = names.ADAPTER_TRAITS.get(source.get("adapter")) if isinstance(source, Mapping) else None
        if traits is None:
            continue  # the schema names an unknown adapter
        allowed = {*names.SOURCE_KEYS, *traits.keys}
        for key in sorted(set(source) - allowed):
            errors.append(
                f"config.sources.{name}: key {key!r} is not read by adapter {source['adapter']!r} "
                f"(its keys: {', '.join(sorted(allowed))})"
            )
    return errors


def check_config(config: Mapping, schema: Mapping | None = None) -> None:
    """Raise ConfigError listing every place where ``config`` breaks the schema, and every source key
    its adapter does not read."""
    schema = schema if schema is not None else load_schema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: [str(p) for p in e.absolute_path])
    messages = [_describe(e, schema) for e in errors] + source_key_errors(config)
    if messages:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {m}" for m in messages))
