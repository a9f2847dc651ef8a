"""Tiny synthesised copies of standard MIR datasets in their exact folder and file layouts, each
with the kind of broken file the real set has or may have."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from support.synth import noise_bursts, tone

SR = 8000


def write_clip(path: Path, seconds: float, seed: int, channels: int = 1) -> None:
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    y = tone(seconds, SR, rng.uniform(110, 330), rng) if seed % 2 else noise_bursts(seconds, SR, 4.0, rng)
    sf.write(path, np.stack([y] * channels, axis=1).astype(np.float32) if channels > 1 else y.astype(np.float32), SR)


def write_gtzan(root: Path, seconds: float = 1.0) -> None:
    """genres_original/<genre>/<genre>.000NN.wav, two genres, and the unreadable jazz.00054.wav."""
    for genre in ("blues", "jazz"):
        for i in range(2):
            write_clip(root / "genres_original" / genre / f"{genre}.{i:05d}.wav", seconds, i + len(genre))
    (root / "genres_original" / "jazz" / "jazz.00054.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" * 4)
    header = "filename,length,chroma_stft_mean,mfcc1_mean,label\n"
    rows = [f"{g}.{i:05d}.wav,661794,{0.1 * i},{i - 3.5},{g}" for g in ("blues", "jazz") for i in range(2)]
    (root / "features_30_sec.csv").write_text(header + "\n".join(rows) + "\n")


JAMENDO_HEADER = "URL,Filepath,Artist,Title,Genre,LicenseType,Language,LyricOverlap,Polyphonic,NonLexical"


def write_jamendolyrics(root: Path) -> None:
    """JamendoLyrics.csv + mp3/ + lyrics/: one English and one French track, a German one whose
    lyrics file is missing, a Spanish one with an accented file name, and a malformed row."""
    rows = [
        "https://www.jamendo.com/track/1/a,Avercage_-_Embers.mp3,Avercage,Embers,Rock,BY-NC-SA,English,false,false,false",
        "https://www.jamendo.com/track/2/b,Capotes_à_un_Franc_-_elmanu.mp3,EL MANU,Capotes à un Franc,Country,"
        "CC  BY-NC-SA,French,false,false,false",
        "https://www.jamendo.com/track/3/c,Keine_Lust_-_Jonny_M.mp3,Jonny M,Keine Lust,Reggae,CC BY-SA,German,"
        "false,false,false",
        "https://www.jamendo.com/track/4/d,¡Óyeme_tiburón!_-_Corrientes.mp3,CORRIENTES,¡Óyeme tiburón!,Rock,"
        "CC BY-NC-SA,Spanish,false,false,false",
        "https://www.jamendo.com/track/5/e,Broken_-_Row.mp3,Broken,Row",
    ]
    root.mkdir(parents=True, exist_ok=True)
    (root / "JamendoLyrics.csv").write_text(JAMENDO_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    lyrics = {
        "Avercage_-_Embers": "I walk along the river\nevery morning",
        "Capotes_à_un_Franc_-_elmanu": "salut mon grand comment ça va",
        "¡Óyeme_tiburón!_-_Corrientes": "óyeme tiburón",
    }
    (root / "lyrics").mkdir()
    for stem, text in lyrics.items():
        (root / "lyrics" / f"{stem}.txt").write_text(text, encoding="utf-8")
    for i, stem in enumerate([*lyrics, "Keine_Lust_-_Jonny_M"]):
        write_clip(root / "mp3" / f"{stem}.mp3", 1.0, i)  # WAV data under .mp3: the adapter only needs the file


def write_mir1k(root: Path, seconds: float = 1.0) -> None:
    """Wavfile/<singer>_<song>_<clip>.wav (stereo: a tone on the left, noise on the right) and
    Lyrics/<name>.txt in Big5-HKSCS; one clip without lyrics, one file not named by the scheme."""
    rng = np.random.default_rng(0)
    for name in ("abjones_1_01", "abjones_1_02", "amy_2_01", "amy_3_01"):
        left = tone(seconds, SR, 220.0, rng)
        right = noise_bursts(seconds, SR, 4.0, rng)
        (root / "Wavfile").mkdir(parents=True, exist_ok=True)
        sf.write(root / "Wavfile" / f"{name}.wav", np.stack([left, right], axis=1).astype(np.float32), SR)
    write_clip(root / "Wavfile" / "badname.wav", seconds, 1, channels=2)
    (root / "Lyrics").mkdir()
    for name in ("abjones_1_01", "abjones_1_02", "amy_2_01"):
        (root / "Lyrics" / f"{name}.txt").write_bytes("我愛你 在雨中".encode("big5-hkscs"))


def write_msd_track(path: Path, n_segments: int, artist: str, title: str, year: int, terms: list[str]) -> None:
    """One track file in the MSD field layout (the fields the adapter reads, and a few more)."""
    import h5py

    rng = np.random.default_rng(n_segments)
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as h5:
        h5["/analysis/segments_timbre"] = rng.normal(0, 50, (n_segments, 12))
        h5["/analysis/segments_pitches"] = rng.uniform(0, 1, (n_segments, 12))
        h5["/analysis/segments_start"] = np.linspace(0, 100, n_segments)
        songs = np.zeros(1, dtype=[("duration", "f8"), ("tempo", "f8"), ("track_id", "S32")])
        songs[0] = (200.5, 120.0, path.stem.encode())
        h5["/analysis/songs"] = songs
        meta = np.zeros(
            1, dtype=[("artist_name", "S1024"), ("title", "S1024"), ("release", "S1024"), ("song_id", "S32")]
        )
        meta[0] = (artist.encode(), title.encode(), b"An Album", b"SOXXXX")
        h5["/metadata/songs"] = meta
        h5["/metadata/artist_terms"] = np.array([t.encode() for t in terms], dtype="S256")
        h5["/metadata/artist_terms_freq"] = np.linspace(1.0, 0.5, len(terms))
        h5["/metadata/artist_terms_weight"] = np.linspace(1.0, 0.5, len(terms))
        h5["/musicbrainz/songs"] = np.array([(0, year)], dtype=[("idx_artist_mbtags", "i4"), ("year", "i4")])


def write_midi(path: Path, programs: list[int], pitches: list[int], drums: bool = False, seconds: float = 4.0) -> None:
    """A MIDI file with one instrument per program, each playing ``pitches`` in turn (8 notes/s);
    no programs and no drums: a file without notes."""
    import pretty_midi

    pm = pretty_midi.PrettyMIDI(initial_tempo=100.0)
    for program in programs:
        inst = pretty_midi.Instrument(program=program)
        for i in range(int(seconds * 8)):
            inst.notes.append(pretty_midi.Note(90, pitches[i % len(pitches)], i / 8, i / 8 + 0.25))
        pm.instruments.append(inst)
    if drums:
        kit = pretty_midi.Instrument(program=0, is_drum=True)
        kit.notes += [pretty_midi.Note(100, 36, i / 2, i / 2 + 0.1) for i in range(int(seconds * 2))]
        pm.instruments.append(kit)
    path.parent.mkdir(parents=True, exist_ok=True)
    pm.write(str(path))


BANGLA_FILES = {
    # the real set's quirks: multi-line lyrics, \' inside a field, the unknown artist অজানা
    "হাসন-রাজার-গান": [
        "'মাটির পিঞ্জরার মাঝে';'মাটির পিঞ্জরার মাঝে বন্দি হইয়ারে\n কান্দে হাসন রাজার মন';'তাজুল ইমাম';'হাসন রাজা';'0'",
        "'দু\\'চোখের অন্তরালে';'দু’চোখের অন্তরালে\n হয়তো গেছো চলে';'অজানা';'দু\\'চোখের অন্তরালে';'0'",
        "'ভাঙা সারি';'কেবল তিনটি ঘর';'0'",  # too few fields
        "'সরে যাওয়া';'আকাশ জুড়ে মেঘ';'শিল্পী';'অ্যালবাম';'অজানা'",  # a shifted row: no 0/1 flag at the end
    ],
    "ছায়াছবি": [
        "'একদিন কান্নার রোল';'একদিন কান্নার রোল উঠবে আমার বাড়িতে।\n\nবন্ধু-বান্ধব আসবে যারা';'শাহ আব্দুল করিম';'ছদ্মবেশী';'0'",
    ],
}


def write_bangla_lyrics_genres(folder: Path) -> None:
    """One headerless ;-separated, '-quoted CSV per genre, named by the genre in Bangla; the film
    file's name holds the precomposed য় (U+09DF), not NFC, as the real file name does."""
    folder.mkdir(parents=True, exist_ok=True)
    for genre, rows in BANGLA_FILES.items():
        stem = genre.replace("\u09af\u09bc", "\u09df")
        (folder / f"{stem}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
