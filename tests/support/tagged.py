"""Audio files that carry their own metadata, made with soundfile and mutagen: ID3 tags (with
USLT or SYLT lyrics) on mp3, Vorbis comments on flac and ogg, MP4 atoms on an m4a container."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import soundfile as sf

SR = 16000


def tone(seconds: float = 3.0, freq: float = 440.0, seed: int = 0, noise: bool = False) -> np.ndarray:
    """A sine with a little noise, or (``noise``) white noise with a faint sine: two timbres."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SR)) / SR
    sine, hiss = np.sin(2 * np.pi * freq * t), rng.normal(size=t.size)
    return (0.05 * sine + 0.3 * hiss if noise else 0.3 * sine + 0.01 * hiss).astype(np.float32)


def write_audio(path: Path, seconds: float = 3.0, freq: float = 440.0, seed: int = 0, noise: bool = False) -> Path:
    """A short clip in the format the suffix names (mp3, flac, ogg, wav)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    formats = {".mp3": ("MP3", "MPEG_LAYER_III"), ".flac": ("FLAC", "PCM_16"), ".ogg": ("OGG", "VORBIS")}
    fmt, subtype = formats.get(path.suffix.lower(), ("WAV", "PCM_16"))
    sf.write(path, tone(seconds, freq, seed, noise), SR, format=fmt, subtype=subtype)
    return path


def tag_mp3(path: Path, synced: bool = False, **fields) -> None:
    """ID3v2 frames: title, artist, album, genre, year, language; lyrics as USLT (SYLT if synced)."""
    from mutagen.id3 import ID3, SYLT, TALB, TCON, TDRC, TIT2, TLAN, TPE1, USLT, Encoding

    frames = {"title": TIT2, "artist": TPE1, "album": TALB, "genre": TCON, "year": TDRC, "language": TLAN}
    tags = ID3()
    for field, frame in frames.items():
        if field in fields:
            tags.add(frame(encoding=Encoding.UTF8, text=[fields[field]]))
    if "lyrics" in fields:
        if synced:
            lines = [(line, 1000 * i) for i, line in enumerate(fields["lyrics"].split("\n"))]
            tags.add(SYLT(encoding=Encoding.UTF8, lang="eng", format=2, type=1, text=lines))
        else:
            tags.add(USLT(encoding=Encoding.UTF8, lang="eng", desc="", text=fields["lyrics"]))
    tags.save(path)


def tag_vorbis(path: Path, **fields) -> None:
    """Vorbis comments on a flac or ogg file (``year`` as DATE, ``lyrics`` as LYRICS)."""
    import mutagen

    audio = mutagen.File(path)
    for field, value in fields.items():
        audio[{"year": "date"}.get(field, field)] = [value]
    audio.save()


def _atom(name: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + name + payload


def write_tagged_m4a(path: Path, **fields) -> Path:
    """An MP4 container with a movie header and iTunes atoms, but no audio track (there is no AAC
    encoder here): enough for the tags, not for decoding."""
    from mutagen.mp4 import MP4

    mvhd = _atom(b"mvhd", bytes(12) + struct.pack(">IIIH", 1000, 0, 0x00010000, 0x0100) + bytes(70) + b"\0\0\0\2")
    path.write_bytes(_atom(b"ftyp", b"M4A \0\0\0\0M4A isom") + _atom(b"moov", mvhd))
    keys = {"title": "\xa9nam", "artist": "\xa9ART", "album": "\xa9alb", "genre": "\xa9gen", "year": "\xa9day"}
    audio = MP4(path)
    for field, value in fields.items():
        audio[keys.get(field, "\xa9lyr" if field == "lyrics" else field)] = [value]
    audio.save()
    return path


def break_id3(path: Path) -> None:
    """An ID3v2 header whose size points past the end of the file, then the audio as it was."""
    audio = path.read_bytes()
    path.write_bytes(b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f" + b"\xff" * 16 + audio)


def garble_id3(path: Path) -> None:
    """An ID3v2.4 tag whose one frame is not valid UTF-8 before the audio: mutagen reads no frame of
    it, the decoder skips it, so the file keeps its audio."""
    frame = b"TIT2\x00\x00\x00\x04\x00\x00\x03\xff\xfe\xfa" + b"\x00" * 8
    path.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00" + bytes([len(frame)]) + frame + path.read_bytes())
