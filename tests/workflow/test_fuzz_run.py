"""The pipeline on fuzzed inputs (.test/fuzz.yaml): every bad input ends as one rejected row with a
reason, or as a clear error at start-up; no track is lost without a row; one bad track never stops the run."""

import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from support.mounts import tmpfs
from support.pipeline_runs import ROOT, SNAKEMAKE, snakemake, write_tiny_set
from support.synth import FUZZ_AUDIO, synthetic_lyrics, write_fuzz_audio, write_two_timbre_set

pytestmark = pytest.mark.workflow  # runs Snakemake: deselect with -m "not workflow"

FUZZ = ("--configfile", str(ROOT / ".test" / "fuzz.yaml"))
TARGETS = ("results/clustering_metrics.csv", "results/rejected.csv", "results/language_id.csv")
RTL = "שלום עולם, זה שיר על הים\nالسلام عليكم يا حبيبي"
MIXED = "I love you আমি তোমাকে ভালোবাসি Привет мир 你好世界\nThe city lights আকাশ জুড়ে মেঘের খেলা"
BIG = "la " * 3_500_000  # 10.5 MB
TRAVERSAL = "../../etc/passwd"
# (source, track id): (stage, words its reason must hold); one row per bad input
EXPECTED = {
    **{("fuzz_audio", f"fuzz_{kind}"): ("features", reason) for kind, reason in FUZZ_AUDIO.items() if reason},
    ("fuzz_audio", "noisy_001"): ("lyrics", "lyrics too long: 10499999 characters"),
    ("fuzz_manifest", "m_tonal_000"): ("source", "duplicate track id"),
    ("fuzz_manifest", ""): ("source", "invalid track id ''"),
    ("fuzz_manifest", TRAVERSAL): ("source", f"invalid track id {TRAVERSAL!r}"),
    ("fuzz_manifest", "ftp_track"): ("download", "URL scheme 'ftp' not allowed"),
}


def write_fuzz_set(wd):
    rng = np.random.default_rng(1)
    rows = write_two_timbre_set(wd / "audio", n_per_class=6, seconds=6.0, sr=16000)
    for i, row in enumerate(rows):
        row["lyrics"] = synthetic_lyrics(row["language"], rng)
        row["artist"] = f"Artist {i % 4}"
    hostile = {"tonal_000": "first\x00 line\x07 of\x1b words\nand\x00 the second", "tonal_001": RTL}
    hostile |= {"noisy_000": MIXED, "noisy_001": BIG}
    for row in rows:
        row["lyrics"] = hostile.get(row["track_id"], row["lyrics"])
    write_fuzz_audio(wd / "audio")
    pd.DataFrame(rows).to_csv(wd / "audio_metadata.csv", index=False)

    good = write_two_timbre_set(wd / "mirror", n_per_class=5, seconds=6.0, sr=16000, seed=2)
    manifest = []
    for i, row in enumerate(good):
        track_id = f"m_{row['track_id']}"
        (wd / "mirror" / f"{row['track_id']}.wav").rename(wd / "mirror" / f"{track_id}.wav")
        lyrics = synthetic_lyrics(row["language"], rng)
        manifest.append({**row, "track_id": track_id, "url": "", "artist": f"Band {i % 4}", "lyrics": lyrics})
    manifest.append({**manifest[0], "genre": "noisy"})  # the same id again
    manifest += [
        {"track_id": "", "url": "https://example.org/a.wav", "language": "en", "genre": "tonal"},
        {"track_id": TRAVERSAL, "url": "https://example.org/b.wav", "language": "en", "genre": "tonal"},
        {"track_id": "ftp_track", "url": "ftp://example.org/c.wav", "language": "bn", "genre": "noisy"},
    ]
    pd.DataFrame(manifest).to_csv(wd / "manifest.csv", index=False)


@pytest.fixture(scope="module")
def fuzz_run(tmp_path_factory):
    wd = tmp_path_factory.mktemp("fuzz")
    write_tiny_set(wd, "http://127.0.0.1:9")  # the base config's files; the overlay runs only the fuzz sources
    write_fuzz_set(wd)
    snakemake(wd, *TARGETS, "--cores", "2", *FUZZ)
    return wd


def test_every_bad_input_has_one_rejected_row_with_a_reason(fuzz_run):
    rejected = pd.read_csv(fuzz_run / "results" / "rejected.csv", dtype=str, keep_default_na=False)
    print("\n" + rejected.drop(columns="path").to_string())
    rows = {(r.source, r.track_id): (r.stage, r.reason) for r in rejected.itertuples()}
    assert len(rows) == len(rejected) == len(EXPECTED), rejected.to_string()
    for key, (stage, words) in EXPECTED.items():
        assert rows[key][0] == stage and words in rows[key][1], (key, rows.get(key))
    assert not rejected["reason"].str.contains("does not exist|Traceback|Error opening").any()


def entered(wd) -> dict[str, set[str]]:
    """Every track id that enters each source: the folder's audio files and metadata rows; the manifest's rows."""
    audio = {p.stem for p in (wd / "audio").iterdir()}
    meta = pd.read_csv(wd / "audio_metadata.csv", dtype=str, keep_default_na=False)["track_id"]
    manifest = pd.read_csv(wd / "manifest.csv", dtype=str, keep_default_na=False)["track_id"]
    return {"fuzz_audio": audio | set(meta), "fuzz_manifest": set(manifest)}


def test_every_track_is_clustered_or_rejected(fuzz_run):
    rejected = pd.read_csv(fuzz_run / "results" / "rejected.csv", dtype=str, keep_default_na=False)
    for source, ids in entered(fuzz_run).items():
        clustered = set()
        for path in (fuzz_run / "results" / source / "clusters").glob("*.parquet"):
            clustered |= set(pd.read_parquet(path)["track_id"])
        rows = set(rejected.loc[rejected["source"] == source, "track_id"])
        assert ids == clustered | rows, f"{source}: lost {sorted(ids - clustered - rows)}"
    tracks = pd.read_parquet(fuzz_run / "data" / "fuzz_audio" / "tracks.parquet").set_index("track_id")
    usable = {f"fuzz_{kind}" for kind, reason in FUZZ_AUDIO.items() if reason is None}
    assert usable <= clustered_ids(fuzz_run, "fuzz_audio")  # the 10-minute, 8-channel and 192 kHz files
    assert tracks.loc["fuzz_ten_minutes", "duration"] == pytest.approx(600.0, abs=0.1)


def clustered_ids(wd, source):
    return set(pd.read_parquet(wd / "results" / source / "clusters" / "vae_mlp.kmeans.parquet")["track_id"])


def test_hostile_lyrics_are_cleaned_kept_or_rejected(fuzz_run):
    lyrics = pd.read_parquet(fuzz_run / "data" / "fuzz_audio" / "lyrics.parquet").set_index("track_id")
    assert lyrics.loc["tonal_000", "lyrics"] == "first line of words\nand the second"
    assert lyrics.loc["tonal_001", "lyrics"] == RTL and lyrics.loc["noisy_000", "lyrics"] == MIXED
    assert lyrics.loc["noisy_001", "lyrics"] == "" and lyrics.loc["noisy_001", "lyrics_status"] == "rejected"
    langid = pd.read_csv(fuzz_run / "results" / "language_id.csv").set_index("track_id")
    assert {"tonal_000", "tonal_001", "noisy_000"} <= set(langid.index) and "noisy_001" not in langid.index
    assert langid.loc["noisy_000", "bengali_script_share"] > 0
    metrics = pd.read_csv(fuzz_run / "results" / "clustering_metrics.csv")
    text = metrics.query("source == 'fuzz_audio' and method == 'tfidf_svd' and algorithm == 'kmeans'")
    assert len(text) and (text["n"] == 11).all()  # 12 songs with lyrics less the rejected one


def rerun(wd, *args):
    return subprocess.run([*SNAKEMAKE, *TARGETS, "--cores", "2", *FUZZ, *args], cwd=wd, capture_output=True, text=True)


def test_a_corrupt_parquet_in_data_stops_the_run_naming_the_file_and_the_rule(fuzz_run):
    shard = fuzz_run / "data" / "fuzz_audio" / "features" / "shard_00.parquet"
    saved = fuzz_run / "shard_00.parquet.saved"
    shutil.copy2(shard, saved)
    try:
        shard.write_bytes(saved.read_bytes()[: shard.stat().st_size // 2])
        done = rerun(fuzz_run, "--forcerun", "collect_metrics")
        out = done.stdout + done.stderr
        assert done.returncode != 0
        assert "data/fuzz_audio/features/shard_00.parquet is not a readable parquet file" in out, out[-3000:]
        assert "snakemake --forcerun featurize_shard" in out and "rule collect_metrics:" not in out  # nothing ran
    finally:
        shutil.copy2(saved, shard)


def test_a_read_only_results_folder_stops_the_run_naming_it(fuzz_run):
    with tmpfs(fuzz_run / "results", readonly=True):
        done = rerun(fuzz_run)
    out = done.stdout + done.stderr
    assert done.returncode != 0 and "results/ is not writable (Read-only file system)" in out, out[-3000:]


def test_a_full_disk_during_a_feature_write_fails_that_job_and_leaves_no_partial_file(fuzz_run):
    features = fuzz_run / "data" / "fuzz_audio" / "features"
    target = "data/fuzz_audio/features/shard_00.parquet"
    with tmpfs(features, size="64k"):
        done = subprocess.run([*SNAKEMAKE, target, "--force", "--cores", "1", *FUZZ], cwd=fuzz_run,
                              capture_output=True, text=True)  # fmt: skip
        left = sorted(p.name for p in features.iterdir())
    job_log = (fuzz_run / "logs" / "fuzz_audio" / "featurize_shard_00.log").read_text()
    assert done.returncode != 0 and "No space left on device" in job_log, job_log[-2000:]
    assert left == []  # neither the shard nor a temporary: nothing half-written to be taken as done
