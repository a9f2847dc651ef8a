"""Each list of names has one home (musiclust.config.names); the schema is filled from it, the
registries agree with it, and each architecture's keywords are its constructor's."""

import inspect
from pathlib import Path

import yaml

from musiclust.analysis.baselines import BASELINE_SPACES
from musiclust.analysis.clustering import ALGORITHM_FUNCTIONS
from musiclust.config import names
from musiclust.config.names import ADAPTER_TRAITS, ARCHITECTURES, BASELINES, INPUT_KINDS, SOURCE_KEYS
from musiclust.config.schema import SCHEMA_PATH, load_schema
from musiclust.data.sources import ADAPTERS, FEATURE_TABLES
from musiclust.models import MODEL_REGISTRY
from musiclust.plots.latent import PROJECTIONS

RAW = yaml.safe_load(Path(SCHEMA_PATH).read_text())
SCHEMA = load_schema()
SOURCE = SCHEMA["properties"]["sources"]["additionalProperties"]["properties"]
# the constructor arguments that come from the data, not from the config
DATA_ARGUMENTS = {"self", "input_dim", "cond_dim", "text_dim", "input_shape"}


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_the_schema_restates_no_list_of_names_and_fills_each_from_names():
    lists = {
        n: set(getattr(names, n)) for n in dir(names) if n.isupper() and isinstance(getattr(names, n), (dict, tuple))
    }
    for node in walk(RAW):
        if "enum" in node:
            assert set(node["enum"]) not in [v for v in lists.values() if len(v) > 1], node
        if "x-names" in node:
            assert node["x-names"] in lists, node
    filled = [node for node in walk(SCHEMA) if "enum" in node]
    assert not [node for node in walk(SCHEMA) if "x-names" in node]
    assert {tuple(node["enum"]) for node in filled} >= {tuple(ARCHITECTURES), tuple(INPUT_KINDS), tuple(ADAPTER_TRAITS)}
    assert SCHEMA["$defs"]["model"]["properties"]["architecture"]["enum"] == list(ARCHITECTURES)
    assert SOURCE["adapter"]["enum"] == list(ADAPTER_TRAITS)
    assert set(SCHEMA["properties"]["plots"]["properties"]["projections"]["items"]["enum"]) == set(PROJECTIONS)


def test_the_registries_agree_with_the_names():
    assert set(MODEL_REGISTRY) == set(ARCHITECTURES)
    assert {kind for a in ARCHITECTURES.values() for kind in a.inputs} == set(INPUT_KINDS)
    assert set(ALGORITHM_FUNCTIONS) == set(names.ALGORITHMS)
    assert set(BASELINE_SPACES) == set(BASELINES)
    assert set(ADAPTERS) == set(ADAPTER_TRAITS)
    # the adapters that can be a feature table are the ones import_feature_table can read
    tables = {a for a, t in ADAPTER_TRAITS.items() if "table" in (t.features, *(kind for _, kind in t.switches))}
    assert tables == set(FEATURE_TABLES)


def constructor_keywords(cls) -> set[str]:
    """The named arguments a class's constructor takes, following ``**kwargs`` up its bases."""
    found = set()
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        params = inspect.signature(vars(klass)["__init__"]).parameters.values()
        found |= {p.name for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
        if not any(p.kind is p.VAR_KEYWORD for p in params):
            break
    return found - DATA_ARGUMENTS


def test_each_architectures_keywords_are_its_constructors():
    for name, traits in ARCHITECTURES.items():
        assert set(traits.keywords) == constructor_keywords(MODEL_REGISTRY[name]), name
    assert set().union(*(a.keywords for a in ARCHITECTURES.values())) == set(
        SCHEMA["$defs"]["model_keywords"]["properties"]
    )


def test_each_source_key_is_read_by_some_adapter_and_typed_in_the_schema():
    read = set(SOURCE_KEYS).union(*(a.keys for a in ADAPTER_TRAITS.values()))
    assert read == set(SOURCE)
    assert {setting for t in ADAPTER_TRAITS.values() for setting, _ in t.switches} <= read
