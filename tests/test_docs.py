"""The newcomer's documents keep up with the code: every key of the schemas is in the glossary."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT

#: Cerberus' own rule names, which are not spec keys
RULES = {
    "type",
    "required",
    "schema",
    "coerce",
    "check_with",
    "nullable",
    "empty",
    "allowed",
    "minlength",
    "maxlength",
    "min",
    "max",
    "regex",
    "anyof",
    "oneof",
    "excludes",
    "dependencies",
    "default",
    "use",
    "items",
    "meta",
    "keysrules",
    "valuesrules",
}


#: the agency registry's own schema (specs/co-quan.yaml and a workspace's co-quan.yaml), not a document kind
REGISTRY_SCHEMA = "co_quan"


def schema_keys(registry: bool = True) -> set[str]:
    """Every key of the schemas (the registry's too, unless ``registry`` is false)."""
    keys: set[str] = set()

    def walk(node, top: bool = False):
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, dict) and k not in RULES and not top:
                    keys.add(k)
                walk(v)
        elif isinstance(node, list):
            for x in node:
                walk(x)

    for f in sorted((ROOT / "specs" / "schemas").glob("*.yaml")):
        if f.stem == REGISTRY_SCHEMA and not registry:
            continue
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        if f.stem == "common":  # top level: names of shared rule sets; their contents are keys
            for v in data.values():
                walk(v)
        else:
            keys.update(k for k, v in data.items() if isinstance(v, dict))
            walk(data, top=True)
    return keys


def test_every_schema_key_is_in_the_glossary():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", glossary))
    keys = schema_keys()
    assert len(keys) > 60
    assert not keys - documented, sorted(keys - documented)
