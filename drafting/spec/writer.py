"""YAML written back for a clerk to edit: specs made by `collect`, `next-year` and `import`, with comments that
say where each value came from. The one place that writes YAML (ruamel's round-trip types); reading is
``loader.py``.

Workflows build a document from ``YamlMap`` / ``YamlSeq`` (dicts and lists that carry comments) and write it
with ``dump_yaml``: the examples' layout (two-space mappings, list items indented by two, long lines kept whole),
multi-line texts as literal blocks, Unicode as written.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap as YamlMap
from ruamel.yaml.comments import CommentedSeq as YamlSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

__all__ = ["NotEditable", "YamlMap", "YamlSeq", "dump_as_written", "dump_yaml", "load_for_edit"]


def _literal(node: Any) -> Any:
    if isinstance(node, dict):
        for k in list(node):
            node[k] = _literal(node[k])
    elif isinstance(node, list):
        for i in range(len(node)):
            node[i] = _literal(node[i])
    elif isinstance(node, str) and "\n" in node and not isinstance(node, LiteralScalarString):
        return LiteralScalarString(node)
    return node


def dump_yaml(doc: Any) -> str:
    """``doc`` as YAML text with its comments; multi-line strings become literal blocks (``|``)."""
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(_literal(doc), buf)
    return buf.getvalue()


def load_for_edit(text: str, *, as_written: bool = False) -> Any:
    """A spec's text as ``YamlMap``/``YamlSeq`` with its comments and key order, to change and write back with
    ``dump_yaml`` (checking a spec reads it with ``loader.load_spec``, which gives positions instead).
    ``as_written``: a spec a person wrote, to write back with ``dump_as_written`` (its quotes are kept)."""
    yaml = YAML()
    yaml.preserve_quotes = as_written
    try:
        return yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark is not None else ""
        raise NotEditable(f"YAML không đọc được{where}") from exc


class NotEditable(ValueError):
    """A spec's text that cannot be read for editing (its YAML is broken): ``drafting check`` says where."""


def dump_as_written(doc: Any, *, null: str = "null") -> str:
    """A spec a person wrote (``load_for_edit(…, as_written=True)``), changed in places, as YAML text again: its
    comments, quotes and layout kept, an empty value written ``null`` (or, with ``null=""``, left empty as
    ``so:``) — an unchanged spec that follows the examples' layout comes back byte for byte."""
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)

    def represent_null(representer: Any, _value: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", null)

    yaml.representer.add_representer(type(None), represent_null)
    buf = io.StringIO()
    yaml.dump(_literal(doc), buf)
    return buf.getvalue()
