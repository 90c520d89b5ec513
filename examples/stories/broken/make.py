"""Write the broken twin of every story in the corpus, and the findings each must give.

Each twin is its story with one mistake a writer could make: a few lines
replaced, added or cut, as `TWINS` lists them. Every twin names the one rule
that must report its mistake; writing refuses a twin whose findings (errors
and warnings) come from any other rule, or that no error reports. The twins
and ``expected.txt`` are generated, never edited by hand, so they cannot fall
behind the stories. From the repository root::

    python examples/stories/broken/make.py          # write the twins and expected.txt
    python examples/stories/broken/make.py --check  # only say whether they are up to date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
STORIES = HERE.parent
ROOT = STORIES.parent.parent


class Twin(NamedTuple):
    """One broken twin: its story, the mistake in words, the rule that finds it, the edits."""

    story: str
    mistake: str
    rule: str
    edits: tuple[tuple[str, str], ...]


TWINS = (
    Twin(
        "ali-baba-jars",
        "The burial in the garden is written without moving the dead band there, yet the"
        " lookout's dagger is dug up there with his bones.",
        "PM604",
        (("      - moves: {who: hidden, to: garden}\n", ""),),
    ),
    Twin(
        "around-the-world",
        "The landing at Liverpool is dated a day early, leaving the cargo boat seven days for"
        " a crossing from New York that takes eight.",
        "PM502",
        (("    date: 1872-12-20T11:40\n", "    date: 1872-12-19T11:40\n"),),
    ),
    Twin(
        "blue-carbuncle",
        "Inspector Bradstreet is left out of the committal, so the plumber the police hold"
        " stands in the police court with none of them there.",
        "PM402",
        (
            (
                "    agents: [bradstreet, ryder, cusack]\n    participants: [horner]\n"
                "    place: police-court\n    shown: false\n"
                "    motivated_by: [{fact: horner-stole-it, agents: [bradstreet]}]\n",
                "    agents: [ryder, cusack]\n    participants: [horner]\n"
                "    place: police-court\n    shown: false\n",
            ),
        ),
    ),
    Twin(
        "bluebeard",
        "The brothers' swords only wound Bluebeard, yet his wife, whom he still holds, goes"
        " off to town to marry again.",
        "PM402",
        (
            (
                "      - dies: {who: bluebeard, by: brothers}\n",
                "      - injured: {who: bluebeard, by: brothers}\n",
            ),
        ),
    ),
    Twin(
        "cinderella",
        "The sisters try on the slipper at home, but the gentleman who carries it is left"
        " out of the scene.",
        "PM604",
        (
            (
                "    agents: [gentleman, stepsisters]\n    participants: [slipper, cinderella]\n",
                "    agents: [stepsisters]\n    participants: [slipper, cinderella]\n",
            ),
        ),
    ),
    Twin(
        "exodus-sea",
        "The captain of the chariots, who rode into the sea with the host, is written as"
        " bringing the news back to Pharaoh.",
        "PM301",
        (
            (
                "  - id: song\n",
                "  - id: news\n"
                "    name: The captain of the chariots brings Pharaoh word of the disaster\n"
                "    agents: [captain]\n"
                "    participants: [pharaoh]\n"
                "    place: camp\n"
                "  - id: song\n",
            ),
        ),
    ),
    Twin(
        "fox-and-crow",
        "The fox eats the cheese as he snaps it up, yet carries it off into the wood.",
        "PM601",
        (
            (
                "      - takes: {who: fox, thing: cheese}\n",
                "      - takes: {who: fox, thing: cheese}\n"
                "      - destroyed: {thing: cheese, by: fox}\n",
            ),
            (
                "    place: wood\n    effects:\n      - destroyed: {thing: cheese, by: fox}\n",
                "    place: wood\n",
            ),
        ),
    ),
    Twin(
        "gospel-tomb",
        "The record that the Gospels disagree about one messenger or two is left out, so the"
        " two accounts contradict each other unexplained.",
        "PM706",
        (
            (
                "\ndiscrepancies:\n"
                "  - id: how-many-messengers\n"
                "    name: The Gospels disagree on how many messengers the women met at the tomb\n"
                "    about: [one-messenger, two-messengers]\n"
                "    readings:\n"
                "      - In Matthew an angel rolls back the stone and sits on it; in Mark a young"
                " man in white sits inside.\n"
                "      - In Luke two men in shining clothes stand beside the women; in John two"
                " angels sit where the body had lain.\n",
                "",
            ),
        ),
    ),
    Twin(
        "hamlet",
        "When Hamlet lifts the arras, the reveal of whom he has killed is written for the"
        " audience alone, so Hamlet hides the body before he knows it is Polonius.",
        "PM701",
        (
            (
                "fact: killed-polonius, to: [hamlet, gertrude, audience], how: seen",
                "fact: killed-polonius, to: [audience], how: seen",
            ),
        ),
    ),
    Twin(
        "lighthouse-inquest",
        "In the widow's account the keeper helps put the lamp out after his fall; only that"
        " account is reported, the other three deaths stay consistent.",
        "PM301",
        (
            (
                "      - id: dark\n"
                "        name: The assistant lets the lamp go out, so the fall will look like an"
                " accident\n"
                "        agent: assistant\n",
                "      - id: dark\n"
                "        name: The assistant lets the lamp go out, so the fall will look like an"
                " accident\n"
                "        agents: [assistant, keeper]\n",
            ),
        ),
    ),
    Twin(
        "lion-and-mouse",
        "In the scene where the lion spares the mouse, the release is written before the seizure.",
        "PM401",
        (
            (
                "      - arrested: {who: mouse, by: lion}\n"
                "      - reveal: {fact: small-help-great, to: [lion, audience], by: mouse,"
                " believed: false}\n"
                "      - released: {who: mouse, by: lion}\n",
                "      - released: {who: mouse, by: lion}\n"
                "      - arrested: {who: mouse, by: lion}\n"
                "      - reveal: {fact: small-help-great, to: [lion, audience], by: mouse,"
                " believed: false}\n",
            ),
        ),
    ),
    Twin(
        "little-red-cap",
        "Red Cap, whom the wolf only pretends to be at the grandmother's door, is listed as"
        " there, while at that very moment she is picking flowers off the path.",
        "PM501",
        (
            (
                "    participants: [grandmother]\n    mentions: [red-cap]\n",
                "    participants: [grandmother, red-cap]\n",
            ),
        ),
    ),
    Twin(
        "macbeth-crown",
        "Duncan's reign is not said to end with his murder, so he is still king when"
        " Macbeth is crowned.",
        "PM706",
        (("    ended_by: murder\n", ""),),
    ),
    Twin(
        "monte-cristo-if",
        "The doctor's hot iron on the dead abbé's foot is written as an injury.",
        "PM303",
        (
            (
                "      - moves: {who: sack, to: faria-cell}\n",
                "      - moves: {who: sack, to: faria-cell}\n"
                "      - injured: {who: faria, by: guards}\n",
            ),
        ),
    ),
    Twin(
        "nosferatu",
        "The loading of the coffin into the ship's hold is left out, yet the count carries it"
        " off the ship at Wisborg while it still stands on the quay of the Black Sea port.",
        "PM604",
        (
            (
                "    date: 1838-07-16\n    effects:\n"
                "      - put_in: {thing: coffin, into: ship, by: [captain, mate]}\n",
                "    date: 1838-07-16\n",
            ),
        ),
    ),
    Twin(
        "odyssey-crew",
        "The shade of Achilles is left out of the scene in which Odysseus gives it news of its"
        " son, so the news goes to a dead man who is not there.",
        "PM705",
        (("    participants: [{who: achilles, appears: ghost}]\n", ""),),
    ),
    Twin(
        "oedipus",
        "The audience learns of Jocasta's death in the off-stage scene itself instead of from"
        " the servant's report.",
        "PM806",
        (
            (
                "      - reveal: {fact: jocasta-hanged, to: [chorus, audience], by: servant}\n",
                "      - reveal: {fact: jocasta-hanged, to: [chorus], by: servant}\n",
            ),
            (
                "    effects:\n      - dies: jocasta\n",
                "    effects:\n      - dies: jocasta\n"
                "      - reveal: {fact: jocasta-hanged, to: [audience], how: shown}\n",
            ),
        ),
    ),
    Twin(
        "purloined-letter",
        "The lady's seeing the theft is left out (no learned_by), so she sends for the Prefect"
        " about a theft she does not know of.",
        "PM701",
        (("    learned_by: [minister, queen]\n", ""),),
    ),
    Twin(
        "ring-of-polycrates",
        "The ring is said to turn up on the sea bed, not inside the fish, so the cook takes it"
        " out in the kitchen while it still lies at sea.",
        "PM604",
        (("      - found: {thing: ring, at: fish}\n", "      - found: {thing: ring, at: sea}\n"),),
    ),
    Twin(
        "snow-white",
        "Snow White speaks to the prince before the line that brings her back to life.",
        "PM301",
        (
            (
                "      - returns: snow-white\n"
                "      - reveal: {fact: apple-poisoned, to: [snow-white], by: prince}\n"
                "      - reveal: {fact: will-marry, to: [prince, audience], by: snow-white}\n",
                "      - reveal: {fact: will-marry, to: [prince, audience], by: snow-white}\n"
                "      - returns: snow-white\n"
                "      - reveal: {fact: apple-poisoned, to: [snow-white], by: prince}\n",
            ),
        ),
    ),
    Twin(
        "speckled-band",
        "The ventilator is said to be cut after the work on the west wing began, which comes"
        " after Julia's death that it must precede.",
        "PM202",
        (
            (
                "    name: Roylott has a ventilator cut through from his room into Julia's\n"
                "    agent: roylott\n"
                "    place: julia-room\n"
                "    after: [move-to-stoke]\n",
                "    name: Roylott has a ventilator cut through from his room into Julia's\n"
                "    agent: roylott\n"
                "    place: julia-room\n"
                "    after: [repairs]\n",
            ),
        ),
    ),
    Twin(
        "study-in-scarlet",
        "The screen list leaves out the chapter of Hope's twenty-year hunt.",
        "PM208",
        (("  - hunt\n", ""),),
    ),
    Twin(
        "the-necklace",
        "The scene at home names Madame Forestier instead of Mathilde, so no one of the"
        " couple who bought the new necklace brings it there.",
        "PM604",
        (
            (
                "    name: Home again, Mathilde lays the new necklace in its case\n"
                "    agents: [mathilde]\n",
                "    name: Home again, Mathilde lays the new necklace in its case\n"
                "    agents: [jeanne]\n",
            ),
        ),
    ),
    Twin(
        "the-last-cylinder",
        "The squire's discharge of the gang is left out, yet Tom, held through the gang's"
        " arrest, sails from the quay.",
        "PM402",
        (("      - released: {who: gang, by: squire}\n", ""),),
    ),
    Twin(
        "thirty-nine-steps",
        "The night at the shepherd's cottage is dated in the early afternoon, when the train"
        " that left London at ten past seven cannot yet have reached Galloway.",
        "PM502",
        (("    date: 1914-05-28T20:00\n", "    date: 1914-05-28T14:00\n"),),
    ),
    Twin(
        "valjean-silver",
        "The gendarmes hand the silver back to Valjean, but the line where they take it off"
        " him is missing.",
        "PM603",
        (("      - takes: {who: gendarmes, thing: silver, from: valjean}\n", ""),),
    ),
    Twin(
        "wooden-horse",
        "The horse is written as made only when the Trojans find it, so the fighters climb"
        " into it before it exists.",
        "PM606",
        (
            (
                "    place: shore\n    effects:\n      - made: {thing: horse, by: epeus}\n",
                "    place: shore\n",
            ),
            (
                "    participants: [horse, laocoon]\n    place: shore\n",
                "    participants: [horse, laocoon]\n    place: shore\n"
                "    effects:\n      - made: {thing: horse, by: epeus}\n",
            ),
        ),
    ),
    Twin(
        "william-tell",
        "Gessler's sentence is written as prompted by the second arrow, which Tell owns to"
        " only after the shot.",
        "PM701",
        (
            (
                "    participants: [tell, walter, harras, guards]\n    place: altdorf\n",
                "    participants: [tell, walter, harras, guards]\n    place: altdorf\n"
                "    motivated_by: [second-arrow]\n",
            ),
        ),
    ),
    Twin(
        "witch-of-endor",
        "Samuel is written as bodily present at the seance instead of speaking through the medium.",
        "PM301",
        (
            (
                "    agents: [saul, medium, {who: samuel, appears: medium}]\n",
                "    agents: [saul, medium, samuel]\n",
            ),
        ),
    ),
)

EXPECTED_HEAD = """\
# Expected findings for each broken twin of the story corpus, one per line:
# file:line:col: CODE. Errors and warnings only; a twin may also keep its
# story's info findings. Generated by make.py; do not edit by hand.
"""


def text_of(twin: Twin) -> str:
    """The twin's text: its story with the edits, under a line saying what is wrong."""
    story = (STORIES / f"{twin.story}.yaml").read_text(encoding="utf-8")
    for old, new in twin.edits:
        count = story.count(old)
        if count != 1:
            raise SystemExit(f"{twin.story}: an edit matches {count} places, not one: {old!r}")
        story = story.replace(old, new)
    header = f"# Broken on purpose: {twin.mistake}\n"
    return header + "# The checker's expected findings are in expected.txt.\n" + story


def expected_of(twins: tuple[Twin, ...]) -> str:
    """The errors and warnings the checker gives for each twin, as ``file:line:col: CODE``.

    Raises:
        SystemExit: If a twin gives a finding of another rule than its own, or no error.
    """
    sys.path.insert(0, str(ROOT / "src"))
    from plotmodel import Severity, check, load  # noqa: PLC0415 - after the path is set

    lines = [EXPECTED_HEAD]
    for twin in sorted(twins):
        relative = (HERE / f"{twin.story}.yaml").relative_to(ROOT)
        found = [
            d
            for d in check(load(relative))
            if d.silenced is None and d.severity is not Severity.INFO
        ]
        wrong = [str(d) for d in found if d.code != twin.rule]
        if wrong or not any(d.severity is Severity.ERROR for d in found):
            raise SystemExit(
                f"{twin.story}: expected only {twin.rule} errors, got {wrong or found}"
            )
        lines += [f"{d.location}: {d.code}" for d in found]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) every twin and expected.txt."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether they are current")
    args = parser.parse_args(argv)
    wanted = {HERE / f"{twin.story}.yaml": text_of(twin) for twin in TWINS}
    stale = []
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + "; run examples/stories/broken/make.py")
        return 1
    expected = expected_of(TWINS)
    target = HERE / "expected.txt"
    if not target.exists() or target.read_text(encoding="utf-8") != expected:
        if args.check:
            print("out of date: expected.txt; run examples/stories/broken/make.py")
            return 1
        target.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
