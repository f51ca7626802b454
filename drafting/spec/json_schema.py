"""JSON Schema (draft 2020-12) of each document kind, generated from the Cerberus schemas in specs/schemas/.

Editors read it to complete and check keys as a clerk types: VS Code's YAML extension (yaml-language-server)
picks it up from a ``# yaml-language-server: $schema=…`` line at the top of a spec. The JSON Schema says what
the structure is; the checks Cerberus runs in code (``check_with``: dates, timelines, agencies, totals) stay with
``drafting check``. It is never stricter than Cerberus: whatever a coercer accepts (a number where text is
expected, one line where a list is expected, a list of agencies for ``chu_tri``) it accepts too, so every valid
spec validates against it.

Values as an editor sees them: YAML dates are strings, mapping keys are strings (``so_tien: {2027: 150000}``
has the key "2027").
"""

from __future__ import annotations

import json
from typing import Any

from .key_docs import key_doc
from .validator import _expand_use, _library, load_schema

__all__ = ["json_schema", "json_schema_text", "KIND_TITLES", "SCHEMA_URI"]

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"

#: the title an editor shows for each kind (Vietnamese, as the clerk names the document)
KIND_TITLES = {
    "ke_hoach": "Đặc tả kế hoạch (loai: ke_hoach)",
    "tien_do": "Đặc tả tiến độ thực hiện (loai: tien_do)",
    "thoa_thuan": "Đặc tả văn bản hợp tác (loai: thoa_thuan)",
}

_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "list": "array",
    "dict": "object",
    "date": "string",
}


def _types(rules: dict[str, Any]) -> list[str]:
    declared = rules.get("type")
    if declared is None:
        return []
    names = declared if isinstance(declared, list) else [declared]
    out: list[str] = []
    for n in names:
        t = _TYPES[n]
        if t not in out:
            out.append(t)
    coerce = rules.get("coerce")
    if coerce == "to_text" and "string" in out:
        out += [t for t in ("integer", "number") if t not in out]  # 2027, 1.5 are read as text
    if rules.get("nullable"):
        out.append("null")
    return out


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


#: where a shared rule set sits in a spec, for the look-up of its keys' descriptions
_DEF_PLACES = {"dong_kinh_phi": ("dong",), "co_quan_ban_hanh": ("co_quan_ban_hanh",)}


def _item(rules: Any, path: tuple[str, ...]) -> dict[str, Any]:
    """A sub-schema from Cerberus rules that may be the name of a shared rule set."""
    if isinstance(rules, str):
        return _ref(rules)
    return _convert(rules, path)


def _described(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    entry = key_doc(path)
    if entry is None:
        return schema
    text, example = entry
    out = dict(schema)
    out["description"] = f"{text} Ví dụ: {example}" if "\n" not in example else text
    out["markdownDescription"] = f"{text}\n\nVí dụ:\n```yaml\n{example}\n```"
    return out  # 2020-12 allows keywords beside $ref: the description is shown for this place


def _admits_scalar(rules: Any) -> bool:
    """Whether list items with these rules may be text or a number (only those are coerced to a list of one)."""
    if isinstance(rules, str):
        rules = _library()[rules]
    declared = rules.get("type") if isinstance(rules, dict) else None
    names = declared if isinstance(declared, list) else [declared]
    return any(n in ("string", "integer", "number") for n in names)


def _object(fields: dict[str, Any], path: tuple[str, ...] = ()) -> dict[str, Any]:
    props: dict[str, Any] = {}
    required: list[str] = []
    depends: dict[str, list[str]] = {}
    for key, rules in fields.items():
        props[key] = _described(_item(rules, path + (key,)), path + (key,))
        if isinstance(rules, dict):
            if rules.get("required"):
                required.append(key)
            dep = rules.get("dependencies")
            if dep:
                depends[key] = [dep] if isinstance(dep, str) else list(dep)
    out: dict[str, Any] = {"properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    if depends:
        out["dependentRequired"] = depends
    return out


def _convert(rules: dict[str, Any], path: tuple[str, ...] = ()) -> dict[str, Any]:
    """One Cerberus rule set as a JSON Schema."""
    out: dict[str, Any] = {}
    types = _types(rules)
    if types:
        out["type"] = types[0] if len(types) == 1 else types
    if "allowed" in rules:
        allowed = list(rules["allowed"])
        out["enum"] = allowed + ([None] if rules.get("nullable") else [])
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    for cerberus_rule, string_kw, list_kw in (
        ("minlength", "minLength", "minItems"),
        ("maxlength", "maxLength", "maxItems"),
    ):
        if cerberus_rule in rules:
            if "string" in types:
                out[string_kw] = rules[cerberus_rule]
            if "array" in types:
                out[list_kw] = rules[cerberus_rule]
    if rules.get("empty") is False:
        if "string" in types:
            out["minLength"] = max(1, out.get("minLength", 0))
        if "array" in types:
            out["minItems"] = max(1, out.get("minItems", 0))
    if "regex" in rules:
        out["pattern"] = f"^(?:{rules['regex']})$"  # Cerberus matches the whole value
    sub = rules.get("schema")
    if sub is not None:
        if "array" in types:
            out["items"] = _item(sub, path)
        if "object" in types and isinstance(sub, dict):
            out.update(_object(sub, path))
    if "keysrules" in rules:
        keys = rules["keysrules"]
        if keys.get("type") == "integer":
            out["propertyNames"] = {"pattern": "^[0-9]+$"}  # an editor sees the key 2027 as "2027"
        elif "allowed" in keys:
            out["propertyNames"] = {"enum": list(keys["allowed"])}
    if "valuesrules" in rules:
        out["additionalProperties"] = _item(rules["valuesrules"], path)
    coerce = rules.get("coerce")
    if coerce == "to_list" and "items" in out and _admits_scalar(sub):
        # one line where a list is expected is read as a list of that line
        scalar = {"allOf": [{"type": ["string", "integer"]}, out["items"]]}
        out = {"anyOf": [out, scalar]}
    elif coerce == "join_agencies":
        # agencies may be written as a list: they are joined with "; "
        out = {"anyOf": [out, {"type": "array", "items": {"type": "string"}}]}
    return out


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a document kind (``ke_hoach``, ``tien_do``, ``thoa_thuan``)."""
    library = _library()
    schema = load_schema(kind)
    used: set[str] = set()

    def names(node: Any) -> None:
        if isinstance(node, str) and node in library and node not in used:
            used.add(node)
            names(_expand_use(library[node], library))
        elif isinstance(node, dict):
            for key, value in node.items():
                if key not in ("check_with", "coerce", "type", "regex", "allowed"):
                    names(value)

    names(schema)
    top: dict[str, Any] = {
        "$schema": SCHEMA_URI,
        "title": KIND_TITLES.get(kind, kind),
        "type": "object",
    }
    top.update(_object(schema))
    top["$defs"] = {
        name: _convert(_expand_use(library[name], library), _DEF_PLACES.get(name, (name,))) for name in sorted(used)
    }
    return top


def json_schema_text(kind: str) -> str:
    """The JSON Schema as text: sorted keys, two-space indents, UTF-8 characters kept (byte-identical each run)."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
