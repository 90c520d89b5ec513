"""The Lost Bullet walkthrough tells the truth: its excerpts and printed outputs match the example.

The doc's Python blocks already run under Sybil; this test also holds the
blocks that are not code to account. A YAML excerpt must be a verbatim piece
of the plot file, and a ``text`` block right after a Python block that prints
must be exactly what that block prints.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

from plotmodel.cli import main

DOC = Path("docs/lost_bullet.md")
PLOT_FILE = Path("examples/lost_bullet/lost_bullet.yaml")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    """Every fenced block of the walkthrough as (language, text), in order."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(DOC.read_text(encoding="utf-8"))]


def test_every_yaml_excerpt_is_a_verbatim_piece_of_the_plot_file() -> None:
    plot_text = PLOT_FILE.read_text(encoding="utf-8")
    excerpts = [text for language, text in blocks() if language == "yaml"]
    assert excerpts
    for excerpt in excerpts:
        assert excerpt in plot_text, excerpt


def test_every_printed_output_shown_is_what_the_code_prints() -> None:
    namespace: dict[str, object] = {"__name__": "lost_bullet_doc"}
    shown = blocks()
    compared = 0
    for (language, text), (next_language, next_text) in zip(
        shown, [*shown[1:], ("", "")], strict=True
    ):
        if language != "python":
            continue
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(text, str(DOC), "exec"), namespace)
        if next_language == "text" and printed.getvalue():
            got = [line.rstrip() for line in printed.getvalue().splitlines()]
            assert got == [line.rstrip() for line in next_text.splitlines()]
            compared += 1
    assert compared >= 3


def test_every_command_shown_prints_what_the_doc_says() -> None:
    consoles = [text for language, text in blocks() if language == "console"]
    assert consoles
    for console in consoles:
        command, *output = console.splitlines()
        assert command.startswith("$ plotmodel ")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            main(shlex.split(command)[2:])
        assert printed.getvalue().splitlines() == output
