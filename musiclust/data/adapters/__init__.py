"""Dataset adapters, one module each (a set and its quirks); every module here is imported, so
its ``@register_adapter`` fills ``ADAPTERS`` (and ``FEATURE_TABLES``) with no list to edit."""

import importlib
import pkgutil

from musiclust.data.adapters.registry import ADAPTERS, FEATURE_TABLES, register_adapter

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["ADAPTERS", "FEATURE_TABLES", "register_adapter"]
