"""The language server, driven over stdio by a real LSP client (pytest-lsp), as an editor drives it.

One server runs for the module (``client``), with a short debounce; the
debounce test starts its own with a long one. Each test opens documents of
its own. Nothing here calls a handler: every answer crosses the protocol,
and pytest-lsp checks each against the client's declared capabilities.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from collections.abc import AsyncIterator, Sequence
from itertools import count, pairwise
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import yaml
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES

from plotmodel.checking import check
from plotmodel.loading import loads
from plotmodel.model import Appearance

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "examples" / "lost_bullet" / "broken"
LOST_BULLET = (ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml").read_text(encoding="utf-8")
DEAD_QUENTIN = (BROKEN / "dead-quentin-acts.yaml").read_text(encoding="utf-8")
TYPO = (BROKEN / "typo-in-id.yaml").read_text(encoding="utf-8")

# A waiting test gives up after this many seconds: a hang fails instead of blocking the suite.
PATIENCE = 15.0

SMALL = """\
plotmodel: 1
title: Small
characters:
  - {id: lino, name: Lino}
  - id: charas
    name: Charas
    groups: [brigade]
    at: hq
groups:
  - {id: brigade, name: the brigade}
places:
  - {id: hq, name: headquarters}
things:
  - {id: car, name: the car, held_by: lino}
facts:
  - {id: car-found, name: the car is found, established_by: drive}
events:
  - id: drive
    name: Lino drives the car to headquarters
    agents: [lino]
    place: hq
    participants: [car]
    effects:
      - moves: {who: car, to: hq}
      - reveal: {fact: car-found, to: [charas, audience], by: lino}
  - id: crash
    name: Charas dies in a crash
    agent: charas
    effects: [{dies: charas}]
"""

pytestmark = pytest.mark.asyncio(loop_scope="module")


class Client(LanguageClient):
    """pytest-lsp's client, keeping every diagnostics notification with its version."""

    published: list[lsp.PublishDiagnosticsParams]

    def published_for(self, uri: str) -> list[lsp.PublishDiagnosticsParams]:
        return [one for one in self.published if one.uri == uri]


def _record(client: Client, params: lsp.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _client() -> Client:
    client = Client(converter_factory=default_converter)
    client.published = []
    features: dict[str, Any] = {**DEFAULT_CLIENT_FEATURES}
    features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record
    for method, handler in features.items():
        client.feature(method)(handler)
    return client


async def _start(
    cache: Path,
    debounce: float,
    encoding: lsp.PositionEncodingKind = lsp.PositionEncodingKind.Utf16,
    **options: object,
) -> Client:
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "plotmodel", "lsp"],
        client_factory=_client,
        server_env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    client = await config.start()
    assert isinstance(client, Client)
    capabilities = client_capabilities("neovim")
    assert capabilities.general is not None
    capabilities.general.position_encodings = [encoding]
    started = await client.initialize_session(
        lsp.InitializeParams(
            capabilities=capabilities, initialization_options={"debounce": debounce, **options}
        )
    )
    assert started.capabilities.position_encoding == encoding
    return client


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Client]:
    started = await _start(tmp_path_factory.mktemp("cache"), debounce=0.05)
    yield started
    await started.shutdown_session()
    await started.stop()


_numbers = count()


def _open(client: Client, text: str, suffix: str = ".yaml", language: str = "yaml") -> str:
    uri = (ROOT / "tests" / "data" / "lsp" / f"document-{next(_numbers)}{suffix}").as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri


def _change(client: Client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def _diagnostics(client: Client, uri: str, version: int = 1) -> Sequence[lsp.Diagnostic]:
    """The diagnostics published for ``uri`` at ``version``, once they come."""

    async def published() -> Sequence[lsp.Diagnostic]:
        while True:
            for one in client.published_for(uri):
                if one.version == version:
                    return one.diagnostics
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(published(), PATIENCE)


def _at(text: str, needle: str, offset: int = 0, nth: int = 0) -> lsp.Position:
    """The position of the ``nth`` ``needle`` in ``text`` (plus ``offset`` characters)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += offset
    return lsp.Position(line=text.count("\n", 0, at), character=at - (text.rfind("\n", 0, at) + 1))


def _document(uri: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=uri)


def _apply(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    """``text`` with the edits applied, as an editor applies them (UTF-16 columns)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: lsp.Position) -> int:
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for column, character in enumerate(line):
            if units >= position.character:
                return starts[position.line] + column
            units += 2 if ord(character) > 0xFFFF else 1
        return starts[min(position.line, len(lines))] + len(line.rstrip("\r\n"))

    spans = sorted((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits)
    for (_, end, _), (start, _, _) in pairwise(spans):
        assert end <= start, "edits overlap"
    for start, end, new in reversed(spans):
        text = text[:start] + new + text[end:]
    return text


def _expected_place(file: str, code: str) -> tuple[int, int]:
    """The line and column examples/lost_bullet/broken/expected.txt gives for a finding."""
    for line in (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines():
        where, _, found = line.partition(": ")
        if where.startswith(f"examples/lost_bullet/broken/{file}:") and found == code:
            _, number, column = where.rsplit(":", 2)
            return int(number), int(column)
    raise AssertionError(f"{code} is not expected in {file}")


def _text_at(text: str, where: lsp.Range) -> str:
    assert where.start.line == where.end.line
    return text.splitlines()[where.start.line][where.start.character : where.end.character]


def _codes(text: str) -> list[str]:
    """The codes `plotmodel.check` reports for a text, silenced findings left out."""
    return [d.code for d in check(loads(text)) if d.silenced is None and d.code[:3] != "PM8"]


# -- diagnostics ---------------------------------------------------------------


async def test_diagnostics_on_open_have_range_code_rule_page_and_related_places(
    client: Client,
) -> None:
    uri = _open(client, DEAD_QUENTIN)
    found = await _diagnostics(client, uri)
    [death] = [d for d in found if d.code == "PM301"]
    assert death.severity == lsp.DiagnosticSeverity.Error
    assert death.source == "plotmodel"
    assert death.message == "'quentin' acts in 'car-armoured' after dying in 'quentin-dies'"
    # where examples/lost_bullet/broken/expected.txt says, 1-based there, and the id itself
    line, column = _expected_place("dead-quentin-acts.yaml", "PM301")
    assert (death.range.start.line, death.range.start.character) == (line - 1, column - 1)
    assert _text_at(DEAD_QUENTIN, death.range) == "quentin"
    [where_he_died] = death.related_information or []
    assert where_he_died.message == "'quentin' dies here"
    assert where_he_died.location.uri == uri
    assert _text_at(DEAD_QUENTIN, where_he_died.location.range) == "dies"
    assert death.code_description is not None
    page, anchor = death.code_description.href.split("#")
    assert anchor == "pm301"
    assert "### PM301" in Path(page.removeprefix("file://")).read_text(encoding="utf-8")
    # the open threads of the film are findings too, as info
    assert {d.code for d in found} == {"PM301", "PM802"}


async def test_diagnostics_on_change_follow_the_text(client: Client) -> None:
    uri = _open(client, SMALL)
    assert list(await _diagnostics(client, uri)) == []
    broken = SMALL.replace("agents: [lino]", "agents: [lino, charass]")
    _change(client, uri, 2, broken)
    [typo] = await _diagnostics(client, uri, 2)
    assert typo.code == "PM102"
    assert "did you mean 'charas'?" in typo.message
    assert _text_at(broken, typo.range) == "charass"
    _change(client, uri, 3, SMALL)
    assert list(await _diagnostics(client, uri, 3)) == []


async def test_a_file_that_is_not_yet_yaml_is_a_located_finding(client: Client) -> None:
    half_written = SMALL.replace("agents: [lino]", "agents: [lino")
    uri = _open(client, half_written)
    [syntax] = await _diagnostics(client, uri)
    assert syntax.code == "PM009"
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=_document(uri), position=_at(half_written, "lino", 1))
    )
    assert hover is None


async def test_rechecking_waits_for_the_writer_to_pause(tmp_path: Path) -> None:
    client = await _start(tmp_path, debounce=30)
    try:
        uri = _open(client, SMALL)
        assert list(await _diagnostics(client, uri)) == []
        for version in range(2, 7):
            _change(client, uri, version, SMALL.replace("[lino]", "[lino, x" + "x" * version + "]"))
        # a request is answered after the changes before it: the server has them all
        await client.text_document_hover_async(
            lsp.HoverParams(text_document=_document(uri), position=_at(SMALL, "lino"))
        )
        assert [one.version for one in client.published_for(uri)] == [1]
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=_document(uri)))
        [typo] = await _diagnostics(client, uri, 6)
        assert "'xxxxxxx'" in typo.message
        assert [one.version for one in client.published_for(uri)] == [1, 6]
    finally:
        await client.shutdown_session()
        await client.stop()


async def test_other_yaml_files_can_be_left_alone(tmp_path: Path) -> None:
    client = await _start(tmp_path, debounce=0.05, plotFilesOnly=True)
    try:
        compose = "services:\n  web:\n    image: nginx\n"
        other = _open(client, compose)
        assert list(await _diagnostics(client, other)) == []
        hover = await client.text_document_hover_async(
            lsp.HoverParams(text_document=_document(other), position=_at(compose, "web"))
        )
        assert hover is None
        plot = _open(client, DEAD_QUENTIN)
        assert "PM301" in {d.code for d in await _diagnostics(client, plot)}
    finally:
        await client.shutdown_session()
        await client.stop()


# -- hover -----------------------------------------------------------------------


async def _hover(client: Client, uri: str, position: lsp.Position) -> str:
    found = await client.text_document_hover_async(
        lsp.HoverParams(text_document=_document(uri), position=position)
    )
    assert found is not None
    assert isinstance(found.contents, lsp.MarkupContent)
    assert found.contents.kind == lsp.MarkupKind.Markdown
    return found.contents.value


async def test_hover_on_an_id_says_what_it_names(client: Client) -> None:
    uri = _open(client, LOST_BULLET)
    text = await _hover(client, uri, _at(LOST_BULLET, "agent: lino", len("agent: l")))
    assert text.startswith("**character** `lino`: Lino")
    assert "A gifted mechanic" in text


async def test_hover_on_an_event_shows_the_state_just_before_it(client: Client) -> None:
    uri = _open(client, DEAD_QUENTIN)
    text = await _hover(client, uri, _at(DEAD_QUENTIN, "id: car-armoured", len("id: ")))
    assert text.startswith("**event** `car-armoured`")
    assert "**Just before it:**" in text
    assert "- **Quentin** (`quentin`): dead (since `quentin-dies`)" in text
    [lino] = [line for line in text.splitlines() if line.startswith("- **Lino**")]
    assert "alive" in lino
    assert "believes" in lino


async def test_hover_shows_holders_places_and_beliefs(client: Client) -> None:
    uri = _open(client, SMALL)
    text = await _hover(client, uri, _at(SMALL, "id: crash", len("id: ")))
    assert "- **Charas** (`charas`): alive; at headquarters; believes the car is found" in text
    text = await _hover(client, uri, _at(SMALL, "id: drive", len("id: ")))
    assert "- **Lino** (`lino`): alive; holds the car" in text
    assert "- **the car** (`car`): intact; held by Lino" in text


async def test_text_from_the_file_cannot_inject_markup_into_a_hover(client: Client) -> None:
    hostile = SMALL.replace(
        "{id: lino, name: Lino}",
        '{id: lino, name: "[click](https://example.com) <img src=x> **bold** &amp; |a|", '
        'description: "1. heading\\n\\n`code` _x_ ~~y~~"}',
    ).replace("id: crash", "id: cr`a`sh")
    uri = _open(client, hostile)
    text = await _hover(client, uri, _at(hostile, "agents: [lino]", len("agents: [")))
    name = r"\[click\](https://example.com) \<img src=x\> \*\*bold\*\* \&amp; \|a\|"
    assert text.splitlines()[0] == f"**character** `lino`: {name}"
    # the description starts a paragraph: a list marker there is escaped too
    assert text.splitlines()[2] == r"1\. heading \`code\` \_x\_ \~\~y\~\~"
    text = await _hover(client, uri, _at(hostile, "cr`a`sh", 1))
    assert text.startswith("**event** `` cr`a`sh ``: ")


@pytest.mark.parametrize(
    ("encoding", "units"),
    [
        (lsp.PositionEncodingKind.Utf8, 4),
        (lsp.PositionEncodingKind.Utf16, 2),
        (lsp.PositionEncodingKind.Utf32, 1),
    ],
)
async def test_positions_count_the_units_the_client_asked_for(
    tmp_path: Path, encoding: lsp.PositionEncodingKind, units: int
) -> None:
    wide = SMALL.replace(
        "  - id: crash\n",
        '  - {id: chase, name: "\U0001f697\U0001f4a8 chase", agents: [lino]}\n  - id: crash\n',
    )
    client = await _start(tmp_path, debounce=0.05, encoding=encoding)
    try:
        uri = _open(client, wide)
        line = wide.splitlines()[_at(wide, "agents: [lino]}").line]
        # two characters beyond the first plane stand before the id
        character = line.index("lino") + 2 * (units - 1)
        for inside in (0, 3):
            where = lsp.Position(
                line=_at(wide, "agents: [lino]}").line, character=character + inside
            )
            found = await client.text_document_hover_async(
                lsp.HoverParams(text_document=_document(uri), position=where)
            )
            assert found is not None
            assert found.range is not None
            assert found.range.start.character == character
            assert found.range.end.character == character + 4
        [symbols] = [
            s
            for s in await client.text_document_document_symbol_async(
                lsp.DocumentSymbolParams(text_document=_document(uri))
            )
            or ()
            if isinstance(s, lsp.DocumentSymbol) and s.name == "events"
        ]
        [chase] = [e for e in symbols.children or () if e.detail == "chase"]
        ends = {4: len(line.encode("utf-8")), 2: len(line.encode("utf-16-le")) // 2, 1: len(line)}
        assert chase.range.end.character == ends[units]
    finally:
        await client.shutdown_session()
        await client.stop()


# -- definition and references ---------------------------------------------------


async def test_go_to_definition_of_every_kind_of_reference(client: Client) -> None:
    uri = _open(client, SMALL)
    for needle, offset, defined in [
        ("agents: [lino]", 10, "{id: lino"),
        ("place: hq", 8, "{id: hq"),
        ("participants: [car]", 16, "{id: car,"),
        ("fact: car-found", 7, "{id: car-found"),
        ("to: [charas", 6, "id: charas"),
        ("{dies: charas}", 8, "id: charas"),
    ]:
        found = await client.text_document_definition_async(
            lsp.DefinitionParams(text_document=_document(uri), position=_at(SMALL, needle, offset))
        )
        assert isinstance(found, lsp.Location), needle
        target = _at(SMALL, defined, defined.index("id: ") + 4)
        assert found.range.start == target, needle


async def test_find_references_lists_every_use(client: Client) -> None:
    uri = _open(client, SMALL)
    found = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=_document(uri),
            position=_at(SMALL, "id: charas", 5),
            context=lsp.ReferenceContext(include_declaration=True),
        )
    )
    assert found is not None
    lines = SMALL.splitlines()
    used = [(r.range.start.line, _text_at(SMALL, r.range)) for r in found]
    expected = [(n, "charas") for n, line in enumerate(lines) for _ in range(line.count("charas"))]
    assert sorted(used) == expected
    without = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=_document(uri),
            position=_at(SMALL, "agent: charas", 8),
            context=lsp.ReferenceContext(include_declaration=False),
        )
    )
    assert without is not None
    assert len(without) == len(found) - 1


async def test_references_in_the_film_are_each_the_id_itself(client: Client) -> None:
    uri = _open(client, LOST_BULLET)
    found = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=_document(uri),
            position=_at(LOST_BULLET, "id: charas-car", 5),
            context=lsp.ReferenceContext(include_declaration=True),
        )
    )
    assert found is not None
    assert len(found) > 10
    assert {_text_at(LOST_BULLET, r.range) for r in found} == {"charas-car"}


# -- completion --------------------------------------------------------------------


async def _complete(client: Client, uri: str, position: lsp.Position) -> list[lsp.CompletionItem]:
    found = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=_document(uri), position=position)
    )
    if found is None:
        return []
    return list(found.items if isinstance(found, lsp.CompletionList) else found)


async def test_completion_offers_only_the_kinds_a_field_accepts(client: Client) -> None:
    cases = [
        ("agents: [lino]", "agents: [lino, ]", "agents: [lino, ", {"lino", "charas", "brigade"}),
        ("place: hq", "place: ", "place: ", {"hq", "car"}),  # a scene may be in a car
        (
            "participants: [car]",
            "participants: [c]",
            "participants: [c",
            {"lino", "charas", "brigade", "car"},
        ),
        (
            "to: [charas, audience]",
            "to: [charas, ]",
            "to: [charas, ",
            {"lino", "charas", "brigade", "audience"},
        ),
        ("{dies: charas}", "{dies: }", "{dies: ", {"lino", "charas", "brigade"}),
        ("fact: car-found", "fact: ", "fact: ", {"car-found"}),
    ]
    for old, new, before, expected in cases:
        edited = SMALL.replace(old, new)
        uri = _open(client, edited)
        items = await _complete(client, uri, _at(edited, before, len(before)))
        assert {item.label for item in items} == expected, new


async def test_a_completion_replaces_the_word_typed(client: Client) -> None:
    edited = SMALL.replace("agents: [lino]", "agents: [ch]")
    uri = _open(client, edited)
    items = await _complete(client, uri, _at(edited, "[ch]", 3))
    [charas] = [item for item in items if item.label == "charas"]
    assert charas.detail == "character: Charas"
    assert isinstance(charas.text_edit, lsp.TextEdit)
    assert _apply(edited, [charas.text_edit]) == SMALL.replace("agents: [lino]", "agents: [charas]")


async def test_completion_of_keys_from_the_format(client: Client) -> None:
    edited = SMALL.replace("    place: hq\n", "    place: hq\n    \n")
    uri = _open(client, edited)
    items = await _complete(
        client, uri, _at(edited, "    place: hq\n    ", len("    place: hq\n    "))
    )
    labels = [item.label for item in items]
    assert "mentions" in labels
    assert "causes" in labels
    assert "time" in labels
    assert not {"id", "name", "agents", "agent", "place", "effects"} & set(labels)
    [mentions] = [item for item in items if item.label == "mentions"]
    assert isinstance(mentions.text_edit, lsp.TextEdit)
    assert mentions.text_edit.new_text == "mentions: "
    effects = SMALL.replace(
        "      - moves: {who: car, to: hq}\n", "      - \n      - moves: {who: car, to: hq}\n"
    )
    uri = _open(client, effects)
    items = await _complete(client, uri, _at(effects, "      - \n", 8))
    assert {item.label for item in items} >= {"dies", "moves", "reveal", "hands_over"}
    appears = SMALL.replace("participants: [car]", "participants: [{who: car, appears: }]")
    uri = _open(client, appears)
    items = await _complete(client, uri, _at(appears, "appears: ", 9))
    assert {item.label for item in items} == {one.value for one in Appearance}


async def test_no_completion_inside_prose(client: Client) -> None:
    uri = _open(client, SMALL)
    assert await _complete(client, uri, _at(SMALL, "drives the car", 7)) == []


# -- rename ------------------------------------------------------------------------


async def test_rename_an_id_across_the_file(client: Client) -> None:
    uri = _open(client, DEAD_QUENTIN)
    position = _at(DEAD_QUENTIN, "agents: [lino, quentin]", len("agents: [lino, q"))
    ready = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(text_document=_document(uri), position=position)
    )
    assert isinstance(ready, lsp.Range)
    assert _text_at(DEAD_QUENTIN, ready) == "quentin"
    renamed = await client.text_document_rename_async(
        lsp.RenameParams(text_document=_document(uri), position=position, new_name="q-brother")
    )
    assert renamed is not None
    assert renamed.changes is not None
    edits = renamed.changes[uri]
    after = _apply(DEAD_QUENTIN, edits)
    plot = loads(after).plot
    assert plot is not None
    ids = {one.id for _, elements in plot.elements() for one in elements}
    assert "q-brother" in ids
    assert "quentin" not in ids
    assert len(edits) == len(re.findall(r"(?<![\w-])quentin(?![\w-])", DEAD_QUENTIN))
    # the same findings, now naming the new id
    before = [d for d in check(loads(DEAD_QUENTIN)) if d.silenced is None]
    now = [d for d in check(loads(after)) if d.silenced is None]
    assert [d.code for d in now] == [d.code for d in before]
    assert [d.message.replace("q-brother", "quentin") for d in now] == [d.message for d in before]


async def test_rename_refuses_an_id_already_taken(client: Client) -> None:
    uri = _open(client, SMALL)
    with pytest.raises(Exception, match="'hq' is already the id of a place"):
        await client.text_document_rename_async(
            lsp.RenameParams(
                text_document=_document(uri), position=_at(SMALL, "id: lino", 5), new_name="hq"
            )
        )
    with pytest.raises(Exception, match="not an id"):
        await client.text_document_rename_async(
            lsp.RenameParams(
                text_document=_document(uri),
                position=_at(SMALL, "id: lino", 5),
                new_name="two words",
            )
        )


async def test_nothing_to_rename_outside_an_id(client: Client) -> None:
    uri = _open(client, SMALL)
    ready = await client.text_document_prepare_rename_async(
        lsp.PrepareRenameParams(
            text_document=_document(uri), position=_at(SMALL, "drives the car", 3)
        )
    )
    assert ready is None


async def test_rename_writes_an_id_yaml_would_misread_as_quoted_text(client: Client) -> None:
    uri = _open(client, SMALL)
    renamed = await client.text_document_rename_async(
        lsp.RenameParams(
            text_document=_document(uri), position=_at(SMALL, "id: hq", 5), new_name="yes"
        )
    )
    assert renamed is not None
    assert renamed.changes is not None
    after = _apply(SMALL, renamed.changes[uri])
    assert 'place: "yes"' in after
    assert _codes(after) == []


# -- code actions ------------------------------------------------------------------


async def _fixes(client: Client, uri: str, diagnostic: lsp.Diagnostic) -> list[lsp.CodeAction]:
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=_document(uri),
            range=diagnostic.range,
            context=lsp.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    return [one for one in found or () if isinstance(one, lsp.CodeAction)]


def _edits(action: lsp.CodeAction, uri: str) -> list[lsp.TextEdit]:
    assert action.edit is not None
    assert action.edit.document_changes is not None
    [change] = action.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    assert change.text_document.uri == uri
    return [e for e in change.edits if isinstance(e, lsp.TextEdit)]


async def test_code_action_applies_the_did_you_mean_fix(client: Client) -> None:
    uri = _open(client, TYPO)
    [typo] = [d for d in await _diagnostics(client, uri) if d.code == "PM102"]
    actions = await _fixes(client, uri, typo)
    [fix] = [a for a in actions if a.title == "replace 'aresky' with 'areski'"]
    assert fix.kind == lsp.CodeActionKind.QuickFix
    assert fix.is_preferred
    after = _apply(TYPO, _edits(fix, uri))
    assert "PM102" not in _codes(after)
    assert _codes(after) == []


async def test_code_action_adds_a_silence_with_a_reason_to_write(client: Client) -> None:
    uri = _open(client, DEAD_QUENTIN)
    [death] = [d for d in await _diagnostics(client, uri) if d.code == "PM301"]
    actions = await _fixes(client, uri, death)
    [fix] = [a for a in actions if a.title.startswith("silence PM301")]
    assert fix.title == "silence PM301 on 'car-armoured' (then say why)"
    after = _apply(DEAD_QUENTIN, _edits(fix, uri))
    silenced = [d for d in check(loads(after)) if d.code == "PM301"]
    assert [d.silenced for d in silenced] == ["no reason given"]
    # the empty reason is the placeholder: it is reported until it is written
    assert _codes(after) == ["PM901"]
    _change(client, uri, 2, after)
    assert [d.code for d in await _diagnostics(client, uri, 2) if d.code != "PM802"] == ["PM901"]


async def test_code_action_turns_acting_after_death_into_a_memory(client: Client) -> None:
    uri = _open(client, DEAD_QUENTIN)
    [death] = [d for d in await _diagnostics(client, uri) if d.code == "PM301"]
    actions = await _fixes(client, uri, death)
    [fix] = [a for a in actions if "memory" in a.title]
    assert fix.title == "show 'quentin' as a memory in 'car-armoured'"
    after = _apply(DEAD_QUENTIN, _edits(fix, uri))
    assert _codes(after) == []
    plot = loads(after).plot
    assert plot is not None
    [event] = [e for e in plot.events if e.id == "car-armoured"]
    assert "quentin" not in event.agents
    assert [(p.who, p.appears.value) for p in event.participants if p.who == "quentin"] == [
        ("quentin", "memory")
    ]


async def test_code_actions_on_a_json_plot_write_json(client: Client) -> None:
    data = yaml.safe_load(DEAD_QUENTIN)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    uri = _open(client, text, suffix=".json", language="json")
    [death] = [d for d in await _diagnostics(client, uri) if d.code == "PM301"]
    for action in await _fixes(client, uri, death):
        after = _apply(text, _edits(action, uri))
        json.loads(after)
        assert "PM301" not in _codes_json(after), action.title


def _codes_json(text: str) -> list[str]:
    return [
        d.code
        for d in check(loads(text, format="json"))
        if d.silenced is None and d.code[:3] != "PM8"
    ]


# -- the outline -------------------------------------------------------------------


async def test_document_symbols_outline_the_plot(client: Client) -> None:
    uri = _open(client, LOST_BULLET)
    found = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=_document(uri))
    )
    assert found is not None
    sections = {s.name: s for s in found if isinstance(s, lsp.DocumentSymbol)}
    assert {"characters", "places", "things", "events"} <= set(sections)
    plot = loads(LOST_BULLET).plot
    assert plot is not None
    events = sections["events"].children or []
    assert [e.detail for e in events] == [e.id for e in plot.events]
    assert [e.name for e in events][:2] == [plot.events[0].name, plot.events[1].name]
    first = events[0]
    assert _text_at(LOST_BULLET, first.selection_range) == plot.events[0].id
    characters = sections["characters"].children or []
    assert [c.name for c in characters][:3] == ["Lino", "Charas", "Quentin"]
