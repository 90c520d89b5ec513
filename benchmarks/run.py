"""Measure plotmodel against the bare parsers, on the same files, in one run.

Every step runs in a fresh interpreter, so that its peak memory (the child's
maximum resident set size) is its own and no step warms another's caches.
Times are medians of ``--runs`` runs. The output is a Markdown report: one
table of steps per plot size, then each target with its ratio, met or missed.

Usage::

    python benchmarks/run.py                      # 1k, 10k and 100k events
    python benchmarks/run.py --sizes 1000 --runs 1 --files 20   # a quick look
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml"

# Each step, as the code a child interpreter runs; `path` is bound, `timed` is
# the part the clock measures. The bare parses are written exactly as a user
# would call them: no collector tricks.
STEPS: dict[str, tuple[str, str]] = {
    "yaml.load": (
        "import yaml\ntext = open(path, 'rb').read()",
        "yaml.load(text, Loader=yaml.CSafeLoader)",
    ),
    "json.loads": ("import json\ntext = open(path, 'rb').read()", "json.loads(text)"),
    "plotmodel load": ("from plotmodel.loading import load", "loaded = load(path)"),
    "check": (
        "from plotmodel.loading import load\nfrom plotmodel.checking import check\n"
        "plot = load(path).plot",
        "check(plot)",
    ),
}

STEP_CHILD = """
import json, resource, sys, time
path = sys.argv[1]
{setup}
start = time.perf_counter()
{timed}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "peak_kb": peak}}))
"""


def run_step(step: str, path: Path) -> tuple[float, int]:
    """Run one step in a fresh interpreter; return its time and peak memory (KiB)."""
    setup, timed = STEPS[step]
    code = STEP_CHILD.format(setup=setup, timed=timed)
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return float(result["seconds"]), int(result["peak_kb"])


def run_command(argv: Sequence[str]) -> tuple[float, int, int]:
    """Run a whole command; return its wall time, peak memory (KiB) and exit status."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, int(usage.ru_maxrss), process.returncode


def median_step(step: str, path: Path, runs: int) -> tuple[float, int]:
    """The median time and the largest peak of ``runs`` runs of one step."""
    results = [run_step(step, path) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def median_command(argv: Sequence[str], runs: int) -> tuple[float, int, int]:
    """The median wall time, largest peak and last exit status of ``runs`` runs."""
    results = [run_command(argv) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        max(r[1] for r in results),
        results[-1][2],
    )


def validate(*args: str) -> list[str]:
    """The command line of ``plotmodel validate`` with ``args``."""
    return [sys.executable, "-m", "plotmodel", "validate", *args]


class Report:
    """Collects measurements and targets, and writes them as Markdown."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.targets: list[tuple[str, float, float, str]] = []

    def say(self, line: str = "") -> None:
        self.lines.append(line)
        print(line, flush=True)

    def target(self, name: str, ratio: float, limit: float, unit: str = "x") -> None:
        self.targets.append((name, ratio, limit, unit))

    def close(self) -> None:
        self.say()
        self.say("## Targets")
        self.say()
        self.say("| target | measured | limit | verdict |")
        self.say("|---|---:|---:|---|")
        for name, ratio, limit, unit in self.targets:
            ok = ratio >= limit if unit == "x faster" else ratio <= limit
            if ok:
                verdict = "met"
            elif unit == "x faster":
                verdict = f"MISSED: {limit / ratio:.2f}x short"
            else:
                verdict = f"MISSED by {ratio / limit:.2f}x"
            self.say(f"| {name} | {ratio:.3g} {unit} | {limit:g} {unit} | {verdict} |")


def measure_size(report: Report, size: int, data: Path, runs: int) -> dict[str, float]:
    """Measure every step on the plot of ``size`` events; return the key numbers."""
    stem = data / f"plot-{size}"
    broken = data / f"broken-{size}"
    if not stem.with_suffix(".yaml").exists() or not broken.with_suffix(".yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--events", str(size), "--out", str(data)],
            check=True,
        )
    yaml_file, json_file = stem.with_suffix(".yaml"), stem.with_suffix(".json")
    mb = yaml_file.stat().st_size / 1e6
    report.say(f"### {size:,} events ({mb:.1f} MB of YAML)")
    report.say()
    report.say("| step | seconds | peak MiB |")
    report.say("|---|---:|---:|")
    numbers: dict[str, float] = {}

    def row(name: str, seconds: float, peak_kb: int) -> None:
        numbers[name] = seconds
        numbers[f"{name} peak"] = peak_kb
        report.say(f"| {name} | {seconds:.3f} | {peak_kb / 1024:.0f} |")

    for step, file in (
        ("yaml.load", yaml_file),
        ("json.loads", json_file),
        ("plotmodel load", yaml_file),
        ("check", yaml_file),
    ):
        row(step, *median_step(step, file, runs))
    for name, file in (
        ("validate YAML", yaml_file),
        ("validate broken YAML", broken.with_suffix(".yaml")),
        ("validate JSON", json_file),
    ):
        seconds, peak, status = median_command(validate(str(file)), runs)
        row(f"{name} (exit {status})", seconds, peak)
        numbers[name] = seconds
        numbers[f"{name} peak"] = peak
    report.say(f"| check per event | {numbers['check'] / size * 1e6:.2f} us | |")
    report.say()
    return numbers


def measure_startup(report: Report, runs: int) -> None:
    """Import time beside a bare interpreter, and validating the worked example."""
    bare = median_command([sys.executable, "-c", "pass"], runs * 3)[0]
    imported = median_command([sys.executable, "-c", "import plotmodel"], runs * 3)[0]
    report.say("### Start-up")
    report.say()
    report.say("| command | seconds |")
    report.say("|---|---:|")
    report.say(f"| python -c pass | {bare:.3f} |")
    report.say(f"| python -c 'import plotmodel' | {imported:.3f} |")
    report.target("import plotmodel (beyond python -c pass)", (imported - bare) * 1000, 100, "ms")
    if EXAMPLE.exists():
        example = median_command(validate(str(EXAMPLE)), runs * 3)[0]
        report.say(f"| plotmodel validate lost_bullet.yaml | {example:.3f} |")
        report.target("validate Lost Bullet, wall", example * 1000, 300, "ms")
    report.say()


def measure_many_files(report: Report, count: int, runs: int) -> None:
    """Validate ``count`` variants of the worked example with one process, then all cores."""
    source = EXAMPLE if EXAMPLE.exists() else None
    with tempfile.TemporaryDirectory() as folder:
        if source is None:
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), "--events", "100", "--out", folder],
                check=True,
            )
            source = Path(folder) / "plot-100.yaml"
        text = source.read_text(encoding="utf-8")
        files = []
        for i in range(count):
            target = Path(folder) / f"variant-{i:04d}.yaml"
            target.write_text(text.replace("title:", f"# variant {i}\ntitle:", 1), encoding="utf-8")
            files.append(str(target))
        one = median_command(validate("--jobs", "1", *files), runs)[0]
        cores = os.cpu_count() or 1
        many = median_command(validate("--jobs", str(cores), *files), runs)[0]
    report.say(f"### {count} files ({source.name} variants)")
    report.say()
    report.say("| command | seconds |")
    report.say("|---|---:|")
    report.say(f"| validate --jobs 1 | {one:.3f} |")
    report.say(f"| validate --jobs {cores} | {many:.3f} |")
    report.say()
    report.target(
        f"{count} files: --jobs {cores} speed-up over --jobs 1", one / many, 1.7, "x faster"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; also write it to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.md")
    args = parser.parse_args(argv)
    if shutil.which(sys.executable) is None:
        parser.error("cannot find the running interpreter")

    # An installed package has compiled bytecode; measure that, even where the
    # environment (PYTHONDONTWRITEBYTECODE) keeps imports from writing it.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "plotmodel")], check=True
    )
    report = Report()
    report.say(f"# plotmodel benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)")
    report.say()
    sizes = sorted(args.sizes)
    measured = {size: measure_size(report, size, args.data, args.runs) for size in sizes}
    largest = measured[sizes[-1]]
    label = f"{sizes[-1]:,} events"
    report.target(
        f"validate YAML / yaml.load ({label})",
        largest["validate YAML"] / largest["yaml.load"],
        0.25,
    )
    report.target(
        f"validate broken YAML / clean ({label})",
        largest["validate broken YAML"] / largest["validate YAML"],
        1.2,
    )
    report.target(
        f"validate JSON / json.loads ({label})",
        largest["validate JSON"] / largest["json.loads"],
        3,
    )
    report.target(f"check / json.loads ({label})", largest["check"] / largest["json.loads"], 1)
    for small, big in itertools.pairwise(sizes):
        report.target(
            f"check time {big:,} / {small:,} events (events x{big // small})",
            measured[big]["check"] / measured[small]["check"],
            1.1 * big / small,
        )
    report.target(
        f"validate YAML peak / yaml.load peak ({label})",
        largest["validate YAML peak"] / largest["yaml.load peak"],
        0.75,
    )
    report.target(
        f"validate JSON peak / json.loads peak ({label})",
        largest["validate JSON peak"] / largest["json.loads peak"],
        3,
    )
    measure_startup(report, args.runs)
    measure_many_files(report, args.files, args.runs)
    report.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
