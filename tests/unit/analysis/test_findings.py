import numpy as np
import pandas as pd
from support.study_tables import by_seed_table

from musiclust.analysis.findings import findings_markdown, verdict
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
