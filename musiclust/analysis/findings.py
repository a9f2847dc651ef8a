"""The run's findings as sentences written from its tables, so that no claim outlives its numbers.

Each sentence is computed: a model "beats" the baseline only when the interval of its NMI ratio
lies above 1, "loses to" it only when the interval lies below 1, and is otherwise "level with"
it; a best result says of how many candidates; a cross-dataset result is set against the
dataset-only floor; a label that is another model's output is marked as such.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from musiclust.config.names import INDUCTIVE_SUFFIX


def fmt(mean: float, lo: float = np.nan, hi: float = np.nan) -> str:
    """``0.166 [0.159, 0.172]``, or the mean alone where there is no interval."""
    if np.isnan(mean):
        return "n/a"
    return f"{mean:.3f}" if np.isnan(lo) else f"{mean:.3f} [{lo:.3f}, {hi:.3f}]"


PLURAL = {
    "beats": "beat",
    "is level with": "are level with",
    "loses to": "lose to",
    "cannot be compared with": "cannot be compared with",
}


def verdict(ratio_lo: float, ratio_hi: float) -> str:
    """How a space compares with the baseline, from the interval of the per-seed NMI ratios."""
    if np.isnan(ratio_lo) or np.isnan(ratio_hi):
        return "cannot be compared with"
    if ratio_lo > 1:
        return "beats"
    if ratio_hi < 1:
        return "loses to"
    return "is level with"


def _provenance_note(provenance: str) -> str:
    if "model" in provenance:
        return " (this label is itself a model's output: the scores measure agreement with that model)"
    if "unknown" in provenance:
        return " (where this label comes from is not recorded)"
    return ""


def best_sentences(best: pd.DataFrame, source: str, label: str) -> list[str]:
    out = []
    scopes = {"any space": "of all spaces", "trained models": "of the trained models", "own clusters": "own clusters"}
    for scope, words in scopes.items():
        rows = best[(best["source"] == source) & (best["label"] == label) & (best["scope"] == scope)]
        if rows.empty:
            continue
        r = rows.iloc[0]
        n = int(r["n_candidates"])
        what = f"{r['method']} + {r['algorithm']}"
        if scope == "own clusters":
            out.append(
                f"A model's own clusters (best of {n}): {r['method']}, NMI {fmt(r['nmi'], r['nmi_lo'], r['nmi_hi'])}."
            )
        else:
            out.append(
                f"Best {words} (best of {n}, k = classes): {what}, NMI {fmt(r['nmi'], r['nmi_lo'], r['nmi_hi'])}."
            )
    return out


def baseline_sentences(comparison: pd.DataFrame, source: str, label: str, models: list[str]) -> list[str]:
    rows = comparison[(comparison["source"] == source) & (comparison["label"] == label)]
    base = rows[(rows["method"] == "pca") & (rows["algorithm"] == "kmeans")]
    if base.empty:
        return []
    b = base.iloc[0]
    out = [f"PCA + K-Means: NMI {fmt(b['nmi'], b['nmi_lo'], b['nmi_hi'])} (chance level {b['baseline_chance']:.3f})."]
    kmeans = rows[rows["method"].isin(models) & (rows["algorithm"] == "kmeans")]
    inductive = kmeans["method"].str.endswith(INDUCTIVE_SUFFIX)
    trained = kmeans[~inductive]
    if trained["ratio"].isna().all():
        out.append("The baseline does not clear its chance level here, so no model is compared with it.")
    else:
        out += ratio_sentences(trained, "Under K-Means", "PCA + K-Means")
    held = rows[(rows["method"] == "pca" + INDUCTIVE_SUFFIX) & (rows["algorithm"] == "kmeans")]
    if not held.empty and inductive.any():
        h = held.iloc[0]
        out.append(
            "On the held-out artists (inductive: every space fitted without them), PCA + K-Means scores NMI "
            f"{fmt(h['nmi'], h['nmi_lo'], h['nmi_hi'])}."
        )
        out += ratio_sentences(kmeans[inductive], "There, under K-Means", "it")
    return out


def ratio_sentences(trained: pd.DataFrame, opening: str, reference: str) -> list[str]:
    """The models grouped by their ratio interval's verdict against the reference."""
    groups: dict[str, list[str]] = {}
    for _, r in trained.sort_values("ratio", ascending=False).iterrows():
        text = f"{r['method']} ({fmt(r['ratio'], r['ratio_lo'], r['ratio_hi'])})"
        groups.setdefault(verdict(r["ratio_lo"], r["ratio_hi"]), []).append(text)
    out = []
    for word in ("beats", "is level with", "loses to", "cannot be compared with"):
        if word in groups:
            many = len(groups[word]) > 1
            subject = f"{len(groups[word])} models" if many else "one model"
            verb = PLURAL.get(word, word) if many else word
            out.append(f"{opening}, {subject} {verb} {reference} (NMI ratio): {', '.join(groups[word])}.")
    return out


def audit_sentences(audit: pd.DataFrame, source: str, label: str) -> list[str]:
    rows = audit[(audit["source"] == source) & (audit["label"] == label)] if len(audit) else audit
    if rows.empty:
        return []
    first = rows.iloc[0]
    head = f"{int(first['n_classes'])} classes"
    if first["n_classes_raw"] != first["n_classes"]:
        head += f" after harmonising {int(first['n_classes_raw'])} raw names"
    if first["label_vs_dataset_nmi"] > 0.99:
        return [f"{head}; the label and the dataset coincide (NMI 1.000): no clustering can tell them apart."]
    complete = rows[rows["noise_share"] == 0] if "noise_share" in rows else rows  # DBSCAN scores only its clusters
    best = (complete if len(complete) else rows).sort_values("nmi_label", ascending=False).iloc[0]
    beats = int(rows["beats_floor"].astype(bool).sum())
    return [
        f"{head}. Separating the datasets alone scores NMI {first['dataset_floor']:.3f} against this label (the floor);"
        f" {beats} of {len(rows)} clusterings clear it. The highest, {best['method']} + {best['algorithm']}, reaches"
        f" {fmt(best['nmi_label'], best['nmi_label_lo'], best['nmi_label_hi'])} across datasets and"
        f" {fmt(best['nmi_within'], best['nmi_within_lo'], best['nmi_within_hi'])} within them."
    ]


def language_id_sentences(langid: pd.DataFrame) -> list[str]:
    out = []
    for _, r in langid.iterrows():
        if r["n_human"] > 0:
            out.append(
                f"{r['source']}: language-id accuracy {r['accuracy']:.3f} against {int(r['n_human'])} human labels."
            )
        if r["n_not_human"] > 0:
            out.append(
                f"{r['source']}: agreement {r['agreement']:.3f} with {int(r['n_not_human'])} labels from"
                f" {r['label_provenance'].replace('human+', '')} (not an accuracy)."
            )
    return out


def space_table(comparison: pd.DataFrame, source: str, algorithm: str = "kmeans") -> list[str]:
    """A Markdown table of every space of ``source`` under ``algorithm``: per label, NMI and the
    ratio to PCA + K-Means, each with its interval; sorted by the first label's NMI, the
    inductive spaces (held-out artists, ratio to ``pca_inductive``) last, marked."""
    rows = comparison[(comparison["source"] == source) & (comparison["algorithm"] == algorithm)]
    labels = sorted(rows["label"].unique(), key=lambda lab: (lab != "genre", lab))
    if rows.empty:
        return []
    head = "| space | " + " | ".join(f"{lab} NMI | ratio" for lab in labels) + " |"
    lines = [head, "|---|" + "---|---|" * len(labels)]
    by_label = {lab: rows[rows["label"] == lab].set_index("method") for lab in labels}
    order = by_label[labels[0]].sort_values("nmi", ascending=False).index
    order = [m for m in order if not m.endswith(INDUCTIVE_SUFFIX)] + [m for m in order if m.endswith(INDUCTIVE_SUFFIX)]
    for method in order:
        cells = []
        for lab in labels:
            r = by_label[lab].loc[method] if method in by_label[lab].index else None
            if r is None:
                cells += ["", ""]
                continue
            ratio = "n/a" if np.isnan(r["ratio"]) else fmt(r["ratio"], r["ratio_lo"], r["ratio_hi"])
            cells += [fmt(r["nmi"], r["nmi_lo"], r["nmi_hi"]), ratio]
        name = f"{method} (held-out artists)" if method.endswith(INDUCTIVE_SUFFIX) else method
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def conditioning_table(metrics: pd.DataFrame | None, conditioned: dict[str, dict]) -> list[str]:
    """What a conditional VAE leaves of each label in its latent: per source and label, the linear
    probe (balanced accuracy, with its interval over seeds) of the unconditional reference and of
    every conditional VAE, beside the majority-class and shuffled-label baselines."""
    if metrics is None or not conditioned or "probe_bacc" not in metrics:
        return []
    references = [c["reference"] for c in conditioned.values() if c["reference"]]
    methods = list(dict.fromkeys(references + list(conditioned)))
    rows = metrics[(metrics["algorithm"] == "kmeans") & metrics["method"].isin(methods)]
    rows = rows.dropna(subset=["probe_bacc"]).set_index(["source", "label", "method"])
    if rows.empty:
        return []

    def head(m: str) -> str:
        told = conditioned.get(m, {}).get("condition")
        return f"{m} (told {', '.join(told)})" if told else f"{m} (unconditional)"

    lines = [
        "| source | label | " + " | ".join(head(m) for m in methods) + " | majority | shuffled |",
        "|---|---|" + "---|" * (len(methods) + 2),
    ]
    for source, label in sorted({(s, lab) for s, lab, _ in rows.index}):
        cells, base = [], None
        for m in methods:
            if (source, label, m) not in rows.index:
                cells.append("")
                continue
            r = rows.loc[(source, label, m)]
            cells.append(fmt(r["probe_bacc"], r["probe_bacc_lo"], r["probe_bacc_hi"]))
            base = r if base is None else base  # the baselines of the first space shown
        lines.append(
            f"| {source} | {label} | "
            + " | ".join(cells)
            + f" | {base['probe_majority']:.3f} | {base['probe_shuffled']:.3f} |"
        )
    return lines


def findings_markdown(
    comparison: pd.DataFrame,
    best: pd.DataFrame,
    audit: pd.DataFrame,
    langid: pd.DataFrame | None,
    models: list[str],
    metrics: pd.DataFrame | None = None,
    conditioned: dict[str, dict] | None = None,
) -> str:
    """The findings, one section per (source, label), in Markdown."""
    lines = [
        "# Findings",
        "",
        "Generated from this run's tables; NMI means with 95% percentile-bootstrap intervals.",
        "",
    ]
    for (source, label), rows in comparison.groupby(["source", "label"], sort=True):
        provenance = str(rows["label_provenance"].iloc[0])
        lines += [f"## {source}: {label}{_provenance_note(provenance)}", ""]
        sentences = best_sentences(best, source, label)
        sentences += baseline_sentences(comparison, source, label, models)
        sentences += audit_sentences(audit, source, label)
        lines += [f"- {s}" for s in sentences] + [""]
    for source in sorted(comparison.loc[comparison["method"] == "pca", "source"].unique()):
        lines += [f"## {source}: every space under K-Means (NMI, ratio to PCA + K-Means)", ""]
        lines += space_table(comparison, source) + [""]
    table = conditioning_table(metrics, conditioned or {})
    if table:
        lines += [
            "## What conditioning leaves of a label (linear probe: balanced accuracy, folds disjoint by artist)",
            "",
            *table,
            "",
        ]
    if langid is not None and len(langid):
        lines += ["## Language id", ""] + [f"- {s}" for s in language_id_sentences(langid)] + [""]
    return "\n".join(lines)
