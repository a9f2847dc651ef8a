"""Run a benchmark script and keep what it printed in benchmarks/README.md, in the section marked
for it, so the README shows each script's latest output as the script wrote it (never by hand).

    .venv/bin/python benchmarks/record.py profile_run.py --workdir ../fresh
    .venv/bin/python benchmarks/record.py compare_metrics.py OLD.csv NEW.csv

The section is the block between ``<!-- output: SCRIPT -->`` and ``<!-- end of output -->``;
the script's exit status is passed on (compare_metrics exits 1 when a row fell).
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"


def section(script: str, argv: list[str], output: str, seconds: float) -> str:
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    command = " ".join(["benchmarks/" + script, *argv])
    return (
        f"<!-- output: {script} -->\n"
        f"Recorded by `benchmarks/record.py` on {time.strftime('%Y-%m-%d')} ({machine}; {seconds:.0f} s):\n\n"
        f"```\n$ {command}\n{output.rstrip()}\n```\n<!-- end of output -->"
    )


def replace_section(text: str, script: str, new: str) -> str:
    pattern = re.compile(rf"<!-- output: {re.escape(script)} -->.*?<!-- end of output -->", re.S)
    if not pattern.search(text):
        raise SystemExit(f"{README} has no section <!-- output: {script} --> ... <!-- end of output -->")
    return pattern.sub(lambda _: new, text, count=1)


def main() -> int:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    script, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / script), *argv], capture_output=True, text=True)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    if done.returncode not in (0, 1):  # 1: a finding (a fallen row), still worth keeping
        return done.returncode
    README.write_text(
        replace_section(README.read_text(), script, section(script, argv, done.stdout, time.perf_counter() - start))
    )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
