"""Each list of names has one home; the config schema's enums must equal them."""

from pathlib import Path

import yaml

from musiclust.analysis.baselines import BASELINE_SPACES
from musiclust.analysis.clustering import ALGORITHM_FUNCTIONS
from musiclust.config.names import (
    ADAPTER_TRAITS,
    ALGORITHMS,
    ARCHITECTURES,
    BASELINES,
    INPUT_KINDS,
    LABELS,
    PROVENANCES,
    RECON_SCALINGS,
    TEXT_METHODS,
)
from musiclust.data.sources import ADAPTERS, FEATURE_TABLES
from musiclust.models import MODEL_REGISTRY
from musiclust.plots.latent import PROJECTIONS

SCHEMA = yaml.safe_load((Path(__file__).resolve().parents[3] / "schemas" / "config.schema.yaml").read_text())
MODEL = SCHEMA["$defs"]["model"]["properties"]


def test_architectures_registry_and_schema_agree():
    assert set(MODEL_REGISTRY) == set(ARCHITECTURES)
    assert set(MODEL["architecture"]["enum"]) == set(ARCHITECTURES)
    assert set(MODEL["input"]["enum"]) == set(INPUT_KINDS)
    assert {kind for a in ARCHITECTURES.values() for kind in a.inputs} == set(INPUT_KINDS)


def test_algorithms_baselines_text_methods_and_projections_agree_with_the_schema():
    props = SCHEMA["properties"]
    assert set(props["clustering"]["properties"]["algorithms"]["items"]["enum"]) == set(ALGORITHMS)
    assert set(ALGORITHM_FUNCTIONS) == set(ALGORITHMS)
    assert set(props["clustering"]["properties"]["labels"]["items"]["enum"]) == set(LABELS)
    labels = SCHEMA["properties"]["sources"]["additionalProperties"]["properties"]["labels"]["properties"]
    assert set(labels["provenance"]["additionalProperties"]["enum"]) == set(PROVENANCES)
    assert set(labels["provenance"]["propertyNames"]["enum"]) == set(LABELS)
    assert set(BASELINE_SPACES) == set(BASELINES)
    assert set(props["text"]["properties"]["representations"]["items"]["enum"]) == set(TEXT_METHODS)
    assert set(props["hybrid"]["properties"]["text_representation"]["enum"]) == set(TEXT_METHODS)
    assert set(MODEL["text_representation"]["enum"]) == set(TEXT_METHODS)
    source = SCHEMA["properties"]["sources"]["additionalProperties"]["properties"]
    assert set(source["text_representations"]["items"]["enum"]) == set(TEXT_METHODS)
    assert set(MODEL["recon_scaling"]["enum"]) == set(RECON_SCALINGS)
    assert set(props["plots"]["properties"]["projections"]["items"]["enum"]) == set(PROJECTIONS)


def test_adapters_agree_with_the_schema():
    adapter = SCHEMA["properties"]["sources"]["additionalProperties"]["properties"]["adapter"]
    assert set(adapter["enum"]) == set(ADAPTERS) == set(ADAPTER_TRAITS)
    # the adapters that can be a feature table are the ones import_feature_table can read
    tables = {a for a, t in ADAPTER_TRAITS.items() if "table" in (t.features, *(kind for _, kind in t.switches))}
    assert tables == set(FEATURE_TABLES)
    source_keys = SCHEMA["properties"]["sources"]["additionalProperties"]["properties"]
    assert {setting for t in ADAPTER_TRAITS.values() for setting, _ in t.switches} <= set(source_keys)
