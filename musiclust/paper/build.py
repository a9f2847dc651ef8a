"""Typeset the paper with Typst (the `typst` wheel bundles the compiler; no system package)."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pandas as pd

from musiclust.data.atomic import atomic_path, write_text

HERE = Path(__file__).parent
FONTS = HERE.parent / "plots" / "fonts"  # Lohit Bengali: shapes the Bangla script
PACKAGES = (
    "torch", "scikit-learn", "librosa", "umap-learn", "fasttext-numpy2-wheel", "numpy", "pandas",
    "scipy", "pyarrow", "matplotlib", "snakemake", "typst",
)  # fmt: skip
MAIN_PAGES = 9  # NeurIPS: main text at most nine pages, references and appendix after


def config_hash(config: dict) -> str:
    """sha256 of the configuration as canonical JSON (sorted keys): one run, one hash."""
    return hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()


def package_versions(names=PACKAGES) -> list[tuple[str, str]]:
    out = []
    for name in names:
        try:
            out.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append((name, "not installed"))
    return out


def git_commit(folder: str | Path = ".") -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=folder, capture_output=True, text=True)
    except OSError:
        return "unknown (git not found)"
    return done.stdout.strip() if done.returncode == 0 else "unknown (not a git checkout)"


def job_time(benchmarks: Path) -> tuple[int, float, float]:
    """(jobs, summed wall seconds, longest job) of the Snakemake benchmark files under ``benchmarks``."""
    files = sorted(benchmarks.rglob("*.tsv")) if benchmarks.is_dir() else []
    seconds = [float(pd.read_csv(f, sep="\t")["s"].iloc[0]) for f in files]
    return len(seconds), sum(seconds), max(seconds, default=0.0)


def hardware() -> str:
    gpu = "an NVIDIA GPU (nvidia-smi found)" if shutil.which("nvidia-smi") else "no GPU found"
    return f"{platform.machine()}, {os.cpu_count()} CPU cores, {gpu}, {platform.system()} {platform.release()}"


def reproducibility(config: dict, benchmarks: Path) -> dict:
    n_jobs, wall, longest = job_time(benchmarks)
    seeds = config["seeds"]
    sentences = [
        f"Configuration sha256 {config_hash(config)[:16]} (of the whole configuration as canonical JSON);"
        f" code at commit {git_commit()}; seeds {', '.join(map(str, seeds))} for training and clustering and"
        f" {config['seed']} for the single-run steps; every random step is seeded from the configuration.",
        f"Hardware: {hardware()}; Python {platform.python_version()}.",
        f"Run time: the {n_jobs} jobs recorded under logs/benchmarks/ took {wall:.0f} s of wall time in sum"
        f" (longest {longest:.0f} s); jobs run in parallel, so the run itself took less.",
        "The first command below builds everything from the data (the second is the same with Snakemake"
        " directly); the third rebuilds only this paper from the tables.",
    ]
    commands = ["make run", "snakemake --cores N", "snakemake --cores N paper"]
    return {"sentences": sentences, "commands": commands, "packages": package_versions()}


def compile_paper(context: dict, out_pdf: Path, root: Path = Path(".")) -> dict:
    """Write data.json, the template and the references beside ``out_pdf`` and typeset them.
    Returns the page counts (main text, total) and Typst's warnings."""
    import typst

    folder = out_pdf.parent
    folder.mkdir(parents=True, exist_ok=True)
    write_text(folder / "data.json", json.dumps(context, ensure_ascii=False, indent=1))
    for name, target in (("template.typ", "paper.typ"), ("references.bib", "references.bib")):
        with atomic_path(folder / target) as tmp:
            shutil.copyfile(HERE / name, tmp)
    compiler = typst.Compiler(
        str(folder / "paper.typ"), root=str(root.resolve()), font_paths=[str(FONTS)], ignore_system_fonts=True
    )
    with atomic_path(out_pdf) as tmp:
        _, warnings = compiler.compile_with_warnings(output=str(tmp), timestamp=0)
    page = {
        label: int(json.loads(compiler.query(f"<{label}>", field="value", one=True)))
        for label in ("main-end", "last-page")
    }
    return {"main_pages": page["main-end"], "pages": page["last-page"], "warnings": [w.message for w in warnings]}
