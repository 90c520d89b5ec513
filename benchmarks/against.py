"""Time this checkout against another one on the same plots, step by step, turn about.

Each step runs in a fresh interpreter of each checkout's own environment, the
two taking turns so that a machine busy with other work slows both alike;
times are processor time. On a shared machine, where the same run varies by a
third, ``--instructions`` counts the machine instructions each step executes
instead (under valgrind's cachegrind, about 50 times slower: use the smaller
sizes); with one hash seed for every count, a count repeats exactly. The
steps are those of plotmodel 0.1's benchmark: ``load``, ``check`` of the
loaded plot, and ``plotmodel validate`` of a clean, a broken and a JSON
plot. Generate the plots with the older checkout's ``benchmarks/generate.py``
so both read the same files.

Usage::

    python benchmarks/against.py ../plotmodel-0.1 --data /tmp/plots --sizes 10000 100000
    python benchmarks/against.py ../plotmodel-0.1 --data /tmp/plots --sizes 10000 --instructions
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
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
loaded = load(path) if step != "import" else None
loaded_at = time.process_time()
if step == "check":
    check(loaded.plot)
print(json.dumps(time.process_time() - (start if step == "load" else loaded_at)))
"""

# what the step before each in-process step stops at: its count is taken off
_BEFORE = {"load": "import", "check": "load"}
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def python(checkout: Path) -> str:
    """The interpreter of a checkout's own environment (``.venv``), else this one."""
    found = checkout / ".venv" / "bin" / "python"
    return str(found) if found.exists() else sys.executable


def argv_of(checkout: Path, name: str, path: Path) -> list[str]:
    """The command that runs one step in a fresh interpreter of ``checkout``."""
    if name in ("import", "load", "check"):
        return [python(checkout), "-c", STEP, str(path), name]
    return [python(checkout), "-m", "plotmodel", "validate", str(path)]


def step(checkout: Path, name: str, path: Path) -> float:
    """Processor seconds of one step in a fresh interpreter of ``checkout``."""
    argv = argv_of(checkout, name, path)
    if name in ("load", "check"):
        out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=checkout)
        return float(json.loads(out.stdout.strip().splitlines()[-1]))
    child = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=checkout
    )
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime


def counted(checkout: Path, name: str, path: Path) -> float:
    """Millions of machine instructions a whole step's process executes, by cachegrind."""
    argv = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        *argv_of(checkout, name, path),
    ]
    # one hash seed, or set and dict layouts (and so the counts) change from run to run
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(argv, check=False, capture_output=True, text=True, cwd=checkout, env=env)
    found = _REFS.search(done.stderr)
    if found is None:
        raise SystemExit(f"cachegrind gave no count for {name} of {path}:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", "")) / 1e6


def instructions(checkout: Path, name: str, path: Path) -> float:
    """Millions of machine instructions one step executes.

    An in-process step (``load``, ``check``) is counted as its whole process
    less the whole process that stops just before it, so only the step remains.
    """
    before = _BEFORE.get(name)
    whole = counted(checkout, name, path)
    return whole - counted(checkout, before, path) if before is not None else whole


def compile_sources(checkout: Path) -> None:
    """Bring a checkout's bytecode up to date before measuring it.

    With ``PYTHONDONTWRITEBYTECODE`` set, a module edited since its ``.pyc``
    was written is compiled again in every process, and the compiling is
    counted as the step's work.
    """
    sources = checkout / "src"
    subprocess.run(
        [
            python(checkout),
            "-m",
            "compileall",
            "-q",
            str(sources if sources.is_dir() else checkout),
        ],
        check=False,
        capture_output=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Print each step's median for both checkouts and the ratio of this one to the other."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the checkout to compare with")
    parser.add_argument("--data", type=Path, required=True, help="where the generated plots are")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count machine instructions under valgrind instead of timing (one run each)",
    )
    args = parser.parse_args(argv)
    measure, unit, digits = step, "s", 3
    if args.instructions:
        if shutil.which("valgrind") is None:
            parser.error("--instructions needs valgrind (apt-get install valgrind)")
        measure, unit, args.runs, digits = instructions, "M instr", 1, 0
    for checkout in (args.other, ROOT):
        compile_sources(checkout)
    print(f"| events | step | other {unit} | this {unit} | this / other |")
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
                    taken.append(measure(checkout, name, args.data / file))
            other, this = (statistics.median(times[c]) for c in (args.other, ROOT))
            shown = f"{other:.{digits}f} | {this:.{digits}f}"
            print(f"| {size:,} | {name} | {shown} | {this / other:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
