"""A user's own folder as it is on disk: names in any script, tags and lyrics files inside and
beside the audio, one broken tag, folders as genre labels and no labels file (issue 30)."""

import shutil

import pandas as pd
import pytest
import yaml
from support.pipeline_runs import ROOT, snakemake
from support.tagged import garble_id3, tag_mp3, tag_vorbis, write_audio

pytestmark = pytest.mark.workflow

# the twelve kinds of names: Bengali, Devanagari, CJK, accented Latin, emoji, spaces, NFC and NFD
# spellings of one name, names that differ only by case, and plain ones
NAMES = [
    "আমার সোনার বাংলা",
    "नमस्ते दुनिया",
    "東京の夜",
    "Séculaire_feat._Nÿme_-_saru",
    "Veränderung_-_doromusis",
    "😀 party mix",
    "my favourite song",
    "Cafe\u0301 del Mar",  # NFD
    "Loud",
    "plain_01",
]
NFC_TWIN = "Café del Mar"  # the NFC spelling of NAMES[7], in the other folder
CASE_TWIN = "loud"  # NAMES[8] in lower case, in the other folder
LYRICS = {
    "আমার সোনার বাংলা": "আমার সোনার বাংলা আমি তোমায় ভালোবাসি\nচিরদিন তোমার আকাশ তোমার বাতাস",
    "my favourite song": "the city lights are shining bright tonight\nand we are dancing in the street",
    "Loud": "loud guitars and drums all night long\nwe sing until the morning comes",
}


def write_own_music(root):
    """Ten names under tonal/, their twins under noisy/ with other formats, tags and lyrics files."""
    formats = [".mp3", ".flac", ".ogg", ".wav"]
    for i, name in enumerate(NAMES):
        tonal = write_audio(root / "tonal" / f"{name}{formats[i % 4]}", seconds=3.0, freq=300 + 40 * i, seed=i)
        noisy = root / "noisy" / f"{ {7: NFC_TWIN, 8: CASE_TWIN}.get(i, name) }{formats[(i + 1) % 4]}"
        write_audio(noisy, seconds=3.0, freq=300 + 40 * i, seed=100 + i, noise=True)
        if tonal.suffix == ".mp3":
            tag_mp3(tonal, artist=f"Artist {i}", lyrics=LYRICS.get(name, "la la la"), language="bn" if i == 0 else "en")
        elif tonal.suffix in (".flac", ".ogg"):
            tag_vorbis(tonal, artist=f"Artist {i}", title=f"Title {i}")
    lrc = root / "noisy" / "my favourite song.lrc"
    lrc.write_text("[ar:Someone]\n[00:01.00]the city lights are shining\n[00:03.00]we are dancing\n", encoding="utf-8")
    srt = "1\n00:00:01,000 --> 00:00:02,500\nloud drums all night\n\n2\n00:00:03,000 --> 00:00:04,000\nwe sing along\n"
    (root / "noisy" / "loud.srt").write_text(srt, encoding="utf-8")
    garble_id3(root / "noisy" / "Séculaire_feat._Nÿme_-_saru.mp3")  # its tag is broken; the file keeps its audio


@pytest.fixture(scope="module")
def own_run(tmp_path_factory):
    wd = tmp_path_factory.mktemp("own")
    shutil.copy(ROOT / ".test" / "config.yaml", wd / "config.yaml")
    write_own_music(wd / "music")
    base = yaml.safe_load((ROOT / ".test" / "config.yaml").read_text())
    overlay = {
        "sources": {
            "mine": {
                "adapter": "folder",
                "mirror": "music",
                "labels_from_folders": ["genre"],
                "labels": {"provenance": {"genre": "human"}},
            }
        },
        "active_sources": ["mine"],
        "models": {m: {"enabled": m == "vae_mlp"} for m in base["models"]},
        "baselines": {"spaces": ["pca"]},
        "text": {"methods": ["tfidf_svd"], "extra_corpus": []},
        "hybrid": {"enabled": False},
        "lyrics": {"scrape": False},
        "features": {"n_shards": 2},
        "inductive": {"sources": []},
    }
    (wd / "mine.yaml").write_text(yaml.safe_dump(overlay, allow_unicode=True))
    targets = ("results/clustering_metrics.csv", "results/rejected.csv")
    snakemake(wd, *targets, "--cores", "2", "--configfile", "mine.yaml")
    return wd


def test_every_file_is_clustered_and_none_is_rejected_for_its_name(own_run):
    tracks = pd.read_parquet(own_run / "data" / "mine" / "tracks.parquet")
    assert len(tracks) == 2 * len(NAMES) and tracks["track_id"].is_unique
    names = {n.rsplit(".", 1)[0] for n in tracks["file_name"]}
    assert set(NAMES) - {NAMES[7]} <= names and {NFC_TWIN, CASE_TWIN} <= names  # NFC kept as NFC
    rejected = pd.read_csv(own_run / "results" / "rejected.csv", dtype=str, keep_default_na=False)
    assert rejected[rejected["source"] == "mine"].empty, rejected.to_string()
    clusters = pd.read_parquet(own_run / "results" / "mine" / "clusters" / "vae_mlp.kmeans.parquet")
    assert set(clusters["track_id"]) == set(tracks["track_id"])
    assert set(tracks["genre"]) == {"tonal", "noisy"} and set(tracks["genre_provenance"]) == {"human"}
    metrics = pd.read_csv(own_run / "results" / "clustering_metrics.csv")
    genre = metrics.query("source == 'mine' and method == 'pca' and algorithm == 'kmeans' and label == 'genre'")
    assert genre["nmi"].iloc[0] > 0.5  # the two folders' timbres are found


def test_tags_and_lyrics_files_reach_the_lyric_space_with_their_provenance(own_run):
    tracks = pd.read_parquet(own_run / "data" / "mine" / "tracks.parquet").set_index("file_name")
    lyrics = pd.read_parquet(own_run / "data" / "mine" / "lyrics.parquet").set_index("track_id")
    source = lyrics["lyrics_source"].to_dict()
    bangla = tracks.loc["আমার সোনার বাংলা.mp3"]
    assert source[bangla["track_id"]] == "tag:USLT" and bangla["language"] == "bn"
    assert lyrics.loc[bangla["track_id"], "lyrics"].startswith("আমার সোনার বাংলা")
    assert source[tracks.loc["my favourite song.wav", "track_id"]] == "sidecar:my favourite song.lrc"
    assert source[tracks.loc["loud.flac", "track_id"]] == "sidecar:loud.srt"
    assert tracks.loc["नमस्ते दुनिया.flac", "title"] == "Title 1"  # from its Vorbis comment
    garbled = tracks.loc["Séculaire_feat._Nÿme_-_saru.mp3"]  # a broken tag: the name is the title
    assert garbled["title"] == "Séculaire_feat._Nÿme_-_saru" and garbled["track_id"].startswith("Seculaire")
    space = pd.read_parquet(own_run / "results" / "mine" / "embeddings" / "tfidf_svd.parquet")
    with_lyrics = lyrics.index[lyrics["lyrics"] != ""]
    assert set(with_lyrics) <= set(space["track_id"]) and len(with_lyrics) >= 5
