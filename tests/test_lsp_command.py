"""``plotmodel lsp``: the language server starts only when asked, and says what it needs."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )


def test_the_command_line_loads_the_server_library_only_for_the_lsp_command() -> None:
    done = _run(
        "import sys\n"
        "from plotmodel.cli import main\n"
        "main(['validate', 'examples/lost_bullet/lost_bullet.yaml'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n"
    )
    assert done.stdout.splitlines()[-1] == "[]"


def test_without_the_lsp_extra_the_command_says_how_to_install_it() -> None:
    done = _run(
        "import sys\n"
        "sys.modules['pygls'] = None\n"
        "sys.modules['lsprotocol'] = None\n"
        "from plotmodel.cli import main\n"
        "sys.exit(main(['lsp']))\n"
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "plotmodel: error: the language server needs lsprotocol: "
        "install it with pip install 'plotmodel[lsp]'\n"
    )


def test_the_server_ends_when_the_editor_closes_its_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "plotmodel", "lsp"],
        input="",
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout == ""
