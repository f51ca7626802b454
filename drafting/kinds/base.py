"""What a document kind declares: the contract between a kind's module and the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..record import Record
from ..render.output import Output


@dataclass(frozen=True, eq=False, repr=False)
class Kind(Record):
    """A document kind: the ``loai`` value in a spec, and everything the API needs to turn such a spec into outputs.

    - ``schema``: the Cerberus schema's name (``specs/schemas/<schema>.yaml``);
    - ``build(document, spec, resolve)``: the validated document → the model; ``resolve(spec, reference, field)``
      (given by the API) checks a spec this one refers to and returns (kind name, model, file, registry);
    - ``outputs(model)``: the documents it produces (each names its template);
    - ``checks(model)``: model-level findings ``(path, message, "error" | "warning")``;
    - ``templates``: the Word templates its outputs use (what a change of template rebuilds);
    - ``references``: the fields that name another spec (a progress file's ``ke_hoach``);
    - ``spec_file``: the file name ``drafting moi`` gives a new spec of this kind, when it has a starter.
    """

    name: str
    title: str
    schema: str
    build: Callable[..., Any]
    outputs: Callable[[Any], list[Output]]
    checks: Callable[[Any], list] | None = None
    templates: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    spec_file: str | None = None
