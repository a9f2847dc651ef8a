"""What the paper says, computed from the run's tables: numbers formatted as printed, claims
worded from their intervals (musiclust.analysis.findings), tables as rows of strings, and the
figures with captions. The Typst template lays this out and adds no number of its own."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from musiclust.analysis.findings import (
    _provenance_note,
    audit_sentences,
    baseline_sentences,
    best_sentences,
    fmt,
    language_id_sentences,
    verdict,
)
from musiclust.analysis.intervals import CONFIDENCE, N_RESAMPLES
from musiclust.config.names import ARCHITECTURES, INDUCTIVE_SUFFIX, INPUT_KINDS

# Language names for the data section, in English and in the language itself.
LANGUAGE_NAMES = {
    "en": ("English", "English"),
    "bn": ("Bangla", "বাংলা"),
    "de": ("German", "Deutsch"),
    "hi": ("Hindi", "हिन्दी"),
    "es": ("Spanish", "Español"),
    "fr": ("French", "Français"),
}
MAIN_ALGORITHM = "kmeans"
ALGORITHM_NAMES = {
    "kmeans": "K-Means",
    "agglomerative": "Ward",
    "dbscan": "DBSCAN",
    "gmm": "GMM",
    "posterior": "own clusters",
}


@dataclass
class Tables:
    """The run's tables the paper is written from (each as read from results/ or data/)."""

    metrics: pd.DataFrame  # results/clustering_metrics.csv
    comparison: pd.DataFrame  # results/nmi_vs_pca_kmeans.csv
    best: pd.DataFrame  # results/best_per_label.csv
    rejected: pd.DataFrame  # results/rejected.csv
    tracks: dict[str, pd.DataFrame]  # data/<source>/tracks.parquet
    audit: pd.DataFrame = field(default_factory=pd.DataFrame)
    langid: pd.DataFrame | None = None
    sweep: pd.DataFrame | None = None  # results/sweep/<source>.csv
    k_sweeps: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)


def cell(mean: float, lo: float = np.nan, hi: float = np.nan) -> str:
    """A table cell: the mean over the interval on a second line."""
    return "–" if np.isnan(mean) else fmt(mean, lo, hi).replace(" [", "\n[")


def inductive_sentence(inductive: dict) -> str:
    """How the inductive spaces were made ('' when the run has none)."""
    if not inductive.get("sources") or not inductive.get("spaces"):
        return ""
    return (
        f" For the inductive evaluation ({', '.join(inductive['sources'])}), each seed holds out the tracks of"
        f" {inductive['holdout_fraction']:.0%} of the artists: {', '.join(inductive['spaces'])} are fitted"
        " (z-scoring, PCA components, model weights) on the other tracks and then embed the held-out ones,"
        " which are clustered and compared with PCA fitted the same way (pca_inductive), paired by seed."
    )


def own_tracks(tables: Tables, settings: dict) -> int:
    """Tracks of the run, not counting the combined sources (which pool others' tracks)."""
    return sum(len(tables.tracks[s]) for s in settings["sources"] if not settings["combined"].get(s))


def languages(tables: Tables, sources: list[str]) -> list[str]:
    """The language codes of the sources' tracks, sorted."""
    found = {str(v) for s in sources if "language" in tables.tracks[s] for v in tables.tracks[s]["language"].dropna()}
    return sorted(found)


def counts(series: pd.Series, top: int = 6) -> str:
    """``en 236, de 242``: the most frequent classes with their counts (``+ n more``)."""
    vc = series.dropna().astype(str).value_counts()
    text = ", ".join(f"{k} {v}" for k, v in vc.head(top).items())
    if len(vc) > top:
        text += f", + {len(vc) - top} more"
    return text or "none"


# ---- data -----------------------------------------------------------------------------------
def data_section(tables: Tables, settings: dict) -> dict:
    sources = settings["sources"]
    clustered = tables.metrics.groupby(["source", "method"])["n"].max()
    rows = []
    for name in sources:
        t = tables.tracks[name]
        # tracks in the source's audio space (PCA baseline) and in its lyric spaces
        audio = int(clustered.get((name, "pca"), 0))
        lyrics = max((int(clustered.get((name, m), 0)) for m in settings["text_methods"]), default=0)
        prov = "; ".join(
            f"{lab}: {t[f'{lab}_provenance'].dropna().iloc[0]}"
            for lab in ("language", "genre")
            if f"{lab}_provenance" in t and t[f"{lab}_provenance"].notna().any()
        )
        rows.append(
            [
                name,
                str(len(t)),
                str(audio),
                str(lyrics),
                counts(t.get("language", pd.Series(dtype=str))),
                counts(t.get("genre", pd.Series(dtype=str)), top=4),
                prov or "unknown",
            ]
        )
    n_total = own_tracks(tables, settings)
    sentences = [
        f"The run reads {len(sources)} sources ({n_total} tracks, not counting the combined sources that"
        f" pool others: {', '.join(s for s in sources if settings['combined'].get(s)) or 'none'})."
        " Table 1 counts them by language and genre and says where each label comes from: human"
        " (assigned by people), metadata (a tag or catalogue field) or model (another model's output)."
    ]
    for name in sources:
        prov = tables.tracks[name]
        for lab in ("language", "genre"):
            if _from_model(prov, lab):
                sentences.append(
                    f"The {lab} label of {name} is another model's output, so its scores measure"
                    " agreement with that model, not with people."
                )
    lang_rows = [
        [
            code,
            *LANGUAGE_NAMES.get(code, (code, code)),
            str(
                sum(
                    int((t.get("language") == code).sum())
                    for s, t in tables.tracks.items()
                    if s in sources and not settings["combined"].get(s)
                )
            ),
        ]
        for code in languages(tables, sources)
    ]
    return {
        "sentences": sentences,
        "table": {
            "caption": "The sources: tracks, tracks clustered in an audio space and in a lyric space, the"
            " classes of each label (most frequent first) and the labels' provenance.",
            "columns": ["source", "tracks", "audio", "lyrics", "language", "genre", "provenance"],
            "widths": [0, 0, 0, 0, 2, 3, 3],
            "rows": rows,
        },
        "language_sentences": [
            f"The tracks are in {len(lang_rows)} languages (Table 2), named here in English and in"
            " their own script; the Bangla script is shaped with the Lohit Bengali font."
        ]
        + (language_id_sentences(tables.langid) if tables.langid is not None else []),
        "languages": {
            "caption": "Languages of the tracks (each source's language label; combined sources not counted twice).",
            "columns": ["code", "language", "endonym", "tracks"],
            "rows": lang_rows,
        },
        "rejected": rejected_sentences(tables.rejected),
        "audit": audit_paragraph(tables),
    }


def rejected_sentences(rejected: pd.DataFrame) -> list[str]:
    if rejected is None or rejected.empty:
        return ["No input was rejected."]
    reason = "reason" if "reason" in rejected else rejected.columns[-1]
    by = rejected.groupby(["source", reason] if "source" in rejected else [reason]).size()
    parts = [f"{' / '.join(map(str, k)) if isinstance(k, tuple) else k}: {v}" for k, v in by.items()]
    return [
        f"{len(rejected)} input{' was' if len(rejected) == 1 else 's were'} rejected, each with its reason in"
        " results/rejected.csv"
        f" ({'; '.join(parts[:8])}{'; ...' if len(parts) > 8 else ''})."
    ]


def audit_paragraph(tables: Tables) -> list[str]:
    if tables.audit is None or tables.audit.empty:
        return ["No source combines datasets, so no confound audit was needed."]
    out = []
    for (source, label), _ in tables.audit.groupby(["source", "label"], sort=True):
        out += [f"{source}, {label}: {s}" for s in audit_sentences(tables.audit, source, label)]
    return out


# ---- method ---------------------------------------------------------------------------------
def method_section(settings: dict) -> dict:
    f, tr, cl = settings["features"], settings["training"], settings["clustering"]
    model_rows = [
        [
            name,
            spec["architecture"],
            spec["input"],
            str(spec["latent_dim"]),
            f"{spec['beta']:g}" if "beta" in spec else "",
            ", ".join(spec.get("condition", [])),
            "yes" if ARCHITECTURES[spec["architecture"]].joint_clustering else "",
        ]
        for name, spec in settings["models"].items()
    ]
    inputs = "; ".join(
        f"{k}: {v}" for k, v in INPUT_KINDS.items() if any(m["input"] == k for m in settings["models"].values())
    )
    return {
        "features": [
            f"Each clip is resampled to {f['sample_rate']} Hz and its centred {f['clip_seconds']:g} s are"
            f" analysed: a {f['n_mels']}-band log-mel spectrogram"
            f" (FFT {f['n_fft']}, hop {f['hop_length']}) pooled to {f['logmel_frames']} frames,"
            f" {f['n_mfcc']} MFCCs, and summary statistics (means and variances of MFCC, chroma and"
            " spectral descriptors), z-scored per column. Lyrics are embedded with fastText and SIF"
            " and, separately, with TF-IDF character n-grams and truncated SVD."
        ],
        "models": [
            f"{len(model_rows)} trained representations (Table 3) and the baselines"
            f" {', '.join(settings['baselines'])} (PCA of the summary statistics to the latent dimension,"
            f" the z-scored statistics themselves, PCA of the flattened log-mel). Inputs: {inputs}."
        ],
        "model_table": {
            "caption": "The trained models: registered architecture, input, latent dimension, KL weight β"
            " (1 where blank), the labels a conditional model is given, and whether it assigns its own clusters.",
            "columns": ["model", "architecture", "input", "latent", "β", "condition", "own clusters"],
            "rows": model_rows,
        },
        "training": [
            f"Adam, learning rate {tr['lr']:g}, batch {tr['batch_size']}, at most {tr['epochs']} epochs"
            f" with early stopping after {tr['patience']} epochs without a better validation loss (the"
            f" best weights are restored), KL warm-up over {tr['kl_warmup_epochs']} epochs"
            f"; {tr['val_fraction']:.0%} of the artists form the validation set,"
            " so no artist is on both sides. Per-model overrides are in the configuration."
            + inductive_sentence(settings.get("inductive") or {})
        ],
        "clustering": [
            f"Each space is clustered with {', '.join(cl['algorithms'])} at k = "
            f"{'the number of classes of the label' if cl['k'] == 'n_classes' else cl['k']}; DBSCAN"
            " chooses its own k (eps from the k-distance knee), and its noise points are scored out"
            " with their share reported."
        ],
        "statistics": [
            f"Every model is trained and every space clustered once per seed ({len(settings['seeds'])}"
            f" seeds: {', '.join(map(str, settings['seeds']))}); a table reports the mean over seeds and"
            f" a {CONFIDENCE:.0%} percentile-bootstrap interval ({N_RESAMPLES} resamples),"
            " which cannot leave the metric's range. A space that does not depend on the seed, clustered"
            " by an algorithm that does not either, is run once and has no interval. A ratio to PCA +"
            " K-Means is paired by seed and reported only where the baseline's interval clears its chance"
            " level (the 95th percentile of NMI against shuffled labels)."
        ],
    }


# ---- results --------------------------------------------------------------------------------
def main_table(
    metrics: pd.DataFrame, methods: list[str], sources: list[str], algorithm: str = MAIN_ALGORITHM, what: str = ""
) -> dict:
    """NMI under ``algorithm`` for every space (rows) and (source, label) of ``sources`` with at
    least two classes (columns), straight from results/clustering_metrics.csv."""
    asked = metrics[(metrics["k_target"] >= 2) & metrics["source"].isin(sources)]  # labels with two classes or more
    pairs = {(r.source, r.label) for r in asked.itertuples()}
    rows = metrics[(metrics["algorithm"] == algorithm) & metrics["source"].isin(sources)]
    rows = rows.loc[np.array([(s, lab) in pairs for s, lab in zip(rows["source"], rows["label"])], dtype=bool)]
    columns = sorted({(r.source, r.label) for r in rows.itertuples()}, key=lambda sl: (sl[1] != "genre", sl))
    order = [m for m in methods if m in set(rows["method"])] + sorted(set(rows["method"]) - set(methods))
    table = rows.set_index(["method", "source", "label"])
    k_words = "its own k; noise points scored out" if algorithm == "dbscan" else "k = number of classes"
    out = []
    for method in order:
        line = [method]
        for source, label in columns:
            key = (method, source, label)
            line.append(cell(*table.loc[key, ["nmi", "nmi_lo", "nmi_hi"]]) if key in table.index else "")
        out.append(line)
    return {
        "caption": f"NMI of every {what}space under {ALGORITHM_NAMES.get(algorithm, algorithm)} ({k_words}),"
        f" mean over seeds with its {CONFIDENCE:.0%} interval, per source and label (from"
        " results/clustering_metrics.csv). A blank: the space does not apply to the source.",
        "columns": ["space", *(f"{s}\n{lab}" for s, lab in columns)],
        "rows": out,
        "widths": [0] + [1] * len(columns),
        "keys": [list(c) for c in columns],
    }


def main_tables(metrics: pd.DataFrame, methods: list[str], algorithm: str = MAIN_ALGORITHM) -> list[dict]:
    """The main results: sources with audio spaces, then the lyrics-only sources."""
    with_audio = sorted(set(metrics.loc[metrics["method"] == "pca", "source"]))
    lyrics_only = sorted(set(metrics["source"]) - set(with_audio))
    groups = [(with_audio, "audio or hybrid "), (lyrics_only, "lyric ")]
    return [main_table(metrics, methods, srcs, algorithm, what) for srcs, what in groups if srcs]


def probe_rows(metrics: pd.DataFrame) -> dict | None:
    """Every space's linear probe beside its K-Means NMI, per source and label."""
    if "probe_bacc" not in metrics:
        return None
    rows = metrics[(metrics["algorithm"] == MAIN_ALGORITHM) & metrics["probe_bacc"].notna()]
    rows = rows.sort_values(["source", "label", "probe_bacc"], ascending=[True, True, False])
    return {
        "caption": "Linear probes (cross-validated logistic regression, folds disjoint by artist, balanced"
        " accuracy) beside K-Means NMI: a label can be linearly present in a space without forming"
        " clusters. Baselines through the same folds: the probe on shuffled labels and the majority class.",
        "columns": ["source", "label", "space", "probe", "shuffled", "majority", "NMI"],
        "rows": [
            [
                r.source,
                r.label,
                r.method,
                fmt(r.probe_bacc, r.probe_bacc_lo, r.probe_bacc_hi),
                f"{r.probe_shuffled:.3f}",
                f"{r.probe_majority:.3f}",
                fmt(r.nmi, r.nmi_lo, r.nmi_hi),
            ]
            for r in rows.itertuples()
        ],
    }


def probe_sentences(metrics: pd.DataFrame) -> list[str]:
    """Where a label is linearly present (probe interval above the shuffled probe's mean) but its
    clusters are not (K-Means NMI below the clustering's chance level)."""
    if "probe_bacc" not in metrics:
        return []
    rows = metrics[(metrics["algorithm"] == MAIN_ALGORITHM) & metrics["probe_bacc"].notna()]
    out = []
    for (source, label), g in rows.groupby(["source", "label"], sort=True):
        lower = g["probe_bacc_lo"].fillna(g["probe_bacc"])
        present = g[lower > g["probe_shuffled"]]
        hidden = present[present["nmi"] <= present["nmi_chance"]]
        text = f"{source}, {label}: the label is linearly present in {len(present)} of {len(g)} spaces"
        if len(hidden):
            top = hidden.sort_values("probe_bacc", ascending=False).iloc[0]
            text += (
                f", and in {len(hidden)} of them K-Means does not find it (NMI at or below chance), e.g."
                f" {top['method']}: probe {fmt(top['probe_bacc'], top['probe_bacc_lo'], top['probe_bacc_hi'])},"
                f" NMI {top['nmi']:.3f}"
            )
        out.append(text + ".")
    return out


def instrument_sentences(metrics: pd.DataFrame, settings: dict, reference: str = "vae_mlp") -> list[str]:
    """What a conditional VAE's latent still holds of the label its decoder is told, and of the
    other label, beside the same network without the condition (linear probes)."""
    if "probe_bacc" not in metrics:
        return []
    rows = metrics[metrics["algorithm"] == MAIN_ALGORITHM].set_index(["source", "method", "label"])
    out = []
    for name, spec in settings["models"].items():
        for told in spec.get("condition", []):
            for source in sorted(set(metrics.loc[metrics["method"] == name, "source"])):
                parts = []
                for label in ("language", "genre"):
                    mine, ref = (source, name, label), (source, reference, label)
                    if mine in rows.index and ref in rows.index and not np.isnan(rows.loc[mine, "probe_bacc"]):
                        m, r = rows.loc[mine], rows.loc[ref]
                        parts.append(
                            f"{label} probe {fmt(m['probe_bacc'], m['probe_bacc_lo'], m['probe_bacc_hi'])}"
                            f" ({reference}: {fmt(r['probe_bacc'], r['probe_bacc_lo'], r['probe_bacc_hi'])})"
                        )
                if parts:
                    out.append(f"{source}: {name}, whose decoder is told the {told}, keeps " + "; ".join(parts) + ".")
    return out


def best_rows(best: pd.DataFrame) -> dict:
    rows = [
        [
            r.source,
            r.label,
            r.scope,
            f"{r.method} + {ALGORITHM_NAMES.get(r.algorithm, r.algorithm)}",
            fmt(r.nmi, r.nmi_lo, r.nmi_hi),
            str(int(r.n_candidates)),
        ]
        for r in best.itertuples()
    ]
    return {
        "caption": "The best clustering per source and label (highest mean NMI) among all spaces, among the"
        " trained models, and among a model's own clusters; N: how many candidates it was chosen from"
        " (best of N, so a maximum, not an unbiased estimate).",
        "columns": ["source", "label", "scope", "space + algorithm", "NMI", "N"],
        "rows": rows,
    }


def verdict_counts(comparison: pd.DataFrame, models: list[str]) -> dict[str, int]:
    rows = comparison[comparison["method"].isin(models) & (comparison["algorithm"] == MAIN_ALGORITHM)]
    out = {"beats": 0, "is level with": 0, "loses to": 0, "cannot be compared with": 0}
    for r in rows.itertuples():
        out[verdict(r.ratio_lo, r.ratio_hi)] += 1
    return out


def discussion(tables: Tables, models: list[str]) -> list[str]:
    """Where the trained models win and lose against PCA + K-Means, per source and label, as the
    ratio intervals say; then the dataset floor and the models' own clusters."""
    out = []
    comparison = tables.comparison
    rows = comparison[comparison["method"].isin(models) & (comparison["algorithm"] == MAIN_ALGORITHM)]
    for (source, label), g in rows.groupby(["source", "label"], sort=True):
        words = {r.method: verdict(r.ratio_lo, r.ratio_hi) for r in g.itertuples()}
        compared = [m for m, w in words.items() if w != "cannot be compared with"]
        if not compared:
            out.append(f"{source}, {label}: the baseline does not clear chance, so no model is compared with it.")
            continue
        ranked = g[g["method"].isin(compared)].sort_values("ratio", ascending=False)
        top, low = ranked.iloc[0], ranked.iloc[-1]
        wins = [m for m in compared if words[m] == "beats"]
        losses = [m for m in compared if words[m] == "loses to"]
        if wins:
            text = f"{source}, {label}: the trained models win here: {len(wins)} of {len(compared)} beat PCA + K-Means"
        else:
            text = f"{source}, {label}: no trained model beats PCA + K-Means ({len(compared)} compared)"
        text += f", {len(losses)} lose to it and {len(compared) - len(wins) - len(losses)} are level with it"
        text += f"; the highest ratio is {top['method']}'s {fmt(top['ratio'], top['ratio_lo'], top['ratio_hi'])}"
        if len(ranked) > 1:
            text += f", the lowest {low['method']}'s {fmt(low['ratio'], low['ratio_lo'], low['ratio_hi'])}"
        out.append(text + ".")
    audit = tables.audit
    if audit is not None and not audit.empty:
        for (source, label), g in audit.groupby(["source", "label"], sort=True):
            if g["label_vs_dataset_nmi"].iloc[0] > 0.99:
                continue
            beats = int(g["beats_floor"].astype(bool).sum())
            out.append(
                f"{source}, {label}: {beats} of {len(g)} clusterings clear the dataset-only floor"
                f" ({g['dataset_floor'].iloc[0]:.3f}); a result below it says nothing the datasets' own split does not."
            )
    own = tables.best[tables.best["scope"] == "own clusters"]
    for r in own.itertuples():
        km = comparison[
            (comparison["source"] == r.source)
            & (comparison["label"] == r.label)
            & (comparison["method"] == r.method)
            & (comparison["algorithm"] == MAIN_ALGORITHM)
        ]
        if km.empty:
            continue
        k = km.iloc[0]
        lower, upper = (r.nmi_lo, r.nmi_hi) if not np.isnan(r.nmi_lo) else (r.nmi, r.nmi)
        word = "above" if lower > k["nmi_hi"] else "below" if upper < k["nmi_lo"] else "level with"
        out.append(
            f"{r.source}, {r.label}: {r.method}'s own clusters score {fmt(r.nmi, r.nmi_lo, r.nmi_hi)}, {word}"
            f" K-Means on its latent space ({fmt(k['nmi'], k['nmi_lo'], k['nmi_hi'])})."
        )
    return out


def sweep_sentences(sweep: pd.DataFrame | None, source: str | None) -> list[str]:
    if sweep is None or sweep.empty:
        return ["The β × latent-dimension sweep was not part of this run."]
    out = []
    for label, g in sweep.groupby("label", sort=True):
        best = g.sort_values("nmi", ascending=False).iloc[0]
        worst = g.sort_values("nmi").iloc[0]
        out.append(
            f"In the β × latent-dimension sweep on {source} ({len(g)} variants, {int(best['n_seeds'])} seeds each),"
            f" {label} NMI is highest at β = {best['beta']:g}, dimension {int(best['latent_dim'])}:"
            f" {fmt(best['nmi'], best['nmi_lo'], best['nmi_hi'])}, and lowest at β = {worst['beta']:g},"
            f" dimension {int(worst['latent_dim'])}: {fmt(worst['nmi'], worst['nmi_lo'], worst['nmi_hi'])}."
        )
    return out


def k_sweep_sentences(k_sweeps: dict[tuple[str, str], pd.DataFrame]) -> list[str]:
    if not k_sweeps:
        return []
    parts = []
    for (source, method), t in sorted(k_sweeps.items()):
        if t.empty:
            continue
        sil = t.loc[t["silhouette"].idxmax()]
        bic = t.loc[t["gmm_bic"].idxmin()]
        parts.append(
            f"{method} on {source}: silhouette peaks at k = {int(sil['k'])} ({sil['silhouette']:.3f}), BIC is"
            f" lowest at k = {int(bic['k'])}"
        )
    ks = sorted({int(k) for t in k_sweeps.values() for k in t["k"]})
    return [f"Over k in {ks[0]}..{ks[-1]} ({len(ks)} values): " + "; ".join(parts) + "."] if parts else []


def abstract(tables: Tables, settings: dict, models: list[str]) -> list[str]:
    sources = settings["sources"]
    n_total = own_tracks(tables, settings)
    held_out = [m for m in models if m.endswith(INDUCTIVE_SUFFIX)]
    models = [m for m in models if m not in held_out]
    counts_ = verdict_counts(tables.comparison, models)
    compared = counts_["beats"] + counts_["is level with"] + counts_["loses to"]
    codes = languages(tables, sources)
    names = ", ".join(LANGUAGE_NAMES.get(code, (code,))[0] for code in codes)
    out = [
        f"We cluster {n_total} songs from {len(sources)} sources in {len(codes)} languages ({names})"
        f" with {len(models)} trained autoencoder variants and baselines, scoring every clustering over"
        f" {len(settings['seeds'])} seeds with {CONFIDENCE:.0%} intervals.",
        f"Under K-Means, a trained model beats PCA + K-Means in {counts_['beats']} of {compared} comparisons"
        f" whose baseline clears chance, is level in {counts_['is level with']} and loses in"
        f" {counts_['loses to']} (paired NMI ratio intervals).",
    ]
    if held_out:
        c = verdict_counts(tables.comparison, held_out)
        out.append(
            f"On artists held out of all fitting ({len(held_out)} inductive variant{'s' * (len(held_out) > 1)}),"
            " a model beats PCA + K-Means"
            f" fitted the same way in {c['beats']} of {c['beats'] + c['is level with'] + c['loses to']}"
            f" comparisons, is level in {c['is level with']} and loses in {c['loses to']}."
        )
    best = tables.best[(tables.best["scope"] == "any space") & (tables.best["label"] == "genre")]
    for r in best.sort_values("nmi", ascending=False).head(2).itertuples():
        out.append(
            f"The highest genre NMI on {r.source} is {fmt(r.nmi, r.nmi_lo, r.nmi_hi)} ({r.method} +"
            f" {ALGORITHM_NAMES.get(r.algorithm, r.algorithm)}, best of {int(r.n_candidates)})."
        )
    if tables.audit is not None and not tables.audit.empty:
        a = tables.audit.iloc[0]
        out.append(
            f"On {a['source']}, which combines datasets, separating the datasets alone scores {a['label']} NMI"
            f" {a['dataset_floor']:.3f}: every cross-dataset number is read against that floor."
        )
    return out


def _from_model(tracks: pd.DataFrame, label: str) -> bool:
    column = f"{label}_provenance"
    return column in tracks and tracks[column].astype(str).str.contains("model").any()


def limitations(tables: Tables, settings: dict) -> list[str]:
    sources = settings["sources"]
    sizes = {s: len(tables.tracks[s]) for s in sources}
    small = min(sizes, key=sizes.get)
    out = [f"The data are small: {small} has {sizes[small]} tracks, the largest source {max(sizes.values())}."]
    model_labels = [
        f"{lab} of {s}" for s in sources for lab in ("language", "genre") if _from_model(tables.tracks[s], lab)
    ]
    if model_labels:
        out.append(
            f"Some labels are model outputs ({', '.join(model_labels)}), so scores against them measure agreement."
        )
    if tables.audit is not None and not tables.audit.empty:
        tied = tables.audit[tables.audit["label_vs_dataset_nmi"] > 0.99][["source", "label"]].drop_duplicates()
        for r in tied.itertuples():
            out.append(
                f"On {r.source} the {r.label} coincides with the dataset, so no clustering can separate the two."
            )
    not_run = list(settings.get("not_run", []))
    if not_run:
        out.append("Not run here: " + "; ".join(not_run) + ".")
    return out


CAPTIONS = {
    "latent": "{projection} map of {method} on {source} (first seed), coloured by each label and by each"
    " algorithm's clusters (DBSCAN's noise is cluster -1).",
    "composition": "Composition of the {algorithm} clusters of {method} on {source} (k = the label's number"
    " of classes, first seed): each bar is a cluster, stacked by the label's classes.",
    "curves": "Reconstruction error and KL per epoch of {method} on {source}, one colour per seed (dashed:"
    " train, solid: validation, disjoint by artist); vertical lines mark the restored epochs.",
    "reconstruction": "Inputs (top) and reconstructions (bottom) of {method} for a few clips of {source},"
    " decoded from the posterior means of the first seed's model.",
    "traversal": "Latent traversals of {method} on {source}: one latent dimension (those with the largest KL)"
    " moves from -3 to +3 prior standard deviations, the others at 0.",
    "k_sweep": "K-Means silhouette and Gaussian-mixture BIC over k in {method} on {source}; dotted lines mark"
    " the labels' numbers of classes.",
    "sweep": "The β × latent-dimension sweep of the MLP VAE on {source}: K-Means NMI per label and"
    " validation reconstruction and KL at the restored epoch, mean and interval over the sweep's seeds.",
}


def caption(entry: dict) -> str:
    fields = {"projection": "", "algorithm": "", "method": "", **entry}
    fields["projection"] = fields["projection"].upper().replace("TSNE", "t-SNE")
    return CAPTIONS[entry["kind"]].format(**fields)


def choose_figures(entries: list[dict], comparison: pd.DataFrame, models: list[str]) -> dict[str, list[dict]]:
    """A few figures for the body: for the trained model that scores highest under K-Means (on
    genre where it applies), its latent map, cluster composition and training curves, a
    reconstruction on that source, and the sweep; every other figure goes to the appendix."""
    trained = comparison[comparison["method"].isin(models) & (comparison["algorithm"] == MAIN_ALGORITHM)]
    wanted = {("sweep", None)}
    if not trained.empty:
        top = trained.assign(genre=trained["label"] == "genre").sort_values(["genre", "nmi"], ascending=False).iloc[0]
        wanted |= {(kind, (top["source"], top["method"])) for kind in ("latent", "composition", "curves")}
        wanted.add(("reconstruction", top["source"]))
    body, rest = [], []
    for e in entries:
        keys = {(e["kind"], (e.get("source"), e.get("method"))), (e["kind"], e.get("source")), (e["kind"], None)}
        chosen = keys & wanted
        wanted -= chosen  # the first figure of each wanted kind
        (body if chosen else rest).append({"path": "/" + e["path"], "caption": caption(e)})
    return {"body": body, "appendix": rest}


def paper_context(tables: Tables, settings: dict) -> dict:
    """The JSON the template reads. ``settings``: the title and authors, the config sections the
    method describes, which sources are combined, the figures (body and appendix, each with a
    caption) and the reproducibility facts."""
    models = list(settings["models"])
    spaces = list(settings["spaces"])
    comparison = tables.comparison
    baselines = []
    for (source, label), g in comparison.groupby(["source", "label"], sort=True):
        for s in baseline_sentences(comparison, source, label, models):
            baselines.append(f"{source}, {label}{_provenance_note(str(g['label_provenance'].iloc[0]))}: {s}")
    best_text = []
    for (source, label), _ in tables.best.groupby(["source", "label"], sort=True):
        best_text += [f"{source}, {label}: {s}" for s in best_sentences(tables.best, source, label)]
    main = main_tables(tables.metrics, spaces)
    figures = choose_figures(settings["figures"], comparison, models)
    repro = settings["reproducibility"]
    return {
        "title": settings["title"],
        "authors": settings["authors"],
        "affiliation": settings["affiliation"],
        "abstract": abstract(tables, settings, models),
        "intro": {
            "sentence": f"This run holds {len(settings['sources'])} sources whose tracks are in"
            f" {len(languages(tables, settings['sources']))}"
            " languages.",
            "n_spaces": str(len(set(tables.metrics["method"]))),
            "n_models": str(len(models)),
            "n_algorithms": str(len(settings["clustering"]["algorithms"])),
            "n_sources": str(len(settings["sources"])),
        },
        "data": data_section(tables, settings),
        "method": method_section(settings),
        "results": {
            "intro": [
                "The main tables give the NMI of every space under K-Means for each source and label; the"
                " full table with every metric and algorithm is results/clustering_metrics.csv, and the"
                " appendix repeats the NMI for the other algorithms. The best per label follows."
            ],
            "best_sentences": best_text,
            "main": main,
            "best": best_rows(tables.best),
            "baselines": baselines,
            "sweep": sweep_sentences(tables.sweep, settings.get("sweep_source")),
            "k_sweep": k_sweep_sentences(tables.k_sweeps),
            "probes": probe_sentences(tables.metrics),
        },
        "figures": {"body": figures["body"]},
        "discussion": discussion(tables, models) + instrument_sentences(tables.metrics, settings),
        "limitations": limitations(tables, settings),
        "reproducibility": {
            "sentences": repro["sentences"],
            "commands": repro["commands"],
            "packages": {
                "caption": "Package versions of the environment that built this paper.",
                "columns": ["package", "version"],
                "rows": [[p, v] for p, v in repro["packages"]],
            },
        },
        "appendix": {
            "tables": [t for t in [probe_rows(tables.metrics)] if t]
            + [
                t
                for a in settings["clustering"]["algorithms"]
                if a != MAIN_ALGORITHM
                for t in main_tables(tables.metrics, spaces, algorithm=a)
            ],
            "figures": figures["appendix"],
        },
    }
