import hashlib
import time

import pytest
from support.http_fixtures import ScriptedServer, send

from musiclust.data.download import DownloadItem, DownloadPolicy, fetch_all, fetch_track, validate_url

BODY = bytes(range(256)) * 400  # 102,400 bytes
SHA = hashlib.sha256(BODY).hexdigest()
FAST = DownloadPolicy(
    connect_timeout=2, read_timeout=0.5, retries=2, backoff_seconds=0.01, max_bytes=200_000, concurrency=3
)


def ok(h, n):
    send(h, 200, BODY, {"Content-Type": "audio/mpeg"})


def flaky(h, n):
    send(h, 500, b"oops") if n == 1 else ok(h, n)


def rate_limited(h, n):
    send(h, 429, b"slow down", {"Retry-After": "0"}) if n == 1 else ok(h, n)


def truncated_then_resumable(h, n):
    rng = h.headers.get("Range")
    if rng is None:  # promise the whole body, send half, hang up
        h.send_response(200)
        h.send_header("Content-Length", str(len(BODY)))
        h.send_header("Accept-Ranges", "bytes")
        h.end_headers()
        h.wfile.write(BODY[: len(BODY) // 2])
        h.wfile.flush()
        h.close_connection = True
        return
    start = int(rng.split("=")[1].rstrip("-"))
    send(h, 206, BODY[start:], {"Content-Range": f"bytes {start}-{len(BODY) - 1}/{len(BODY)}"})


def always_truncated(h, n):
    h.send_response(200)
    h.send_header("Content-Length", str(len(BODY)))
    h.end_headers()
    h.wfile.write(BODY[:1000])
    h.close_connection = True


def broken(h, n):
    send(h, 500, b"oops")


def redirect(h, n):
    send(h, 302, b"", {"Location": "/ok.mp3"})


def redirect_to_ftp(h, n):
    send(h, 302, b"", {"Location": "ftp://127.0.0.1/x.mp3"})


def slow(h, n):
    time.sleep(1.5)
    ok(h, n)


def oversize(h, n):
    send(h, 200, b"x" * 300_000)


def oversize_unannounced(h, n):
    h.send_response(200)
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    for _ in range(40):
        chunk = b"y" * 10_000
        h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    h.wfile.write(b"0\r\n\r\n")


ROUTES = {
    "/ok.mp3": ok,
    "/flaky.mp3": flaky,
    "/broken.mp3": broken,
    "/ratelimited.mp3": rate_limited,
    "/truncated.mp3": truncated_then_resumable,
    "/always_truncated.mp3": always_truncated,
    "/redirect.mp3": redirect,
    "/redirect_ftp.mp3": redirect_to_ftp,
    "/slow.mp3": slow,
    "/oversize.mp3": oversize,
    "/oversize_chunked.mp3": oversize_unannounced,
}


@pytest.fixture()
def server():
    with ScriptedServer(dict(ROUTES)) as srv:
        yield srv


def fetch(server, tmp_path, path, **item):
    return fetch_track(DownloadItem("t1", url=server.base + path, **item), tmp_path, [], ".mp3", FAST)


def assert_no_partial_files(folder):
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_success_records_sha256_and_user_agent(server, tmp_path):
    r = fetch(server, tmp_path, "/ok.mp3")
    assert r.status == "ok" and r.sha256 == SHA and r.sha256_source == "computed" and r.bytes == len(BODY)
    assert (tmp_path / "t1.mp3").read_bytes() == BODY
    assert server.requests[0][1]["User-Agent"].startswith("musiclust/")


def test_verified_sha256_from_the_manifest(server, tmp_path):
    r = fetch(server, tmp_path, "/ok.mp3", sha256=SHA, size=len(BODY))
    assert r.status == "ok" and r.sha256_source == "manifest"


@pytest.mark.parametrize("path", ["/flaky.mp3", "/ratelimited.mp3"])
def test_transient_errors_are_retried(server, tmp_path, path):
    r = fetch(server, tmp_path, path)
    assert r.status == "ok" and server.hits[path] == 2


def test_truncated_body_resumes_with_a_range_request(server, tmp_path):
    r = fetch(server, tmp_path, "/truncated.mp3", sha256=SHA)
    assert r.status == "ok", r.reason
    assert (tmp_path / "t1.mp3").read_bytes() == BODY
    ranges = [hdrs.get("Range") for path, hdrs in server.requests]
    assert len(ranges) == 2 and ranges[0] is None
    resumed_from = int(ranges[1].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_from <= len(BODY) // 2  # kept what had arrived, asked only for the rest


def test_redirect_is_followed(server, tmp_path):
    r = fetch(server, tmp_path, "/redirect.mp3")
    assert r.status == "ok" and server.hits["/ok.mp3"] == 1


@pytest.mark.parametrize(
    "path,reason",
    [
        ("/missing.mp3", "HTTP 404"),
        ("/always_truncated.mp3", "IncompleteRead(1000 bytes read"),
        ("/slow.mp3", "Timeout"),
        ("/oversize.mp3", "over the limit"),
        ("/oversize_chunked.mp3", "more than the limit"),
        ("/redirect_ftp.mp3", "No connection adapters were found for 'ftp://"),
    ],
)
def test_failures_are_reported_and_leave_no_file(server, tmp_path, path, reason):
    r = fetch(server, tmp_path, path)
    assert r.status == "failed" and r.path == ""
    assert reason in r.reason
    assert list(tmp_path.iterdir()) == []


def test_404_is_not_retried_but_500_is(server, tmp_path):
    missing = fetch(server, tmp_path, "/missing.mp3")
    assert server.hits["/missing.mp3"] == 1 and "HTTP 404" in missing.reason
    broken = fetch(server, tmp_path, "/broken.mp3")
    assert server.hits["/broken.mp3"] == FAST.retries + 1  # the first try and every retry
    assert broken.status == "failed" and "HTTP 500" in broken.reason
    assert server.hits["/flaky.mp3"] == 0
    assert fetch(server, tmp_path, "/flaky.mp3").status == "ok" and server.hits["/flaky.mp3"] == 2


def test_wrong_checksum_fails_and_leaves_nothing(server, tmp_path):
    r = fetch(server, tmp_path, "/ok.mp3", sha256="0" * 64)
    assert r.status == "failed" and "sha256 mismatch" in r.reason
    assert list(tmp_path.iterdir()) == []


def test_mirror_folder_is_tried_first_and_a_bad_mirror_copy_falls_back_to_the_url(server, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "good.mp3").write_bytes(BODY)
    (mirror / "stale.mp3").write_bytes(b"an old, different file")
    dest = tmp_path / "dest"
    items = [
        DownloadItem("good", url=server.base + "/ok.mp3", sha256=SHA),
        DownloadItem("stale", url=server.base + "/ok.mp3", sha256=SHA),
        DownloadItem("nowhere", url=server.base + "/missing.mp3"),
    ]
    results = {r.track_id: r for r in fetch_all(items, dest, [str(mirror)], ".mp3", FAST)}
    assert results["good"].origin.startswith("file://") and results["good"].status == "ok"
    assert results["stale"].origin == server.base + "/ok.mp3" and results["stale"].status == "ok"
    assert results["nowhere"].status == "failed"
    assert server.hits["/ok.mp3"] == 1  # only the stale one went to the network
    assert sorted(p.name for p in dest.iterdir()) == ["good.mp3", "stale.mp3"]
    assert_no_partial_files(dest)


def test_base_url_mirror(server, tmp_path):
    server.routes["/mirror/abc.mp3"] = ok
    r = fetch_track(DownloadItem("abc"), tmp_path, [server.base + "/mirror"], ".mp3", FAST)
    assert r.status == "ok" and r.origin.endswith("/mirror/abc.mp3")


@pytest.mark.parametrize("url", ["ftp://example.org/a.mp3", "javascript:alert(1)", "songs/a.mp3", "http:///a.mp3"])
def test_only_http_https_and_file_urls_are_accepted(url):
    with pytest.raises(ValueError):
        validate_url(url)


def test_unsafe_track_id_is_refused_before_any_file_is_named(tmp_path):
    r = fetch_track(DownloadItem("../escape", url="file:///etc/hostname"), tmp_path / "d", [], ".mp3", FAST)
    assert r.status == "failed" and "invalid track id" in r.reason
    assert not (tmp_path / "escape.mp3").exists()


def truncated_then_range_ignored(h, n):
    if n == 1:
        truncated_then_resumable(h, n)  # half the body, then the connection drops
    else:
        ok(h, n)  # asked for a Range, answers 200 with the whole body from byte 0


def test_a_200_answer_to_a_range_request_replaces_the_partial_file(server, tmp_path):
    server.routes["/range_ignored.mp3"] = truncated_then_range_ignored
    r = fetch(server, tmp_path, "/range_ignored.mp3")  # no sha256 or size: nothing else would catch it
    assert r.status == "ok", r.reason
    assert server.requests[1][1].get("Range", "").startswith("bytes=")  # it did try to resume
    assert (tmp_path / "t1.mp3").read_bytes() == BODY
    assert r.bytes == len(BODY) and r.sha256 == SHA
    assert_no_partial_files(tmp_path)
