"""Cerberus rule sets compiled to plain functions, for the long homogeneous lists of a spec (issue 20, item 3).

Cerberus stays the schema language and the only source of messages. What is compiled here only answers two
questions about one list item, as fast as Python can:

* ``Checker``: would Cerberus find nothing wrong with this value? ``True`` only when every rule of the item
  and of everything below it passes, and nothing below the item has a ``check_with`` (the one rule with side
  effects: warnings, the model's checks). ``False`` means "maybe": Cerberus then validates that item itself,
  with its full rule set, so every message, path and position is Cerberus' own.
* ``Normaliser``: the value Cerberus' normalisation would make of this item (coercers applied, containers
  rebuilt exactly where Cerberus rebuilds them), or ``DECLINE`` when a rule is outside what is compiled
  (defaults, renaming, ``allow_unknown``…); Cerberus then normalises that item.

Only the rules the project's schemas use are compiled (type, required, nullable, empty, allowed, regex,
min, max, minlength, maxlength, schema, coerce, keysrules and valuesrules without coercion); a rule set with
anything else is never compiled, and its items all go to Cerberus. The semantics follow Cerberus 1.3's
validator rule by rule (order of rules, what ``nullable`` and ``empty`` drop): tests/spec prove the messages
are the same, and tests/spec/test_compiled.py compares the verdicts with Cerberus' on varied items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from typing import Any

#: returned by a normaliser for an item it does not handle
DECLINE: Any = object()
_MISSING: Any = object()

#: rules a checker evaluates; "coerce" is normalisation only, "meta" is documentation
_CHECKED = frozenset(
    {"type", "required", "nullable", "empty", "allowed", "regex", "min", "max", "minlength", "maxlength"}
    | {"schema", "coerce", "meta"}
)
#: rules that make normalisation do more than coerce and rebuild containers
_NOT_NORMALISED = frozenset(
    {"rename", "rename_handler", "default", "default_setter", "readonly", "purge_unknown", "allow_unknown"}
    | {"require_all", "items"}
)


def _is_rules(schema: Any) -> bool:
    """A ``schema`` constraint naming the rules of list items (a rule set's name, or rules with a type)."""
    return isinstance(schema, str) or (isinstance(schema, Mapping) and "type" in schema)


def _is_fields(schema: Any) -> bool:
    """A ``schema`` constraint giving the fields of a mapping (each field's rules, or a rule set's name)."""
    return isinstance(schema, Mapping) and all(isinstance(r, (Mapping, str)) for r in schema.values())


class Compiler:
    """Compiles rule sets against one validator class (its types) and one rule-set registry; memoised by the
    identity of the rules (the registry's and the loaded schemas' dicts live as long as the process)."""

    def __init__(self, resolve: Callable[[Any], Any], types: Mapping[str, Any]) -> None:
        self._resolve = resolve
        self._types = types
        self._checkers: dict[tuple[int, bool], tuple[Any, Checker | None]] = {}
        self._normalisers: dict[int, tuple[Any, Normaliser | None]] = {}

    def resolve(self, rules: Any) -> Mapping[str, Any] | None:
        r = self._resolve(rules)
        return r if isinstance(r, Mapping) else None

    # -- validation ------------------------------------------------------------------------------------
    def checker(self, rules: Any, top: bool = False) -> Checker | None:
        """The checker of ``rules`` (a rule set's name or a rules dict), None when it cannot be compiled.
        ``top``: the rules of the list items themselves, whose own ``check_with`` Cerberus still runs."""
        key = (id(rules), top)
        hit = self._checkers.get(key)
        if hit is not None:
            return hit[1]
        resolved = self.resolve(rules)
        if resolved is None or not set(resolved) <= (_CHECKED | {"check_with"} if top else _CHECKED):
            self._checkers[key] = (rules, None)
            return None
        types = []
        for name in (resolved["type"],) if isinstance(resolved.get("type"), str) else resolved.get("type", ()):
            definition = self._types.get(name)
            if definition is None:  # a type checked by a method: not compiled
                self._checkers[key] = (rules, None)
                return None
            types.append((definition.included_types, definition.excluded_types))
        c = Checker(resolved, tuple(types))
        self._checkers[key] = (rules, c)  # before the children: rule sets may refer to themselves
        schema = resolved.get("schema", _MISSING)
        if schema is not _MISSING:
            # a list's items or a mapping's fields; a value of the other shape goes to Cerberus
            if _is_rules(schema):
                c.items = self.checker(schema)
            elif _is_fields(schema):
                c.fields, c.required = self._fields(schema)
        return c

    def _fields(self, schema: Mapping[Any, Any]) -> tuple[dict[Any, Checker | None] | None, tuple[Any, ...]]:
        fields: dict[Any, Checker | None] = {}
        required = []
        for name, field_rules in schema.items():
            r = self.resolve(field_rules)
            if r is None:
                return None, ()
            if r.get("required", False) is True:
                required.append(name)
            fields[name] = self.checker(field_rules)
        return fields, tuple(required)

    # -- normalisation ---------------------------------------------------------------------------------
    def normaliser(self, rules: Any) -> Normaliser | None:
        """The normaliser of ``rules``, None when it cannot be compiled."""
        hit = self._normalisers.get(id(rules))
        if hit is not None:
            return hit[1]
        resolved = self.resolve(rules)
        if resolved is None or set(resolved) & _NOT_NORMALISED:
            self._normalisers[id(rules)] = (rules, None)
            return None
        coerce = resolved.get("coerce", ())
        names = [coerce] if isinstance(coerce, str) else coerce
        if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
            self._normalisers[id(rules)] = (rules, None)  # a callable coercer: not from a YAML schema
            return None
        n = Normaliser(tuple(f"_normalize_coerce_{name}" for name in names))
        self._normalisers[id(rules)] = (rules, n)
        for rule in ("keysrules", "valuesrules"):
            if rule in resolved:
                sub = self.resolve(resolved[rule])
                # keys and values are compiled only when their normalisation changes nothing but copies
                if (
                    sub is None
                    or "coerce" in sub
                    or set(sub) & (_NOT_NORMALISED | {"schema", "keysrules", "valuesrules"})
                ):
                    self._normalisers[id(rules)] = (rules, None)
                    return None
                setattr(n, rule, True)
        schema = resolved.get("schema", _MISSING)
        if schema is not _MISSING:
            n.has_schema = True
            if _is_rules(schema):
                n.items = self.normaliser(schema)
            elif _is_fields(schema):
                fields = {name: self.normaliser(field_rules) for name, field_rules in schema.items()}
                # one field Cerberus would treat otherwise (a default for a missing field…): no mapping of
                # this shape is normalised here
                n.fields = None if any(f is None for f in fields.values()) else fields
        return n


class Checker:
    """Cerberus' verdict on one value for one rule set, without Cerberus (see the module's docstring)."""

    __slots__ = (
        "nullable",
        "types",
        "empty",
        "allowed",
        "regex",
        "min",
        "max",
        "minlength",
        "maxlength",
        "has_schema",
        "items",
        "fields",
        "required",
        "check_with",
        "type_ok",
    )

    def __init__(self, rules: Mapping[str, Any], types: tuple[tuple[Any, Any], ...]) -> None:
        self.nullable = rules.get("nullable", False)
        self.types = types
        self.empty = rules.get("empty", _MISSING)
        self.allowed = rules.get("allowed", _MISSING)
        pattern = rules.get("regex")
        self.regex = re.compile(pattern if pattern.endswith("$") else pattern + "$") if pattern else None
        self.min = rules.get("min", _MISSING)
        self.max = rules.get("max", _MISSING)
        self.minlength = rules.get("minlength", _MISSING)
        self.maxlength = rules.get("maxlength", _MISSING)
        self.has_schema = "schema" in rules
        self.items: Checker | None = None
        self.fields: dict[Any, Checker | None] | None = None
        self.required: tuple[Any, ...] = ()
        self.check_with = rules.get("check_with", _MISSING)
        self.type_ok: dict[type, bool] = {}  # by the value's class: whether it is of one of ``types``

    def runs_check_with(self, value: Any) -> bool:
        """Whether Cerberus would still call this rule set's ``check_with`` on a value that passes: every
        rule passed, so only ``empty`` on an empty value drops it."""
        if self.check_with is _MISSING:
            return False
        return not (self.empty is not _MISSING and value is not None and isinstance(value, Sized) and not len(value))

    def __call__(self, value: Any) -> bool:  # noqa: C901, PLR0911, PLR0912 - Cerberus' rules, one after the other
        if value is None:  # "nullable" drops every other rule (but check_with)
            return bool(self.nullable)
        cls = value.__class__
        shape = _SHAPES.get(cls)
        if shape is None:
            shape = _shape(cls)
        sized, iterable, sequence, mapping, text = shape
        if self.types:
            ok = self.type_ok.get(cls)
            if ok is None:
                ok = self.type_ok[cls] = any(
                    issubclass(cls, inc) and not issubclass(cls, exc) for inc, exc in self.types
                )
            if not ok:
                return False
        length_rules = True
        if self.empty is not _MISSING and sized and len(value) == 0:
            if not self.empty:
                return False
            length_rules = False  # "empty" drops allowed, minlength, maxlength, regex (and check_with)
        if length_rules:
            if self.allowed is not _MISSING:
                if iterable and not text:
                    if any(x not in self.allowed for x in value):
                        return False
                elif value not in self.allowed:
                    return False
            if self.minlength is not _MISSING and iterable and len(value) < self.minlength:
                return False
            if self.maxlength is not _MISSING and iterable and len(value) > self.maxlength:
                return False
            if self.regex is not None and text and not self.regex.match(value):
                return False
        if self.min is not _MISSING and _less(value, self.min):
            return False
        if self.max is not _MISSING and _less(self.max, value):
            return False
        if self.has_schema:
            if sequence and not text:
                items = self.items
                if items is None:
                    return False
                return all(items(v) for v in value)
            if mapping:
                fields = self.fields
                if fields is None:
                    return False
                for k, v in value.items():
                    c = fields.get(k, _MISSING)
                    if c is _MISSING or c is None or not c(v):  # unknown field, or not compiled
                        return False
                return all(k in value for k in self.required)
        return True


#: by class: (Sized, Iterable, Sequence, Mapping, str) as isinstance answers them for its instances, worked out
#: once per class (the abstract classes' checks were a fifth of validating a long list)
_SHAPES: dict[type, tuple[bool, bool, bool, bool, bool]] = {}


def _shape(cls: type) -> tuple[bool, bool, bool, bool, bool]:
    shape = _SHAPES[cls] = (
        issubclass(cls, Sized),
        issubclass(cls, Iterable),
        issubclass(cls, Sequence),
        issubclass(cls, Mapping),
        issubclass(cls, str),
    )
    return shape


class Normaliser:
    """What Cerberus' normalisation makes of one value for one rule set, without Cerberus."""

    __slots__ = ("coercers", "keysrules", "valuesrules", "has_schema", "items", "fields")

    def __init__(self, coercers: tuple[str, ...]) -> None:
        self.coercers = coercers
        self.keysrules = False
        self.valuesrules = False
        self.has_schema = False
        self.items: Normaliser | None = None
        self.fields: dict[Any, Normaliser | None] | None = None

    def __call__(self, value: Any, v: Any) -> Any:
        """The normalised ``value``; ``v``: the validator whose coercers run (they keep their exceptions)."""
        for name in self.coercers:
            value = getattr(v, name)(value)
        return self.containers(value, v)

    def containers(self, value: Any, v: Any) -> Any:
        if isinstance(value, Mapping):
            if self.valuesrules:  # Cerberus normalises the values into a copy (keys: nothing to coerce)
                value = dict(value)
            if self.has_schema:
                fields = self.fields
                if fields is None or type(value) is not dict:
                    return DECLINE
                out = dict(value)
                for k in out:  # first every field's coercers, in the mapping's order; then the containers
                    f = fields.get(k)
                    if f is not None:
                        for name in f.coercers:
                            out[k] = getattr(v, name)(out[k])
                for k, x in out.items():
                    f = fields.get(k, _MISSING)
                    if f is _MISSING:
                        continue  # an unknown field: left as it is (validation reports it)
                    if f is None:
                        return DECLINE
                    if isinstance(x, (Mapping, list, tuple)) and not isinstance(x, str):
                        x = f.containers(x, v)
                        if x is DECLINE:
                            return DECLINE
                        out[k] = x
                return out
            return value
        if isinstance(value, str) or not isinstance(value, Sequence):
            return value
        if not self.has_schema:
            return value
        items = self.items
        if items is None or type(value) not in (list, tuple):
            return DECLINE
        done = []
        for x in value:
            x = items(x, v)
            if x is DECLINE:
                return DECLINE
            done.append(x)
        return done if type(value) is list else tuple(done)


def _less(a: Any, b: Any) -> bool:
    """``a < b``; False when the two cannot be compared: Cerberus' ``min`` and ``max`` leave such a value to the
    ``type`` rule, so the fast path does too."""
    try:
        return bool(a < b)
    except TypeError:
        return False
