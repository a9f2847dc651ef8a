"""Settings dataclasses built from config mappings."""

from __future__ import annotations

from dataclasses import fields
from typing import Mapping, TypeVar

T = TypeVar("T", bound="FromDict")


class FromDict:
    """Mixin for dataclasses: ``from_dict`` builds one from a config mapping and refuses keys that
    are not fields, naming them (a typo must never fall back to a default silently)."""

    @classmethod
    def from_dict(cls: type[T], d: Mapping) -> T:
        known = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        unknown = sorted(set(d) - set(known))
        if unknown:
            raise ValueError(f"unknown {cls.__name__} settings: {unknown} (known: {', '.join(known)})")
        return cls(**d)
