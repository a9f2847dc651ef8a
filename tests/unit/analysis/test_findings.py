import numpy as np
import pandas as pd
from support.study_tables import by_seed_table

from musiclust.analysis.findings import audit_sentences, findings_markdown, language_id_sentences, verdict
from musiclust.analysis.study import best_table, compare_to_baseline

MODELS = ["vae_mlp", "vade"]


def render(by_seed: pd.DataFrame) -> str:
    comparison = compare_to_baseline(by_seed)
    return findings_markdown(comparison, best_table(comparison, MODELS), pd.DataFrame(), None, MODELS)


def test_verdict_follows_the_interval():
    assert verdict(1.02, 1.10) == "beats"
    assert verdict(0.80, 0.95) == "loses to"
    assert verdict(0.95, 1.05) == "is level with"
    assert verdict(np.nan, np.nan) == "cannot be compared with"


def test_the_claim_flips_when_the_numbers_do():
    losing = render(by_seed_table())
    assert "one model loses to PCA + K-Means (NMI ratio): vae_mlp (0.550 [0.500, 0.600])" in losing
    assert "beats" not in losing
    winning = by_seed_table()
    vae = (winning["method"] == "vae_mlp") & (winning["algorithm"] == "kmeans")
    winning.loc[vae, "nmi"] = [0.30, 0.40]
    text = render(winning)
    assert "one model beats PCA + K-Means (NMI ratio): vae_mlp (1.550 [1.500, 1.600])" in text
    assert "loses" not in text


def test_the_space_table_shows_every_space_with_its_interval():
    text = render(by_seed_table())
    assert "| space | genre NMI | ratio |" in text
    assert "| vae_mlp | 0.125 [0.100, 0.150] | 0.550 [0.500, 0.600] |" in text
    assert "| pca | 0.225 [0.200, 0.250] | 1.000 [1.000, 1.000] |" in text


def test_best_says_of_how_many_and_labels_from_models_are_marked():
    text = render(by_seed_table().assign(label_provenance="model"))
    assert "Best of all spaces (best of 4, k = classes): tfidf_svd + kmeans, NMI 0.550 [0.500, 0.600]." in text
    assert "A model's own clusters (best of 1): vade, NMI 0.950 [0.950, 0.950]." in text
    assert "## s: genre (this label is itself a model's output" in text


def test_inductive_models_are_judged_against_the_inductive_pca_in_their_own_sentence():
    from support.study_tables import row

    table = by_seed_table()
    extra = []
    for seed, (pca, vae) in enumerate([(0.10, 0.30), (0.20, 0.50)]):
        extra += [row("s", "pca_inductive", "kmeans", seed, pca), row("s", "vae_mlp_inductive", "kmeans", seed, vae)]
    models = [*MODELS, "vae_mlp_inductive"]
    comparison = compare_to_baseline(pd.concat([table, pd.DataFrame(extra)], ignore_index=True))
    text = findings_markdown(comparison, best_table(comparison, models), pd.DataFrame(), None, models)
    assert "one model loses to PCA + K-Means (NMI ratio): vae_mlp (0.550 [0.500, 0.600])" in text  # as before
    assert (
        "On the held-out artists (inductive: every space fitted without them), PCA + K-Means scores NMI 0.150" in text
    )
    assert "There, under K-Means, one model beats it (NMI ratio): vae_mlp_inductive (2.750 [2.500, 3.000])" in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[-2].startswith("| vae_mlp_inductive (held-out artists) | 0.400 [0.300, 0.500] | 2.750")  # last, marked
    assert table[-1].startswith("| pca_inductive (held-out artists) | 0.150")


def probe_rows(values: dict) -> pd.DataFrame:
    """Metric rows with probe columns: (source, label, method) -> (probe, lo, hi), under two algorithms."""
    rows = []
    for (source, label, method), (p, lo, hi) in values.items():
        for algorithm, shift in (("kmeans", 0.0), ("agglomerative", 0.3)):  # only kmeans rows are read
            rows.append(
                dict(
                    source=source,
                    label=label,
                    method=method,
                    algorithm=algorithm,
                    probe_bacc=p + shift,
                    probe_bacc_lo=lo,
                    probe_bacc_hi=hi,
                    probe_majority=0.5,
                    probe_shuffled=0.49 if method == "vae_mlp" else 0.4,
                )
            )
    return pd.DataFrame(rows)


def test_the_conditioning_table_sets_each_cvae_beside_its_unconditional_reference():
    conditioned = {"cvae_genre": {"condition": ["genre"], "reference": "vae_mlp"}}
    metrics = probe_rows(
        {
            ("s", "genre", "vae_mlp"): (0.57, 0.56, 0.58),
            ("s", "genre", "cvae_genre"): (0.18, 0.17, 0.20),
            ("s", "language", "vae_mlp"): (0.83, 0.82, 0.84),
            ("s", "language", "cvae_genre"): (0.69, 0.67, 0.70),
            ("s", "genre", "pca"): (0.58, 0.58, 0.58),
        }
    )
    comparison = compare_to_baseline(by_seed_table())
    text = findings_markdown(
        comparison, best_table(comparison, MODELS), pd.DataFrame(), None, MODELS, metrics, conditioned
    )
    assert "| source | label | vae_mlp (unconditional) | cvae_genre (told genre) | majority | shuffled |" in text
    assert "| s | genre | 0.570 [0.560, 0.580] | 0.180 [0.170, 0.200] | 0.500 | 0.490 |" in text
    assert "| s | language | 0.830 [0.820, 0.840] | 0.690 [0.670, 0.700] | 0.500 | 0.490 |" in text
    assert "pca" not in text.split("What conditioning leaves")[1]
    assert "What conditioning leaves" not in findings_markdown(
        comparison, best_table(comparison, MODELS), pd.DataFrame(), None, MODELS, metrics, {}
    )


def audit_row(method, algorithm, nmi, lo, hi, within, within_lo, within_hi, beats, noise=0.0, **extra):
    return {"source": "mix", "label": "genre", "method": method, "algorithm": algorithm, "n_classes": 5,
            "n_classes_raw": 8, "label_vs_dataset_nmi": 0.4, "dataset_floor": 0.123, "noise_share": noise,
            "nmi_label": nmi, "nmi_label_lo": lo, "nmi_label_hi": hi, "beats_floor": beats, "nmi_within": within,
            "nmi_within_lo": within_lo, "nmi_within_hi": within_hi, **extra}  # fmt: skip


def test_the_audit_sentence_counts_the_clusterings_above_the_floor_and_names_the_highest_complete_one():
    audit = pd.DataFrame(
        [
            audit_row("pca", "kmeans", 0.30, 0.25, 0.35, 0.20, 0.15, 0.25, True),
            audit_row("vae_mlp", "kmeans", 0.10, 0.05, 0.15, 0.05, np.nan, np.nan, False),
            audit_row("vae_mlp", "dbscan", 0.90, 0.85, 0.95, 0.80, 0.75, 0.85, True, noise=0.4),  # its clusters only
            {**audit_row("pca", "kmeans", 0.99, 0.99, 0.99, 0.9, 0.9, 0.9, True), "source": "other"},
        ]
    )
    assert audit_sentences(audit, "mix", "genre") == [
        "5 classes after harmonising 8 raw names. Separating the datasets alone scores NMI 0.123 against this label"
        " (the floor); 2 of 3 clusterings clear it. The highest, pca + kmeans, reaches 0.300 [0.250, 0.350] across"
        " datasets and 0.200 [0.150, 0.250] within them."
    ]
    same = audit.assign(n_classes_raw=5, label_vs_dataset_nmi=1.0)
    assert audit_sentences(same, "mix", "genre") == [
        "5 classes; the label and the dataset coincide (NMI 1.000): no clustering can tell them apart."
    ]
    assert audit_sentences(audit, "mix", "language") == []


def test_language_id_sentences_give_accuracy_against_people_and_agreement_against_the_rest():
    langid = pd.DataFrame(
        [
            {"source": "lyr", "n_human": 40, "accuracy": 0.925, "n_not_human": 0, "agreement": np.nan,
             "label_provenance": "human"},
            {"source": "mix", "n_human": 10, "accuracy": 0.8, "n_not_human": 25, "agreement": 0.96,
             "label_provenance": "human+model"},
            {"source": "meta", "n_human": 0, "accuracy": np.nan, "n_not_human": 3, "agreement": 2 / 3,
             "label_provenance": "metadata"},
        ]
    )  # fmt: skip
    assert language_id_sentences(langid) == [
        "lyr: language-id accuracy 0.925 against 40 human labels.",
        "mix: language-id accuracy 0.800 against 10 human labels.",
        "mix: agreement 0.960 with 25 labels from model (not an accuracy).",
        "meta: agreement 0.667 with 3 labels from metadata (not an accuracy).",
    ]
