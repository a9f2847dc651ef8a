import librosa
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import torch

from musiclust.config.model_specs import ModelSpec
from musiclust.models.checkpoints import load_checkpoint, load_trained, model_cluster_assignments
from musiclust.models.inputs import (
    InputFiles,
    build_model_inputs,
    labels_frame,
    mfcc_frames,
    model_kwargs,
    one_hot_conditions,
    pool_image,
    time_windows,
)
from musiclust.models.training import TrainConfig, embed_inputs, train_and_embed


def write_features(path, n=12, n_mels=8, frames=6, seed=0, logmel=None):
    """A feature table of ``n`` tracks: three summary features and a log-mel (random, or ``logmel``)."""
    rng = np.random.default_rng(seed)
    if logmel is None:
        logmel = rng.normal(-30, 10, size=(n, n_mels, frames))
    logmel = np.asarray(logmel, dtype=np.float32)
    n, n_mels, frames = logmel.shape
    ids = [f"t{i:02d}" for i in range(n)]
    schema = pa.schema(
        [
            ("track_id", pa.string()),
            ("decoded_seconds", pa.float64()),
            ("a_mean", pa.float64()),
            ("b_std", pa.float64()),
            ("tempo", pa.float64()),
            ("logmel", pa.list_(pa.float32(), n_mels * frames)),
        ],
        metadata={"n_mels": str(n_mels), "logmel_frames": str(frames)},
    )
    table = pa.table(
        [
            ids,
            [30.0] * n,
            rng.normal(5, 2, n),
            rng.normal(0, 1, n),
            rng.normal(120, 10, n),
            [m.ravel() for m in logmel],
        ],
        schema=schema,
    )
    pq.write_table(table, path)
    return ids, logmel


def test_pool_image_worked_example():
    img = np.arange(16, dtype=float).reshape(1, 4, 4)
    assert pool_image(img, 2)[0].tolist() == [[2.5, 4.5], [10.5, 12.5]]
    assert pool_image(img, 1) is img


def test_mfcc_frames_match_librosa():
    logmel = np.random.default_rng(0).normal(-40, 10, size=(2, 16, 5))
    expected = np.stack([librosa.feature.mfcc(S=m, n_mfcc=6) for m in logmel])
    assert np.allclose(mfcc_frames(logmel, 6), expected)


def test_one_hot_conditions_with_missing_and_unseen_values():
    tracks = pd.DataFrame({"genre": ["rock", "pop", None, "rock"]})
    onehot, cats = one_hot_conditions(tracks, ("genre",), None)
    assert cats == {"genre": ["pop", "rock"]}
    assert onehot.tolist() == [[0, 1], [1, 0], [0, 0], [0, 1]]
    onehot, _ = one_hot_conditions(pd.DataFrame({"genre": ["jazz", "pop"]}), ("genre",), cats)
    assert onehot.tolist() == [[0, 0], [1, 0]]  # an unseen value is all zeros


def test_summary_and_time_frequency_inputs(tmp_path):
    path = tmp_path / "f.parquet"
    ids, logmel = write_features(path)
    summary = build_model_inputs(ModelSpec("s", "vae_mlp"), path)
    assert list(summary.index) == ids and summary.arrays["x"].shape == (12, 3)
    assert summary.stats["feature_names"] == ["a_mean", "b_std", "tempo"]  # every feature column, not just *_mean/_std
    assert np.allclose(summary.arrays["x"].mean(axis=0), 0, atol=1e-6)
    mel = build_model_inputs(ModelSpec("c", "vae_conv", input="logmel", pool=2), path)
    assert mel.arrays["x"].shape == (12, 1, 4, 3)
    assert np.allclose(mel.arrays["x"].mean(axis=(0, 1, 3)), 0, atol=1e-5)  # z-scored per band
    assert model_kwargs(ModelSpec("c", "vae_conv", input="logmel", pool=2, kwargs={"latent_dim": 3}), mel) == {
        "input_shape": [4, 3],
        "latent_dim": 3,
    }
    mf = build_model_inputs(ModelSpec("m", "vae_conv", input="mfcc_frames", n_mfcc=5), path)
    assert mf.arrays["x"].shape == (12, 1, 5, 6)
    # the stored statistics reproduce the same arrays on other data of the same layout
    again = build_model_inputs(ModelSpec("c", "vae_conv", input="logmel", pool=2), path, stats=mel.stats)
    assert np.allclose(again.arrays["x"], mel.arrays["x"])


def test_time_frequency_inputs_are_z_scored_per_band_over_all_frames(tmp_path):
    logmel = [
        [[0, 2], [10, 10]],  # track 0: band 0, band 1 (two frames each)
        [[0, 2], [30, 30]],  # track 1
    ]
    write_features(tmp_path / "f.parquet", logmel=logmel)
    mel = build_model_inputs(ModelSpec("c", "vae_conv", input="logmel"), tmp_path / "f.parquet")
    # band 0 is {0, 2, 0, 2}: mean 1, std 1; band 1 is {10, 10, 30, 30}: mean 20, std 10.
    # (Per frame, band 0's first frame is a constant 0; over everything, the mean is 10.5.)
    assert mel.stats["x_mean"].tolist() == [1, 20] and mel.stats["x_scale"].tolist() == [1, 10]
    assert mel.arrays["x"][:, 0].tolist() == [[[-1, 1], [-1, -1]], [[-1, 1], [1, 1]]]
    # MFCCs likewise: per coefficient, over every track's frames
    _, L = write_features(tmp_path / "g.parquet", n=6, n_mels=8, frames=5)
    mf = build_model_inputs(ModelSpec("m", "vae_conv", input="mfcc_frames", n_mfcc=4), tmp_path / "g.parquet")
    C = mfcc_frames(L.astype(np.float64), 4)
    expected = (C - C.mean(axis=(0, 2), keepdims=True)) / C.std(axis=(0, 2), keepdims=True)
    assert np.allclose(mf.arrays["x"][:, 0], expected, atol=1e-5)


def test_multimodal_inputs_take_the_union_with_a_mask(tmp_path):
    path = tmp_path / "f.parquet"
    ids, _ = write_features(path, n=4)
    text = pd.DataFrame({"track_id": ["t01", "t03", "zz_lyrics_only"], "z00": [1.0, 2.0, 3.0], "z01": [0.0, 1.0, 5.0]})
    text.to_parquet(tmp_path / "text.parquet", index=False)
    spec = ModelSpec("mm", "vae_poe", input="multimodal")
    inputs = build_model_inputs(spec, path, text_path=tmp_path / "text.parquet")
    assert list(inputs.index) == ["t00", "t01", "t02", "t03", "zz_lyrics_only"]
    assert inputs.arrays["mask"].tolist() == [[1, 0], [1, 1], [1, 0], [1, 1], [0, 1]]
    assert (inputs.arrays["x"][4] == 0).all() and (inputs.arrays["text"][0] == 0).all()
    assert model_kwargs(spec, inputs) == {"input_dim": 3, "text_dim": 2}


def test_conditional_model_trains_and_embeds_from_its_checkpoint(tmp_path):
    path = tmp_path / "f.parquet"
    ids, _ = write_features(path, n=20)
    labels = labels_frame({"genre": {t: g for t, g in zip(ids, ["a", "b"] * 10)}, "language": {t: "en" for t in ids}})
    spec = ModelSpec("cv", "cvae_mlp", condition=("genre",), kwargs={"latent_dim": 2, "hidden_dims": [8]})
    groups = {t: f"artist{i % 5}" for i, t in enumerate(ids)}
    files = InputFiles(path, labels=labels)
    [(seed, history, in_memory)] = train_and_embed(spec, TrainConfig(epochs=3), files, {0: tmp_path / "m.pt"}, groups)
    assert history["n_val"].iloc[0] in (4, 8)  # whole artists (4 tracks each) held out
    model, inputs, device = load_trained(tmp_path / "m.pt", files, device="cpu")
    emb = embed_inputs(model, inputs, device)
    assert list(emb.index) == ids and emb.shape == (20, 2)
    assert np.allclose(emb.to_numpy(), in_memory.to_numpy(), atol=1e-6)  # the checkpoint holds the trained model


def test_vade_assigns_every_track_to_one_of_its_components(tmp_path):
    path = tmp_path / "f.parquet"
    ids, _ = write_features(path, n=20)
    spec = ModelSpec("v", "vade_mlp", kwargs={"n_components": 3, "latent_dim": 2, "hidden_dims": [8]})
    files = InputFiles(path)
    list(train_and_embed(spec, TrainConfig(epochs=3), files, {0: tmp_path / "v.pt"}))
    pred = model_cluster_assignments(tmp_path / "v.pt", files, device="cpu")
    assert list(pred.index) == ids and pred.between(0, 2).all()
    ae = ModelSpec("a", "ae_mlp", kwargs={"latent_dim": 2, "hidden_dims": [8]})
    list(train_and_embed(ae, TrainConfig(epochs=1), files, {0: tmp_path / "a.pt"}))
    with pytest.raises(ValueError, match="does not cluster"):
        model_cluster_assignments(tmp_path / "a.pt", files, device="cpu")


def test_training_several_seeds_in_one_call_equals_training_each_alone(tmp_path):
    path = tmp_path / "f.parquet"
    write_features(path, n=20)
    spec = ModelSpec("v", "vae_mlp", kwargs={"latent_dim": 2, "hidden_dims": [8], "dropout": 0.1})
    files, cfg = InputFiles(path), TrainConfig(epochs=4, kl_warmup_epochs=2)
    both = {
        seed: emb for seed, _, emb in train_and_embed(spec, cfg, files, {0: tmp_path / "0.pt", 1: tmp_path / "1.pt"})
    }
    [(seed, _, alone)] = train_and_embed(spec, cfg, files, {1: tmp_path / "alone.pt"})
    assert seed == 1 and both[1].equals(alone)
    assert not both[0].equals(both[1])
    assert load_checkpoint(tmp_path / "1.pt")[1]["train_config"]["seed"] == 1


def write_window_features(path, counts, seed=0):
    """A feature file whose tracks have ``counts`` windows of two features each."""
    rng = np.random.default_rng(seed)
    ids = [f"t{i:02d}" for i in range(len(counts))]
    windows = [rng.normal(i, 1.0, size=(c, 2)).astype(np.float32) for i, c in enumerate(counts)]
    schema = pa.schema(
        [
            ("track_id", pa.string()),
            ("a_mean", pa.float64()),
            ("b_std", pa.float64()),
            ("windows", pa.list_(pa.float32())),
        ]
    )
    table = pa.table(
        [ids, [w[:, 0].mean() for w in windows], [w[:, 1].mean() for w in windows], [w.ravel() for w in windows]],
        schema=schema,
    )
    pq.write_table(table, path)
    return ids, windows


def test_window_inputs_are_z_scored_windows_indexed_by_their_track(tmp_path):
    counts = [3, 1, 4, 3, 1]
    ids, windows = write_window_features(tmp_path / "f.parquet", counts)
    inputs = build_model_inputs(ModelSpec("w", "vae_mlp", input="windows"), tmp_path / "f.parquet")
    assert list(inputs.index) == [t for t, c in zip(ids, counts) for _ in range(c)]
    stacked = np.concatenate(windows)
    assert np.allclose(inputs.arrays["x"] * stacked.std(axis=0) + stacked.mean(axis=0), stacked, atol=1e-4)


def test_time_windows_worked_example():
    img = np.arange(10, dtype=float).reshape(1, 1, 10)  # one image: 1 band x 10 frames
    patches = time_windows(img, 4, 3)  # starts at frames 0, 3, 6; the tail 9 is left out
    assert patches.shape == (1, 3, 1, 4)
    assert patches[0, :, 0].tolist() == [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]]
    with pytest.raises(ValueError, match="longer than the log-mel's 10"):
        time_windows(img, 11, 1)


def test_logmel_window_inputs_are_a_tracks_pooled_patches_z_scored_per_band(tmp_path):
    ids, logmel = write_features(tmp_path / "f.parquet", n=5, n_mels=8, frames=6)
    spec = ModelSpec("p", "vae_conv", input="logmel_windows", pool=2, window_frames=2, window_hop_frames=2)
    inputs = build_model_inputs(spec, tmp_path / "f.parquet")
    assert list(inputs.index) == [t for t in ids for _ in range(3)]  # 3 patches a clip
    assert inputs.arrays["x"].shape == (15, 1, 4, 1)  # 8 bands x 2 frames, pooled by 2
    band = logmel.reshape(5, 4, 2, 6).mean(axis=2)  # bands pooled in pairs
    raw = band.reshape(5, 4, 3, 2).mean(axis=3)  # frames pooled in pairs = the patches
    for b in range(4):  # z-scored per band over every track's patches
        z = (raw[:, b] - raw[:, b].mean()) / raw[:, b].std()
        assert np.allclose(inputs.arrays["x"][:, 0, b, 0], z.ravel(), atol=1e-4)
    assert model_kwargs(spec, inputs)["input_shape"] == [4, 1]


def test_window_level_training_holds_out_whole_tracks_and_a_track_is_its_windows_mean(tmp_path):
    path = tmp_path / "f.parquet"
    ids, _ = write_window_features(path, [5] * 10)
    spec = ModelSpec("w", "vae_mlp", input="windows", kwargs={"latent_dim": 2, "hidden_dims": [8]})
    cfg = TrainConfig(epochs=3, val_fraction=0.25)
    for groups in (None, {"t00": "artist"}):
        [(_, history, emb)] = train_and_embed(spec, cfg, InputFiles(path), {0: tmp_path / "w.pt"}, groups)
        # 3 of 10 tracks (15 windows) are held out, not 13 of 50 windows
        assert history["n_val"].iloc[0] == 15
    model, loaded, _ = load_trained(tmp_path / "w.pt", InputFiles(path), device="cpu")
    per_window = model.embed(torch.as_tensor(loaded.arrays["x"])).numpy()
    expected = pd.DataFrame(per_window, index=loaded.index).groupby(level=0).mean()
    assert list(emb.index) == ids and np.allclose(emb.to_numpy(), expected.loc[ids].to_numpy(), atol=1e-5)


def test_an_inductive_variant_never_sees_its_held_out_artists_and_embeds_only_them(tmp_path):
    from musiclust.config.model_specs import inductive_variant
    from musiclust.data.splits import held_out_tracks

    path = tmp_path / "f.parquet"
    ids, _ = write_window_features(path, [3] * 20)
    artists = {t: f"artist{i // 2}" for i, t in enumerate(ids)}  # two tracks an artist
    base = ModelSpec("w", "vae_mlp", input="windows", kwargs={"latent_dim": 2, "hidden_dims": [8]})
    spec = inductive_variant(base, 0.3)
    assert spec.name == "w_inductive" and spec.inductive and not base.inductive
    cfg = TrainConfig(epochs=2, val_fraction=0.25)
    runs = list(train_and_embed(spec, cfg, InputFiles(path), {0: tmp_path / "0.pt", 1: tmp_path / "1.pt"}, artists))
    for seed, history, emb in runs:
        held = held_out_tracks(ids, artists, 0.3, seed)
        assert set(emb.index) == held and len(held) == 6  # 3 of 10 artists, 2 tracks each
        assert history["n_train"].iloc[0] + history["n_val"].iloc[0] == (20 - 6) * 3  # windows of the others
        # the z-scoring statistics come from the training artists' windows alone
        stats = load_checkpoint(tmp_path / f"{seed}.pt")[1]["input_stats"]
        raw = pd.read_parquet(path).set_index("track_id")
        fit_windows = np.concatenate([np.asarray(raw.at[t, "windows"]).reshape(-1, 2) for t in ids if t not in held])
        assert np.allclose(stats["x_mean"], fit_windows.mean(axis=0), atol=1e-5)
    assert set(runs[0][2].index) != set(runs[1][2].index)  # a seed draws its own held-out artists
