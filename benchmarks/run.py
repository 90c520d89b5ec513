"""Measure plotmodel against the bare parsers and the alternatives, on the same files, in one run.

Every step runs in a fresh interpreter, so that its peak memory (the child's
maximum resident set size) is its own and no step warms another's caches.
Times are processor time (user and system) of the process measured, which a
machine shared with other work disturbs far less than wall time; only the
``--jobs`` comparison is in wall time, as a speed-up from more processes is.
Times are medians of ``--runs`` runs (plots above 10,000 events are measured
once per step, so that a 100,000-event run stays affordable on a shared
machine). Each target of the performance issue is printed as met or missed,
with its ratio; the whole report is written as Markdown to ``--out``.

Usage::

    python benchmarks/run.py                                  # 1k, 10k and 100k events
    python benchmarks/run.py --sizes 1000 10000 --runs 1 --files 100   # a quicker look

The side-by-side with the alternatives uses the peers' generator
(``--peers``, ``../shared/peers`` by default) and clingo when it is installed
(``pip install clingo``); without them, those rows say so.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
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
# the console script a user runs, beside this interpreter when it is installed
_SCRIPT = Path(sys.executable).parent / "plotmodel"
PLOTMODEL = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "plotmodel"]

# Each step, as the code a child interpreter runs; `path` is bound, `timed` is
# the part the clock measures. The bare parses are written exactly as a user
# would call them: no collector tricks.
STEPS: dict[str, tuple[str, str]] = {
    "yaml.load": (
        "import yaml\ntext = open(path, 'rb').read()",
        "yaml.load(text, Loader=yaml.CSafeLoader)",
    ),
    "json.loads": ("import json\ntext = open(path, 'rb').read()", "json.loads(text)"),
    "load": ("from plotmodel.loading import load", "loaded = load(path)"),
    "check": (
        "from plotmodel.loading import load\nfrom plotmodel.checking import check\n"
        "loaded = load(path)",
        "check(loaded)",
    ),
    "structure": (
        "import json\nfrom plotmodel._convert import structure_plot, converter\n"
        "data = json.loads(open(path, 'rb').read()); converter()",
        "structure_plot(data)",
    ),
    "re-check": (
        "from plotmodel.loading import loads\nfrom plotmodel.checking import check\n"
        "text = open(path, encoding='utf-8').read(); check(loads(text))",
        "check(loads(text))",
    ),
    "peer json.loads": ("import json\ntext = open(path, 'rb').read()", "json.loads(text)"),
    "four-rule pass": (
        "import json, sys\nsys.path.insert(0, {here!r})\nimport peers\n"
        "data = json.loads(open(path, 'rb').read())",
        "peers.four_rules(data)",
    ),
    "four-rule pass with json.loads": (
        "import json, sys\nsys.path.insert(0, {here!r})\nimport peers\n"
        "text = open(path, 'rb').read()",
        "peers.four_rules(json.loads(text))",
    ),
    "clingo, four rules": (
        "import json, sys\nsys.path.insert(0, {here!r})\nimport peers, clingo\n"
        "data = json.loads(open(path, 'rb').read())",
        "peers.clingo_rules(data)",
    ),
    "clingo with json.loads": (
        "import json, sys\nsys.path.insert(0, {here!r})\nimport peers, clingo\n"
        "text = open(path, 'rb').read()",
        "peers.clingo_rules(json.loads(text))",
    ),
}

STEP_CHILD = """
import json, resource, sys, time
path = sys.argv[1]
{setup}
start = time.process_time()
{timed}
seconds = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "peak_kb": peak}}))
"""

# The documented queries, asked once the story state is built: each the best
# of many runs, in milliseconds. An event in the middle, a character of the
# middle, ten events apart for a difference.
QUERY_CHILD = """
import json, sys, time
from plotmodel.loading import load
from plotmodel.state import story_state
plot = load(sys.argv[1]).plot
state = story_state(plot)
events = [e.id for e in plot.events]
middle = len(events) // 2
event, since, until = events[middle], events[middle], events[middle + 10]
who = state.characters[len(state.characters) // 2]
fact = next(iter(state.facts))
moment = state.before(event)
# build everything a first question builds: orders, places, the audience, irony
state.order.screen_order(); state.place(who, moment); next(state.dramatic_irony(), None)
state.at(event); state.changes(since, until); next(state.dramatic_irony(character=who), None)

def best(ask, runs=30):
    # a batch of calls lasting about a millisecond per run: one call of a bisect is
    # below what the clock tells apart
    start = time.perf_counter(); ask(); once = time.perf_counter() - start
    calls = max(1, min(1000, int(0.001 / max(once, 1e-7))))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(calls):
            ask()
        times.append((time.perf_counter() - start) / calls)
    return min(times) * 1000

print(json.dumps({
    "is_alive": best(lambda: state.is_alive(who, moment)),
    "place": best(lambda: state.place(who, moment)),
    "knows": best(lambda: state.knows(who, fact, moment)),
    "definitely_before": best(
        lambda: state.order.definitely_before(state.position(since), state.position(until))
    ),
    "at (snapshot)": best(lambda: state.at(event)),
    "changes (10 events)": best(lambda: state.changes(since, until)),
    "dramatic_irony, first": best(lambda: next(state.dramatic_irony(), None)),
    "dramatic_irony of a character, first": best(
        lambda: next(state.dramatic_irony(character=who), None)
    ),
}))
"""


def run_child(code: str, path: Path) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter with ``path``; return the JSON it prints last."""
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def run_step(step: str, path: Path) -> tuple[float, int]:
    """Run one step in a fresh interpreter; return its time and peak memory (KiB)."""
    setup, timed = STEPS[step]
    code = STEP_CHILD.format(setup=setup.format(here=str(HERE)), timed=timed)
    result = run_child(code, path)
    return float(result["seconds"]), int(result["peak_kb"])


def run_command(argv: Sequence[str], *, wall: bool = False) -> tuple[float, int, int]:
    """Run a whole command; return its processor (or wall) time, peak memory (KiB), exit status."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start if wall else usage.ru_utime + usage.ru_stime
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, int(usage.ru_maxrss), process.returncode


def median_step(step: str, path: Path, runs: int) -> tuple[float, int]:
    """The median time and the largest peak of ``runs`` runs of one step."""
    results = [run_step(step, path) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def median_command(argv: Sequence[str], runs: int) -> tuple[float, int, int]:
    """The median processor time, largest peak and last exit status of ``runs`` runs."""
    results = [run_command(argv) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        max(r[1] for r in results),
        results[-1][2],
    )


def interleaved(
    commands: dict[str, list[str]], runs: int, *, wall: bool = False
) -> dict[str, float]:
    """Median time of each command, run in turn so that load on the machine hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(run_command(argv, wall=wall)[0])
    return {name: statistics.median(found) for name, found in times.items()}


def validate(*args: str) -> list[str]:
    """The command line of ``plotmodel validate`` with ``args``, as the console script runs it."""
    return [*PLOTMODEL, "validate", *args]


class Report:
    """Collects measurements and targets, and writes them as Markdown."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.targets: list[tuple[str, float | None, float, str]] = []

    def say(self, line: str = "") -> None:
        self.lines.append(line)
        print(line, flush=True)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.say("| " + " | ".join(header) + " |")
        self.say("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        for row in rows:
            self.say("| " + " | ".join(row) + " |")
        self.say()

    def target(self, name: str, ratio: float | None, limit: float, unit: str = "x") -> None:
        """Record a target: ``ratio`` against ``limit`` (at most; at least for "x faster")."""
        self.targets.append((name, ratio, limit, unit))
        if ratio is not None:
            print(f"  -> {name}: {ratio:.3g} {unit} ({self._verdict(ratio, limit, unit)})")

    @staticmethod
    def _verdict(ratio: float, limit: float, unit: str) -> str:
        if unit == "x faster":
            return "met" if ratio >= limit else f"MISSED: {limit / ratio:.2f}x short"
        return "met" if ratio <= limit else f"MISSED by {ratio / limit:.2f}x"

    def close(self) -> None:
        self.say("## Targets")
        self.say()
        rows = []
        for name, ratio, limit, unit in self.targets:
            if ratio is None:
                rows.append([name, "not measured", f"{limit:g} {unit}", "not measured"])
            else:
                verdict = self._verdict(ratio, limit, unit)
                rows.append([name, f"{ratio:.3g} {unit}", f"{limit:g} {unit}", verdict])
        self.table(["target", "measured", "limit", "verdict"], rows)


def generated(data: Path, size: int) -> None:
    """Generate the benchmark plots of ``size`` events unless they are there."""
    if not all((data / f"{shape}-{size}.yaml").exists() for shape in SHAPES):
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--events", str(size), "--out", str(data)],
            check=True,
        )


SHAPES = ("plot", "broken", "heavy", "chain", "chains")


def measure_size(report: Report, size: int, data: Path, runs: int) -> dict[str, float]:
    """Measure every step on the plots of ``size`` events; return the key numbers."""
    generated(data, size)
    runs = runs if size <= 10_000 else 1
    file = {shape: data / f"{shape}-{size}" for shape in SHAPES}
    mb = file["plot"].with_suffix(".yaml").stat().st_size / 1e6
    report.say(f"### {size:,} events ({mb:.1f} MB of YAML)")
    report.say()
    numbers: dict[str, float] = {}
    rows = []

    def row(name: str, seconds: float, peak_kb: int) -> None:
        numbers[name] = seconds
        numbers[f"{name} peak"] = peak_kb
        rows.append([name, f"{seconds:.3f}", f"{peak_kb / 1024:.0f}"])

    for step, shape, suffix in (
        ("yaml.load", "plot", ".yaml"),
        ("json.loads", "plot", ".json"),
        ("load", "plot", ".yaml"),
        ("structure", "plot", ".json"),
    ):
        row(
            f"{step} ({suffix[1:].upper()})",
            *median_step(step, file[shape].with_suffix(suffix), runs),
        )
    for shape in SHAPES:
        row(f"check, {shape}", *median_step("check", file[shape].with_suffix(".json"), runs))
    for shape, suffix in (
        ("plot", ".yaml"),
        ("broken", ".yaml"),
        ("heavy", ".yaml"),
        ("plot", ".json"),
        ("broken", ".json"),
    ):
        seconds, peak, status = median_command(validate(str(file[shape].with_suffix(suffix))), runs)
        row(f"validate {shape} {suffix[1:].upper()} (exit {status})", seconds, peak)
        numbers[f"validate {shape} {suffix[1:].upper()}"] = seconds
        numbers[f"validate {shape} {suffix[1:].upper()} peak"] = peak
    report.table(["step", "processor s", "peak MiB"], rows)
    queries = run_child(QUERY_CHILD, file["plot"].with_suffix(".json"))
    report.say(
        "Queries once the state is built (ms per call, best of 30 batches of calls): "
        + ", ".join(f"{name} {ms:.3f}" for name, ms in queries.items())
    )
    report.say()
    numbers.update({f"query {name}": ms for name, ms in queries.items()})
    return numbers


def measure_targets(report: Report, measured: dict[int, dict[str, float]]) -> None:
    """The targets on the plots of the largest size, and across sizes."""
    sizes = sorted(measured)
    big = measured[sizes[-1]]
    at = f"{sizes[-1]:,} events"
    report.target(
        f"validate YAML / yaml.load ({at})",
        big["validate plot YAML"] / big["yaml.load (YAML)"],
        0.2,
    )
    report.target(
        f"validate YAML, 1% broken / clean ({at})",
        big["validate broken YAML"] / big["validate plot YAML"],
        1.1,
    )
    report.target(
        f"validate YAML, findings on a third / clean ({at})",
        big["validate heavy YAML"] / big["validate plot YAML"],
        1.5,
    )
    report.target(
        f"validate JSON / json.loads ({at})",
        big["validate plot JSON"] / big["json.loads (JSON)"],
        3,
    )
    report.target(
        f"validate JSON, 1% broken / json.loads ({at})",
        big["validate broken JSON"] / big["json.loads (JSON)"],
        3.5,
    )
    report.target(f"check / json.loads ({at})", big["check, plot"] / big["json.loads (JSON)"], 1)
    for small, large in itertools.pairwise(sizes):
        for shape in ("plot", "chain", "chains", "heavy"):
            report.target(
                f"check {shape}, {large:,} / {small:,} events (x{large // small} events)",
                measured[large][f"check, {shape}"] / measured[small][f"check, {shape}"],
                1.1 * large / small,
            )
    report.target(
        f"validate YAML peak / yaml.load peak ({at})",
        big["validate plot YAML peak"] / big["yaml.load (YAML) peak"],
        0.75,
    )
    report.target(
        f"validate JSON peak / json.loads peak ({at})",
        big["validate plot JSON peak"] / big["json.loads (JSON) peak"],
        3,
    )
    if len(sizes) > 1 and sizes[-1] >= 10 * sizes[-2]:
        small, large = measured[sizes[-2]], big
        for name in (key for key in big if key.startswith("query ")):
            report.target(
                f"{name[6:]}: {sizes[-1]:,} / {sizes[-2]:,} events",
                large[name] / max(small[name], 1e-6),
                1.5,
            )


def measure_startup(report: Report, runs: int) -> None:
    """The command's start beside a bare interpreter, and an in-process re-check of the example."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "plotmodel --version": [*PLOTMODEL, "--version"],
        "plotmodel validate lost_bullet.yaml": validate(str(EXAMPLE)),
    }
    times = interleaved(commands, runs * 7)
    report.say("### Start-up (processor time, median of interleaved runs)")
    report.say()
    rows = [[name, f"{seconds * 1000:.1f}"] for name, seconds in times.items()]
    recheck = median_step("re-check", EXAMPLE, runs * 3)[0]
    parse = median_step("yaml.load", EXAMPLE, runs * 3)[0]
    rows += [
        ["re-check of lost_bullet.yaml in process", f"{recheck * 1000:.1f}"],
        ["yaml.load (C loader) of the same text", f"{parse * 1000:.1f}"],
    ]
    report.table(["command", "processor ms"], rows)
    bare = times["python -c pass"]
    report.target("plotmodel --version / python -c pass", times["plotmodel --version"] / bare, 3)
    report.target(
        "plotmodel validate Lost Bullet / python -c pass",
        times["plotmodel validate lost_bullet.yaml"] / bare,
        8,
    )
    report.target("in-process re-check of Lost Bullet / yaml.load", recheck / parse, 2)


def measure_many_files(report: Report, count: int, runs: int) -> None:
    """Validate ``count`` variants of the worked example with one process, then two."""
    text = EXAMPLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i in range(count):
            target = Path(folder) / f"variant-{i:04d}.yaml"
            target.write_text(text.replace("title:", f"# variant {i}\ntitle:", 1), encoding="utf-8")
            files.append(str(target))
        times = interleaved(
            {"1": validate("--jobs", "1", *files), "2": validate("--jobs", "2", *files)},
            runs,
            wall=True,
        )
    report.say(f"### {count} files (variants of lost_bullet.yaml)")
    report.say()
    report.table(
        ["command", "wall s"],
        [[f"validate --jobs {jobs}", f"{seconds:.3f}"] for jobs, seconds in times.items()],
    )
    report.target(
        f"{count} files: --jobs 2 speed-up over --jobs 1", times["1"] / times["2"], 1.7, "x faster"
    )


def measure_peers(report: Report, peers: Path, size: int, data: Path, runs: int) -> None:
    """plotmodel beside a hand-written pass and clingo, on the peers' plot converted."""
    sys.path.insert(0, str(HERE))
    import peers as side  # noqa: PLC0415 - this folder's module, found once the path is set

    generator = peers / "gen_plot.py"
    if not generator.exists():
        report.say(f"### The peers' plot: not measured ({generator} not found; see --peers)")
        report.say()
        report.target("check / hand-written four-rule pass (peers' plot)", None, 2)
        return
    stem = data / f"peers-{size}"
    if not stem.with_suffix(".expected.json").exists():
        subprocess.run(
            [
                sys.executable,
                str(generator),
                str(size),
                "--inject",
                "3",
                "--no-yaml",
                "--out",
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
    peer_file = stem.with_suffix(".json")
    converted = data / f"peers-{size}-plotmodel.json"
    peer = json.loads(peer_file.read_text(encoding="utf-8"))
    converted.write_text(json.dumps(side.convert(peer)), encoding="utf-8")
    runs = runs if size <= 10_000 else 1
    rows = []
    times = {}
    for name, step, file in (
        ("json.loads", "peer json.loads", peer_file),
        ("hand-written four-rule pass (loaded dicts)", "four-rule pass", peer_file),
        ("json.loads + four-rule pass", "four-rule pass with json.loads", peer_file),
        ("clingo, four rules (loaded dicts)", "clingo, four rules", peer_file),
        ("json.loads + clingo", "clingo with json.loads", peer_file),
        ("plotmodel check, every rule (loaded plot)", "check", converted),
    ):
        if "clingo" in step and not side.clingo_available():
            rows.append([name, "clingo not installed", ""])
            continue
        seconds, peak = median_step(step, file, runs)
        times[step] = seconds
        rows.append([name, f"{seconds:.3f}", f"{peak / 1024:.0f}"])
    seconds, peak, status = median_command(validate(str(converted)), runs)
    rows.append(
        [
            f"plotmodel validate, whole command (exit {status})",
            f"{seconds:.3f}",
            f"{peak / 1024:.0f}",
        ]
    )
    agree = _agreement(side, peer, converted, stem)
    report.say(f"### The peers' plot, {size:,} events, 3 violations of each of 4 rules injected")
    report.say()
    report.table(["step", "processor s", "peak MiB"], rows)
    report.say(f"Same findings of the four rules: {agree}")
    report.say()
    report.target(
        f"check / hand-written four-rule pass (peers' plot, {size:,} events)",
        times["check"] / times["four-rule pass"],
        2,
    )


def _agreement(side: object, peer: dict[str, object], converted: Path, stem: Path) -> str:
    from plotmodel.checking import check  # noqa: PLC0415 - the benchmark's own process
    from plotmodel.loading import load  # noqa: PLC0415

    expected = side.expected(str(stem.with_suffix(".expected.json")))  # type: ignore[attr-defined]
    loaded = load(converted)
    found = side.by_rule(check(loaded), json.loads(converted.read_text())["events"])  # type: ignore[attr-defined]
    answers = {"plotmodel": found, "hand-written pass": side.four_rules(peer)}  # type: ignore[attr-defined]
    if side.clingo_available():  # type: ignore[attr-defined]
        answers["clingo"] = side.clingo_rules(peer)  # type: ignore[attr-defined]
    return ", ".join(
        f"{name} {'yes' if answer == expected else 'NO'}" for name, answer in answers.items()
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; also write it to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.md")
    args = parser.parse_args(argv)

    # An installed package has compiled bytecode; measure that, even where the
    # environment (PYTHONDONTWRITEBYTECODE) keeps imports from writing it.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "plotmodel")], check=True
    )
    started = time.perf_counter()
    report = Report()
    report.say(f"# plotmodel benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)")
    report.say()
    given = " ".join(argv if argv is not None else sys.argv[1:])
    report.say(f"Command: `python benchmarks/run.py {given}`")
    report.say()
    sizes = sorted(args.sizes)
    measured = {size: measure_size(report, size, args.data, args.runs) for size in sizes}
    measure_targets(report, measured)
    measure_peers(report, args.peers, sizes[-1], args.data, args.runs)
    measure_startup(report, args.runs)
    measure_many_files(report, args.files, args.runs)
    report.close()
    report.say(f"Whole run: {time.perf_counter() - started:.0f} s.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
