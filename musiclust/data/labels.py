"""Labels as a source gives them, harmonised: language names to ISO codes, case and whitespace
folded, aliases applied; with the raw value and the label's provenance kept beside them."""

from __future__ import annotations

import pandas as pd

from musiclust.config.names import LABELS

LANGUAGE_NAMES = {
    "english": "en",
    "bangla": "bn",
    "bengali": "bn",
    "german": "de",
    "deutsch": "de",
    "hindi": "hi",
    "spanish": "es",
    "french": "fr",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "russian": "ru",
    "chinese": "zh",
    "mandarin": "zh",
    "japanese": "ja",
    "korean": "ko",
    "arabic": "ar",
    "urdu": "ur",
    "turkish": "tr",
}


def normalise_language(label) -> str | None:
    """ISO 639-1 code for a dataset's language label (``English``, ``bn``, ...); None if missing."""
    if label is None or (not isinstance(label, str) and pd.isna(label)):
        return None
    text = str(label).strip().lower()
    if not text:
        return None
    return LANGUAGE_NAMES.get(text, text)


def fold_label(value: str) -> str:
    """Case- and whitespace-folded: ``" Hip  Hop "`` -> ``"hip hop"``."""
    return " ".join(value.split()).casefold()


def normalise_labels(tracks: pd.DataFrame, cfg: dict) -> pd.DataFrame:
    """Each label as given (``<label>_raw``), normalised (``<label>``: a language name becomes its
    ISO 639-1 code; folded unless ``fold: false``, then mapped by ``aliases``), and where it comes
    from (``<label>_provenance``: the source's ``provenance`` setting, else ``unknown``). Values a
    combined source took over from its members keep the members' raw value and provenance."""
    out = tracks.copy()
    fold = cfg.get("fold", True)
    for label in LABELS:
        values = out[label].astype("string")
        raw, provenance = f"{label}_raw", f"{label}_provenance"
        out[raw] = out[raw].astype("string").fillna(values) if raw in out else values
        if label == "language":
            values = values.map(normalise_language, na_action="ignore").astype("string")
        if fold:
            values = values.map(fold_label, na_action="ignore").astype("string")
        aliases = {(fold_label(k) if fold else k): v for k, v in (cfg.get("aliases") or {}).get(label, {}).items()}
        out[label] = values.replace(aliases)
        given = pd.Series((cfg.get("provenance") or {}).get(label, "unknown"), index=out.index, dtype="string")
        kept = out[provenance] if provenance in out else pd.Series(pd.NA, index=out.index)
        kept = kept.astype("string").replace("unknown", pd.NA)
        out[provenance] = kept.fillna(given).where(out[label].notna(), pd.NA)
    return out
