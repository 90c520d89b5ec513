"""The language server: plot holes shown in the editor while the writer types.

``plotmodel lsp`` speaks the Language Server Protocol over standard input
and output, built on pygls. It is a thin layer over the library: every
answer comes from `plotmodel.editing.PlotText` (where ids are written, what
the cursor is on, renames, the outline), `plotmodel.check` (the findings),
`plotmodel.fixes` (quick fixes) and the story state (hovers on events).
This module converts positions (1-based characters here, 0-based code
units of the negotiated encoding there) and renders what the library says.

Re-checking is debounced: a change waits ``debounce`` seconds (0.3 unless the
client's ``initializationOptions`` say otherwise) for the next one, and the
check runs in a worker thread so the editor's requests are still answered.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from plotmodel._text import escape
from plotmodel.checking import check
from plotmodel.config import ConfigError, project_settings
from plotmodel.diagnostics import Diagnostic, Severity
from plotmodel.editing import Occurrence, PlotText, Slot, TextRange
from plotmodel.fixes import fixes
from plotmodel.index import PlotIndex
from plotmodel.model import AUDIENCE, Character, Element, Kind, Plot, Relationship, Thing
from plotmodel.queries import taking_part
from plotmodel.state import story_state

__all__ = ["build_server", "serve"]

#: Seconds a change waits for the next one before the file is checked again.
DEBOUNCE: Final = 0.3

# Completion lists longer than this are cut to what starts with the typed word.
_MANY: Final = 500
# Beliefs listed one by one in a hover before the rest are counted.
_BELIEFS_SHOWN: Final = 6

_SEVERITY: Final = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}

_SYMBOL_KIND: Final = {
    Kind.CHARACTER: lsp.SymbolKind.Class,
    Kind.THING: lsp.SymbolKind.Object,
    Kind.PLACE: lsp.SymbolKind.Namespace,
    Kind.GROUP: lsp.SymbolKind.Struct,
    Kind.RELATIONSHIP: lsp.SymbolKind.Interface,
    Kind.FACT: lsp.SymbolKind.Constant,
    Kind.EVENT: lsp.SymbolKind.Event,
    Kind.THREAD: lsp.SymbolKind.String,
    Kind.SETUP: lsp.SymbolKind.Key,
    Kind.DISCREPANCY: lsp.SymbolKind.Null,
}

_COMPLETION_KIND: Final = {
    Kind.CHARACTER: lsp.CompletionItemKind.Class,
    Kind.THING: lsp.CompletionItemKind.Value,
    Kind.PLACE: lsp.CompletionItemKind.Module,
    Kind.GROUP: lsp.CompletionItemKind.Struct,
    Kind.RELATIONSHIP: lsp.CompletionItemKind.Interface,
    Kind.FACT: lsp.CompletionItemKind.Constant,
    Kind.EVENT: lsp.CompletionItemKind.Event,
    Kind.THREAD: lsp.CompletionItemKind.Text,
    Kind.SETUP: lsp.CompletionItemKind.Reference,
    Kind.DISCREPANCY: lsp.CompletionItemKind.Text,
}


# -- positions -----------------------------------------------------------------


class _Units:
    """Counts characters as the client does: UTF-16 code units unless agreed otherwise."""

    def __init__(self, encoding: lsp.PositionEncodingKind | str) -> None:
        self.encoding = encoding

    def count(self, text: str) -> int:
        if self.encoding == lsp.PositionEncodingKind.Utf32:
            return len(text)
        if self.encoding == lsp.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)

    def to_lsp(self, text: PlotText, line: int, column: int) -> lsp.Position:
        """The client's position of a 1-based line and column in characters."""
        if line < 1:
            return lsp.Position(line=0, character=0)
        return lsp.Position(line=line - 1, character=self.count(text.line_text(line)[: column - 1]))

    def range(self, text: PlotText, where: TextRange) -> lsp.Range:
        return lsp.Range(
            start=self.to_lsp(text, where.line, where.column),
            end=self.to_lsp(text, where.end_line, where.end_column),
        )

    def from_lsp(self, text: PlotText, position: lsp.Position) -> tuple[int, int]:
        """The 1-based line and column in characters of the client's position."""
        line = position.line + 1
        units = 0
        column = 1
        for character in text.line_text(line):
            if units >= position.character:
                break
            units += self.count(character)
            column += 1
        return line, column


# -- rendering -----------------------------------------------------------------

# What can start markup inside a line (emphasis, code, links, HTML, entities, tables,
# strike-through), and what can start a block at the start of a line.
_MARKDOWN_INLINE: Final = re.compile(r"([\\`*_\[\]<>&|~])")
_MARKDOWN_BLOCK: Final = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


class _Writer:
    """Writes hover text as Markdown, with the file's text escaped, or as plain text."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown

    def text(self, value: str) -> str:
        """User text, on one line, unable to form markup or a link."""
        flat = escape(" ".join(value.split()))
        if not self.markdown:
            return flat
        return _MARKDOWN_BLOCK.sub(_escape_block, _MARKDOWN_INLINE.sub(r"\\\1", flat))

    def code(self, value: str) -> str:
        """An id as code: literal whatever it holds."""
        flat = escape(value)
        if not self.markdown:
            return flat
        ticks = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
        return f"{ticks} {flat} {ticks}" if "`" in flat else f"{ticks}{flat}{ticks}"

    def strong(self, value: str) -> str:
        return f"**{self.text(value)}**" if self.markdown else value

    def item(self, value: str) -> str:
        return f"- {value}"


def _escape_block(found: re.Match[str]) -> str:
    r"""A block marker at the start of a line kept as text: ``\#``, ``1\.``."""
    space, marker = found.groups()
    return f"{space}{marker}\\" if marker[0].isdigit() else f"{space}\\{marker}"


def _elements(plot: Plot) -> dict[str, Element | Relationship]:
    found: dict[str, Element | Relationship] = {}
    for _, elements in plot.elements():
        for element in elements:
            found.setdefault(element.id, element)
    return found


def _name(elements: dict[str, Element | Relationship], id_: str) -> str:
    element = elements.get(id_)
    return str(getattr(element, "name", None) or getattr(element, "kind", None) or id_)


def _hover_text(text: PlotText, found: Occurrence, write: _Writer) -> str:
    plot = text.plot
    assert plot is not None
    index = PlotIndex.of(plot)
    kind = index.kind(found.id)
    if kind is None:
        if found.id == AUDIENCE and found.field is not None and found.field.audience:
            return f"{write.code(AUDIENCE)}: the viewers of the film"
        label = found.field.label if found.field is not None else "this field"
        return f"{write.code(found.id)} in {write.text(label)} names nothing in this plot"
    elements = _elements(plot)
    element = elements[found.id]
    lines = [
        f"{write.strong(kind.noun)} {write.code(found.id)}: {write.text(_name(elements, found.id))}"
    ]
    for label in ("description", "note"):
        value = getattr(element, label, None)
        if value:
            lines += ["", write.text(str(value))]
    certainty = getattr(element, "certainty", None)
    if certainty is not None and certainty.value != "stated":
        lines += ["", f"certainty: {write.text(certainty.value)}"]
    if kind is Kind.EVENT:
        lines += _state_before(plot, found.id, elements, write)
    return "\n".join(lines)


def _state_before(
    plot: Plot, event: str, elements: dict[str, Element | Relationship], write: _Writer
) -> list[str]:
    state = story_state(plot)
    who = taking_part(state, event)
    if not who:
        return []
    now = state.at(event)
    lines = ["", "**Just before it:**" if write.markdown else "Just before it:", ""]
    facts = list(state.facts)
    for one in who:
        said: list[str] = []
        element = elements.get(one)
        if isinstance(element, Thing):
            said.append(now.conditions[one].value)
        elif one in now.dead:
            death = state.death(one, now.moment)
            said.append(f"dead (since {write.code(death.event)})" if death else "dead")
        elif isinstance(element, Character):
            said.append("alive, injured" if one in now.injured else "alive")
        custody = now.held.get(one)
        if custody is not None:
            keepers = " and ".join(_name(elements, one) for one in custody.by)
            by = f" by {write.text(keepers)}" if custody.by else ""
            at = f" at {write.text(_name(elements, custody.at))}" if custody.at else ""
            said.append(f"held{by}{at}")
        if one in now.places:
            said.append(f"at {write.text(_name(elements, now.places[one]))}")
        if one in now.holders:
            said.append(f"held by {write.text(_name(elements, now.holders[one]))}")
        held = [write.text(_name(elements, t)) for t, h in now.holders.items() if h == one]
        if held:
            said.append("holds " + ", ".join(held))
        believed = sorted(now.beliefs.get(one, ()), key=facts.index)
        if believed:
            shown = [write.text(_name(elements, f)) for f in believed[:_BELIEFS_SHOWN]]
            more = len(believed) - len(shown)
            said.append("believes " + "; ".join(shown) + (f"; and {more} more" if more else ""))
        label = f"{write.strong(_name(elements, one))} ({write.code(one)})"
        lines.append(write.item(f"{label}: {'; '.join(said) or 'nothing known'}"))
    return lines


# -- rule documentation --------------------------------------------------------


def _rule_pages(template: str | None) -> Callable[[Diagnostic], str | None]:
    """Where each rule's documentation is: the given address, or a page written once."""
    if template:
        return lambda d: template.format(code=d.code, slug=d.rule, anchor=d.code.lower())
    from importlib.metadata import version  # noqa: PLC0415 - read only when a server starts

    from plotmodel.rules import render_docs  # noqa: PLC0415 - as above

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    page = Path(base) / "plotmodel" / f"rules-{version('plotmodel')}.md"
    try:
        if not page.is_file():
            page.parent.mkdir(parents=True, exist_ok=True)
            partial = page.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(render_docs(), encoding="utf-8")
            partial.replace(page)
    except OSError:
        return lambda d: None
    uri = from_fs_path(str(page)) or page.as_uri()
    return lambda d: f"{uri}#{d.code.lower()}"


# -- the server ----------------------------------------------------------------


class _Open:
    """One open document: its latest text, and what was worked out for which version."""

    def __init__(self) -> None:
        self.read: tuple[int, PlotText] | None = None
        self.checked: tuple[int, list[Diagnostic]] | None = None
        self.pending: asyncio.Task[None] | None = None
        self.changes = 0  # how many times the text was opened, changed or saved

    def read_version(self) -> int:
        """The version of the text last loaded."""
        return self.read[0] if self.read is not None else -1


class PlotServer(LanguageServer):
    """The plotmodel language server: one per editor session."""

    def __init__(self) -> None:
        from importlib.metadata import version  # noqa: PLC0415 - slow, read once

        super().__init__(
            "plotmodel",
            version("plotmodel"),
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
        )
        self.debounce = DEBOUNCE
        self.rules_url: str | None = None
        self.plot_files_only = False
        self._pages: Callable[[Diagnostic], str | None] | None = None
        self._open: dict[str, _Open] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plotmodel-check")

    # -- what each document holds ----------------------------------------------

    def units(self) -> _Units:
        """How the client counts characters, as agreed when it started."""
        return _Units(self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16)

    def pages(self) -> Callable[[Diagnostic], str | None]:
        """Where each rule's documentation is, worked out on first use."""
        if self._pages is None:
            self._pages = _rule_pages(self.rules_url)
        return self._pages

    def opened(self, uri: str) -> _Open:
        found = self._open.get(uri)
        if found is None:
            found = self._open[uri] = _Open()
        return found

    def read(self, uri: str) -> PlotText:
        """The current text of a document, loaded (kept until the text changes)."""
        document = self.workspace.get_text_document(uri)
        found = self.opened(uri)
        version = document.version if document.version is not None else 0
        if found.read is None or found.read[0] != version or found.read[1].text != document.source:
            path = to_fs_path(uri) or uri
            is_json = path.lower().endswith(".json") or document.language_id == "json"
            found.read = (
                version,
                PlotText(document.source, file=path, format="json" if is_json else None),
            )
        return found.read[1]

    def ours(self, uri: str) -> PlotText | None:
        """The current text of a document, unless told to leave files that are not plots alone."""
        text = self.read(uri)
        return None if self.plot_files_only and not text.names_the_format else text

    def findings(self, uri: str) -> list[Diagnostic]:
        """The findings for the current text of a document, checked now if not yet."""
        text = self.read(uri)
        found = self.opened(uri)
        if found.checked is None or found.checked[0] != found.read_version():
            found.checked = (found.read_version(), _check(text))
        return found.checked[1]

    # -- checking --------------------------------------------------------------

    def check_soon(self, uri: str, delay: float) -> None:
        """Check the document after ``delay`` seconds unless it changes again before."""
        found = self.opened(uri)
        found.changes += 1
        if found.pending is not None:
            found.pending.cancel()
        found.pending = asyncio.get_running_loop().create_task(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        if uri not in self._open:
            return
        text = self.read(uri)
        found = self._open[uri]
        version = found.read_version()
        if self.plot_files_only and not text.names_the_format:
            self.publish(uri, text, [], version)  # another YAML or JSON file: not ours
            return
        loop = asyncio.get_running_loop()
        try:
            diagnostics = await loop.run_in_executor(self._worker, _check, text)
        except Exception as error:  # the editor shows one line, and the server goes on
            message = str(error).splitlines()[0] if str(error) else ""
            self.window_log_message(
                lsp.LogMessageParams(
                    type=lsp.MessageType.Error,
                    message=f"plotmodel: internal error: {type(error).__name__}: {message}",
                )
            )
            return
        if uri not in self._open or self.read(uri) is not text:
            return  # changed while it was checked: the next check publishes
        found.checked = (version, diagnostics)
        self.publish(uri, text, diagnostics, version)
        # the editor asks next where the cursor is: have the layout ready, unless typing goes on
        changes = found.changes
        await loop.run_in_executor(self._worker, text.prepare, lambda: found.changes != changes)

    def publish(
        self, uri: str, text: PlotText, diagnostics: Sequence[Diagnostic], version: int
    ) -> None:
        units = self.units()
        shown = [self.convert(uri, text, units, d) for d in diagnostics if d.silenced is None]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=shown, version=version)
        )

    def convert(self, uri: str, text: PlotText, units: _Units, found: Diagnostic) -> lsp.Diagnostic:
        """A finding as the protocol writes it, with its range, rule page and related places."""
        where = found.location
        if where is not None and where.line:
            span = units.range(text, text.range_at(where.line, where.column))
        else:
            span = lsp.Range(
                start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0)
            )
        related = [
            lsp.DiagnosticRelatedInformation(
                location=lsp.Location(
                    uri=uri,
                    range=units.range(text, text.range_at(r.location.line, r.location.column)),
                ),
                message=r.message,
            )
            for r in found.related
            if r.location is not None and r.location.line
        ]
        page = self.pages()(found)
        return lsp.Diagnostic(
            range=span,
            message=found.message,
            severity=_SEVERITY[found.severity],
            code=found.code,
            code_description=lsp.CodeDescription(href=page) if page else None,
            source="plotmodel",
            related_information=related or None,
            data={"rule": found.rule},
        )

    def close(self, uri: str) -> None:
        found = self._open.pop(uri, None)
        if found is not None and found.pending is not None:
            found.pending.cancel()
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )


def _check(text: PlotText) -> list[Diagnostic]:
    """Every finding for a text, with the project's settings as ``validate`` reads them."""
    project = None
    path = text.file
    if os.path.isabs(path):
        try:
            project = project_settings(os.path.dirname(path))
        except ConfigError:
            project = None  # the command line reports a broken pyproject.toml
    return check(text.loaded, project=project)


def build_server() -> PlotServer:
    """A language server with every feature registered, ready to start."""
    server = PlotServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: PlotServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            debounce = options.get("debounce")
            if isinstance(debounce, int | float) and 0 <= debounce <= 60:
                ls.debounce = float(debounce)
            url = options.get("rulesUrl")
            if isinstance(url, str) and url:
                ls.rules_url = url
            ls.plot_files_only = options.get("plotFilesOnly") is True

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlotServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.check_soon(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlotServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.check_soon(params.text_document.uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlotServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.check_soon(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlotServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: PlotServer, params: lsp.HoverParams) -> lsp.Hover | None:
        text = ls.ours(params.text_document.uri)
        if text is None:
            return None
        units = ls.units()
        found = text.at(*units.from_lsp(text, params.position))
        if found is None or text.plot is None:
            return None
        formats = _hover_formats(ls.client_capabilities)
        markdown = lsp.MarkupKind.Markdown in formats
        return lsp.Hover(
            contents=lsp.MarkupContent(
                kind=lsp.MarkupKind.Markdown if markdown else lsp.MarkupKind.PlainText,
                value=_hover_text(text, found, _Writer(markdown)),
            ),
            range=units.range(text, found.range),
        )

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: PlotServer, params: lsp.DefinitionParams) -> lsp.Location | None:
        uri = params.text_document.uri
        text = ls.ours(uri)
        if text is None:
            return None
        units = ls.units()
        found = text.at(*units.from_lsp(text, params.position))
        defined = text.definition(found.id) if found is not None else None
        if defined is None:
            return None
        return lsp.Location(uri=uri, range=units.range(text, defined.range))

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: PlotServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
        uri = params.text_document.uri
        text = ls.ours(uri)
        if text is None:
            return None
        units = ls.units()
        found = text.at(*units.from_lsp(text, params.position))
        if found is None:
            return None
        return [
            lsp.Location(uri=uri, range=units.range(text, one.range))
            for one in text.uses(found.id)
            if params.context.include_declaration or not one.is_definition
        ]

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["[", ",", " "])
    )
    def completion(ls: PlotServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        text = ls.ours(params.text_document.uri)
        if text is None:
            return None
        units = ls.units()
        slot = text.slot_at(*units.from_lsp(text, params.position))
        if slot is None:
            return None
        return _completions(text, slot, units.range(text, slot.range))

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: PlotServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
        text = ls.ours(params.text_document.uri)
        if text is None:
            return None
        units = ls.units()
        found = text.at(*units.from_lsp(text, params.position))
        if found is None or text.definition(found.id) is None:
            return None
        return units.range(text, found.range)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)
    def rename(ls: PlotServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        uri = params.text_document.uri
        text = ls.ours(uri)
        if text is None:
            return None
        units = ls.units()
        found = text.at(*units.from_lsp(text, params.position))
        if found is None or text.definition(found.id) is None:
            return None
        try:
            edits = text.rename(found.id, params.new_name)
        except ValueError as error:
            raise JsonRpcException(str(error), code=lsp.LSPErrorCodes.RequestFailed) from None
        return lsp.WorkspaceEdit(
            changes={
                uri: [
                    lsp.TextEdit(range=units.range(text, e.range), new_text=e.text) for e in edits
                ]
            }
        )

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(ls: PlotServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        text = ls.ours(uri)
        if text is None:
            return None
        units = ls.units()
        if params.context.only and lsp.CodeActionKind.QuickFix not in params.context.only:
            return None
        start = units.from_lsp(text, params.range.start)
        end = units.from_lsp(text, params.range.end)
        actions = []
        for found in ls.findings(uri):
            if found.location is None or found.silenced is not None:
                continue
            span = text.range_at(found.location.line, found.location.column)
            if (span.end_line, span.end_column) < start or (span.line, span.column) > end:
                continue
            shown = ls.convert(uri, text, units, found)
            version = ls.workspace.get_text_document(uri).version
            for fix in fixes(text, found):
                edits = [
                    lsp.TextEdit(range=units.range(text, e.range), new_text=e.text)
                    for e in fix.edits
                ]
                actions.append(
                    lsp.CodeAction(
                        title=fix.title,
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[shown],
                        is_preferred=fix.preferred or None,
                        edit=lsp.WorkspaceEdit(
                            document_changes=[
                                lsp.TextDocumentEdit(
                                    text_document=lsp.OptionalVersionedTextDocumentIdentifier(
                                        uri=uri, version=version
                                    ),
                                    edits=list(edits),
                                )
                            ]
                        ),
                    )
                )
        return actions or None

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(
        ls: PlotServer, params: lsp.DocumentSymbolParams
    ) -> list[lsp.DocumentSymbol] | None:
        text = ls.ours(params.text_document.uri)
        if text is None:
            return None
        units = ls.units()
        found = []
        for section in text.outline():
            children = [
                lsp.DocumentSymbol(
                    name=escape(symbol.name) or symbol.id,
                    detail=escape(symbol.id),
                    kind=_SYMBOL_KIND[symbol.kind],
                    range=units.range(text, symbol.range),
                    selection_range=units.range(text, symbol.selection),
                )
                for symbol in section.symbols
            ]
            span = units.range(text, section.range)
            found.append(
                lsp.DocumentSymbol(
                    name=section.kind.value,
                    kind=lsp.SymbolKind.Array,
                    range=span,
                    selection_range=lsp.Range(start=span.start, end=span.start),
                    children=children,
                )
            )
        return found

    return server


def _hover_formats(capabilities: lsp.ClientCapabilities) -> Sequence[lsp.MarkupKind]:
    document = capabilities.text_document
    hover = document.hover if document is not None else None
    formats = hover.content_format if hover is not None else None
    return list(formats) if formats else [lsp.MarkupKind.PlainText]


def _completions(text: PlotText, slot: Slot, where: lsp.Range) -> lsp.CompletionList:
    typed = text.line_text(slot.range.line)[slot.range.column - 1 : slot.range.end_column - 1]
    items: list[lsp.CompletionItem] = []
    if slot.field is not None:
        plot = text.plot
        elements = _elements(plot) if plot is not None else {}
        index = PlotIndex.of(plot) if plot is not None else None
        ids: Sequence[str] = slot.ids
        cut = len(ids) > _MANY
        if cut:
            ids = [one for one in ids if one.startswith(typed)][:_MANY]
        for one in ids:
            kind = index.kind(one) if index is not None else None
            detail = f"{kind.noun}: {escape(_name(elements, one))}" if kind else "the viewers"
            items.append(
                lsp.CompletionItem(
                    label=one,
                    kind=_COMPLETION_KIND[kind] if kind else lsp.CompletionItemKind.Keyword,
                    detail=detail,
                    text_edit=lsp.TextEdit(range=where, new_text=text.write_id(one)),
                    filter_text=one,
                )
            )
        return lsp.CompletionList(is_incomplete=cut, items=items)
    items.extend(
        lsp.CompletionItem(
            label=key,
            kind=lsp.CompletionItemKind.Property,
            text_edit=lsp.TextEdit(range=where, new_text=text.write_id(key) + ": "),
            filter_text=key,
        )
        for key in slot.keys
    )
    items.extend(
        lsp.CompletionItem(
            label=word,
            kind=lsp.CompletionItemKind.EnumMember,
            text_edit=lsp.TextEdit(range=where, new_text=text.write_id(word)),
        )
        for word in slot.values
    )
    return lsp.CompletionList(is_incomplete=False, items=items)


def serve() -> int:
    """Run the language server over standard input and output until the editor stops it."""
    build_server().start_io()
    return 0
