"""Lyrics: cleaning, and scraping from the open LRCLIB API with a per-track disk cache.

LRCLIB (https://lrclib.net/docs): ``GET /api/get?artist_name=&track_name=&album_name=&duration=``
answers one record or 404; ``GET /api/search?q=`` answers a list. A record carries
``plainLyrics`` and/or ``syncedLyrics`` (LRC lines ``[mm:ss.xx] text``) and ``instrumental``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import requests

from musiclust.config.settings import FromDict
from musiclust.data.ids import validate_track_id
from musiclust.data.rejects import Rejection

log = logging.getLogger(__name__)

LRC_TIMESTAMP = re.compile(r"\[\d{1,3}:\d{2}(?:[.:]\d{1,3})?\]")
LRC_TAG_LINE = re.compile(r"^\s*\[(?:ar|ti|al|au|by|length|offset|re|ve|#):[^\]]*\]\s*$", re.I)
SECTION_TAG = re.compile(
    r"^\s*[\[(](?:verse|chorus|pre-chorus|hook|bridge|intro|outro|refrain|interlude|instrumental|repeat)[^\])]*[\])]\s*$",
    re.I,
)
# C0/C1 control characters but the newline and the tab (NUL and the like break tokenisers and
# terminals; line separators are already line breaks when this is applied)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A song's lyrics run to a few thousand characters; past this a cell is not lyrics (a book, a dump)
MAX_LYRICS_CHARS = 200_000


def strip_lrc(text: str) -> str:
    """Plain lines from LRC: timestamps and ID tags (``[ar:...]``) removed."""
    lines = []
    for line in text.splitlines():
        if LRC_TAG_LINE.match(line):
            continue
        lines.append(LRC_TIMESTAMP.sub("", line).strip())
    return "\n".join(lines).strip()


def clean_lyrics(text: str | None) -> str:
    """NFC-normalised lyrics without timestamps, section tags (``[Chorus]``), control characters or
    blank-line runs."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    text = CONTROL_CHARS.sub("", unicodedata.normalize("NFC", strip_lrc(str(text))))
    lines = [line.strip() for line in text.splitlines() if not SECTION_TAG.match(line)]
    out, blank = [], False
    for line in lines:
        if not line:
            if not blank and out:
                out.append("")
            blank = True
            continue
        out.append(line)
        blank = False
    return "\n".join(out).strip()


@dataclass(frozen=True)
class LrclibConfig(FromDict):
    base_url: str = "https://lrclib.net"
    user_agent: str = "musiclust/0.1 (research pipeline; +https://github.com/musiclust)"
    min_interval_seconds: float = 0.5
    timeout_seconds: float = 15.0
    retries: int = 3
    max_retry_after_seconds: float = 60.0


@dataclass
class LyricsLookup:
    """The outcome of looking a track up, as cached on disk."""

    track_id: str
    status: str  # "found", "not_found", "instrumental" or "error"
    lyrics: str = ""
    synced: bool = False
    source: str = "lrclib"
    url: str = ""
    fetched_at: str = ""
    detail: str = ""


class LrclibClient:
    """A polite LRCLIB client: identifying User-Agent, a minimum gap between requests,
    ``Retry-After`` honoured on 429, and an answer cache per track on disk."""

    def __init__(self, config: LrclibConfig, cache_dir: str | Path):
        self.config = config
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = config.user_agent
        self._lock = threading.Lock()
        self._last_request = 0.0
        self.requests_sent = 0

    def _cache_path(self, track_id: str, query: dict) -> Path:
        """``<track id>.<hash of the query>.json``: an edited artist, title, album or duration asks again."""
        key = hashlib.sha1(json.dumps(query, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
        return self.cache_dir / f"{validate_track_id(track_id)}.{key}.json"

    def _wait_turn(self) -> None:
        with self._lock:
            gap = self.config.min_interval_seconds - (time.monotonic() - self._last_request)
            if gap > 0:
                time.sleep(gap)
            self._last_request = time.monotonic()

    def _request(self, path: str, params: dict) -> tuple[int, object, str]:
        """(status, parsed JSON or None, URL). Retries 429/5xx/network errors; raises on exhaustion."""
        url = f"{self.config.base_url.rstrip('/')}{path}?{urlencode(params)}"
        last = ""
        for attempt in range(self.config.retries + 1):
            self._wait_turn()
            self.requests_sent += 1
            try:
                resp = self.session.get(url, timeout=self.config.timeout_seconds)
            except requests.RequestException as exc:
                last = f"{type(exc).__name__}: {exc}"
                wait = 2.0**attempt
            else:
                if resp.status_code == 404:
                    return 404, None, url
                if resp.status_code == 200:
                    try:
                        return 200, resp.json(), url
                    except ValueError:
                        raise LookupError(f"malformed JSON from {url}") from None
                last = f"HTTP {resp.status_code}"
                if resp.status_code not in (429, 500, 502, 503, 504):
                    raise LookupError(f"HTTP {resp.status_code} from {url}")
                retry_after = resp.headers.get("Retry-After")
                try:
                    wait = float(retry_after) if retry_after is not None else 2.0**attempt
                except ValueError:
                    wait = 2.0**attempt
            if attempt < self.config.retries:
                time.sleep(min(wait, self.config.max_retry_after_seconds))
        raise LookupError(f"{last} from {url} after {self.config.retries + 1} attempts")

    @staticmethod
    def _lyrics_of(record: dict) -> tuple[str, bool]:
        if record.get("syncedLyrics") and not record.get("plainLyrics"):
            return strip_lrc(record["syncedLyrics"]), True
        return (record.get("plainLyrics") or "").strip(), False

    def lookup(
        self, track_id: str, artist: str, title: str, album: str = "", duration: float | None = None
    ) -> LyricsLookup:
        """Cached answer if there is one; else ask ``/api/get``, then ``/api/search``, and cache it.

        Errors (network, 429 beyond the retries, malformed JSON) are returned but not cached,
        so a later run asks again; found / not found / instrumental answers are never re-asked.
        """
        params = {"artist_name": artist, "track_name": title}
        if album:
            params["album_name"] = album
        if duration and duration > 0:
            params["duration"] = int(round(duration))
        cache = self._cache_path(track_id, params)
        if cache.is_file():
            return LyricsLookup(**json.loads(cache.read_text(encoding="utf-8")))
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            status, record, url = self._request("/api/get", params)
            if status == 404 or not isinstance(record, dict):
                status, found, url = self._request("/api/search", {"q": f"{artist} {title}"})
                record = _best_search_hit(found if isinstance(found, list) else [], artist, title, duration)
        except LookupError as exc:
            return LyricsLookup(track_id, "error", url="", fetched_at=now, detail=str(exc))
        if record is None:
            result = LyricsLookup(track_id, "not_found", url=url, fetched_at=now)
        elif record.get("instrumental"):
            result = LyricsLookup(track_id, "instrumental", url=url, fetched_at=now)
        else:
            text, synced = self._lyrics_of(record)
            status = "found" if text else "not_found"
            result = LyricsLookup(track_id, status, clean_lyrics(text), synced, url=url, fetched_at=now)
        tmp = cache.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(result), ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
        return result


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", s or "").casefold()).strip()


def _best_search_hit(records: list, artist: str, title: str, duration: float | None) -> dict | None:
    """The search hit whose artist and title match (case/punctuation-insensitive), closest in duration."""
    hits = [
        r
        for r in records
        if isinstance(r, dict)
        and _norm(r.get("artistName", "")) == _norm(artist)
        and _norm(r.get("trackName", "")) == _norm(title)
        and (r.get("plainLyrics") or r.get("syncedLyrics") or r.get("instrumental"))
    ]
    if not hits:
        return None
    if duration:
        hits.sort(key=lambda r: abs(float(r.get("duration") or 0) - duration))
    return hits[0]


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def complete_lyrics(tracks: pd.DataFrame, client: LrclibClient | None) -> pd.DataFrame:
    """Per track: cleaned lyrics with provenance. Lyrics in the source are kept as they are;
    the others are looked up (when a client is given) by artist, title and duration."""
    rows = []
    for t in tracks.itertuples(index=False):
        own = clean_lyrics(getattr(t, "lyrics", None))
        if own:
            rows.append(
                {
                    "track_id": t.track_id,
                    "lyrics": own,
                    "lyrics_source": _text(getattr(t, "lyrics_source", None)) or "source",
                    "lyrics_status": "found",
                    "lyrics_url": "",
                    "fetched_at": "",
                    "detail": "",
                }
            )
            continue
        artist, title = _text(getattr(t, "artist", None)), _text(getattr(t, "title", None))
        if client is None or not title or not artist:
            detail = "scraping disabled" if client is None else "no artist/title to search by"
            rows.append(
                {
                    "track_id": t.track_id,
                    "lyrics": "",
                    "lyrics_source": "",
                    "lyrics_status": "missing",
                    "lyrics_url": "",
                    "fetched_at": "",
                    "detail": detail,
                }
            )
            continue
        duration = getattr(t, "song_seconds", None)
        res = client.lookup(
            t.track_id,
            artist,
            title,
            _text(getattr(t, "album", None)),
            float(duration) if duration is not None and not pd.isna(duration) else None,
        )
        rows.append(
            {
                "track_id": t.track_id,
                "lyrics": res.lyrics,
                "lyrics_source": res.source if res.lyrics else "",
                "lyrics_status": res.status,
                "lyrics_url": res.url,
                "fetched_at": res.fetched_at,
                "detail": res.detail,
            }
        )
    table = pd.DataFrame(
        rows, columns=["track_id", "lyrics", "lyrics_source", "lyrics_status", "lyrics_url", "fetched_at", "detail"]
    )
    length = table["lyrics"].str.len()
    too_long = length > MAX_LYRICS_CHARS
    table.loc[too_long, "detail"] = [
        f"lyrics too long: {n} characters (at most {MAX_LYRICS_CHARS})" for n in length[too_long]
    ]
    table.loc[too_long, ["lyrics", "lyrics_status"]] = ["", "rejected"]
    return table


def lyrics_rejections(table: pd.DataFrame, source: str) -> list[Rejection]:
    """The lyrics-stage rejections of a ``complete_lyrics`` table (its ``rejected`` rows; the track
    keeps its audio, if it has any, and is left out of the lyric spaces)."""
    rejected = table[table["lyrics_status"] == "rejected"]
    return [Rejection(source, tid, "lyrics", reason) for tid, reason in zip(rejected["track_id"], rejected["detail"])]
