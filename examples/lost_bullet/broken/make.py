"""Write the broken copies of Lost Bullet, and the findings each must give, from the plot file.

Each copy is ``lost_bullet.yaml`` with one mistake a writer could make, made
by changing, adding or cutting one line, as `COPIES` lists them. Every copy
names the one rule that must report its mistake; writing refuses a copy whose
errors and warnings come from any other rule, or that gives none. The copies
and ``expected.txt`` are generated, never edited by hand, so they cannot fall
behind the plot file. From the repository root::

    python scripts/regenerate.py                        # copies, expected.txt, docs outputs
    python examples/lost_bullet/broken/make.py          # only the copies and expected.txt
    python examples/lost_bullet/broken/make.py --check  # only say whether they are up to date
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
PLOT = HERE.parent / "lost_bullet.yaml"
ROOT = HERE.parent.parent.parent


class Copy(NamedTuple):
    """One broken copy: its file name, the mistake in words, the rule that finds it, the edit.

    Each edit replaces one line of the plot file; the text around it is given
    only to find that line, so ``old`` and ``new`` differ in one line.
    """

    name: str
    mistake: str
    rule: str
    old: str
    new: str


COPIES = (
    Copy(
        "dead-quentin-acts",
        "Quentin, already dead, helps Lino armour the car.",
        "PM301",
        "    agent: lino\n    participants: [charas-car]\n    after: [car-recovered]\n",
        "    agents: [lino, quentin]\n    participants: [charas-car]\n    after: [car-recovered]\n",
    ),
    Copy(
        "typo-in-id",
        "The killer's id is mistyped.",
        "PM102",
        "    agent: areski\n    participants:\n      - {who: charas, role: victim}\n",
        "    agent: aresky\n    participants:\n      - {who: charas, role: victim}\n",
    ),
    Copy(
        "car-as-breaker",
        "Charas's car is listed among those who break through the road block, as if it were"
        " a person.",
        "PM103",
        "    agents: [lino, julia]\n    participants: [areski, charas-car, car-armour]\n",
        "    agents: [lino, charas-car]\n    participants: [areski, charas-car, car-armour]\n",
    ),
    Copy(
        "work-before-hiring",
        "Lino's work on Charas's car is said to come after the recruiting and before it.",
        "PM202",
        "    after: [lino-recruited]\n    before: [charas-shot]\n",
        "    after: [lino-recruited]\n    before: [lino-recruited]\n",
    ),
    Copy(
        "memorial-after-itself",
        "The memorial is said to come after itself, a slip of the pen in its loose placing.",
        "PM201",
        "    after: [bullet-recovered]\n    note: Where the car stands",
        "    after: [bullet-recovered, memorial]\n    note: Where the car stands",
    ),
    Copy(
        "escape-caused-later",
        "Lino's escape is said to be caused by a talk with Julia that comes after it.",
        "PM204",
        "    causes: [lino-pressured]\n",
        "    causes: [lino-tells-julia]\n",
    ),
    Copy(
        "employed-before-hired",
        "Lino's weeks of work release are said to draw on his job with Charas, which only"
        " begins when Charas gets him out.",
        "PM205",
        "    place: hq-garage\n    span: habit\n    causes: [lino-recruited]\n",
        "    place: hq-garage\n    span: habit\n    causes: [lino-recruited]\n"
        "    relationships: [charas-employs-lino]\n",
    ),
    Copy(
        "shown-after-unseen",
        "The memorial is shown just after Lino is taken back, which the film never shows.",
        "PM209",
        "    after: [bullet-recovered]\n    note: Where the car stands",
        "    after: [bullet-recovered]\n    shown_after: lino-taken-back\n"
        "    note: Where the car stands",
    ),
    Copy(
        "remains-harmed",
        "Kad and Jacques are written as injuring Charas, who is already dead.",
        "PM303",
        "      - destroyed: {thing: decoy-car, by: [kad, jacques]}\n",
        "      - injured: {who: charas, by: [kad, jacques]}\n",
    ),
    Copy(
        "release-never-held",
        "Lino is freed at the end, but the custody he is back in was left out.",
        "PM401",
        "    effects: [{arrested: lino}]\n  - id: lino-cleared\n",
        "  - id: lino-cleared\n",
    ),
    Copy(
        "cuffed-marco-in-chase",
        "Marco, left handcuffed in the barn, joins the chase on the road.",
        "PM402",
        "    agents: [lino, pursuers]\n",
        "    agents: [lino, pursuers, marco]\n",
    ),
    Copy(
        "two-places-at-once",
        "The grenade scene at the road block is said to happen while Lino is already at"
        " the garage.",
        "PM501",
        "    place: roadblock\n    motivated_by: [lino-brings-car]\n",
        "    place: roadblock\n    simultaneous_with: [race-to-garage]\n",
    ),
    Copy(
        "burnt-decoy-driven",
        "The burnt decoy is driven to headquarters as if it still ran.",
        "PM601",
        "    participants:\n      - {who: decoy-car, appears: remains}\n    place: hq\n"
        "    after: [decoy-burnt]\n",
        "    participants:\n      - {who: decoy-car, role: vehicle}\n    place: hq\n"
        "    after: [decoy-burnt]\n",
    ),
    Copy(
        "hands-over-unheld",
        "Lino hands Areski the grenade, which Areski has had all along.",
        "PM603",
        "    motivated_by: [lino-brings-car]\n    effects:\n      - destroyed:\n",
        "    motivated_by: [lino-brings-car]\n    effects:\n"
        "      - hands_over: {thing: grenade, from: lino, to: areski}\n      - destroyed:\n",
    ),
    Copy(
        "diverter-in-chase",
        "The diverter, left at the crash site, is used in the chase.",
        "PM604",
        "    participants: [charas-car, car-armour]\n    place: road-to-hq\n",
        "    participants: [charas-car, car-armour, diverter]\n    place: road-to-hq\n",
    ),
    Copy(
        "armour-before-made",
        "The plating is used when Lino takes the car, before he has made it.",
        "PM606",
        "    participants: [charas-car]\n    place: barn\n    effects:\n"
        "      - takes: {who: lino, thing: charas-car}\n",
        "    participants: [charas-car, car-armour]\n    place: barn\n    effects:\n"
        "      - takes: {who: lino, thing: charas-car}\n",
    ),
    Copy(
        "areski-never-warned",
        "The warning Areski gets is left out, so he blocks the road for a car he knows nothing of.",
        "PM701",
        "    effects: [{reveal: {fact: lino-brings-car, to: [areski], how: told}}]\n",
        "",
    ),
    Copy(
        "reveal-before-fact",
        "Quentin tells Lino he hid the car before he has hidden it.",
        "PM702",
        "      - reveal: {fact: quentin-owes-gang, to: [charas, lino, audience], how: seen}\n",
        "      - reveal: {fact: quentin-hid-car, to: [charas, lino], how: seen}\n",
    ),
    Copy(
        "news-to-the-dead",
        "The forensic proof is also told to Quentin, who is dead.",
        "PM705",
        "      - reveal: {fact: areski-killed-charas, to: [forensics, moss], how: evidence}\n",
        "      - reveal: {fact: areski-killed-charas, to: [forensics, moss, quentin],"
        " how: evidence}\n",
    ),
    Copy(
        "frame-up-true",
        "The frame-up is written as true, so Lino and Areski both shot Charas.",
        "PM706",
        "    name: Lino killed Charas\n    holds: false\n",
        "    name: Lino killed Charas\n    backstory: true\n",
    ),
    Copy(
        "motive-answered-first",
        "The plotting is shown in story order, so the film answers why Charas is shot before"
        " he is.",
        "PM805",
        "    shown_after: lino-flees\n",
        "",
    ),
    Copy(
        "audience-sees-offscreen",
        "The viewer is said to learn of the suspicion on Lino in a scene the film does not show.",
        "PM806",
        "      - reveal: {fact: lino-killed-charas, to: [julia, moss], how: told,"
        " believed: suspects}\n",
        "      - reveal: {fact: lino-killed-charas, to: [julia, moss, audience], how: told,"
        " believed: suspects}\n",
    ),
    Copy(
        "payoff-before-plant",
        "The bumper's payoff is given as the taking of the car, before the bumper is fitted.",
        "PM804",
        "    planted: car-armoured\n    payoff: roadblock-broken\n",
        "    planted: car-armoured\n    payoff: car-recovered\n",
    ),
)

EXPECTED_HEAD = """\
# Expected findings for each broken variant of the Lost Bullet plot, one per line:
# file:line:col: CODE. Errors and warnings only; every variant also keeps the
# open threads of the film (PM802, info), which the test checks apart.
# Generated by make.py; do not edit by hand.
"""


def text_of(copy: Copy, plot: str) -> str:
    """The broken copy's text: the plot file with its edit, under a line saying what is wrong.

    Raises:
        SystemExit: If the edit does not match exactly one place, or changes more than one line.
    """
    count = plot.count(copy.old)
    if count != 1:
        raise SystemExit(f"{copy.name}: the edit matches {count} places, not one: {copy.old!r}")
    changed = [
        line
        for line in difflib.ndiff(copy.old.splitlines(), copy.new.splitlines())
        if line[:1] in "+-"
    ]
    if max(sum(line[0] == sign for line in changed) for sign in "+-") != 1:
        raise SystemExit(f"{copy.name}: the edit must change one line, not {changed}")
    header = f"# Broken on purpose: {copy.mistake}\n"
    return (
        header
        + "# The checker's expected findings are in expected.txt.\n"
        + plot.replace(copy.old, copy.new)
    )


def expected_of(copies: tuple[Copy, ...]) -> str:
    """The errors and warnings the checker gives for each copy, as ``file:line:col: CODE``.

    Raises:
        SystemExit: If a copy gives a finding of another rule than its own, or none.
    """
    sys.path.insert(0, str(ROOT / "src"))
    from plotmodel import Severity, check, load  # noqa: PLC0415 - after the path is set

    lines = [EXPECTED_HEAD]
    for copy in sorted(copies):
        relative = (HERE / f"{copy.name}.yaml").relative_to(ROOT)
        found = [
            d
            for d in check(load(relative))
            if d.silenced is None and d.severity is not Severity.INFO
        ]
        wrong = [str(d) for d in found if d.code != copy.rule]
        if wrong or not found:
            raise SystemExit(f"{copy.name}: expected only {copy.rule}, got {wrong or found}")
        lines += [f"{d.location}: {d.code}" for d in found]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) every copy and expected.txt."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether they are current")
    args = parser.parse_args(argv)
    plot = PLOT.read_text(encoding="utf-8")
    wanted = {HERE / f"{copy.name}.yaml": text_of(copy, plot) for copy in COPIES}
    stale = [path.name for path in sorted(set(HERE.glob("*.yaml")) - set(wanted))]
    for path in stale:
        if not args.check:
            (HERE / path).unlink()  # a copy no longer listed
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + "; run python scripts/regenerate.py")
        return 1
    expected = expected_of(COPIES)
    target = HERE / "expected.txt"
    if not target.exists() or target.read_text(encoding="utf-8") != expected:
        if args.check:
            print("out of date: expected.txt; run python scripts/regenerate.py")
            return 1
        target.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
