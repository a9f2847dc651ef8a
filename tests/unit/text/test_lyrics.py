import json
import time
import unicodedata
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from support.http_fixtures import ScriptedServer, send

from musiclust.text.lyrics import (
    MAX_LYRICS_CHARS,
    LrclibClient,
    LrclibConfig,
    clean_lyrics,
    complete_lyrics,
    lyrics_rejections,
    strip_lrc,
)

RECORD = {
    "id": 1,
    "trackName": "Found",
    "artistName": "Artist",
    "albumName": "Album",
    "duration": 200,
    "instrumental": False,
    "plainLyrics": "first line\nsecond line",
    "syncedLyrics": "[00:01.00] first line\n[00:02.50] second line",
}


def fake_get(h, n):
    q = {k: v[0] for k, v in parse_qs(urlparse(h.path).query).items()}
    track = q.get("track_name")
    if track == "Found":
        send(h, 200, json.dumps(RECORD).encode(), {"Content-Type": "application/json"})
    elif track == "Busy" and h.server_ref.hits_for("Busy") == 1:
        send(h, 429, b"{}", {"Retry-After": "0"})
    elif track == "Busy":
        send(h, 200, json.dumps({**RECORD, "trackName": "Busy", "plainLyrics": "busy words"}).encode())
    elif track == "Broken":
        send(h, 200, b"{not json", {"Content-Type": "application/json"})
    elif track == "Tune":
        send(h, 200, json.dumps({**RECORD, "trackName": "Tune", "instrumental": True, "plainLyrics": None}).encode())
    else:
        send(h, 404, json.dumps({"code": 404, "name": "TrackNotFound"}).encode())


def fake_search(h, n):
    q = parse_qs(urlparse(h.path).query)["q"][0]
    hits = [
        {**RECORD, "trackName": "Other", "plainLyrics": "wrong song"},
        {
            **RECORD,
            "trackName": "Synced Only",
            "plainLyrics": None,
            "syncedLyrics": "[00:05.10]ami tomay\n[01:00.00]bhalobashi",
        },
    ]
    send(h, 200, json.dumps(hits if "Synced Only" in q else []).encode())


@pytest.fixture()
def lrclib():
    with ScriptedServer({"/api/get": fake_get, "/api/search": fake_search}) as srv:

        class Ref:
            @staticmethod
            def hits_for(track):
                return sum(1 for path, _ in srv.requests if f"track_name={track}" in path)

        for name in ("/api/get",):
            route = srv.routes[name]

            def wrapped(h, n, route=route):
                h.server_ref = Ref
                route(h, n)

            srv.routes[name] = wrapped
        yield srv


def client(srv, tmp_path, **kw):
    cfg = LrclibConfig(base_url=srv.base, min_interval_seconds=kw.pop("gap", 0.0), timeout_seconds=2, retries=2, **kw)
    return LrclibClient(cfg, tmp_path / "cache")


def test_get_finds_plain_lyrics_and_records_provenance(lrclib, tmp_path):
    c = client(lrclib, tmp_path)
    res = c.lookup("t1", "Artist", "Found", duration=200.4)
    assert res.status == "found" and res.lyrics == "first line\nsecond line" and not res.synced
    assert res.url.startswith(lrclib.base + "/api/get?") and "duration=200" in res.url and res.fetched_at
    assert lrclib.requests[0][1]["User-Agent"].startswith("musiclust/")


def test_answers_are_cached_and_never_asked_again(lrclib, tmp_path):
    c = client(lrclib, tmp_path)
    first = c.lookup("t1", "Artist", "Found")
    missing = c.lookup("t2", "Artist", "Nothing")
    sent = c.requests_sent
    again = client(lrclib, tmp_path)  # a new run, same cache
    assert again.lookup("t1", "Artist", "Found") == first
    assert again.lookup("t2", "Artist", "Nothing") == missing and missing.status == "not_found"
    assert again.requests_sent == 0 and c.requests_sent == sent


def test_an_edited_query_asks_again(lrclib, tmp_path):
    first = client(lrclib, tmp_path).lookup("t2", "Artist", "Nothing")
    assert first.status == "not_found"
    edited = client(lrclib, tmp_path)  # the title was corrected in the manifest
    res = edited.lookup("t2", "Artist", "Found")
    assert edited.requests_sent == 1 and res.status == "found"
    assert client(lrclib, tmp_path).lookup("t2", "Artist", "Nothing") == first  # each query keeps its answer
    assert len(list((tmp_path / "cache").glob("t2.*.json"))) == 2


def test_404_falls_back_to_search_and_strips_timestamps(lrclib, tmp_path):
    res = client(lrclib, tmp_path).lookup("t3", "Artist", "Synced Only")
    assert res.status == "found" and res.synced
    assert res.lyrics == "ami tomay\nbhalobashi"
    assert [p.split("?")[0] for p, _ in lrclib.requests] == ["/api/get", "/api/search"]


def test_429_waits_for_retry_after_then_succeeds(lrclib, tmp_path):
    res = client(lrclib, tmp_path).lookup("t4", "Artist", "Busy")
    assert res.status == "found" and res.lyrics == "busy words"
    assert sum("track_name=Busy" in p for p, _ in lrclib.requests) == 2


def test_malformed_json_is_an_error_that_is_not_cached(lrclib, tmp_path):
    c = client(lrclib, tmp_path)
    res = c.lookup("t5", "Artist", "Broken")
    assert res.status == "error" and "malformed JSON" in res.detail
    assert not list((tmp_path / "cache").glob("t5.*"))


def test_instrumental_is_recorded(lrclib, tmp_path):
    assert client(lrclib, tmp_path).lookup("t6", "Artist", "Tune").status == "instrumental"


def test_requests_are_rate_limited(lrclib, tmp_path):
    c = client(lrclib, tmp_path, gap=0.3)
    start = time.monotonic()
    for i in range(3):
        c.lookup(f"r{i}", "Artist", "Found")
    assert time.monotonic() - start >= 0.6


def test_unreachable_server_is_an_error_not_a_crash(tmp_path):
    cfg = LrclibConfig(base_url="http://127.0.0.1:9", timeout_seconds=0.5, retries=0, min_interval_seconds=0)
    res = LrclibClient(cfg, tmp_path).lookup("t7", "A", "B")
    assert res.status == "error" and "ConnectionError" in res.detail


def test_lyrics_in_the_source_are_kept_and_not_scraped(lrclib, tmp_path):
    c = client(lrclib, tmp_path)
    tracks = pd.DataFrame(
        {
            "track_id": ["own", "scrape", "anon"],
            "lyrics": ["[Chorus]\nmy own words", "", None],
            "artist": ["X", "Artist", None],
            "title": ["Y", "Found", None],
            "song_seconds": [100.0, 200.0, None],
        }
    )
    out = complete_lyrics(tracks, c).set_index("track_id")
    assert out.loc["own", "lyrics"] == "my own words" and out.loc["own", "lyrics_source"] == "source"
    assert out.loc["scrape", "lyrics_source"] == "lrclib" and out.loc["scrape", "lyrics"].startswith("first line")
    assert out.loc["anon", "lyrics_status"] == "missing"
    assert c.requests_sent == 1


def test_clean_lyrics():
    raw = "[ar:Someone]\n[00:01.00]Hello\n\n\n[Chorus]\n(Verse 2)\n[01:02.345] world  \n"
    assert strip_lrc("[00:01.00]Hello\n[ar:x]") == "Hello"
    assert clean_lyrics(raw) == "Hello\n\nworld"
    decomposed = unicodedata.normalize("NFD", "কী")
    assert clean_lyrics(decomposed) == unicodedata.normalize("NFC", "কী")
    assert clean_lyrics(None) == "" and clean_lyrics(float("nan")) == ""


def test_control_characters_are_stripped_and_scripts_kept():
    rtl = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u200fשיר"  # Hebrew with a right-to-left mark
    mixed = "I love you আমি তোমাকে ভালোবাসি Привет 你好"
    assert clean_lyrics("one\x00 line\x07\nsec\x1bond\x7f") == "one line\nsecond"
    assert clean_lyrics(rtl) == rtl and clean_lyrics(mixed) == mixed
    assert clean_lyrics("tab\tkept") == "tab\tkept"


def test_lyrics_too_long_are_rejected_with_a_row_and_the_rest_kept():
    tracks = pd.DataFrame(
        {"track_id": ["book", "song"], "lyrics": ["la " * 3_500_000, "la la\x00 la"], "artist": "", "title": ""}
    )
    out = complete_lyrics(tracks, None).set_index("track_id")
    assert out.loc["book", "lyrics"] == "" and out.loc["book", "lyrics_status"] == "rejected"
    assert out.loc["song", "lyrics"] == "la la la" and out.loc["song", "lyrics_status"] == "found"
    rejections = lyrics_rejections(out.reset_index(), "synth")
    assert [(r.track_id, r.stage) for r in rejections] == [("book", "lyrics")]
    assert rejections[0].reason == f"lyrics too long: 10499999 characters (at most {MAX_LYRICS_CHARS})"


def test_search_picks_the_matching_hit_closest_in_duration(tmp_path):
    def hit(duration, words, **extra):
        return {**RECORD, "trackName": "Twice", "duration": duration, "plainLyrics": words, **extra}

    hits = [
        hit(150, "live, 50 s short"),
        hit(300, "extended, 100 s long"),
        hit(200, "another song at the very duration", trackName="Other"),  # the title does not match
        hit(205, "album, 5 s long"),
    ]
    routes = {
        "/api/get": lambda h, n: send(h, 404, b"{}"),
        "/api/search": lambda h, n: send(h, 200, json.dumps(hits).encode()),
    }
    with ScriptedServer(routes) as srv:
        res = client(srv, tmp_path).lookup("t8", "Artist", "Twice", duration=200.0)
    assert res.status == "found" and res.lyrics == "album, 5 s long"
    assert res.url.startswith(srv.base + "/api/search?")
