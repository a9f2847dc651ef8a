"""Synthesised audio fixtures: two clearly different timbres, plus broken files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf


def tone(seconds: float, sr: int, f0: float, rng: np.random.Generator) -> np.ndarray:
    """A warm harmonic tone (decaying harmonics) with slow vibrato and a little noise."""
    t = np.arange(int(seconds * sr)) / sr
    f = f0 * (1 + 0.01 * np.sin(2 * np.pi * 5 * t))
    phase = 2 * np.pi * np.cumsum(f) / sr
    y = sum(np.sin(h * phase) / h**2 for h in range(1, 6))
    return 0.3 * y / np.max(np.abs(y)) + 0.005 * rng.standard_normal(len(t))


def noise_bursts(seconds: float, sr: int, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Bright, percussive high-passed noise bursts."""
    n = int(seconds * sr)
    noise = np.diff(rng.standard_normal(n + 1))  # first difference: energy towards high frequencies
    t = np.arange(n) / sr
    env = np.exp(-12 * np.mod(t * rate, 1.0))
    return 0.3 * noise * env / np.max(np.abs(noise))


def write_two_timbre_set(folder: Path, n_per_class: int, seconds: float, sr: int, seed: int = 0) -> list[dict]:
    """Write ``2 * n_per_class`` WAV files; returns metadata rows (track_id, language, genre)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n_per_class):
        for cls in ("tonal", "noisy"):
            if cls == "tonal":
                y = tone(seconds, sr, rng.uniform(110, 330), rng)
            else:
                y = noise_bursts(seconds, sr, rng.uniform(2, 6), rng)
            tid = f"{cls}_{i:03d}"
            sf.write(folder / f"{tid}.wav", y.astype(np.float32), sr)
            rows.append(
                {
                    "track_id": tid,
                    "language": "en" if cls == "tonal" else "bn",
                    "genre": cls if i % 4 else ("tonal" if cls == "noisy" else "noisy"),
                }
            )
    return rows


def write_broken_files(folder: Path, good_example: Path) -> dict[str, Path]:
    """A zero-byte file, a truncated copy of a real file, a non-audio file and a silent file."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "broken_empty.wav"
    empty.write_bytes(b"")
    truncated = folder / "broken_truncated.wav"
    truncated.write_bytes(good_example.read_bytes()[:300])
    garbage = folder / "broken_garbage.mp3"
    garbage.write_bytes(b"this is not audio\n" * 100)
    silent = folder / "broken_silent.wav"
    sf.write(silent, np.zeros(22050 * 3, dtype=np.float32), 22050)
    return {"empty": empty, "truncated": truncated, "garbage": garbage, "silent": silent}


ENGLISH_LINES = [
    "I walk along the river every morning",
    "The sun is rising over the quiet town",
    "And I sing this song for you tonight",
    "We danced until the stars began to fade",
    "Hold my hand and never let me go",
    "The city lights are shining in the rain",
]
BANGLA_LINES = [
    "আমি তোমাকে ভালোবাসি অনেক দিন ধরে",
    "নদীর ধারে বসে গান গাই প্রতিদিন",
    "আকাশ জুড়ে মেঘের খেলা চলে সারাবেলা",
    "তোমার কথা মনে পড়ে বারে বারে",
    "গ্রামের পথে হেঁটে চলি একা একা",
    "বৃষ্টি নামে টিনের চালে সারারাত",
]


def synthetic_lyrics(language: str, rng: np.random.Generator, n_lines: int = 4) -> str:
    lines = ENGLISH_LINES if language == "en" else BANGLA_LINES
    return "\n".join(rng.choice(lines, size=n_lines, replace=False))


def write_fuzz_audio(folder: Path, sr: int = 16000, seed: int = 0) -> dict[str, Path]:
    """Hostile audio files: random bytes named ``.mp3``, a 1-sample file, a 10-minute file, 8-channel
    and 192 kHz audio (both usable), and WAVs whose header lies (about the data size; about the channels)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {kind: folder / f"fuzz_{kind}.{'mp3' if kind == 'random_bytes' else 'wav'}" for kind in FUZZ_AUDIO}
    paths["random_bytes"].write_bytes(rng.bytes(40_000))
    sf.write(paths["one_sample"], np.full(1, 0.1, dtype=np.float32), sr)
    sf.write(paths["ten_minutes"], tone(600.0, 8000, 220.0, rng).astype(np.float32), 8000, subtype="PCM_16")
    sf.write(paths["eight_channels"], np.stack([tone(6.0, sr, 110.0 * (c + 1), rng) for c in range(8)], 1), sr)
    sf.write(paths["hz192k"], tone(6.0, 192_000, 220.0, rng).astype(np.float32), 192_000)
    wav = bytearray(paths["hz192k"].read_bytes())
    paths["lying_length"].write_bytes(bytes(wav[:20_000]))  # cut short: the data chunk's size still says 6 s
    fmt = wav.find(b"fmt ")
    wav[fmt + 10 : fmt + 12] = (1000).to_bytes(2, "little")  # the channel count says 1000
    paths["lying_channels"].write_bytes(bytes(wav))
    return paths


# each hostile file and what its rejection reason says (None: the file is usable)
FUZZ_AUDIO = {
    "random_bytes": "not a readable audio file",
    "one_sample": "too short",
    "ten_minutes": None,
    "eight_channels": None,
    "hz192k": None,
    "lying_length": "too short",
    "lying_channels": "corrupt header",
}
