"""Where a check's time goes: loading, structuring, the story state, each rule, locating.

Each phase is timed once in this process with the collector paused, as
``check`` pauses it, and the rules are listed slowest first. Used to explain a
missed target with a measurement rather than a guess.

Usage::

    python benchmarks/phases.py benchmarks/data/plot-100000.json [--top 12]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Time each phase of validating one file and print them, slowest rules first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)

    from plotmodel._convert import converter, structure_plot  # noqa: PLC0415
    from plotmodel._yaml import read_yaml  # noqa: PLC0415
    from plotmodel.checking import check  # noqa: PLC0415
    from plotmodel.index import PlotIndex  # noqa: PLC0415
    from plotmodel.loading import load  # noqa: PLC0415
    from plotmodel.rules import Context, all_rules  # noqa: PLC0415

    converter()
    all_rules()
    phases: dict[str, float] = {}

    def timed(name: str, work):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = work()
        phases[name] = time.perf_counter() - start
        return result

    text = args.file.read_bytes()
    gc.disable()
    if args.file.suffix == ".json":
        data = timed("parse (json.loads)", lambda: json.loads(text))
    else:
        data = timed(
            "parse (read_yaml: libyaml events, positions)",
            lambda: read_yaml(text.decode(), str(args.file)).data,
        )
    plot, _ = timed("structure", lambda: structure_plot(data))
    loaded = load(args.file)
    timed("check, whole (rules, silences, locating)", lambda: check(loaded))
    context = Context(plot, timed("index", lambda: PlotIndex.of(plot)))
    timed("story state pass", lambda: context.state)
    timed("orders", lambda: (context.order.screen_order(), context.order.is_loose(0)))
    rules: dict[str, float] = {}
    found = 0
    for code, rule in all_rules().items():
        start = time.perf_counter()
        found += sum(1 for _ in rule.check(context))
        rules[f"{code} {rule.slug}"] = time.perf_counter() - start
    phases["every rule, one by one"] = sum(rules.values())
    gc.enable()
    width = max(map(len, phases)) + 2
    for name, seconds in phases.items():
        print(f"{name:<{width}}{seconds:8.3f} s")
    print(f"\n{found} findings; slowest rules:")
    for name, seconds in sorted(rules.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {name:<40}{seconds:8.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
