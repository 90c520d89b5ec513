"""Rewrite everything the docs and examples show as generated, after a change to a plot.

The docs show commands and what they print, and Python blocks followed by a
``text`` block of what they print. The test suite checks that each is true;
this command makes them so, instead of editing by hand. In order, it rewrites
the broken copies of Lost Bullet and their expected findings
(``examples/lost_bullet/broken/make.py``), the pictures of the docs
(``tools/pictures.py``, without its screenshots) and the Mermaid text
shown on the pictures page, the printed outputs and
console sessions of the walkthrough and the README, and the output of every
command on the command-line page (docs/cli.md), cut where that page cuts it
at ``...`` lines. The Neovim screens on the editors page are recorded apart, by
``examples/editors/record-neovim.sh``. From the repository root::

    python scripts/regenerate.py
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("docs/lost_bullet.md", "README.md")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _console(block: str) -> str:
    """A console session with what its first line, a ``plotmodel`` command, prints now."""
    from plotmodel.cli import main  # noqa: PLC0415 - after the path is set

    command = block.splitlines()[0]
    if not command.startswith("$ plotmodel "):
        return block
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(shlex.split(command)[2:])
    return command + "\n" + printed.getvalue()


def rewrite(page: Path) -> None:
    """Rewrite one page's console sessions and printed outputs in place."""
    text = page.read_text(encoding="utf-8")
    namespace: dict[str, object] = {"__name__": page.stem}
    pieces: list[str] = []
    last = 0
    printed = ""
    for match in FENCE.finditer(text):
        language, body = match.group(1), match.group(2)
        pieces.append(text[last : match.start()])
        if language == "python":
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(body, str(page), "exec"), namespace)
            printed = out.getvalue()
        elif language == "console":
            body = _console(body)
        elif language == "text" and printed:
            body = printed
        if language != "python":
            printed = ""
        pieces.append(f"```{language}\n{body}```")
        last = match.end()
    pieces.append(text[last:])
    page.write_text("".join(pieces), encoding="utf-8")


def rewrite_cli_page(page: Path) -> None:
    """Rewrite each command's output on the command-line page, run as its test runs them.

    The sessions run one after the other in a scratch folder holding the
    repository's examples and test data, standard output then standard error.
    """
    from plotmodel.cli import main  # noqa: PLC0415 - after the path is set

    text = page.read_text(encoding="utf-8")
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        (scratch / "examples").symlink_to(ROOT / "examples")
        shutil.copytree(ROOT / "tests" / "data", scratch / "tests" / "data")
        os.chdir(scratch)
        try:
            pieces: list[str] = []
            last = 0
            for match in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
                pieces.append(text[last : match.start()])
                body = match.group(2)
                if match.group(1) == "console":
                    body = _session(body, main)
                pieces.append(f"```{match.group(1)}\n{body}```")
                last = match.end()
            pieces.append(text[last:])
        finally:
            os.chdir(here)
    page.write_text("".join(pieces), encoding="utf-8")


def _session(body: str, main: object) -> str:
    """A session with each command's output as it is now, unless the page elides some."""
    commands: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append((line, []))
        elif commands:
            commands[-1][1].append(line)
    lines: list[str] = []
    for command, shown in commands:
        words = shlex.split(command)[2:]
        out, err = io.StringIO(), io.StringIO()
        stdin = sys.stdin
        if "<" in words:
            at = words.index("<")
            sys.stdin = io.TextIOWrapper(io.BytesIO(Path(words[at + 1]).read_bytes()))
            words = words[:at]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(words)  # type: ignore[operator]
        sys.stdin = stdin
        got = (out.getvalue() + err.getvalue()).splitlines()
        lines += [command, *_elided(shown, got)]
    return "".join(line + "\n" for line in lines)


def _elided(shown: list[str], got: list[str]) -> list[str]:
    """What a command printed, cut as the page cuts it at its ``...`` lines.

    With one ``...``, as many lines are kept each side of it as the page
    keeps. With more, each piece the page shows between them is found again
    in the output, its numbers (line numbers, counts) free to differ, and
    taken from there; a piece not found is left as the page has it.
    """
    if "..." not in shown:
        return got
    if shown.count("...") == 1:
        at = shown.index("...")
        head, tail = got[:at], got[len(got) - (len(shown) - at - 1) :]
        return [*head, "...", *tail] if at + len(tail) < len(got) else got
    pieces: list[list[str]] = [[]]
    for line in shown:
        if line == "...":
            pieces.append([])
        else:
            pieces[-1].append(line)
    result: list[str] = []
    start = 0
    for k, piece in enumerate(pieces):
        if k:
            result.append("...")
        patterns = [
            re.compile(
                "".join(
                    r"\d+" if part.isdigit() else re.escape(part)
                    for part in re.split(r"(\d+)", line)
                )
            )
            for line in piece
        ]
        found = next(
            (
                i
                for i in range(start, len(got) - len(piece) + 1)
                if all(pattern.fullmatch(got[i + j]) for j, pattern in enumerate(patterns))
            ),
            None,
        )
        if found is None:
            result += piece
        else:
            result += got[found : found + len(piece)]
            start = found + len(piece)
    return result


def main() -> int:
    """Regenerate the broken copies, then every page's printed outputs."""
    sys.path.insert(0, str(ROOT / "src"))
    make = ROOT / "examples" / "lost_bullet" / "broken" / "make.py"
    subprocess.run([sys.executable, str(make)], check=True, cwd=ROOT)
    pictures = ROOT / "tools" / "pictures.py"
    subprocess.run([sys.executable, str(pictures)], check=True, cwd=ROOT, capture_output=True)
    for name in PAGES:
        rewrite(ROOT / name)
    rewrite_cli_page(ROOT / "docs" / "cli.md")
    page = ROOT / "docs" / "pictures.md"
    mermaid = (ROOT / "docs" / "pictures" / "lost_bullet-relations.mmd").read_text(encoding="utf-8")
    text = re.sub(
        r"^```mermaid\n.*?^```$",
        lambda _: f"```mermaid\n{mermaid}```",
        page.read_text(encoding="utf-8"),
        flags=re.MULTILINE | re.DOTALL,
    )
    page.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
