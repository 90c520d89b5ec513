"""Measure how long the language server takes to re-check a file after an edit.

Two measures, both medians of ``--runs`` edits, each edit a new text (one
character of a late event's name changed, as a writer types):

- in process: ``PlotText(text)`` then ``check(text.loaded)``, the load and
  check every re-check runs (wall and processor time: the machine may be
  shared); and the id under the cursor, as a hover or go-to-definition
  after the edit asks it;
- end to end: ``plotmodel lsp`` started as an editor starts it, with the
  debounce set to 0, from sending ``didChange`` (the whole text) to
  receiving the ``publishDiagnostics`` of that version.

Files: Lost Bullet, and a generated plot of ``--events`` events (valid, and
its broken twin with about 1% of events wrong). Run by hand; nothing asserts
a time.

Usage::

    python benchmarks/lsp.py                 # Lost Bullet and 10,000 events
    python benchmarks/lsp.py --events 1000 --runs 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from plotmodel.checking import check
from plotmodel.editing import PlotText

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml"


def edits(text: str, runs: int) -> list[str]:
    """``runs`` texts, each with one character of the last ``name:`` changed."""
    at = text.rindex("name: ") + len("name: ")
    return [text[:at] + "xyzw"[n % 4] + text[at + 1 :] for n in range(runs)]


def in_process(text: str, runs: int) -> tuple[float, float, float, int]:
    """Medians of a re-check (wall and processor seconds), of the first hover after it, findings."""
    walls = []
    cpus = []
    hovers = []
    found = 0
    for edited in edits(text, runs):
        wall, cpu = time.perf_counter(), time.process_time()
        plot_text = PlotText(edited, file="edited.yaml")
        found = len(check(plot_text.loaded))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        start = time.perf_counter()
        at = edited.rindex("id: ") + len("id: ")
        line, column = edited.count("\n", 0, at) + 1, at - edited.rfind("\n", 0, at)
        assert plot_text.at(line, column) is not None
        hovers.append(time.perf_counter() - start)
    return statistics.median(walls), statistics.median(cpus), statistics.median(hovers), found


async def end_to_end(path: Path, text: str, runs: int) -> float:
    """Median seconds from a change sent to its diagnostics received, through the server."""
    client = LanguageClient("benchmark", "1")
    published: dict[int, float] = {}
    waiting: dict[int, asyncio.Event] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            published[params.version] = time.perf_counter()
            waiting.setdefault(params.version, asyncio.Event()).set()

    await client.start_io(sys.executable, "-m", "plotmodel", "lsp")
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), initialization_options={"debounce": 0}
        )
    )
    client.initialized(lsp.InitializedParams())
    uri = path.resolve().as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    await waiting.setdefault(1, asyncio.Event()).wait()
    seconds = []
    for version, edited in enumerate(edits(text, runs), start=2):
        sent = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=edited)],
            )
        )
        await waiting.setdefault(version, asyncio.Event()).wait()
        seconds.append(published[version] - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return statistics.median(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="size of the generated plot")
    parser.add_argument("--runs", type=int, default=11, help="edits measured per file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--events",
                str(args.events),
                "--out",
                data,
            ],
            check=True,
            capture_output=True,
        )
        files = [
            ("Lost Bullet", EXAMPLE),
            (f"{args.events:,} events", Path(data) / f"plot-{args.events}.yaml"),
            (f"{args.events:,} events, broken", Path(data) / f"broken-{args.events}.yaml"),
        ]
        day = time.strftime("%Y-%m-%d")
        print(f"# Language server re-check latency ({day}, {os.cpu_count()} cores)\n")
        print(f"Medians of {args.runs} edits; debounce set to 0 for the end-to-end column.\n")
        print(
            "| file | lines | findings | load + check | (processor time) "
            "| id under the cursor after it | didChange to publishDiagnostics |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, path in files:
            text = path.read_text(encoding="utf-8")
            wall, cpu, hover, found = in_process(text, args.runs)
            through = asyncio.run(end_to_end(path, text, args.runs))
            lines = text.count("\n")
            print(
                f"| {label} | {lines:,} | {found} | {wall * 1000:,.0f} ms | {cpu * 1000:,.0f} ms "
                f"| {hover * 1000:,.0f} ms | {through * 1000:,.0f} ms |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
