"""plotmodel beside what a user would write instead, on one synthetic plot.

The plot comes from the peers' generator (``gen_plot.py`` in the peers'
folder, ``../shared/peers`` beside the repository by default): events in a
neutral JSON shape, with four kinds of violation injected and recorded. This
module holds three things the benchmark needs around it:

- `convert`: that plot in plotmodel's file format, meaning for meaning;
- `four_rules`: a hand-written pass of the same four rules over the loaded
  dicts, the floor any checker is measured against;
- `clingo_rules`: the same four rules as an answer-set program, run only
  when clingo is installed (``pip install clingo``, or the ``bench`` extra).

Usage::

    python benchmarks/peers.py PLOT.json            # converted plot on standard output
"""

from __future__ import annotations

import json
import sys
from typing import Any

Data = dict[str, Any]

#: The peers' rule names and the plotmodel rules that catch the same mistakes.
RULE_CODES = {
    "acts_after_death": "PM301",
    "custody": "PM401",
    "destroyed_used": "PM601",
    "learn_before_established": "PM702",
}


def convert(peer: Data) -> Data:
    """The peers' plot in plotmodel's file format.

    - ``summary`` is the event's name, ``text`` the fact's;
    - ``establishes`` makes the event the fact's ``established_by`` (the
      first such event: the peers' rule asks whether any event up to this one
      establishes it);
    - ``learns [c, f]`` is a reveal of ``f`` to ``c``;
    - ``uses t`` puts the thing among the event's participants, where a
      plot writer puts what an event handles;
    - a participant already dead appears as ``remains`` (the peers' "a body
      that is found"); plotmodel asks that this be said;
    - the other effects keep their names: ``arrested``, ``released``,
      ``escapes``, ``dies``, ``destroyed``, ``moves``.
    """
    established: dict[str, str] = {}
    dead: set[str] = set()
    events = []
    for peer_event in peer["events"]:
        event: Data = {"id": peer_event["id"], "name": peer_event["summary"]}
        event["agents"] = list(peer_event["agents"])
        participants: list[Any] = [
            {"who": who, "appears": "remains"} if who in dead else who
            for who in peer_event.get("participants", ())
        ]
        if "place" in peer_event:
            event["place"] = peer_event["place"]
        effects: list[Data] = []
        died = []
        for effect in peer_event.get("effects", ()):
            ((kind, value),) = effect.items()
            if kind == "establishes":
                established.setdefault(value, peer_event["id"])
            elif kind == "learns":
                effects.append({"reveal": {"fact": value[1], "to": [value[0]]}})
            elif kind == "uses":
                participants.append(value)
            elif kind == "moves":
                effects.append({"moves": {"who": value[0], "to": value[1]}})
            else:
                effects.append({kind: value})
                if kind == "dies":
                    died.append(value)
        if participants:
            event["participants"] = participants
        if effects:
            event["effects"] = effects
        events.append(event)
        dead.update(died)
    facts = []
    for fact in peer["facts"]:
        entry: Data = {"id": fact["id"], "name": fact["text"]}
        if fact["id"] in established:
            entry["established_by"] = established[fact["id"]]
        facts.append(entry)
    return {
        "plotmodel": 1,
        "title": peer["title"],
        "characters": peer["characters"],
        "things": peer["things"],
        "places": peer["places"],
        "facts": facts,
        "events": events,
    }


def four_rules(peer: Data) -> dict[str, list[str]]:
    """The four rules by hand: one pass over the events with a set for each kind of state.

    Returns:
        For each rule (by the peers' name), the ids of the events that break it.
    """
    dead: set[str] = set()
    held: set[str] = set()
    destroyed: set[str] = set()
    established: set[str] = set()
    found: dict[str, list[str]] = {rule: [] for rule in RULE_CODES}
    for event in peer["events"]:
        event_id = event["id"]
        if not dead.isdisjoint(event["agents"]):
            found["acts_after_death"].append(event_id)
        effects = event.get("effects", ())
        # a witness may learn a fact in the event that establishes it
        established.update(e["establishes"] for e in effects if "establishes" in e)
        custody = used = learned = False
        died, broken, arrested, freed = [], [], [], []
        for effect in effects:
            ((kind, value),) = effect.items()
            if kind in ("released", "escapes"):
                custody = custody or value not in held
                freed.append(value)
            elif kind == "uses":
                used = used or value in destroyed
            elif kind == "learns":
                learned = learned or value[1] not in established
            elif kind == "dies":
                died.append(value)
            elif kind == "destroyed":
                broken.append(value)
            elif kind == "arrested":
                arrested.append(value)
        for rule, broke in (
            ("custody", custody),
            ("destroyed_used", used),
            ("learn_before_established", learned),
        ):
            if broke:
                found[rule].append(event_id)
        # effects take hold after the event; an arrest wins over a release in it
        dead.update(died)
        destroyed.update(broken)
        held.difference_update(freed)
        held.update(arrested)
    return found


_PROGRAM = """
v(1,I) :- agent(I,C), dies(D,C), D < I.
custody(C,J) :- arrested(J,C).
custody(C,J) :- freed(J,C).
last(C,I,P) :- freed(I,C), P = #max{ J : custody(C,J), J < I }.
v(2,I) :- last(C,I,P), not arrested(P,C).
v(3,I) :- uses(I,T), destroyed(D,T), D < I.
known(I,F) :- learns(I,_,F), establishes(S,F), S <= I.
v(4,I) :- learns(I,_,F), not known(I,F).
#defined agent/2. #defined dies/2. #defined arrested/2. #defined freed/2.
#defined destroyed/2. #defined uses/2. #defined establishes/2. #defined learns/3.
#show v/2.
"""


def clingo_available() -> bool:
    """Whether clingo can be imported here."""
    try:
        import clingo  # noqa: F401, PLC0415 - optional
    except ImportError:
        return False
    return True


def clingo_rules(peer: Data) -> dict[str, list[str]]:
    """The four rules as a stratified answer-set program, ground and solved by clingo."""
    import clingo  # noqa: PLC0415 - optional: only when installed

    ids: dict[str, int] = {}
    intern = ids.setdefault
    facts: list[str] = []
    for i, event in enumerate(peer["events"]):
        facts.extend(f"agent({i},{intern(who, len(ids))})." for who in event["agents"])
        for effect in event.get("effects", ()):
            ((kind, value),) = effect.items()
            if kind in ("released", "escapes"):
                facts.append(f"freed({i},{intern(value, len(ids))}).")
            elif kind == "learns":
                who, fact = intern(value[0], len(ids)), intern(value[1], len(ids))
                facts.append(f"learns({i},{who},{fact}).")
            elif kind in ("dies", "arrested", "destroyed", "uses", "establishes"):
                facts.append(f"{kind}({i},{intern(value, len(ids))}).")
    control = clingo.Control(["--warn=none"])
    control.add("base", [], _PROGRAM)
    control.add("base", [], "\n".join(facts))
    control.ground([("base", [])])
    found: dict[int, set[int]] = {n: set() for n in range(1, 5)}

    def on_model(model: Any) -> None:
        for symbol in model.symbols(shown=True):
            rule, index = symbol.arguments
            found[rule.number].add(index.number)

    control.solve(on_model=on_model)
    events = peer["events"]
    return {
        name: [events[i]["id"] for i in sorted(found[n])]
        for n, name in enumerate(RULE_CODES, start=1)
    }


def expected(path: str) -> dict[str, list[str]]:
    """The violations the generator injected, by rule, as event ids in story order."""
    with open(path, encoding="utf-8") as text:
        recorded = json.load(text)["violations"]
    return {rule: [found["event"] for found in recorded[rule]] for rule in RULE_CODES}


def by_rule(diagnostics: list[Any], events: list[Data]) -> dict[str, list[str]]:
    """plotmodel's findings of the four rules, as the event ids they point at, in story order."""
    position = {event["id"]: i for i, event in enumerate(events)}
    found: dict[str, set[str]] = {rule: set() for rule in RULE_CODES}
    codes = {code: rule for rule, code in RULE_CODES.items()}
    for diagnostic in diagnostics:
        rule = codes.get(diagnostic.code)
        if rule is not None and diagnostic.path[:1] == ("events",):
            found[rule].add(events[diagnostic.path[1]]["id"])
    return {rule: sorted(ids, key=position.__getitem__) for rule, ids in found.items()}


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as source:
        json.dump(convert(json.load(source)), sys.stdout)
