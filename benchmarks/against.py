"""Time this checkout against another one on the same plots, step by step, turn about.

Each step runs in a fresh interpreter of each checkout's own environment, the
two taking turns so that a machine busy with other work slows both alike;
times are processor time. The steps are those of plotmodel 0.1's benchmark:
``load``, ``check`` of the loaded plot, and ``plotmodel validate`` of a clean,
a broken and a JSON plot. Generate the plots with the older checkout's
``benchmarks/generate.py`` so both read the same files.

Usage::

    python benchmarks/against.py ../plotmodel-0.1 --data /tmp/plots --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = """
import json, sys, time
from plotmodel.loading import load
from plotmodel.checking import check
path, step = sys.argv[1], sys.argv[2]
start = time.process_time()
loaded = load(path)
loaded_at = time.process_time()
if step == "check":
    check(loaded.plot)
print(json.dumps(time.process_time() - (start if step == "load" else loaded_at)))
"""


def python(checkout: Path) -> str:
    """The interpreter of a checkout's own environment (``.venv``), else this one."""
    found = checkout / ".venv" / "bin" / "python"
    return str(found) if found.exists() else sys.executable


def step(checkout: Path, name: str, path: Path) -> float:
    """Processor seconds of one step in a fresh interpreter of ``checkout``."""
    if name in ("load", "check"):
        argv = [python(checkout), "-c", STEP, str(path), name]
        out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=checkout)
        return float(json.loads(out.stdout.strip().splitlines()[-1]))
    argv = [python(checkout), "-m", "plotmodel", "validate", str(path)]
    child = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=checkout
    )
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    """Print each step's median for both checkouts and the ratio of this one to the other."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the checkout to compare with")
    parser.add_argument("--data", type=Path, required=True, help="where the generated plots are")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print("| events | step | other s | this s | this / other |")
    print("|---:|---|---:|---:|---:|")
    for size in args.sizes:
        files = {
            "load": f"plot-{size}.yaml",
            "check": f"plot-{size}.yaml",
            "validate YAML": f"plot-{size}.yaml",
            "validate broken YAML": f"broken-{size}.yaml",
            "validate JSON": f"plot-{size}.json",
        }
        for name, file in files.items():
            times: dict[Path, list[float]] = {args.other: [], ROOT: []}
            for _ in range(args.runs):
                for checkout, taken in times.items():
                    taken.append(step(checkout, name, args.data / file))
            other, this = (statistics.median(times[c]) for c in (args.other, ROOT))
            print(f"| {size:,} | {name} | {other:.3f} | {this:.3f} | {this / other:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
