"""Sources of precomputed features: tables of per-clip features with labels and no audio to decode
(GTZAN / BanglaBeats style CSVs). Their models read the table (rule ``import_feature_table``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from musiclust.data.adapters.registry import register_adapter
from musiclust.data.tracks import AUDIO_EXTENSIONS, SourceError, SourceScan, existing_file, finish_scan

FEATURE_TABLE_DEFAULTS = {
    "id_column": "filename",
    "genre_column": "label",
    "language_column": "language",
    "drop_columns": ["length"],
}


def feature_table_id(value: str) -> str:
    """``blues.00000.wav`` -> ``blues.00000`` (the file name without its audio extension)."""
    p = Path(str(value))
    return p.stem if p.suffix.lower() in AUDIO_EXTENSIONS else p.name


def read_feature_table(cfg: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tables of precomputed per-clip features (GTZAN / BanglaBeats / Million Song Dataset style).

    ``location`` is one CSV or a list; with several, each row's ``dataset`` is its file's stem and
    ``dataset_language`` may give each file's language. Returns (labels, features): ``labels``
    has track_id, language, genre, dataset; ``features`` the numeric columns minus ``drop_columns``
    (by default ``length``: the clip's sample count differs by dataset, 661794 in GTZAN vs
    661500 in BanglaBeats, so it would identify the source).
    """
    name = cfg["name"]
    opts = {**FEATURE_TABLE_DEFAULTS, **{k: v for k, v in cfg.items() if k in FEATURE_TABLE_DEFAULTS}}
    locations = cfg["location"] if isinstance(cfg["location"], list) else [cfg["location"]]
    parts = []
    for location in locations:
        path = existing_file(location, "feature table", name)
        part = pd.read_csv(path)
        if opts["id_column"] not in part.columns:
            raise SourceError(f"source {name!r}: feature table {path} has no id column {opts['id_column']!r}")
        part["__dataset"] = path.stem if len(locations) > 1 else pd.NA
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    ids = table[opts["id_column"]].astype(str).map(feature_table_id)
    labels = pd.DataFrame({"track_id": ids, "dataset": table["__dataset"]})
    if opts["language_column"] in table.columns:
        labels["language"] = table[opts["language_column"]].astype(str)
    elif cfg.get("dataset_language"):
        labels["language"] = table["__dataset"].map(cfg["dataset_language"])
    else:
        labels["language"] = cfg.get("language", "")
    labels["language"] = labels["language"].map(lambda v: cfg.get("language_map", {}).get(v, v))
    labels["genre"] = table[opts["genre_column"]].astype(str) if opts["genre_column"] in table.columns else ""
    label_cols = {opts["id_column"], opts["genre_column"], opts["language_column"], "__dataset", *opts["drop_columns"]}
    numeric = table.drop(columns=[c for c in table.columns if c in label_cols]).select_dtypes("number")
    numeric.insert(0, "track_id", ids)
    return labels, numeric


def feature_table(cfg: dict) -> tuple[SourceScan, pd.DataFrame]:
    """The scan of a feature-table source and its features (one row per table row)."""
    labels, numeric = read_feature_table(cfg)
    return finish_scan(labels, cfg["name"], [], audio=False), numeric


@register_adapter("feature_table", table=feature_table)
def scan_feature_table(cfg: dict) -> SourceScan:
    """Precomputed features with labels and no audio: its models read the table (``import_feature_table``)."""
    return feature_table(cfg)[0]
