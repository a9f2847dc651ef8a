"""Fetch audio named in a manifest: mirrors first, then the track's URL.

Every fetch has connect/read timeouts, bounded retries with exponential backoff (honouring
``Retry-After``), resumes a partial body where the server answers ``206``, refuses bodies over
a size limit, verifies sha256 when the manifest gives one (and records it when not), and
writes to a temporary name that is renamed into place only when everything checked out.
A track that cannot be fetched is reported with a reason; it never leaves a partial file.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import requests

from musiclust.config.settings import FromDict
from musiclust.data.hashing import sha256_of
from musiclust.data.ids import validate_track_id
from musiclust.data.rejects import Rejection

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https", "file")
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class DownloadError(Exception):
    """A fetch that failed for a reason worth reporting (the message)."""


class PermanentDownloadError(DownloadError):
    """A failure that retrying the same location will not fix (404, bad checksum, too large)."""


@dataclass(frozen=True)
class DownloadPolicy(FromDict):
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff_seconds: float = 0.5
    max_backoff_seconds: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    concurrency: int = 4
    max_redirects: int = 5
    user_agent: str = "musiclust/0.1 (+https://github.com/musiclust; research pipeline)"


@dataclass(frozen=True)
class DownloadItem:
    track_id: str
    url: str = ""
    sha256: str = ""
    size: int | None = None


@dataclass
class DownloadResult:
    track_id: str
    status: str  # "ok" or "failed"
    path: str = ""
    origin: str = ""
    sha256: str = ""
    sha256_source: str = ""  # "manifest" (verified) or "computed" (recorded)
    bytes: int = 0
    reason: str = ""

    def as_row(self) -> dict:
        return asdict(self)


def validate_url(url: str) -> str:
    """Return ``url`` if it is absolute and http, https or file; raise ValueError otherwise."""
    parsed = urlparse(url)
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise ValueError(f"URL scheme {parsed.scheme!r} not allowed (use {', '.join(ALLOWED_SCHEMES)}): {url!r}")
    if parsed.scheme in ("http", "https") and not parsed.netloc:
        raise ValueError(f"URL has no host: {url!r}")
    if parsed.scheme == "file" and not parsed.path:
        raise ValueError(f"file URL has no path: {url!r}")
    return url


def mirror_candidates(track_id: str, mirrors: list[str], extension: str) -> list[str]:
    """Where each mirror would hold the track: ``<mirror>/<track_id><extension>``.

    A mirror is a local folder or an http(s)/file base URL.
    """
    out = []
    for mirror in mirrors:
        name = f"{validate_track_id(track_id)}{extension}"
        if urlparse(mirror).scheme in ALLOWED_SCHEMES:
            out.append(mirror.rstrip("/") + "/" + name)
        else:
            out.append(Path(mirror, name).resolve().as_uri())
    return out


def local_files(rows: list[list], mirrors: list[str], extension: str) -> list[str]:
    """The local files a shard's download may read (mirror copies, file:// URLs) that exist now:
    the shard's inputs, so a changed file reruns it. ``rows`` as from ``download_items``."""
    paths = []
    for track_id, url, _, _ in rows:
        for location in mirror_candidates(track_id, mirrors, extension) + ([url] if url else []):
            if location.startswith("file://"):
                path = Path(location[len("file://") :])
                if path.is_file():
                    paths.append(str(path))
    return paths


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: fall back to exponential backoff


def _stream_http(session: requests.Session, url: str, part: Path, policy: DownloadPolicy) -> None:
    """Append the body of ``url`` to ``part`` (resuming from its current size when allowed)."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with session.get(
        url, stream=True, timeout=(policy.connect_timeout, policy.read_timeout), headers=headers, allow_redirects=True
    ) as resp:
        validate_url(resp.url)
        if resp.status_code == 404 or resp.status_code == 410:
            raise PermanentDownloadError(f"HTTP {resp.status_code} from {url}")
        if resp.status_code in RETRY_STATUS:
            err = DownloadError(f"HTTP {resp.status_code} from {url}")
            err.retry_after = _retry_after_seconds(resp)  # type: ignore[attr-defined]
            raise err
        if resp.status_code == 416 and have:
            part.unlink()
            raise DownloadError(f"HTTP 416 resuming {url}; restarting")
        if resp.status_code not in (200, 206):
            raise PermanentDownloadError(f"HTTP {resp.status_code} from {url}")
        mode = "ab" if resp.status_code == 206 and have else "wb"
        if mode == "wb":
            have = 0
        length = resp.headers.get("Content-Length")
        if length is not None and have + int(length) > policy.max_bytes:
            raise PermanentDownloadError(f"{url} is {have + int(length)} bytes, over the limit of {policy.max_bytes}")
        expected_total = have + int(length) if length is not None else None
        with open(part, mode) as fh:
            for chunk in resp.iter_content(chunk_size=1 << 14):
                have += len(chunk)
                if have > policy.max_bytes:
                    raise PermanentDownloadError(f"{url} sent more than the limit of {policy.max_bytes} bytes")
                fh.write(chunk)
        if expected_total is not None and have < expected_total:
            raise DownloadError(f"{url} ended after {have} of {expected_total} bytes")


def _copy_file_url(url: str, part: Path, policy: DownloadPolicy) -> None:
    source = Path(unquote(urlparse(url).path))
    if not source.is_file():
        raise PermanentDownloadError(f"no file at {source}")
    if source.stat().st_size > policy.max_bytes:
        raise PermanentDownloadError(f"{source} is {source.stat().st_size} bytes, over the limit of {policy.max_bytes}")
    shutil.copyfile(source, part)


def _fetch_location(session: requests.Session, url: str, item: DownloadItem, part: Path, policy: DownloadPolicy) -> str:
    """Fetch one location into ``part`` with retries and return its sha256; raise DownloadError when it cannot."""
    validate_url(url)
    last: DownloadError | None = None
    for attempt in range(policy.retries + 1):
        try:
            if urlparse(url).scheme == "file":
                _copy_file_url(url, part, policy)
            else:
                _stream_http(session, url, part, policy)
            size = part.stat().st_size
            if size == 0:
                raise PermanentDownloadError(f"{url} returned an empty body")
            if item.size is not None and size != item.size:
                raise PermanentDownloadError(f"{url}: {size} bytes, manifest says {item.size}")
            digest = sha256_of(part)
            if item.sha256 and digest != item.sha256.lower():
                raise PermanentDownloadError(f"{url}: sha256 mismatch (manifest {item.sha256[:12]}…)")
            return digest
        except PermanentDownloadError:
            part.unlink(missing_ok=True)
            raise
        except requests.RequestException as exc:
            last = DownloadError(f"{type(exc).__name__} fetching {url}: {exc}")
            wait = None
        except DownloadError as exc:
            last, wait = exc, getattr(exc, "retry_after", None)
        if attempt < policy.retries:
            delay = wait if wait is not None else policy.backoff_seconds * 2**attempt
            time.sleep(min(delay, policy.max_backoff_seconds))
            log.info("%s: retry %d of %s after: %s", item.track_id, attempt + 1, url, last)
    part.unlink(missing_ok=True)
    assert last is not None
    raise last


def fetch_track(
    item: DownloadItem,
    dest_dir: Path,
    mirrors: list[str],
    extension: str,
    policy: DownloadPolicy,
    session: requests.Session | None = None,
) -> DownloadResult:
    """Fetch one track into ``dest_dir/<track_id><extension>``: mirrors in order, then its URL."""
    try:
        validate_track_id(item.track_id)
        locations = mirror_candidates(item.track_id, mirrors, extension)
        if item.url:
            locations.append(validate_url(item.url))
    except ValueError as exc:
        return DownloadResult(item.track_id, "failed", reason=str(exc))
    if not locations:
        return DownloadResult(item.track_id, "failed", reason="no mirror holds it and the manifest gives no URL")
    session = session or new_session(policy)
    dest = Path(dest_dir) / f"{item.track_id}{extension}"
    part = dest.with_name(dest.name + ".part")
    errors = []
    for url in locations:
        try:
            digest = _fetch_location(session, url, item, part, policy)
        except DownloadError as exc:
            errors.append(str(exc))
            continue
        os.replace(part, dest)
        return DownloadResult(
            item.track_id,
            "ok",
            path=str(dest),
            origin=url,
            sha256=digest,
            sha256_source="manifest" if item.sha256 else "computed",
            bytes=dest.stat().st_size,
        )
    part.unlink(missing_ok=True)
    return DownloadResult(item.track_id, "failed", reason="; ".join(errors))


def new_session(policy: DownloadPolicy) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = policy.user_agent
    session.max_redirects = policy.max_redirects
    return session


def fetch_all(
    items: list[DownloadItem], dest_dir: str | Path, mirrors: list[str], extension: str, policy: DownloadPolicy
) -> list[DownloadResult]:
    """Fetch every item with at most ``policy.concurrency`` transfers at once (results in input order)."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, policy.concurrency)) as pool:
        futures = [pool.submit(fetch_track, it, dest_dir, mirrors, extension, policy) for it in items]
        results = [f.result() for f in futures]
    for r in results:
        if r.status == "ok":
            log.info("%s <- %s (%d bytes)", r.track_id, r.origin, r.bytes)
        else:
            log.warning("%s failed: %s", r.track_id, r.reason)
    return results


def download_items(rows: list[list]) -> list[DownloadItem]:
    """Items from ``[track_id, url, sha256, size]`` rows (missing values as None or "")."""
    items = []
    for track_id, url, sha256, size in rows:
        items.append(
            DownloadItem(str(track_id), url or "", sha256 or "", int(size) if size not in (None, "") else None)
        )
    return items


def download_report(results: list[DownloadResult]) -> pd.DataFrame:
    columns = list(DownloadResult.__dataclass_fields__)
    return pd.DataFrame([r.as_row() for r in results], columns=columns)


def download_rejections(results: list[DownloadResult], source: str) -> list[Rejection]:
    return [Rejection(source, r.track_id, "download", r.reason, r.origin) for r in results if r.status != "ok"]


def read_download_reports(paths) -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype={"track_id": str, "sha256": str}, keep_default_na=False) for p in paths]
    return pd.concat(frames, ignore_index=True) if frames else download_report([])
