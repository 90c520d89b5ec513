"""A JSON Schema of the plot file format, generated from the model, for editors.

Editors that read JSON Schema (VS Code, Neovim and others, through the YAML
and JSON language servers) complete keys, show each key's description and
mark mistakes as a writer types. `plot_schema` builds the schema from the
declarations the loader itself reads: the attrs fields of every model class,
their file keys (`plotmodel.model.file_key`), what each reference field may
name (`plotmodel.model.reference_fields`), the effect kinds and their short
forms (`plotmodel.model.EFFECT_KINDS`), and the ``Attributes:`` sections of the
classes' docstrings for the descriptions. A new kind of effect or a new field
appears in it without a change here.

The schema checks the shape of a file: keys, types, allowed values, short
forms. What needs the whole plot (an id that names nothing, a dead man
acting) is for ``plotmodel validate``. It follows JSON Schema draft-07, the
version editors support best. ``plotmodel schema`` prints it; a copy is kept
in ``schema/plotmodel.schema.json``.
"""

from __future__ import annotations

import enum
import functools
import inspect
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from plotmodel.loading import FORMAT_VERSION
from plotmodel.model import (
    AUDIENCE,
    EFFECT_KINDS,
    EXPECTATION_KINDS,
    Belief,
    Effect,
    Event,
    Expectation,
    Participant,
    Plot,
    ReferenceField,
    field_check,
    file_key,
    reference_fields,
)

__all__ = ["DRAFT", "SCHEMA_ID", "plot_schema", "schema_text"]

#: The JSON Schema draft the schema follows.
DRAFT: Final = "http://json-schema.org/draft-07/schema#"

#: The schema's own id: a name, not an address to fetch.
SCHEMA_ID: Final = "urn:plotmodel:plot-file:1"

# What the model's validators demand of a single value, in JSON Schema words.
_ID: Final = {"type": "string", "pattern": r"^\S+$"}
_TEXT_NOT_BLANK: Final = {"type": "string", "pattern": r"\S"}

_ATTRIBUTES = re.compile(r"^Attributes:\s*$", re.MULTILINE)
_ENTRY = re.compile(r"^    (\w+): ?(.*)$")


def _attribute_docs(cls: type) -> dict[str, str]:
    """The ``Attributes:`` entries of a class's docstring and of its bases', by attribute name."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        doc = inspect.cleandoc(klass.__dict__.get("__doc__") or "")
        parts = _ATTRIBUTES.split(doc, maxsplit=1)
        if len(parts) < 2:
            continue
        name = None
        for line in parts[1].splitlines():
            entry = _ENTRY.match(line)
            if entry:
                name = entry[1]
                found[name] = entry[2].strip()
            elif line.startswith("        ") and name is not None:
                found[name] += " " + line.strip()
            elif line.strip():
                break
    return {name: _plain(text) for name, text in found.items()}


def _plain(text: str) -> str:
    """Docstring markup as an editor shows it: ``code`` marks and backquoted names dropped."""
    return text.replace("``", "").replace("`", "")


def _summary(cls: type) -> str:
    """The first paragraph of a class's docstring, on one line."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    return _plain(" ".join(doc.split("\n\n", 1)[0].split()))


def _reference_words(one: ReferenceField) -> str:
    words = one.accepted(many=one.many)
    return f"Ids of {words}." if one.many else f"The id of {words}."


class _Builder:
    """Collects one definition per model class while walking the types from `Plot`."""

    def __init__(self) -> None:
        self.definitions: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # reserved first: classes may refer to each other
            self.definitions[name] = self._definition(cls)
        return {"$ref": f"#/definitions/{name}"}

    def _definition(self, cls: type) -> dict[str, Any]:
        if cls is Effect:
            return self._one_key(Effect, EFFECT_KINDS, "kind of effect")
        if cls is Expectation:
            return self._one_key(Expectation, EXPECTATION_KINDS, "kind of expectation")
        if cls is Belief:
            # files write a level as its word, and only a reveal's stand names one
            words = [level.word for level in Belief if level is not Belief.UNAWARE]
            return {"description": _summary(cls), "enum": words}
        if issubclass(cls, enum.Enum):
            values = [member.value for member in cls]
            return {"description": _summary(cls), "enum": values}
        return self._mapping(cls)

    def _mapping(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        docs = _attribute_docs(cls)
        references = {one.name: one for one in reference_fields(cls)}
        properties: dict[str, Any] = {}
        required = []
        fields: Any = attrs.fields(cls)
        for a in fields:
            key = file_key(a)
            value = self._value(hints[a.name], a, references.get(a.name))
            description = docs.get(a.name)
            one = references.get(a.name)
            if description is None and one is not None:
                description = _reference_words(one)
            if "$ref" in value:
                # draft-07 ignores a reference's siblings: the description goes beside it
                value = {"allOf": [value]}
            if description is not None:
                value = {"description": description, **value}
            properties[key] = value
            if a.default is attrs.NOTHING:
                required.append(key)
        definition: dict[str, Any] = {
            "description": _summary(cls),
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            definition["required"] = required
        if cls is Event:
            _event_short_forms(definition)
        if cls is Plot:
            # the loader asks for the version, which the model defaults
            definition["required"] = ["plotmodel", *required]
            version = properties["plotmodel"]
            properties["plotmodel"] = {
                "description": version["description"],
                "const": FORMAT_VERSION,
            }
        return definition

    def _value(
        self, hint: Any, a: attrs.Attribute[Any] | None, one: ReferenceField | None
    ) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            return self._union(hint, lambda arg: self._value(arg, a, one))
        if origin is tuple:
            (item, _) = typing.get_args(hint)
            array: dict[str, Any] = {"type": "array", "items": self._item(item, one)}
            if item is str:
                array.update(_counts(a))
            if one is not None and one.refers.one:
                # one id may stand for a list of one
                return {"anyOf": [self._id(one), array]}
            return array
        if hint is str:
            if one is not None:
                return self._id(one)
            return _text(a)
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if isinstance(hint, type) and (attrs.has(hint) or issubclass(hint, enum.Enum)):
            return self.ref(hint)
        raise TypeError(f"no JSON Schema for {hint!r}")

    def _item(self, item: Any, one: ReferenceField | None) -> dict[str, Any]:
        if typing.get_origin(item) in (typing.Union, types.UnionType):
            return self._union(item, lambda arg: self._item(arg, one))
        if item is str:
            return self._id(one) if one is not None else {"type": "string"}
        if item is Participant:
            # a bare id is the short form of {who: id}
            (who,) = (f for f in reference_fields(Participant) if f.name == "who")
            return {"anyOf": [self._id(who), self.ref(Participant)]}
        return self._value(item, None, None)

    @staticmethod
    def _union(hint: Any, schema: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        """Any one of a union's types; ``None`` among them is ``null`` in files."""
        args = typing.get_args(hint)
        options: list[dict[str, Any]] = []
        for arg in args:
            one: dict[str, Any] = {"type": "null"} if arg is type(None) else schema(arg)
            nested: list[dict[str, Any]] = one["anyOf"] if list(one) == ["anyOf"] else [one]
            for option in nested:
                if option not in options:
                    options.append(option)
        return options[0] if len(options) == 1 else {"anyOf": options}

    def _id(self, one: ReferenceField) -> dict[str, Any]:
        if one.audience:
            return {"anyOf": [dict(_ID), {"const": AUDIENCE}]}
        return dict(_ID)

    def _one_key(self, base: type, declared: Mapping[str, Any], what: str) -> dict[str, Any]:
        """One key, the kind, holding its record or short form: effects and expectations."""
        kinds = []
        for key, cls in declared.items():
            long_form = self.ref(cls)
            value: dict[str, Any] = long_form
            if cls.short is not None:
                short = attrs.fields_dict(cls)[cls.short]
                one = next((f for f in reference_fields(cls) if f.name == cls.short), None)
                hint = typing.get_type_hints(cls)[cls.short]
                value = {"anyOf": [self._value(hint, short, one), long_form]}
            else:
                value = {"allOf": [long_form]}
            kinds.append(
                {
                    "type": "object",
                    "description": _summary(cls),
                    "properties": {key: {"description": _summary(cls), **value}},
                    "required": [key],
                    "additionalProperties": False,
                }
            )
        return {"description": _summary(base) + f" One key: the {what}.", "oneOf": kinds}


def _text(a: attrs.Attribute[Any] | None) -> dict[str, Any]:
    """The schema for a text field, by what its own validator refuses (read off by trying)."""
    if a is not None and "pattern" in a.metadata:
        # a form the model states for schemas: dates and durations
        return {"type": "string", "pattern": a.metadata["pattern"]}
    if a is None or field_check(a) is None or not _accepts(a, "x"):
        return {"type": "string"}
    if not _accepts(a, "a b"):
        return dict(_ID)
    if not _accepts(a, " "):
        return dict(_TEXT_NOT_BLANK)
    return {"type": "string"}


def _counts(a: attrs.Attribute[Any] | None) -> dict[str, int]:
    """How many items a list field's own validator allows, read off the model by trying."""
    if a is None or field_check(a) is None:
        return {}

    def ids(count: int) -> tuple[str, ...]:
        return tuple(f"x{n}" for n in range(count))

    low = next((n for n in range(3) if _accepts(a, ids(n))), None)
    if low is None:
        return {}
    counts = {"minItems": low} if low else {}
    if not _accepts(a, ids(low + 1)):
        counts["maxItems"] = low
    return counts


def _accepts(a: attrs.Attribute[Any], value: object) -> bool:
    validator: Any = field_check(a)
    try:
        validator(None, a, value)
    except (TypeError, ValueError):
        return False
    return True


def _event_short_forms(definition: dict[str, Any]) -> None:
    """``agent: ID`` is short for ``agents: [ID]``; the two are never given together."""
    properties = definition["properties"]
    agents = properties["agents"]
    properties["agent"] = {
        "description": "One agent: short for agents with a single id.",
        **agents["items"],
    }
    definition["not"] = {"required": ["agent", "agents"]}
    # a year alone may be written as a number (date: 1872), as the loader reads it
    date = properties["date"]
    date["anyOf"] = [*date["anyOf"], {"type": "integer"}]
    # shown after one event or before one, not both
    anchors = [key for key in properties if key.startswith("shown_")]
    definition["allOf"] = [{"not": {"required": anchors}}]


@functools.cache
def plot_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a plot file, as plain data.

    Returns:
        The schema; every key has a description taken from the model's docs.
    """
    builder = _Builder()
    builder.ref(Plot)
    definitions = builder.definitions
    plot = definitions.pop("Plot")
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": f"plotmodel plot file, format {FORMAT_VERSION}",
        **plot,
        "definitions": dict(sorted(definitions.items())),
    }


def schema_text() -> str:
    """The schema as the JSON text ``plotmodel schema`` prints and the repository keeps."""
    return json.dumps(plot_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
