"""The package's shape: stage subpackages with docstrings and __all__, imports only downwards."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "musiclust"
# A module may import its own subpackage and the ones of a lower rank, never one of the same
# or a higher rank: data never reaches for models, models and analysis never for each other.
RANK = {"config": 0, "jobs": 0, "data": 1, "audio": 2, "text": 2, "models": 3, "analysis": 3, "plots": 4, "paper": 5}
STAGES = [p.name for p in sorted(PACKAGE.iterdir()) if (p / "__init__.py").is_file()]


def musiclust_imports(path: Path) -> set[str]:
    """The musiclust subpackages (first component after musiclust.) that ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found |= {n.split(".")[1] for n in names if n.startswith("musiclust.")}
    return found


def test_every_stage_is_a_documented_subpackage_with_all():
    assert set(STAGES) == {"config", "data", "audio", "text", "models", "analysis", "plots", "paper"}
    for stage in STAGES:
        tree = ast.parse((PACKAGE / stage / "__init__.py").read_text())
        assert ast.get_docstring(tree), f"musiclust/{stage}/__init__.py has no docstring"
        assert any(isinstance(n, ast.Assign) and n.targets[0].id == "__all__" for n in tree.body), stage
    flat = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert flat == ["jobs.py"], f"modules outside the stage subpackages: {flat}"


@pytest.mark.parametrize("stage", STAGES)
def test_imports_only_go_down(stage):
    for module in sorted((PACKAGE / stage).rglob("*.py")):
        for other in musiclust_imports(module) - {stage}:
            assert RANK[other] < RANK[stage], f"{module.relative_to(PACKAGE.parent)} imports musiclust.{other}"


def test_the_library_never_imports_snakemake():
    for module in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(module.read_text())
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in imported if m.split(".")[0] == "snakemake"}, module


def test_the_config_layer_imports_no_torch():
    code = (
        "import sys, musiclust.config; print(sorted(m for m in ('torch', 'snakemake', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_pyproject_lists_every_third_party_import():
    import tomllib

    dist = {"sklearn": "scikit-learn", "umap": "umap-learn", "fasttext": "fasttext-numpy2-wheel", "yaml": "pyyaml"}
    imported = set()
    for module in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "musiclust"}
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())
    listed = {re.split(r"[<>=!~ ]", d)[0].lower() for d in pyproject["project"]["dependencies"]}
    assert {dist.get(m, m).lower() for m in third_party} == listed
