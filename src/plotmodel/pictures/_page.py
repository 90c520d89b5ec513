"""A standalone HTML page around a picture: pan, zoom and hover, with no network at all.

The page inlines the SVG, its style and a small script, and its content
security policy allows nothing to be fetched (``default-src 'none'``) and
only that one script, by its hash, to run. So it opens the same in any
browser, offline, and even a name that slipped past escaping could not run.

The script moves the SVG's view box to pan (drag) and zoom (wheel, or the
buttons and keys ``+``, ``-`` and ``0``), and shows the hover text of the
element under the pointer (the SVG's ``<title>`` children) in a box.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Final

from plotmodel.pictures._canvas import xml

_STYLE: Final = """
html,body{margin:0;height:100%;font-family:'Liberation Sans',Arial,Helvetica,sans-serif}
body{display:flex;flex-direction:column;background:#fff;color:#222}
header{display:flex;align-items:center;gap:.5em;padding:.4em .8em;border-bottom:1px solid #ddd}
header h1{font-size:1em;margin:0 1em 0 0;font-weight:bold}
header button{font:inherit;min-width:2.2em;padding:.15em .5em;cursor:pointer}
header .hint{color:#666;font-size:.85em}
main{flex:1;overflow:hidden;position:relative;cursor:grab}
main.panning{cursor:grabbing}
main svg{width:100%;height:100%;display:block}
#tip{position:fixed;pointer-events:none;max-width:34em;background:#fffff0;border:1px solid #999;
box-shadow:0 2px 6px rgba(0,0,0,.2);padding:.4em .6em;font-size:13px;white-space:pre-line;
display:none;z-index:2}
""".strip()

_SCRIPT: Final = """
(function () {
  "use strict";
  var main = document.querySelector("main");
  var svg = main.querySelector("svg");
  var tip = document.getElementById("tip");
  var box = svg.viewBox.baseVal;
  var home = [box.x, box.y, box.width, box.height];
  svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  var titles = svg.querySelectorAll("title");
  for (var i = 0; i < titles.length; i++) {
    var title = titles[i];
    if (title.parentNode !== svg) {
      title.parentNode.setAttribute("data-tip", title.textContent);
    }
    title.parentNode.removeChild(title);
  }
  function view(x, y, w, h) {
    box.x = x; box.y = y; box.width = w; box.height = h;
  }
  function point(event) {
    var matrix = svg.getScreenCTM();
    var p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    return matrix ? p.matrixTransform(matrix.inverse()) : p;
  }
  function zoom(factor, at) {
    var w = box.width * factor, h = box.height * factor;
    if (w < home[2] / 40 || w > home[2] * 8) { return; }
    view(at.x - (at.x - box.x) * factor, at.y - (at.y - box.y) * factor, w, h);
  }
  function centre() {
    return {x: box.x + box.width / 2, y: box.y + box.height / 2};
  }
  main.addEventListener("wheel", function (event) {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1 / 1.15 : 1.15, point(event));
  }, {passive: false});
  var drag = null;
  main.addEventListener("pointerdown", function (event) {
    drag = {start: point(event), x: box.x, y: box.y};
    main.classList.add("panning");
  });
  window.addEventListener("pointermove", function (event) {
    if (drag) {
      var now = point(event);
      view(box.x - (now.x - drag.start.x), box.y - (now.y - drag.start.y), box.width, box.height);
      drag.start = point(event);
    }
    var target = event.target;
    var owner = target && target.closest ? target.closest("[data-tip]") : null;
    if (owner && !drag) {
      tip.textContent = owner.getAttribute("data-tip");
      tip.style.display = "block";
      var left = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
      var top = event.clientY + 16;
      if (top + tip.offsetHeight > window.innerHeight - 8) {
        top = event.clientY - tip.offsetHeight - 10;
      }
      tip.style.left = Math.max(4, left) + "px";
      tip.style.top = Math.max(4, top) + "px";
    } else {
      tip.style.display = "none";
    }
  });
  window.addEventListener("pointerup", function () {
    drag = null;
    main.classList.remove("panning");
  });
  function reset() { view(home[0], home[1], home[2], home[3]); }
  document.getElementById("zoom-in").addEventListener("click", function () {
    zoom(1 / 1.3, centre());
  });
  document.getElementById("zoom-out").addEventListener("click", function () {
    zoom(1.3, centre());
  });
  document.getElementById("reset").addEventListener("click", reset);
  window.addEventListener("keydown", function (event) {
    if (event.key === "+" || event.key === "=") { zoom(1 / 1.3, centre()); }
    else if (event.key === "-") { zoom(1.3, centre()); }
    else if (event.key === "0") { reset(); }
  });
  document.documentElement.setAttribute("data-ready", "yes");
})();
""".strip()


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


#: The page's content security policy: nothing from anywhere, and only the page's own script.
POLICY: Final = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_digest(_SCRIPT)}'"
)


def page(svg: str, *, title: str) -> str:
    """A whole HTML page showing ``svg`` (written by this package, so already escaped)."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{xml(title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{xml(title)}</h1>",
            '<button id="zoom-in" type="button" title="zoom in (+)">+</button>',
            '<button id="zoom-out" type="button" title="zoom out (-)">&#8722;</button>',
            '<button id="reset" type="button" title="whole picture (0)">fit</button>',
            '<span class="hint">drag to pan, wheel to zoom, hover for details</span>',
            "</header>",
            f"<main>{svg.strip()}</main>",
            '<div id="tip" role="tooltip"></div>',
            f"<script>{_SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )
