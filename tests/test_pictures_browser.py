"""The HTML pictures open in a real browser: no console error, no request, pan, zoom, hover.

Headless Chromium (Debian's ``chromium`` package, which ``.ci/run`` installs)
is driven over its DevTools pipe by ``tools/chromium.py``. The tests are
skipped only where no Chromium can be found.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from plotmodel import load
from plotmodel.pictures import KINDS, render

ROOT = Path(__file__).resolve().parent.parent


def _driver() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chromium", ROOT / "tools" / "chromium.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


chromium = _driver()
EXECUTABLE = chromium.find()

# Under CI the browser is installed by .ci/run: missing there, the tests fail, never skip.
pytestmark = pytest.mark.skipif(
    EXECUTABLE is None and not os.environ.get("CI"),
    reason=(
        "no Chromium browser found: install Debian's chromium package"
        " (apt-get install chromium, as .ci/run does) or set CHROMIUM to one"
    ),
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if EXECUTABLE is None:
        pytest.fail("no Chromium browser found under CI, where .ci/run installs it")
    with chromium.Browser(EXECUTABLE) as running:
        yield running


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    loaded = load(ROOT / "examples" / "lost_bullet" / "broken" / "dead-quentin-acts.yaml")
    assert loaded.plot is not None
    folder = tmp_path_factory.mktemp("pages")
    found = {}
    for kind in KINDS:
        path = folder / f"{kind}.html"
        path.write_text(render(loaded.plot, kind, "html"), encoding="utf-8")
        found[kind] = path
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_the_page_renders_with_no_console_error_and_no_request(
    browser: Any, pages: dict[str, Path], kind: str
) -> None:
    page = browser.open(pages[kind])
    assert page.evaluate("document.documentElement.dataset.ready") == "yes"
    assert page.errors() == []
    assert page.requests() == [pages[kind].resolve().as_uri()]
    drawn = page.evaluate(
        "(() => { const r = document.querySelector('main svg').getBoundingClientRect();"
        " return [r.width, r.height, document.querySelectorAll('[data-tip]').length,"
        " document.querySelectorAll('main svg * title').length]; })()"
    )
    width, height, tips, titles = drawn
    assert width > 300
    assert height > 200
    assert tips > 10
    assert titles == 0  # every hover text moved to the page's own tooltip


def _centre(page: Any, selector: str) -> tuple[float, float]:
    box = page.evaluate(
        f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    return box[0], box[1]


def test_hovering_an_event_shows_its_text(browser: Any, pages: dict[str, Path]) -> None:
    page = browser.open(pages["lanes"])
    position = next(
        n
        for n, e in enumerate(load(ROOT / "examples/lost_bullet/lost_bullet.yaml").plot.events)
        if e.id == "charas-shot"
    )
    x, _ = _centre(page, f'rect.column[data-first="{position}"]')
    # over the event numbers, and over the lane of someone who is not there
    for where in ("g.axis-labels text", 'g.lane[data-id="moss"] rect.lane-bg'):
        _, y = _centre(page, where)
        page.hover(x, y)
        shown = page.evaluate(
            "[document.getElementById('tip').style.display,"
            " document.getElementById('tip').textContent]"
        )
        assert shown[0] == "block", where
        assert "Areski shoots Charas" in shown[1]
        assert "Charas is killed by Areski" in shown[1]
    page.hover(1, 1)
    assert page.evaluate("document.getElementById('tip').style.display") == "none"


def test_the_wheel_zooms_and_a_drag_pans(browser: Any, pages: dict[str, Path]) -> None:
    page = browser.open(pages["relations"])

    def view() -> list[float]:
        return list(
            page.evaluate(
                "(() => { const b = document.querySelector('main svg').viewBox.baseVal;"
                " return [b.x, b.y, b.width, b.height]; })()"
            )
        )

    home = view()
    x, y = _centre(page, "main")
    page.send(
        "Input.dispatchMouseEvent",
        {"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": -120},
    )
    zoomed = view()
    assert zoomed[2] < home[2]
    for kind, at in (("mousePressed", x), ("mouseMoved", x + 80), ("mouseReleased", x + 80)):
        page.send(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": at, "y": y, "button": "left", "buttons": 1, "clickCount": 1},
        )
    assert view()[0] < zoomed[0]
    page.evaluate("document.getElementById('reset').click()")
    assert view() == home


def test_the_screenshots_command_writes_a_screenshot_of_each_page(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "pictures.py"),
            "--out",
            str(tmp_path),
            "--screenshots",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert shots == sorted(p.name for p in (ROOT / "docs" / "pictures").glob("*.png"))
    for shot in shots:
        assert (tmp_path / shot).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
