"""The JSON Schema for editors: generated from the model, kept in the repository, true to loading.

Each test checks the schema with the ``jsonschema`` package, the validator
editors' language servers follow: the schema is a valid draft-07 schema, every
example plot passes it, and files the loader refuses for their shape fail it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from plotmodel import loads
from plotmodel.model import EFFECT_KINDS
from plotmodel.schema import plot_schema, schema_text
from plotmodel.strategies import mutated_documents, plot_documents

ROOT = Path(__file__).resolve().parent.parent
KEPT = ROOT / "schema" / "plotmodel.schema.json"
VALIDATOR = jsonschema.Draft7Validator(plot_schema())

# What the loader finds in a file's shape; a schema sees the same things.
SHAPE_CODES = frozenset({"PM003", "PM004", "PM005", "PM007", "PM013", "PM014", "PM016"})

EXAMPLES = sorted(
    p
    for folder in (ROOT / "examples", ROOT / "tests" / "data")
    for p in folder.rglob("*")
    if p.suffix in {".yaml", ".yml", ".json"}
)


class _Yaml12(yaml.SafeLoader):
    """YAML as editors' language servers read it (YAML 1.2): a date is text, not a timestamp."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml(text: str) -> object:
    return yaml.load(text, Loader=_Yaml12)


def _valid(document: object) -> bool:
    return VALIDATOR.is_valid(document)


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    jsonschema.Draft7Validator.check_schema(plot_schema())
    assert plot_schema()["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_the_kept_copy_is_the_generated_schema() -> None:
    """Regenerate it with ``plotmodel schema > schema/plotmodel.schema.json``."""
    assert KEPT.read_text(encoding="utf-8") == schema_text()


def _properties(node: object, path: str = "$") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            if key != "properties":
                yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _properties(item, path)


def test_every_key_has_a_description() -> None:
    keys = list(_properties(plot_schema()))
    assert len(keys) > 100
    assert [path for path, value in keys if not value.get("description")] == []


def test_every_definition_has_a_description() -> None:
    definitions = plot_schema()["definitions"]
    assert [name for name, one in definitions.items() if not one.get("description")] == []


def test_every_effect_kind_is_in_the_schema_with_its_short_form() -> None:
    kinds = {
        key: option["properties"][key]
        for option in plot_schema()["definitions"]["Effect"]["oneOf"]
        for key in option["properties"]
    }
    assert list(kinds) == list(EFFECT_KINDS)
    for key, cls in EFFECT_KINDS.items():
        assert ("anyOf" in kinds[key]) is (cls.short is not None), key
        assert kinds[key].get("description")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_plot_that_loads_soundly_passes_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loaded = loads(text, format="json" if path.suffix == ".json" else "yaml")
    shape = {d.code for d in loaded.diagnostics} & SHAPE_CODES
    document = json.loads(text) if path.suffix == ".json" else _yaml(text)
    assert _valid(document) is (not shape), (shape, list(VALIDATOR.iter_errors(document))[:3])


def test_the_example_plots_pass_the_schema() -> None:
    examples = [p for p in EXAMPLES if "examples" in p.parts]
    assert examples
    for path in examples:
        VALIDATOR.validate(_yaml(path.read_text(encoding="utf-8")))


SHAPE_MISTAKES = {
    "a number for a name": "characters: [{id: lino, name: 12}]",
    "an unknown key": "characters: [{id: lino, name: Lino, colour: red}]",
    "a missing name": "characters: [{id: lino}]",
    "an id with a space": "characters: [{id: l ino, name: Lino}]",
    "a blank name": "characters: [{id: lino, name: ' '}]",
    "an unknown certainty": "characters: [{id: lino, name: Lino, certainty: sure}]",
    "a bare string for a list": "characters: [{id: lino, name: Lino, groups: crew}]",
    "an unknown effect": "events: [{id: e, name: E, effects: [{vanishes: lino}]}]",
    "an effect with two kinds": "events: [{id: e, name: E, effects: [{dies: a, returns: a}]}]",
    "a long form without its key": "events: [{id: e, name: E, effects: [{dies: {by: a}}]}]",
    "no short form for moves": "events: [{id: e, name: E, effects: [{moves: lino}]}]",
    "agent and agents": "events: [{id: e, name: E, agent: a, agents: [b]}]",
    "both screen anchors": "events: [{id: e, name: E, shown_after: a, shown_before: b}]",
    "a reveal to no one": "events: [{id: e, name: E, effects: [{reveal: {fact: f, to: []}}]}]",
    "three in a relationship": "relationships: [{id: r, kind: k, between: [a, b, c]}]",
    "an unknown top key": "villains: []",
    "a participant as a number": "events: [{id: e, name: E, participants: [3]}]",
}


@pytest.mark.parametrize("line", SHAPE_MISTAKES.values(), ids=SHAPE_MISTAKES)
def test_a_file_the_loader_refuses_for_its_shape_fails_the_schema(line: str) -> None:
    text = f"plotmodel: 1\ntitle: T\n{line}\n"
    assert {d.code for d in loads(text).diagnostics} & SHAPE_CODES
    assert not _valid(yaml.safe_load(text))


def test_a_missing_or_unknown_version_fails_the_schema() -> None:
    assert not _valid({"title": "T"})
    assert not _valid({"plotmodel": 2, "title": "T"})
    assert not _valid({"plotmodel": True, "title": "T"})
    assert not _valid(["plotmodel", 1])


@given(document=plot_documents())
def test_every_generated_plot_passes_the_schema(document: dict[str, Any]) -> None:
    VALIDATOR.validate(document)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(document=mutated_documents())
def test_the_schema_and_the_loader_agree_on_the_shape_of_any_document(document: Any) -> None:
    text = json.dumps(document, ensure_ascii=False)
    loaded = loads(text, format="json")
    shape = {d.code for d in loaded.diagnostics} & SHAPE_CODES
    assert _valid(json.loads(text)) is (not shape), shape


def test_a_schema_key_and_the_yaml_language_server_comment_are_accepted() -> None:
    with_key = loads('{"$schema": "plotmodel.schema.json", "plotmodel": 1, "title": "T"}')
    assert with_key.ok
    assert with_key.require().schema == "plotmodel.schema.json"
    comment = "# yaml-language-server: $schema=../schema/plotmodel.schema.json\n"
    assert loads(comment + "plotmodel: 1\ntitle: T\n").ok


def test_the_editor_settings_shown_are_valid_and_name_the_kept_schema() -> None:
    # the page's part about the schema, after the language server's
    page = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    _, page = page.split("\n## The JSON Schema", 1)
    blocks = re.findall(r"```(\w+)\n(.*?)```", page, re.DOTALL)
    settings = [json.loads(text) for language, text in blocks if language == "json"]
    assert len(settings) == 2
    vscode = settings[1]
    (kept,) = vscode["yaml.schemas"]
    assert (ROOT / kept).resolve() == KEPT
    assert vscode["json.schemas"][0]["url"] == kept
    example = next(text for language, text in blocks if language == "yaml")
    assert example.startswith("# yaml-language-server: $schema=../schema/plotmodel.schema.json\n")
    assert loads(example).ok
    assert loads(blocks[[b[0] for b in blocks].index("json")][1], format="json").ok
    lua = next(text for language, text in blocks if language == "lua")
    assert "/schema/plotmodel.schema.json" in lua


@pytest.mark.parametrize(
    "date",
    [
        "2019",
        "2019-05",
        "2019-05-14",
        "2019-05-14T21:30",
        "2019-05-14T21:30:15+02:00",
        "1872Z",
        "",
        "0000",
        "2019-13",
        "2019-05-14T24:00",
        "2019-05-14 21:30",
        "2019-05-14T21",
        "19",
    ],
)
def test_the_schema_takes_the_dates_the_loader_takes(date: str) -> None:
    text = f"plotmodel: 1\ntitle: T\nevents:\n  - {{id: e, name: E, date: '{date}'}}\n"
    assert _valid(_yaml(text)) is loads(text).ok, date


@pytest.mark.parametrize(
    "duration", ["PT2H", "P3D", "P1DT6H30M", "P2W", "PT1H30M", "", "P", "PT", "P1DT", "P1Y", "2h"]
)
def test_the_schema_takes_the_durations_the_loader_takes(duration: str) -> None:
    text = f"plotmodel: 1\ntitle: T\nevents:\n  - {{id: e, name: E, duration: '{duration}'}}\n"
    assert _valid(_yaml(text)) is loads(text).ok, duration
