"""A small mutation run: apply each realistic bug of ``mutations.yaml`` to a copy of the library,
run the fast unit suite on it, and print which were caught (a test failed) and the kill rate.

    .venv/bin/python tests/mutation/run.py [--only NAME ...] [--tests tests/unit/config ...]

Each mutation replaces one exact snippet in one file (it must occur exactly once, so the list
cannot silently go stale). The copy lives in a temporary folder: the working tree is never touched.
Not part of ``make test``: each mutation costs one unit-suite run (about a minute).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MUTATIONS = Path(__file__).with_name("mutations.yaml")


def load(path: Path = MUTATIONS) -> list[dict]:
    items = yaml.safe_load(path.read_text())
    for m in items:
        missing = {"name", "file", "find", "replace"} - set(m)
        if missing:
            raise ValueError(f"{path}: mutation {m.get('name')!r} lacks {sorted(missing)}")
    return items


def apply(tree: Path, mutation: dict) -> None:
    target = tree / mutation["file"]
    text = target.read_text()
    count = text.count(mutation["find"])
    if count != 1:
        raise ValueError(f"mutation {mutation['name']!r}: the snippet occurs {count} times in {mutation['file']}")
    target.write_text(text.replace(mutation["find"], mutation["replace"]))


def copy_tree(dest: Path) -> None:
    """The files git tracks (links kept as links): what a fresh clone has."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, listed.stdout.split("\0")):
        src, target = ROOT / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            target.symlink_to(src.readlink())
        elif src.is_file():
            shutil.copy2(src, target)


def run_suite(tree: Path, tests: list[str]) -> tuple[bool, float]:
    """(whether the suite passed, seconds)."""
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not workflow", *tests]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, env=env)
    return done.returncode == 0, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="mutation names to run (default: all)")
    parser.add_argument("--tests", nargs="*", default=["tests/unit"], help="test paths (default: tests/unit)")
    args = parser.parse_args()
    mutations = [m for m in load() if not args.only or m["name"] in args.only]
    killed = []
    with tempfile.TemporaryDirectory(prefix="musiclust-mutation-") as tmp:
        base = Path(tmp) / "base"
        copy_tree(base)
        ok, seconds = run_suite(base, args.tests)
        if not ok:
            print("the unmutated suite fails: fix it first", file=sys.stderr)
            return 2
        print(f"unmutated suite: passed in {seconds:.0f} s")
        for m in mutations:
            tree = Path(tmp) / m["name"]
            shutil.copytree(base, tree, symlinks=True)
            apply(tree, m)
            passed, seconds = run_suite(tree, args.tests)
            killed.append(not passed)
            print(f"{'killed  ' if not passed else 'SURVIVED'} {m['name']:<44} {m['file']} ({seconds:.0f} s)")
            shutil.rmtree(tree)
    print(f"{sum(killed)} of {len(killed)} mutations killed ({sum(killed) / max(len(killed), 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
