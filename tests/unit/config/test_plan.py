import copy
import re

import pytest
from support.configs import read_config

from musiclust.config.plan import Plan, PlanError

TEST_CONFIG = read_config(".test/config.yaml")


def plan_of(**changes) -> Plan:
    config = copy.deepcopy(TEST_CONFIG)
    for path, value in changes.items():
        *parents, key = path.split("__")
        node = config
        for p in parents:
            node = node[p]
        node[key] = value
    return Plan.from_config(config)


def only_models(*names: str) -> dict:
    """The test config's models with all but ``names`` disabled."""
    return {name: {**entry, "enabled": name in names} for name, entry in TEST_CONFIG["models"].items()}


def test_sources_are_sorted_by_kind():
    plan = plan_of()
    assert plan.audio_sources == ("synth",)
    assert plan.table_sources == ("table",)
    assert plan.combined_sources == ("pooled",)
    assert plan.lyrics_sources == ("synth", "poems", "pooled")
    assert plan.feature_sources == ("synth", "table")


def test_a_source_without_lyrics_gets_no_text_spaces():
    with_lyrics = plan_of().spaces("synth")
    assert {"fasttext_sif", "tfidf_svd", "hybrid_pca", "multimodal_vae"} <= set(with_lyrics)
    without = plan_of(sources__synth__lyrics=False).spaces("synth")
    assert not {"fasttext_sif", "tfidf_svd", "hybrid_pca", "multimodal_vae"} & set(without)
    assert "vae_mlp" in without and "logmel_pca" in without


def test_adapter_traits_sort_the_standard_sets_and_their_switches():
    sources = {
        "gtzan": {"adapter": "gtzan", "location": "gtzan"},
        "gtzan_table": {"adapter": "gtzan", "location": "gtzan", "feature_table": True},
        "jamendo": {"adapter": "jamendolyrics", "location": "jl"},
        "mir": {"adapter": "mir1k", "location": "mir", "channel": "voice"},
        "msd": {"adapter": "msd", "location": "msd"},
        "lmd": {"adapter": "lakh_midi", "location": "lmd"},
        "lmd_audio": {"adapter": "lakh_midi", "location": "lmd", "render": True},
        "blg": {"adapter": "bangla_lyrics_genres", "location": "blg"},
        "hblm": {"adapter": "hblm100", "location": "meta.csv"},  # audio: false is this adapter's default
    }
    plan = plan_of(sources=sources, active_sources=list(sources), sweep={}, inductive__sources=[])
    assert plan.audio_sources == ("gtzan", "jamendo", "mir", "lmd_audio")
    assert plan.table_sources == ("gtzan_table", "msd", "lmd")
    assert plan.lyrics_sources == ("jamendo", "mir", "blg", "hblm")  # GTZAN and rendered MIDI have no lyrics
    assert plan.spaces("blg") == ["fasttext_sif", "tfidf_svd", "e5"]
    # MSD timbre and MIDI summaries are no MFCC statistics: no spectral space; GTZAN's table has them
    assert "spectral" not in plan.spaces("msd") and "pca" in plan.spaces("msd")
    assert "spectral" not in plan.spaces("lmd") and "spectral" in plan.spaces("lmd_audio")
    assert "spectral" in plan.spaces("gtzan_table")
    assert "conv_vae_logmel" in plan.spaces("lmd_audio")
    assert plan.source_files("msd") == ["msd"]


def test_a_feature_table_gets_no_log_mel_or_lyric_model():
    reps = plan_of().spaces("table")
    assert {"vae_mlp", "ae_mlp", "beta_vae_b4", "cvae_language", "vade", "pca", "spectral"} <= set(reps)
    assert not {"conv_vae_logmel", "conv_vae_mfcc", "vade_windows", "logmel_pca"} & set(reps)  # decoded audio only
    assert not {"multimodal_vae", "fasttext_sif", "hybrid_pca"} & set(reps)  # a feature table has no lyrics
    assert "results/reconstructions/table/conv_vae_logmel.png" not in plan_of().targets()


def test_lyrics_only_sources_get_only_lyric_spaces():
    plan = plan_of()
    assert plan.spaces("poems") == ["fasttext_sif", "tfidf_svd", "e5"]
    assert not [m for s, m in plan.trained_models() if s in ("poems", "pooled")]


def test_a_beta_list_expands_into_variants_with_their_own_targets():
    plan = plan_of(models__beta_vae__beta=[2, 0.5])
    assert [m for m in plan.models if m.startswith("beta_vae")] == ["beta_vae_b2", "beta_vae_b0p5"]
    targets = plan.targets()
    for variant in ("beta_vae_b2", "beta_vae_b0p5"):
        assert f"results/synth/models/{variant}.seed1.history.csv" in targets
        assert f"results/latent_traversals/synth/{variant}.png" in targets
    assert "beta_vae_b4" not in plan.specs


def test_combined_and_multi_file_sources_are_audited():
    assert plan_of().audited_sources() == ["table", "pooled"]
    single = plan_of(sources__table__location="table_en.csv", active_sources=["synth", "table"])
    assert single.audited_sources() == []
    assert "results/confound_audit.csv" not in single.targets()
    assert "results/confound_audit.csv" in plan_of().targets()
    assert "audit" in plan_of().findings_inputs() and "audit" not in single.findings_inputs()


def test_targets_follow_the_architecture_traits():
    targets = set(plan_of().targets())
    posterior = {t for t in plan_of().metric_tables() if t.endswith(".posterior.csv")}
    # the window-level VaDE needs decoded audio: not on the feature table
    assert posterior == {
        "results/synth/metrics/vade.posterior.csv",
        "results/table/metrics/vade.posterior.csv",
        "results/synth/metrics/vade_windows.posterior.csv",
    }
    traversals = {t for t in targets if "latent_traversals" in t}
    assert traversals == {
        f"results/latent_traversals/{s}/{m}.png" for s in ("synth", "table") for m in ("vae_mlp", "beta_vae_b4")
    }
    reconstructions = {t for t in targets if "reconstructions" in t}
    assert reconstructions == {f"results/reconstructions/synth/{m}.png" for m in ("conv_vae_logmel", "conv_vae_mfcc")}


def test_every_space_is_clustered_with_every_algorithm_and_plotted():
    plan = plan_of()
    tables = [t for t in plan.metric_tables() if not t.endswith(".posterior.csv")]
    spaces = sum(len(plan.spaces(s)) for s in plan.sources)
    assert len(tables) == spaces * len(plan.algorithms)
    assert "results/poems/metrics/tfidf_svd.dbscan.csv" in tables
    assert len(plan.latent_plots()) == spaces * len(plan.projections)
    assert all(p.endswith(".kmeans.png") for p in plan.composition_plots())  # DBSCAN picks its own k


def test_training_settings_take_the_source_then_the_model_override():
    plan = plan_of(sources__synth__training={"batch_size": 4, "lr": 0.1})
    conv = plan.model_training("synth", "conv_vae_logmel")
    assert conv["epochs"] == 40 and conv["batch_size"] == 4 and conv["lr"] == 0.1
    assert plan.model_training("table", "vae_mlp") == TEST_CONFIG["training"]


def test_each_seed_clusters_its_own_model_but_the_same_fixed_space():
    plan = plan_of()
    assert plan.seed_embeddings("synth", "vae_mlp") == [
        "results/synth/embeddings/vae_mlp.seed0.parquet",
        "results/synth/embeddings/vae_mlp.seed1.parquet",
    ]
    assert plan.seed_embeddings("synth", "pca") == ["results/synth/embeddings/pca.parquet"] * 2


def test_pretrained_vectors_add_their_space():
    assert "pretrained_sif" not in plan_of().run_text_methods
    plan = plan_of(text__pretrained_vectors="vectors.vec")
    assert plan.run_text_methods == ("fasttext_sif", "tfidf_svd", "e5", "pretrained_sif")
    assert "pretrained_sif" in plan.spaces("poems")


def test_the_sweep_has_its_own_variants_and_targets():
    plan = plan_of()
    assert list(plan.sweep_specs) == ["sweep_b1_z2", "sweep_b4_z2"]
    assert set(plan.sweep_specs) <= set(plan.specs) and not set(plan.sweep_specs) & set(plan.models)
    assert plan.sweep_outputs() == ["results/sweep/synth.csv", "results/sweep/synth.png"]
    assert not [t for t in plan.targets() if "sweep_b" in t]


def test_the_sweep_can_train_on_windows_where_audio_is_decoded():
    plan = plan_of()  # the test config sweeps window-level models (the workflow tests train them)
    assert {spec.input for spec in plan.sweep_specs.values()} == {"windows"}
    assert plan.sweep_outputs() == ["results/sweep/synth.csv", "results/sweep/synth.png"]
    with pytest.raises(PlanError, match="input 'windows' needs decoded audio; source 'table' is a feature table"):
        plan_of(sweep__source="table")
    summary = {**TEST_CONFIG["sweep"]["base"], "input": "summary"}
    assert plan_of(sweep__base=summary, sweep__source="table").sweep_outputs()[0] == "results/sweep/table.csv"


def test_a_log_mel_patch_wider_than_the_log_mel_is_refused_before_the_run():
    frames = TEST_CONFIG["features"]["logmel_frames"]
    patches = {"architecture": "vae_conv", "input": "logmel_windows", "window_frames": frames}
    assert plan_of(models__p=patches).specs["p"].window_frames == frames
    with pytest.raises(PlanError, match=f"model 'p': window_frames {frames + 1} is more than the log-mel's {frames}"):
        plan_of(models__p={**patches, "window_frames": frames + 1})


def test_rejection_tables_cover_every_stage():
    plan = plan_of()
    tables = plan.rejection_tables(downloaded={"synth"})
    assert len(tables) == len(plan.sources) + 2 * len(plan.shards) + len(plan.lyrics_sources)
    assert "data/poems/lyrics.rejected.csv" in tables and "data/table/lyrics.rejected.csv" not in tables
    assert "data/synth/audio/shard_03.rejected.csv" in tables
    assert not [t for t in plan.rejection_tables(downloaded=set()) if "/audio/" in t]


def test_wildcard_constraints_match_exactly_the_names_in_use():
    constraints = plan_of().wildcard_constraints()
    model = re.compile(constraints["model"])
    assert model.fullmatch("beta_vae_b4") and model.fullmatch("sweep_b1_z2") and not model.fullmatch("beta_vae")
    assert re.fullmatch(constraints["algorithm"], "dbscan") and not re.fullmatch(constraints["algorithm"], "posterior")
    assert not re.fullmatch(constraints["text_method"], "pretrained_sif")
    empty = plan_of(models={}, baselines__spaces=["pca"], sweep=None, inductive=None).wildcard_constraints()["model"]
    assert not re.fullmatch(empty, "") and not re.fullmatch(empty, "vae_mlp")


def test_config_mistakes_the_schema_cannot_see_are_errors():
    with pytest.raises(PlanError, match="active source 'ghost' is not defined"):
        plan_of(active_sources=["synth", "ghost"])
    with pytest.raises(PlanError, match="training_preset 'fast' is not under training_presets"):
        plan_of(models__vae_mlp__training_preset="fast")


def test_the_spaces_are_the_enabled_models_then_the_baselines():
    plan = plan_of(models=only_models("vae_mlp", "vade"), baselines__spaces=["spectral", "pca"])
    assert plan.audio_spaces == ("vae_mlp", "vade", "spectral", "pca", "pca_inductive", "vae_mlp_inductive")
    assert "ae_mlp" in plan.specs and "ae_mlp" not in plan.models  # a disabled entry is no space


@pytest.mark.parametrize(
    "model, key, value, message",
    [
        ("vae_mlp", "channels", [16, 32], "architecture vae_mlp takes no 'channels'"),
        ("conv_vae_logmel", "hidden_dims", [8], "architecture vae_conv takes no 'hidden_dims'"),
        ("vade", "recon_scaling", "sum", "architecture vade_mlp takes no 'recon_scaling'"),
        ("multimodal_vae", "n_components", 4, "architecture vae_poe takes no 'n_components'"),
        ("vae_mlp", "pool", 2, "'pool' is for input logmel or mfcc_frames or logmel_windows, not 'summary'"),
        ("conv_vae_logmel", "n_mfcc", 12, "'n_mfcc' is for input mfcc_frames, not 'logmel'"),
        ("vae_mlp", "text_method", "e5", "'text_method' is for input multimodal, not 'summary'"),
    ],
)
def test_a_key_of_another_architecture_or_input_is_an_error_naming_model_and_what_is_allowed(
    model, key, value, message
):
    with pytest.raises(PlanError, match=re.escape(message)) as error:
        plan_of(**{f"models__{model}__{key}": value})
    assert f"model {model!r}" in str(error.value)
    if "takes no" in message:
        assert "its keywords: latent_dim" in str(error.value)


def test_model_defaults_reach_only_the_architectures_that_take_them():
    plan = plan_of(model_defaults={"latent_dim": 3, "hidden_dims": [8], "dropout": 0.2}, models__ae_mlp__dropout=0.0)
    assert plan.specs["vae_mlp"].kwargs == {"latent_dim": 3, "hidden_dims": [8], "dropout": 0.2}
    assert plan.specs["ae_mlp"].kwargs["dropout"] == 0.0  # its own
    assert "hidden_dims" not in plan.specs["conv_vae_logmel"].kwargs
    assert plan.specs["conv_vae_logmel"].kwargs["latent_dim"] == 3


def test_a_training_preset_sits_under_the_models_own_training():
    plan = plan_of(
        training_presets={"big": {"batch_size": 256, "lr": 0.01}},
        models__vae_mlp__training_preset="big",
        models__vae_mlp__training={"lr": 0.5},
    )
    assert plan.specs["vae_mlp"].training == {"batch_size": 256, "lr": 0.5}


def test_the_plan_reads_no_files():
    plan = plan_of(sources__synth__location="/nonexistent/manifest.csv")
    assert "results/clustering_metrics.csv" in plan.targets()
    assert plan.source_files("pooled") == ["/nonexistent/manifest.csv", "poems.csv"]


def test_a_fixed_space_clustered_by_a_seedless_algorithm_runs_once():
    plan = plan_of(clustering__algorithms=["kmeans", "agglomerative", "dbscan"])
    assert plan.clustering_runs("synth", "pca", "agglomerative") == ([0], ["results/synth/embeddings/pca.parquet"])
    assert plan.clustering_runs("synth", "pca", "dbscan")[0] == [0]
    assert plan.clustering_runs("synth", "pca", "kmeans")[0] == [0, 1]  # K-Means' start depends on the seed
    seeds, embeddings = plan.clustering_runs("synth", "vae_mlp", "agglomerative")  # a model per seed
    assert seeds == [0, 1] and embeddings[1] == "results/synth/embeddings/vae_mlp.seed1.parquet"


def test_resources_default_then_per_rule_and_a_gpu_only_where_training_is_on_cuda():
    plan = plan_of(resources={"default": {"mem_mb": 2000, "runtime": 30}, "rules": {"train_model": {"mem_mb": 4000}}})
    assert plan.resources("train_model") == {"mem_mb": 4000, "runtime": 30}
    assert plan.resources("paper") == {"mem_mb": 2000, "runtime": 30}
    on_gpu = plan_of(training__device="cuda", resources={"default": {"mem_mb": 2000}})
    assert on_gpu.resources("train_model")["gres"] == "gpu:1" and "gres" not in on_gpu.resources("paper")
    assert "gres" not in plan_of(training__device="auto").resources("train_sweep")


@pytest.mark.parametrize(
    "where, rules",
    [
        ({"training__device": "cuda"}, {"train_model", "train_sweep"}),
        ({"sources__synth__training": {"device": "cuda"}}, {"train_model", "train_sweep"}),  # the sweep is on synth
        ({"sources__table__training": {"device": "cuda:0"}}, {"train_model"}),
        ({"models__vade__training": {"device": "cuda"}}, {"train_model"}),
        ({"sweep__base": {"architecture": "vae_mlp", "training": {"device": "cuda"}}}, {"train_sweep"}),
    ],
)
def test_a_gpu_is_asked_for_wherever_the_device_is_set_to_cuda(where, rules):
    plan = plan_of(**where)
    asking = {r for r in ("train_model", "train_sweep", "cluster_embedding") if "gres" in plan.resources(r)}
    assert asking == rules
    assert plan.resources("train_model" if "train_model" in rules else "train_sweep")["gres"] == "gpu:1"


def test_a_disabled_models_device_asks_for_no_gpu():
    plan = plan_of(models__vade__training={"device": "cuda"}, models__vade__enabled=False)
    assert "gres" not in plan.resources("train_model")


def test_a_resource_override_for_no_rule_is_an_error():
    plan = plan_of(resources={"default": {"mem_mb": 2000}, "rules": {"train_modle": {"mem_mb": 100}}})
    plan.resources("train_model")
    with pytest.raises(PlanError, match="train_modle"):
        plan.check_resource_rules()
    plan_of(resources={"default": {"mem_mb": 2000}}).check_resource_rules()


def test_the_inductive_spaces_are_per_seed_on_their_sources_only():
    plan = plan_of(inductive__sources=["synth"])
    assert plan.inductive_spaces == ("pca_inductive", "vae_mlp_inductive")
    assert plan.specs["vae_mlp_inductive"].holdout == 0.25 and not plan.specs["vae_mlp"].inductive
    assert "vae_mlp_inductive" in plan.models and "pca_inductive" not in plan.models
    assert {"pca_inductive", "vae_mlp_inductive"} <= set(plan.spaces("synth"))
    assert not {"pca_inductive", "vae_mlp_inductive"} & set(plan.spaces("table"))
    for space in plan.inductive_spaces:  # each seed holds out its own artists: one embedding per seed
        assert plan.seed_embeddings("synth", space) == [
            f"results/synth/embeddings/{space}.seed{s}.parquet" for s in plan.seeds
        ]
        assert plan.clustering_runs("synth", space, "dbscan")[0] == list(plan.seeds)
    assert ("synth", "vae_mlp_inductive") in plan.trained_models()
    assert not any("_inductive" in t for t in plan.reconstructions() + plan.traversals())
    assert re.fullmatch(plan.wildcard_constraints()["inductive_baseline"], "pca")


def test_inductive_spaces_must_exist_and_read_audio_alone():
    with pytest.raises(PlanError, match="'nope' is neither"):
        plan_of(inductive__spaces=["nope"])
    with pytest.raises(PlanError, match="audio-only"):
        plan_of(inductive__spaces=["multimodal_vae"])
    with pytest.raises(PlanError, match="inductive source 'gone'"):
        plan_of(inductive__sources=["gone"])
    assert plan_of(inductive__spaces=["beta_vae"]).inductive_spaces == ("beta_vae_b4_inductive",)


def test_a_source_may_name_its_own_lyric_spaces():
    plan = plan_of(sources__poems__text_methods=["tfidf_svd", "e5"], text__methods=["fasttext_sif"])
    assert plan.text_methods("poems") == ("tfidf_svd", "e5")
    assert plan.text_methods("synth") == ("fasttext_sif",)
    assert [m for m in plan.spaces("poems") if m in plan.run_text_methods] == ["tfidf_svd", "e5"]
    assert "e5" in plan.run_text_methods and re.fullmatch(plan.wildcard_constraints()["text_method"], "e5")
    assert "results/poems/metrics/e5.kmeans.csv" in plan.metric_tables()
    assert "results/synth/metrics/e5.kmeans.csv" not in plan.metric_tables()


def test_a_models_or_the_hybrids_lyric_input_is_made_where_it_is_not_a_space():
    plan = plan_of(
        text__methods=["fasttext_sif"],
        models__multimodal_vae__text_method="e5",
        hybrid__text_method="tfidf_svd",
    )
    assert plan.text_methods("synth") == ("fasttext_sif",)
    assert ("synth", "multimodal_vae") in plan.trained_models()  # not dropped for want of an e5 space
    assert plan.model_inputs("synth", "multimodal_vae")["text"] == "results/synth/embeddings/e5.parquet"
    for method in ("e5", "tfidf_svd"):  # embed_lyrics may make both
        assert re.fullmatch(plan.wildcard_constraints()["text_method"], method)
    assert "results/synth/metrics/e5.kmeans.csv" not in plan.metric_tables()


def test_each_conditional_vae_is_set_beside_the_mlp_vae_in_the_findings():
    plan = plan_of()
    assert plan.conditioned_models() == {"cvae_language": {"condition": ["language"], "reference": "vae_mlp"}}
    assert plan.findings_inputs()["metrics"] == "results/clustering_metrics.csv"
    assert "metrics" not in plan_of(models=only_models("vae_mlp")).findings_inputs()
