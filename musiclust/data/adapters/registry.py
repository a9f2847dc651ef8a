"""Adapter name -> the function that scans a configured source (and, for a set that can be a
feature table, the function that reads its features). A name must have its traits in
``musiclust.config.names.ADAPTER_TRAITS``, which the run plan reads without importing the adapters."""

from __future__ import annotations

from typing import Callable

import pandas as pd

from musiclust.config.names import ADAPTER_TRAITS, add_to_registry
from musiclust.data.tracks import SourceScan

Scan = Callable[[dict], SourceScan]
Table = Callable[[dict], tuple[SourceScan, pd.DataFrame]]

ADAPTERS: dict[str, Scan] = {}
FEATURE_TABLES: dict[str, Table] = {}  # adapters whose source can be a feature table (import_feature_table)


def register_adapter(name: str, table: Table | None = None) -> Callable[[Scan], Scan]:
    """Register the decorated scan function as adapter ``name``; ``table``: its feature table."""

    def deco(scan: Scan) -> Scan:
        add_to_registry(ADAPTERS, name, scan, ADAPTER_TRAITS, "adapter", "ADAPTER_TRAITS")
        if table is not None:
            FEATURE_TABLES[name] = table
        return scan

    return deco
