"""Per-clip audio features: fixed-size log-mel spectrogram and MFCC/spectral summary statistics."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from musiclust.config.settings import FromDict
from musiclust.data.adapters.midi import DEFAULT_SOUNDFONT, MIDI_EXTENSIONS, RENDER_INSTALL
from musiclust.data.rejects import TrackRejected

RENDER_TIMEOUT_SECONDS = 600
# More channels than any real recording (7.1.4 is 12; ambisonics of order 7, 64): a header that claims
# more is corrupt, and a read that believed it would spread the samples over thousands of channels
MAX_CHANNELS = 64


@dataclass(frozen=True)
class FeatureConfig(FromDict):
    sample_rate: int = 22050
    n_fft: int = 2048
    hop_length: int = 512
    n_mels: int = 128
    n_mfcc: int = 20
    clip_seconds: float = 30.0
    min_seconds: float = 5.0
    logmel_frames: int = 128
    silence_dbfs: float = -60.0
    # A song is its centred clip (1) or the mean of this many clips spread evenly over it (long songs)
    song_windows: int = 1
    # Window-level features (models with input `windows`): the summary statistics of each window of
    # this many seconds, every window_hop_seconds, within the clip
    window_seconds: float = 3.0
    window_hop_seconds: float = 3.0
    # How a source's audio is decoded (set per source by its scan, not in the features section):
    channel: int | None = None  # keep this channel of each file (0: left, 1: right); None mixes them
    soundfont: str = DEFAULT_SOUNDFONT  # the General MIDI soundfont that MIDI files are rendered with


def render_midi(path: Path, soundfont: str) -> Path:
    """``path`` rendered to a WAV file (in a new temporary folder) by FluidSynth with ``soundfont``."""
    fluidsynth = shutil.which("fluidsynth")
    if not soundfont or fluidsynth is None or not Path(soundfont).is_file():
        raise TrackRejected(
            f"cannot render MIDI: FluidSynth or the soundfont {soundfont!r} is missing ({RENDER_INSTALL})"
        )
    out = Path(tempfile.mkdtemp(prefix="musiclust-midi-")) / f"{path.stem}.wav"
    try:
        done = subprocess.run(
            [fluidsynth, "-ni", "-q", "-F", str(out), soundfont, str(path)],
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_SECONDS,
        )
        errors = [line for line in (done.stderr + done.stdout).splitlines() if "error:" in line]
        if errors or done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            # FluidSynth exits 0 on a file it cannot read: its error lines tell
            detail = errors[-1] if errors else f"exit status {done.returncode}, no audio written"
            raise TrackRejected(f"cannot render MIDI: {detail.strip()}")
    except BaseException as exc:
        shutil.rmtree(out.parent, ignore_errors=True)
        if isinstance(exc, subprocess.TimeoutExpired):
            raise TrackRejected(f"cannot render MIDI: FluidSynth took over {RENDER_TIMEOUT_SECONDS} s") from None
        raise
    return out


def decode_failure(exc: Exception) -> str:
    """A rejection reason for a file the decoder refused. libsndfile says "File does not exist or is
    not a regular file" of an existing file that no decoder recognises, so that is said plainly."""
    detail = (getattr(exc, "error_string", "") or str(exc)).strip().rstrip(".")
    if "does not exist" in detail or "not a regular file" in detail:
        detail = "no decoder recognises its contents: not audio, or the wrong extension"
    return f"cannot decode: not a readable audio file ({detail})"


def decode_mono(
    path: str | Path, sample_rate: int, channel: int | None = None, soundfont: str = DEFAULT_SOUNDFONT
) -> np.ndarray:
    """Decode an audio file (a MIDI file: rendered with ``soundfont``) to float32 at ``sample_rate``,
    mono: the channels mixed, or only ``channel``; raise TrackRejected if unusable."""
    import soundfile
    import soxr

    path = Path(path)
    if path.stat().st_size == 0:
        raise TrackRejected("empty file (0 bytes)")
    rendered = render_midi(path, soundfont) if path.suffix.lower() in MIDI_EXTENSIONS else None
    try:
        with soundfile.SoundFile(str(rendered or path)) as audio:  # one open: header check, then read
            if audio.channels > MAX_CHANNELS:
                raise TrackRejected(f"corrupt header: it claims {audio.channels} channels (more than {MAX_CHANNELS})")
            y, sr = audio.read(dtype="float32", always_2d=True), audio.samplerate
    except TrackRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - every decoder failure is a rejection reason
        raise TrackRejected(decode_failure(exc)) from None
    finally:
        if rendered is not None:
            shutil.rmtree(rendered.parent, ignore_errors=True)
    if y.size == 0:
        raise TrackRejected("no audio samples decoded")
    if channel is None:
        y = y.mean(axis=1)
    elif channel < y.shape[1]:
        y = np.ascontiguousarray(y[:, channel])
    else:
        raise TrackRejected(f"no channel {channel} to keep: the file has {y.shape[1]} channel(s)")
    if not np.all(np.isfinite(y)):
        raise TrackRejected("non-finite samples after decoding")
    if sr != sample_rate:
        y = soxr.resample(y, sr, sample_rate, quality="HQ").astype(np.float32)
    return y


def centre_clip(y: np.ndarray, n_samples: int) -> np.ndarray:
    """The centred ``n_samples`` of ``y`` (``y`` itself when shorter)."""
    if len(y) <= n_samples:
        return y
    start = (len(y) - n_samples) // 2
    return y[start : start + n_samples]


def song_clips(y: np.ndarray, n_samples: int, n_windows: int) -> list[np.ndarray]:
    """``n_windows`` clips of ``n_samples`` centred at (i + 1/2) / n_windows of the song (they
    overlap where the song is shorter than all of them); one centred clip when ``n_windows`` is 1
    or the song is no longer than a clip."""
    if n_windows <= 1 or len(y) <= n_samples:
        return [centre_clip(y, n_samples)]
    centres = (np.arange(n_windows) + 0.5) / n_windows * len(y)
    starts = np.clip((centres - n_samples / 2).astype(int), 0, len(y) - n_samples)
    return [y[s : s + n_samples] for s in starts]


def check_usable(y: np.ndarray, cfg: FeatureConfig) -> None:
    seconds = len(y) / cfg.sample_rate
    if seconds < cfg.min_seconds:
        raise TrackRejected(f"too short: {seconds:.2f} s < {cfg.min_seconds} s")
    rms = float(np.sqrt(np.mean(np.square(y, dtype=np.float64))))
    dbfs = 20 * np.log10(rms) if rms > 0 else -np.inf
    if dbfs < cfg.silence_dbfs:
        raise TrackRejected(f"silent: RMS {dbfs:.1f} dBFS < {cfg.silence_dbfs} dBFS")


def fixed_frames(logmel: np.ndarray, n_total: int, n_out: int) -> np.ndarray:
    """Pad (with the clip's minimum) or crop to ``n_total`` frames, then mean-pool to ``n_out``."""
    n_mels, n = logmel.shape
    if n < n_total:
        pad = np.full((n_mels, n_total - n), logmel.min(), dtype=logmel.dtype)
        logmel = np.concatenate([logmel, pad], axis=1)
    logmel = logmel[:, :n_total]
    edges = np.linspace(0, n_total, n_out + 1).round().astype(int)
    return np.add.reduceat(logmel, edges[:-1], axis=1) / np.diff(edges)


def summary_feature_names(cfg: FeatureConfig) -> list[str]:
    return [f"{name}_{stat}" for name in _summary_rows(None, cfg) for stat in ("mean", "std")]


def _summary_rows(parts: dict | None, cfg: FeatureConfig) -> dict[str, np.ndarray | None]:
    """Name → per-frame series (or None when only the names are wanted)."""
    rows: dict[str, np.ndarray | None] = {}
    blocks = [
        ("mfcc", cfg.n_mfcc),
        ("mfcc_d1", cfg.n_mfcc),
        ("mfcc_d2", cfg.n_mfcc),
        ("chroma", 12),
        ("contrast", 7),
        ("centroid", 1),
        ("bandwidth", 1),
        ("rolloff", 1),
        ("flatness", 1),
        ("zcr", 1),
        ("rms", 1),
    ]
    for block, n in blocks:
        for i in range(n):
            name = f"{block}_{i:02d}" if n > 1 else block
            rows[name] = None if parts is None else parts[block][i]
    return rows


class TrackFeatures(NamedTuple):
    summary: dict[str, float]  # summary statistics of the clip (the mean over a long song's clips)
    logmel: np.ndarray  # n_mels x logmel_frames
    windows: np.ndarray  # n_windows x summary features: the same statistics per window
    seconds: float  # decoded length


def window_starts(n_frames: int, width: int, hop: int) -> np.ndarray:
    """First frames of the windows of ``width`` frames every ``hop`` frames that fit in ``n_frames``
    (one window, the whole series, when it is shorter than a window)."""
    return np.arange(0, max(n_frames - width, 0) + 1, max(hop, 1))


def clip_features(y: np.ndarray, cfg: FeatureConfig) -> tuple[dict[str, float], np.ndarray, np.ndarray]:
    """Summary statistics (mean and std of each frame series), the fixed-size log-mel, and the
    summary statistics of each window (rows ordered as ``summary_feature_names``)."""
    import librosa

    sr, hop = cfg.sample_rate, cfg.hop_length
    mag = np.abs(librosa.stft(y, n_fft=cfg.n_fft, hop_length=hop))
    power = mag**2
    mel = librosa.feature.melspectrogram(S=power, sr=sr, n_mels=cfg.n_mels)
    logmel = librosa.power_to_db(mel, ref=1.0, amin=1e-10, top_db=None).astype(np.float32)
    mfcc = librosa.feature.mfcc(S=logmel, n_mfcc=cfg.n_mfcc)
    centroid = librosa.feature.spectral_centroid(S=mag, sr=sr)
    parts = {
        "mfcc": mfcc,
        "mfcc_d1": librosa.feature.delta(mfcc, order=1),
        "mfcc_d2": librosa.feature.delta(mfcc, order=2),
        # A440 tuning: per-clip tuning estimation would cost more than all other features together.
        "chroma": librosa.feature.chroma_stft(S=power, sr=sr, tuning=0.0),
        "contrast": librosa.feature.spectral_contrast(S=mag, sr=sr),
        "centroid": centroid,
        "bandwidth": librosa.feature.spectral_bandwidth(S=mag, sr=sr, centroid=centroid),
        "rolloff": librosa.feature.spectral_rolloff(S=mag, sr=sr),
        "flatness": librosa.feature.spectral_flatness(S=mag),
        "zcr": librosa.feature.zero_crossing_rate(y, frame_length=cfg.n_fft, hop_length=hop),
        "rms": librosa.feature.rms(S=mag, frame_length=cfg.n_fft),
    }
    series = _summary_rows(parts, cfg)
    summary: dict[str, float] = {}
    for name, values in series.items():
        summary[f"{name}_mean"] = float(np.mean(values))
        summary[f"{name}_std"] = float(np.std(values))
    frames = np.stack(list(series.values()))  # n_series x n_frames
    width = max(1, round(cfg.window_seconds * sr / hop))
    starts = window_starts(frames.shape[1], width, round(cfg.window_hop_seconds * sr / hop))
    stacked = np.stack([frames[:, s : s + width] for s in starts])  # n_windows x n_series x width
    windows = np.stack([stacked.mean(axis=2), stacked.std(axis=2)], axis=2).reshape(len(starts), -1)
    n_total = 1 + int(cfg.clip_seconds * sr) // hop
    return summary, fixed_frames(logmel, n_total, cfg.logmel_frames).astype(np.float32), windows


def track_features(path: str | Path, cfg: FeatureConfig) -> TrackFeatures:
    """Decode, check and featurise one file. With ``song_windows`` > 1 the summary and log-mel are
    the means over the song's clips that are not silent, and the windows are all of theirs."""
    y = decode_mono(path, cfg.sample_rate, cfg.channel, cfg.soundfont)
    seconds = len(y) / cfg.sample_rate
    clips = song_clips(y, int(cfg.clip_seconds * cfg.sample_rate), cfg.song_windows)
    usable, reasons = [], []
    for clip in clips:
        try:
            check_usable(clip, cfg)
            usable.append(clip)
        except TrackRejected as exc:
            reasons.append(exc)
    if not usable:  # a silent stretch of a long song is skipped; a song with nothing else is rejected
        raise reasons[0]
    summaries, logmels, windows = zip(*(clip_features(clip, cfg) for clip in usable))
    windows = np.concatenate(windows).astype(np.float32)
    if len(summaries) == 1:
        return TrackFeatures(summaries[0], logmels[0], windows, seconds)
    summary = {name: float(np.mean([s[name] for s in summaries])) for name in summaries[0]}
    return TrackFeatures(summary, np.mean(logmels, axis=0).astype(np.float32), windows, seconds)
