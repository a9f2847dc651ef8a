"""The Lakh MIDI Dataset as distributed: ``.mid`` files under ``location``, in the LMD-full layout
(``<first hex digit>/<md5>.mid``) or the LMD-matched one (``<A>/<B>/<C>/TR<id>/<md5>.mid``, whose
folder names the Million Song Dataset track the file was matched to). With ``msd_location``, an
LMD-matched file takes that track's artist, title, album, year and genre from the MSD.

By default each file is summarised symbolically with pretty_midi (what plays, which pitches,
how fast, how dense, how polyphonic, how long) into a feature row (rule ``import_feature_table``).
With ``render: true`` the files are audio instead: the feature stage renders each with FluidSynth
and a General MIDI soundfont (``musiclust.audio.features``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from musiclust.data.adapters.msd import read_msd_track
from musiclust.data.adapters.registry import register_adapter
from musiclust.data.ids import safe_track_id
from musiclust.data.rejects import Rejection, TrackRejected
from musiclust.data.tracks import SourceError, SourceScan, existing_dir, finish_scan

MIDI_EXTENSIONS = (".mid", ".midi")
MSD_TRACK_ID = re.compile(r"^TR[A-Z0-9]{16}$")
DEFAULT_SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"  # Debian's fluid-soundfont-gm
RENDER_INSTALL = "apt-get install fluidsynth fluid-soundfont-gm"
# The 16 General MIDI instrument families, 8 programs each.
GM_FAMILIES = (
    "piano",
    "chromatic_percussion",
    "organ",
    "guitar",
    "bass",
    "strings",
    "ensemble",
    "brass",
    "reed",
    "pipe",
    "synth_lead",
    "synth_pad",
    "synth_effects",
    "ethnic",
    "percussive",
    "sound_effects",
)


def midi_feature_names() -> list[str]:
    return [
        *(f"program_{f}" for f in GM_FAMILIES),
        "drums",
        *(f"pitch_class_{i:02d}" for i in range(12)),
        "tempo_marked",
        "tempo_estimated",
        "note_density",
        "polyphony_mean",
        "polyphony_max",
        "duration",
    ]


def polyphony(starts: np.ndarray, ends: np.ndarray) -> tuple[float, float]:
    """(time-weighted mean, maximum) of the number of notes sounding at once, over the time any sounds."""
    times = np.concatenate([starts, ends])
    steps = np.concatenate([np.ones(len(starts)), -np.ones(len(ends))])
    order = np.lexsort((steps, times))  # at one instant a note ends before the next begins
    times, counts = times[order], np.cumsum(steps[order])
    spans = np.diff(times)
    sounding = counts[:-1] > 0
    if not sounding.any() or spans[sounding].sum() <= 0:
        return float(counts.max()), float(counts.max())
    return float(np.average(counts[:-1][sounding], weights=spans[sounding])), float(counts.max())


def midi_summary(path: str | Path) -> dict[str, float]:
    """The symbolic features of one MIDI file; TrackRejected when it cannot be read or has no notes."""
    import pretty_midi

    try:
        pm = pretty_midi.PrettyMIDI(str(path))
    except Exception as exc:  # noqa: BLE001 - every parser failure is a rejection reason
        raise TrackRejected(f"cannot read MIDI: {type(exc).__name__}: {exc}") from None
    notes = [(inst, n) for inst in pm.instruments for n in inst.notes]
    if not notes:
        raise TrackRejected("no notes")
    duration = float(pm.get_end_time())
    if duration <= 0:
        raise TrackRejected("zero duration")
    pitched = [(inst.program, n) for inst, n in notes if not inst.is_drum]
    families = np.zeros(len(GM_FAMILIES))
    classes = np.zeros(12)
    for program, note in pitched:
        families[program // 8] += 1
        classes[note.pitch % 12] += 1
    if pitched:  # shares of the pitched notes (a drums-only file keeps zeros)
        families /= len(pitched)
        classes /= len(pitched)
    _, tempi = pm.get_tempo_changes()
    marked = float(tempi[0]) if len(tempi) else 120.0  # MIDI's default tempo
    try:
        estimated = float(pm.estimate_tempo())
    except (ValueError, IndexError):  # too few onsets to estimate from
        estimated = marked
    if not np.isfinite(estimated):
        estimated = marked
    starts = np.array([n.start for _, n in pitched or notes])
    ends = np.array([n.end for _, n in pitched or notes])
    mean_poly, max_poly = polyphony(starts, ends)
    values = [
        *families,
        (len(notes) - len(pitched)) / len(notes),
        *classes,
        marked,
        estimated,
        len(notes) / duration,
        mean_poly,
        max_poly,
        duration,
    ]
    return dict(zip(midi_feature_names(), map(float, values)))


def lakh_track_id(path: Path) -> str:
    """``<TR id>-<md5>`` in the LMD-matched layout (the folder is the matched MSD track), else the file name."""
    stem = safe_track_id(path.stem)
    return f"{path.parent.name}-{stem}" if MSD_TRACK_ID.match(path.parent.name) else stem


def msd_labels(tracks: pd.DataFrame, cfg: dict) -> pd.DataFrame:
    """With ``msd_location`` (a Million Song Dataset folder), the artist, title, album, year and
    genre of each LMD-matched track from its MSD file ``<A>/<B>/<C>/TR....h5``; a track whose file
    is not there, or not readable, keeps no labels (the MIDI file itself is fine)."""
    if not cfg.get("msd_location") or tracks.empty:
        return tracks
    root = existing_dir(cfg["msd_location"], "Million Song Dataset folder", cfg["name"])
    labels = []
    for tid in tracks["track_id"]:
        msd_id = tid.split("-")[0]
        path = root / msd_id[2] / msd_id[3] / msd_id[4] / f"{msd_id}.h5"
        try:
            found = read_msd_track(path)[0] if MSD_TRACK_ID.match(msd_id) and path.is_file() else {}
        except TrackRejected:
            found = {}
        labels.append({k: v for k, v in found.items() if k != "song_seconds"})
    return pd.concat([tracks.reset_index(drop=True), pd.DataFrame(labels, index=range(len(tracks)))], axis=1)


def midi_files(cfg: dict) -> tuple[pd.DataFrame, list[Rejection]]:
    """One row per MIDI file (track_id, audio_path, md5); the same file (by name, an md5) matched
    to several MSD tracks is kept once, the other copies rejected."""
    name = cfg["name"]
    root = existing_dir(cfg["location"], "Lakh MIDI folder", name)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in MIDI_EXTENSIONS)
    if not files:
        raise SourceError(f"source {name!r}: no .mid files under {root}")
    rows, rejections, first = [], [], {}
    for path in files:
        tid = lakh_track_id(path)
        if path.stem in first:
            reason = f"the same MIDI file as {first[path.stem]} (matched to several MSD tracks)"
            rejections.append(Rejection(name, tid, "source", reason, str(path)))
            continue
        first[path.stem] = tid
        rows.append({"track_id": tid, "audio_path": str(path)})
    return pd.DataFrame(rows, columns=["track_id", "audio_path"]), rejections


def render_check(cfg: dict) -> str:
    """The soundfont MIDI files are rendered with, after checking that FluidSynth and it are there."""
    soundfont = cfg.get("soundfont", DEFAULT_SOUNDFONT)
    missing = [
        what
        for what, ok in (("fluidsynth", shutil.which("fluidsynth")), (soundfont, Path(soundfont).is_file()))
        if not ok
    ]
    if missing:
        raise SourceError(
            f"source {cfg['name']!r}: render: true needs FluidSynth and a General MIDI soundfont, "
            f"but {' and '.join(missing)} cannot be found; install them with `{RENDER_INSTALL}` "
            "(or set soundfont: to another .sf2 file)"
        )
    return soundfont


def midi_table(cfg: dict) -> tuple[SourceScan, pd.DataFrame]:
    """The scan and the symbolic features of every readable MIDI file with notes."""
    name = cfg["name"]
    files, rejections = midi_files(cfg)
    kept, features = [], []
    for tid, path in zip(files["track_id"], files["audio_path"]):
        try:
            summary = midi_summary(path)
        except TrackRejected as exc:
            rejections.append(Rejection(name, tid, "source", str(exc), path))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the source
            reason = f"unexpected error summarising it: {type(exc).__name__}: {exc}"
            rejections.append(Rejection(name, tid, "source", reason, path))
            continue
        kept.append(tid)
        features.append({"track_id": tid, **summary})
    tracks = msd_labels(files[files["track_id"].isin(kept)].drop(columns="audio_path"), cfg)
    frame = pd.DataFrame(features, columns=["track_id", *midi_feature_names()])
    return finish_scan(tracks, name, rejections, audio=False), frame


@register_adapter("lakh_midi", table=midi_table)
def scan_lakh_midi(cfg: dict) -> SourceScan:
    """Symbolic summaries by default; with ``render: true`` the files are the source's audio,
    rendered by the feature stage (a file that will not render is rejected there)."""
    if not cfg.get("render"):
        return midi_table(cfg)[0]
    soundfont = render_check(cfg)
    files, rejections = midi_files(cfg)
    scan = finish_scan(msd_labels(files, cfg), cfg["name"], rejections)
    scan.decode = {"soundfont": soundfont}
    return scan
