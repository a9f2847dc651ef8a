"""Settings dataclasses built from config mappings."""

from __future__ import annotations

from dataclasses import fields
from typing import Mapping, TypeVar

T = TypeVar("T", bound="FromDict")


class FromDict:
    """Mixin for dataclasses: ``from_dict`` takes the keys that are fields and ignores the rest
    (config sections are shared between rules), or refuses unknown keys with ``strict=True``."""

    @classmethod
    def from_dict(cls: type[T], d: Mapping, strict: bool = False) -> T:
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = set(d) - known
        if strict and unknown:
            raise ValueError(f"unknown {cls.__name__} settings: {sorted(unknown)}")
        return cls(**{k: v for k, v in d.items() if k in known})
