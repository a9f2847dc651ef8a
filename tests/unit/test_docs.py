"""The documentation: a short README without commit hashes, dates or dead links, and working
links in every page that users read (config/, docs/, benchmarks/)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MAX_README_LINES = 200

# Files the pipeline writes: a page may link them although a fresh clone has none. Keep it short.
PIPELINE_OUTPUTS = {"results/findings.md", "results/paper/paper.pdf", "results/report.html"}

FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")  # [text](target "title")
HEX_TOKEN = re.compile(r"\b[0-9a-f]{7,40}\b")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def pages() -> list[Path]:
    found = [README, ROOT / "config" / "README.md", ROOT / "benchmarks" / "README.md"]
    found += sorted((ROOT / "docs").glob("*.md")) + sorted((ROOT / "config" / "examples").glob("*.md"))
    return found


def without_code(text: str) -> str:
    return INLINE_CODE.sub("", FENCED_CODE.sub("", text))


def link_targets(text: str) -> list[str]:
    """Relative link targets of a Markdown text (code blocks and spans left out), #anchors stripped."""
    out = []
    for target in LINK_TARGET.findall(without_code(text)):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue  # http(s)://, mailto: and other schemes; an anchor in the same page
        out.append(target.split("#", 1)[0])
    return out


def link_problem(page: Path, target: str) -> str | None:
    """Why a relative link of ``page`` is broken, or None."""
    path = (page.parent / target).resolve()
    try:
        in_repo = path.relative_to(ROOT).as_posix()
    except ValueError:
        return f"{target}: leaves the repository"
    if in_repo == "results" or in_repo.startswith("results/"):
        return None if in_repo in PIPELINE_OUTPUTS else f"{target}: a pipeline output not in PIPELINE_OUTPUTS"
    return None if path.exists() else f"{target}: no such file or folder"


def commit_like(text: str) -> list[str]:
    """Tokens of 7-40 lower-case hex characters with at least one digit and one letter."""
    return [t for t in HEX_TOKEN.findall(text) if re.search(r"\d", t) and re.search(r"[a-f]", t)]


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES, f"README.md has {len(lines)} lines (at most {MAX_README_LINES})"


def test_the_readme_names_no_commit_and_no_date():
    text = README.read_text(encoding="utf-8")
    assert not commit_like(text), f"commit-like tokens in README.md: {commit_like(text)} (they go to CHANGELOG.md)"
    assert not DATE.findall(text), f"dates in README.md: {DATE.findall(text)} (they go to CHANGELOG.md)"


def test_the_pages_exist():
    missing = [p.relative_to(ROOT).as_posix() for p in pages() if not p.is_file()]
    assert not missing, f"documentation pages missing: {missing}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page):
    problems = [p for t in link_targets(page.read_text(encoding="utf-8")) if (p := link_problem(page, t))]
    assert not problems, f"{page.relative_to(ROOT)}: broken links: {problems}"


def test_each_example_overlay_has_its_page():
    for overlay in sorted((ROOT / "config" / "examples").glob("*.yaml")):
        page = overlay.with_suffix(".md")
        assert page.is_file(), f"{overlay.name} has no page {page.name}"
        assert f"]({overlay.name})" in page.read_text(encoding="utf-8"), f"{page.name} does not link {overlay.name}"


def test_the_checks_catch_what_they_are_for():
    assert commit_like("built at 4f54a93, see deadbeef and 1234567") == ["4f54a93"]
    assert DATE.findall("on 2026-12-03") == ["2026-12-03"]
    text = "[a](gone.md) [b](https://x.org/y) [c](#top) [d](README.md#x) `[e](no.md)`\n```\n[f](no.md)\n```\n"
    assert link_targets(text) == ["gone.md", "README.md"]
    assert link_problem(README, "gone.md") == "gone.md: no such file or folder"
    assert link_problem(README, "results/findings.md") is None
    assert link_problem(README, "results/clustering_metrics.csv") is not None
    assert link_problem(README, "../outside.md") == "../outside.md: leaves the repository"
