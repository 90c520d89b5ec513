"""Rewrite what the docs show as printed: console sessions and the output after Python blocks.

The docs show commands and what they print, and Python blocks followed by a
``text`` block of what they print. The test suite checks that each is true;
this command makes them so after a change, instead of editing by hand. It
also rewrites the broken copies of Lost Bullet and their expected findings.
From the repository root::

    python scripts/regenerate.py
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
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


def main() -> int:
    """Regenerate the broken copies, then every page's printed outputs."""
    sys.path.insert(0, str(ROOT / "src"))
    make = ROOT / "examples" / "lost_bullet" / "broken" / "make.py"
    subprocess.run([sys.executable, str(make)], check=True, cwd=ROOT)
    for name in PAGES:
        rewrite(ROOT / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
