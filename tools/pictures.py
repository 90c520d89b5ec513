"""Draw the pictures in the docs: Lost Bullet in every kind and format, and screenshots of them.

Usage, from the repository root::

    python tools/pictures.py                 # docs/pictures/*.svg, *.html, *.mmd
    python tools/pictures.py --screenshots   # and the PNG screenshots (needs Chromium)

The pictures are what ``plotmodel render`` writes; tests/test_pictures_docs.py
checks that the committed ones are up to date. The screenshots are taken in
headless Chromium (Debian's ``chromium`` package) with ``tools/chromium.py``:
each HTML page at 1280 by 800, with the pointer on one event so that its
hover text shows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from plotmodel import load  # noqa: E402 - after the path is set
from plotmodel.checking import check  # noqa: E402
from plotmodel.pictures import KINDS, MERMAID_KINDS, render  # noqa: E402

OUT = ROOT / "docs" / "pictures"
LOST_BULLET = ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml"
BROKEN = ROOT / "examples" / "lost_bullet" / "broken" / "dead-quentin-acts.yaml"

#: Each screenshot: the page, and what the pointer rests on (a CSS selector).
SCREENSHOTS = {
    "lost_bullet-lanes": 'g.lane[data-id="charas"] g.cell[data-glyphs~="death"]',
    "lost_bullet-knowledge": 'g.cell[data-fact="car-swapped"][data-knower="julia"]',
    "dead-quentin-acts-lanes": "g.finding",
}


def pictures() -> dict[str, str]:
    """Every picture in the docs, by file name."""
    found: dict[str, str] = {}
    for name, path in (("lost_bullet", LOST_BULLET), ("dead-quentin-acts", BROKEN)):
        loaded = load(path)
        assert loaded.plot is not None, path
        findings = check(loaded)
        kinds = KINDS if name == "lost_bullet" else ("lanes",)
        for kind in kinds:
            found[f"{name}-{kind}.svg"] = render(loaded.plot, kind, "svg", findings=findings)
            found[f"{name}-{kind}.html"] = render(loaded.plot, kind, "html", findings=findings)
            if kind in MERMAID_KINDS and name == "lost_bullet":
                found[f"{name}-{kind}.mmd"] = render(
                    loaded.plot, kind, "mermaid", findings=findings
                )
    return found


def screenshots(out: Path) -> None:
    """Screenshots of the HTML pages in ``out``, each with one event's hover text showing."""
    import chromium  # noqa: PLC0415 - only screenshots need the browser

    executable = chromium.find()
    if executable is None:
        raise SystemExit("no Chromium found: apt-get install chromium, or set CHROMIUM")
    with chromium.Browser(executable) as browser:
        for name, pointer in SCREENSHOTS.items():
            page = browser.open(out / f"{name}.html", width=1280, height=800)
            if page.errors():
                raise SystemExit(f"{name}.html reported errors: {page.errors()}")
            x, y = page.evaluate(
                f"(() => {{ const r = document.querySelector({pointer!r}).getBoundingClientRect();"
                " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
            )
            page.hover(x, y)
            page.screenshot(out / f"{name}.png")
            print(f"wrote {out / (name + '.png')}")


def main() -> None:
    """Write the pictures, and the screenshots when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", action="store_true", help="also take the screenshots")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (docs/pictures)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in pictures().items():
        (args.out / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {args.out / name}")
    if args.screenshots:
        screenshots(args.out)


if __name__ == "__main__":
    main()
