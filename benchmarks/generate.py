"""Write large, deterministic, valid plot files for benchmarks, and broken twins.

The plots use every kind of element and effect the format has, in rough film
proportions: about one character per hundred events, one fact per twenty.
They are built as plain data, straight into the file format, so that
generating 100,000 events takes seconds. ``--broken`` injects a known set of
mistakes (about 1% of events, across every rule family) and lists them.

Usage::

    python benchmarks/generate.py --events 100000 --out benchmarks/data
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml

Data = dict[str, Any]

#: The mistakes ``--broken`` injects, by the family of rules that should catch them.
MISTAKES = (
    "acts-after-death",
    "released-while-free",
    "destroyed-thing-used",
    "reveal-before-fact",
    "order-contradiction",
    "hands-over-without-holding",
)


class _Story:
    """The little world the generator keeps so that every event it writes is valid."""

    def __init__(self, rng: random.Random, events: int) -> None:
        self.rng = rng
        self.total = events
        n_characters = max(4, events // 100)
        n_places = max(3, 20 + events // 1000)
        n_things = max(2, n_characters // 2)
        n_groups = max(1, n_characters // 50)
        n_facts = max(2, events // 20)
        self.characters = [f"c{i}" for i in range(n_characters)]
        self.places = [f"p{i}" for i in range(n_places)]
        self.things = [f"t{i}" for i in range(n_things)]
        self.groups = [f"g{i}" for i in range(n_groups)]
        self.facts = [f"f{i}" for i in range(n_facts)]
        self.alive = set(self.characters)
        self.dead: list[str] = []
        self.held: dict[str, str] = {}
        self.damaged: set[str] = set()
        self.falsehoods = [f"lie{i}" for i in range(max(1, n_facts // 10))]
        self.free_alive = list(self.characters)
        self.holder: dict[str, str | None] = {
            t: self.characters[i % n_characters] for i, t in enumerate(self.things)
        }
        self.lying_at: dict[str, str] = {}
        self.intact = set(self.things)
        self.member_of = {c: self.groups[i % n_groups] for i, c in enumerate(self.characters)}
        self.established: list[str] = []
        self.unestablished = list(self.facts)
        self.told_audience: set[str] = set()
        self.believes: dict[str, set[str]] = {c: set() for c in self.characters}
        self.events: list[Data] = []
        self.used: set[str] = set()

    def actor(self) -> str:
        """A living character who is not in custody."""
        while True:
            who = self.rng.choice(self.free_alive)
            if who in self.alive and who not in self.held:
                return who
            self.free_alive.remove(who)

    def element_lists(self) -> Data:
        rng = self.rng
        characters = []
        for i, c in enumerate(self.characters):
            entry: Data = {"id": c, "name": f"Character {i}", "groups": [self.member_of[c]]}
            if i % 7 == 0:
                entry["aliases"] = [f"C{i}"]
                entry["description"] = f"A person of the story, number {i}."
            characters.append(entry)
        places: list[Data] = []
        for i, p in enumerate(self.places):
            place: Data = {"id": p, "name": f"Place {i}"}
            if i >= 3 and i % 3 == 0:
                place["inside"] = self.places[rng.randrange(i)]
            places.append(place)
        things = [
            {
                "id": t,
                "name": f"Thing {i}",
                "kind": ("vehicle", "weapon", "device")[i % 3],
                "held_by": self.holder[t],
            }
            for i, t in enumerate(self.things)
        ]
        groups = [{"id": g, "name": f"Group {i}"} for i, g in enumerate(self.groups)]
        relationships = [
            {
                "id": f"r{i}",
                "kind": ("colleague", "sibling", "superior")[i % 3],
                "between": [self.characters[i], self.characters[(i + 1) % len(self.characters)]],
            }
            for i in range(0, len(self.characters) - 1, 2)
        ]
        return {
            "characters": characters,
            "things": things,
            "places": places,
            "groups": groups,
            "relationships": relationships,
        }


def _event(story: _Story, i: int) -> Data:
    rng = story.rng
    eid = f"e{i}"
    agent = story.actor()
    place = rng.choice(story.places)
    event: Data = {"id": eid, "name": f"Event {i}", "agent": agent, "place": place}
    story.used.update((agent, place))
    participants: list[Any] = []
    effects: list[Data] = []
    roll = rng.random()
    if roll < 0.02 and len(story.alive) > len(story.characters) // 2:
        victim = story.actor()
        if victim != agent:
            participants.append({"who": victim, "role": "victim"})
            effects.append({"dies": {"who": victim, "by": agent}})
            story.alive.discard(victim)
            story.dead.append(victim)
            story.used.add(victim)
            for thing, holder in story.holder.items():
                if holder == victim and thing in story.intact:
                    story.holder[thing] = agent
                    effects.append({"takes": {"who": agent, "thing": thing, "from": victim}})
    elif roll < 0.03:
        hurt = story.actor()
        participants.append(hurt)
        effects.append({"injured": {"who": hurt, "by": agent} if hurt != agent else hurt})
        story.used.add(hurt)
    elif roll < 0.06:
        suspect = story.actor()
        if suspect != agent:
            participants.append(suspect)
            arrest: Data = {"who": suspect, "by": agent, "at": place}
            if rng.random() < 0.3:
                arrest["allowed"] = [rng.choice(story.places)]
            effects.append({"arrested": arrest})
            story.held[suspect] = place
            story.used.add(suspect)
    elif roll < 0.09 and story.held:
        freed, held_at = next(iter(story.held.items()))
        del story.held[freed]
        event["place"] = held_at
        if freed in story.alive:
            story.free_alive.append(freed)
            participants.append(freed)
            effects.append({"escapes" if rng.random() < 0.3 else "released": freed})
    elif roll < 0.17:
        thing = rng.choice(story.things)
        holder = story.holder[thing]
        if thing in story.intact and holder is None:
            event["place"] = story.lying_at[thing]
            effects.append({"takes": {"who": agent, "thing": thing}})
            story.holder[thing] = agent
        elif thing in story.intact and holder in story.alive and holder not in story.held:
            story.used.add(thing)
            if holder != agent:
                participants.extend([{"who": holder, "role": "giver"}, thing])
                effects.append({"hands_over": {"thing": thing, "from": holder, "to": agent}})
                story.holder[thing] = agent
                story.used.add(holder)
            elif thing in story.damaged:
                story.damaged.discard(thing)
                effects.append({"repaired": {"thing": thing, "by": agent}})
            elif rng.random() < 0.5:
                story.damaged.add(thing)
                effects.append({"damaged": thing})
            else:
                effects.append({"moves": {"who": thing, "to": place}})
                story.holder[thing] = None
                story.lying_at[thing] = place
    elif roll < 0.175 and len(story.intact) > len(story.things) // 2:
        thing = rng.choice(sorted(story.intact))
        story.intact.discard(thing)
        story.used.add(thing)
        effects.append({"destroyed": {"thing": thing, "by": agent}})
    elif roll < 0.18:
        group = rng.choice(story.groups)
        if story.member_of[agent] == group:
            effects.append({"leaves": {"who": agent, "group": group}})
            story.member_of[agent] = ""
        else:
            effects.append({"joins": {"who": agent, "group": group}})
            story.member_of[agent] = group
        story.used.add(group)
    elif roll < 0.28 and story.unestablished:
        fact = story.unestablished.pop()
        story.established.append(fact)
        story.believes[agent].add(fact)
        effects.append({"reveal": {"fact": fact, "to": ["audience"], "how": "shown"}})
        event["_establishes"] = fact
    elif roll < 0.43 and story.established:
        fact = rng.choice(story.established)
        hearer = story.actor()
        if hearer != agent:
            participants.append(hearer)
            believed = rng.random() < 0.8
            reveal: Data = {"fact": fact, "to": [hearer], "how": "told", "by": agent}
            if not believed:
                reveal["believed"] = False
            effects.append({"reveal": reveal})
            if believed:
                story.believes[hearer].add(fact)
            story.used.add(hearer)
    elif roll < 0.45 and story.falsehoods:
        lie = rng.choice(story.falsehoods)
        dupe = story.actor()
        if dupe != agent:
            participants.append(dupe)
            effects.append({"reveal": {"fact": lie, "to": [dupe], "by": agent}})
            story.used.add(dupe)
    elif roll < 0.55:
        effects.append({"moves": {"who": agent, "to": place}})
    elif roll < 0.6 and story.believes[agent]:
        event["motivated_by"] = [sorted(story.believes[agent])[0]]
    elif roll < 0.61:
        event["span"] = "habit"
        event["description"] = "Something that keeps happening for a while."
    elif roll < 0.62 and story.dead:
        participants.append({"who": rng.choice(story.dead), "appears": "memory"})
    elif roll < 0.63 and i > 2:
        event["after"] = [f"e{i - 1}"]
        event["before"] = [f"e{i + 1}"]
    elif roll < 0.64 and i + 3 < story.total:
        event["shown_after"] = f"e{i + 3}"
    if roll > 0.9:
        event["mentions"] = [rng.choice(story.characters)]
    if i > 0 and rng.random() < 0.1:
        event["causes"] = [f"e{rng.randrange(max(0, i - 50), i)}"]
    if participants:
        event["participants"] = participants
    if effects:
        event["effects"] = effects
    return event


def generate(events: int, *, seed: int = 7) -> Data:
    """Build a valid plot of ``events`` events as plain data in the file format."""
    rng = random.Random(seed)
    story = _Story(rng, events)
    plot: Data = {"plotmodel": 1, "title": f"Synthetic plot of {events} events"}
    plot.update(story.element_lists())
    event_list = [_event(story, i) for i in range(events)]
    facts = []
    establishing = {e.pop("_establishes"): e["id"] for e in event_list if "_establishes" in e}
    for i, fact in enumerate(story.facts):
        entry: Data = {"id": fact, "name": f"Fact {i} holds"}
        if fact in establishing:
            entry["established_by"] = establishing[fact]
            entry["secret"] = i % 2 == 0
        else:
            entry["backstory"] = True
        facts.append(entry)
    facts.extend(
        {"id": lie, "name": f"Falsehood {i}", "holds": False, "backstory": True}
        for i, lie in enumerate(story.falsehoods)
    )
    plot["facts"] = facts
    # Every declared element is used, so hygiene rules stay quiet.
    unused = [
        x
        for x in (*story.characters, *story.things, *story.places, *story.groups)
        if x not in story.used
    ]
    closing: Data = {"id": f"e{events}", "name": "Everyone is remembered", "mentions": unused}
    event_list.append(closing)
    plot["events"] = event_list
    plot["threads"] = [
        {
            "id": f"q{i}",
            "name": f"Question {i}?",
            "opened": f"e{i * 10}",
            "resolved": f"e{i * 10 + 5}",
        }
        for i in range(max(1, events // 200))
        if i * 10 + 5 < events
    ]
    plot["setups"] = [
        {
            "id": f"s{i}",
            "name": f"Setup {i}",
            "about": [story.things[i % len(story.things)]],
            "planted": f"e{i * 20 + 1}",
            "payoff": f"e{i * 20 + 9}",
        }
        for i in range(max(1, events // 500))
        if i * 20 + 9 < events
    ]
    plot["discrepancies"] = [
        {
            "id": "d0",
            "name": "The sources disagree on the first event",
            "about": ["e0"],
            "readings": ["it happens at night", "it happens at dawn"],
        }
    ]
    return plot


def _break(plot: Data, stride: int = 100) -> list[tuple[str, str]]:
    """Inject one mistake every ``stride`` events; return (event id, mistake) pairs."""
    events = plot["events"]
    by_id = {e["id"]: i for i, e in enumerate(events)}
    deaths = [
        (i, e["effects"][0]["dies"]["who"])
        for i, e in enumerate(events)
        if e.get("effects") and "dies" in e["effects"][0]
    ]
    destroyed_thing = plot["things"][0]["id"]
    injected: list[tuple[str, str]] = []
    for n, i in enumerate(range(stride // 2, len(events) - 2, stride)):
        mistake = MISTAKES[n % len(MISTAKES)]
        event = events[i]
        if mistake == "acts-after-death":
            earlier = [who for at, who in deaths if at < i]
            if not earlier:
                continue
            event["agent"] = earlier[-1]
        elif mistake == "released-while-free":
            event.setdefault("effects", []).append({"released": event["agent"]})
        elif mistake == "destroyed-thing-used":
            if n < len(MISTAKES):
                events[1].setdefault("effects", []).append({"destroyed": destroyed_thing})
            event.setdefault("participants", []).append(destroyed_thing)
        elif mistake == "reveal-before-fact":
            later = [
                f
                for f in plot["facts"]
                if f.get("established_by") and by_id[f["established_by"]] > i
            ]
            if not later:
                continue
            event.setdefault("effects", []).append(
                {"reveal": {"fact": later[0]["id"], "to": [event["agent"]]}}
            )
        elif mistake == "order-contradiction":
            event["after"] = [events[i + 1]["id"]]
        elif mistake == "hands-over-without-holding":
            event.setdefault("effects", []).append(
                {
                    "hands_over": {
                        "thing": plot["things"][-1]["id"],
                        "from": event["agent"],
                        "to": plot["characters"][-1]["id"],
                    }
                }
            )
        injected.append((event["id"], mistake))
    return injected


def chained(plot: Data, chains: int) -> Data:
    """A copy of ``plot`` whose events form ``chains`` interleaved chains of ``after``.

    Event ``i`` is placed after event ``i - chains`` and nothing else: with one
    chain every event is after its predecessor; with several, the chains are
    loose against each other, and every question across two of them is open.
    """
    events = []
    for i, original in enumerate(plot["events"]):
        event = {k: v for k, v in original.items() if k not in ("after", "before")}
        if i >= chains:
            event["after"] = [plot["events"][i - chains]["id"]]
        events.append(event)
    return {**plot, "events": events}


def write(plot: Data, stem: Path) -> tuple[Path, Path]:
    """Write ``plot`` as ``stem.yaml`` and ``stem.json``; return both paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    yaml_path, json_path = stem.with_suffix(".yaml"), stem.with_suffix(".json")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with yaml_path.open("w", encoding="utf-8") as out:
        yaml.dump(plot, out, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)
    json_path.write_text(json.dumps(plot, ensure_ascii=False), encoding="utf-8")
    return yaml_path, json_path


def main(argv: list[str] | None = None) -> int:
    """Write the plain plot of N events and its other shapes into the output folder.

    ``plot-N``: valid. ``broken-N``: a mistake every hundred events. ``heavy-N``:
    a mistake every three events. ``chain-N``: every event ``after`` its
    predecessor. ``chains-N``: four interleaved loose chains. Each as YAML and
    JSON; the mistakes injected are listed in ``broken-N.mistakes.json``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    n = args.events
    plot = generate(n, seed=args.seed)
    write(plot, args.out / f"plot-{n}")
    write(chained(plot, 1), args.out / f"chain-{n}")
    write(chained(plot, 4), args.out / f"chains-{n}")
    heavy = json.loads(json.dumps(plot))
    _break(heavy, stride=3)
    write(heavy, args.out / f"heavy-{n}")
    injected = _break(plot)
    write(plot, args.out / f"broken-{n}")
    (args.out / f"broken-{n}.mistakes.json").write_text(json.dumps(injected))
    print(f"wrote {n} events to {args.out} ({len(injected)} mistakes injected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
