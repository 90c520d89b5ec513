"""Lost Bullet built in Python: the same plot as ``lost_bullet.yaml``, class by class.

Read this file as a tutorial for the model in `plotmodel.model`. Each section
below is one list of the plot file; every element is a frozen attrs class,
so the code mirrors the YAML key for key, with the file's short forms:

- an element's id and name come first, without keywords:
  ``Character("lino", "Lino")`` is ``{id: lino, name: Lino}``;
- an effect's one required field needs no keyword: ``Dies("charas")`` is
  ``dies: charas``;
- a participant who is simply there is their bare id: ``participants=("lino",)``.

Defaults are left out, exactly as in the file: an event is a single moment
unless ``span`` says otherwise, a claim is ``stated`` unless ``certainty``
says otherwise, and so on.

Run it to print a short summary::

    python examples/lost_bullet/build.py

The test suite checks that ``build()`` equals the plot loaded from the YAML
file, so the two can never drift apart.
"""

from __future__ import annotations

from plotmodel import (
    Appearance,
    Arrested,
    Belief,
    Certainty,
    Character,
    Damaged,
    Destroyed,
    Dies,
    Discrepancy,
    Escapes,
    Event,
    Fact,
    Group,
    How,
    Injured,
    Joins,
    Made,
    Moves,
    Participant,
    Place,
    Plot,
    PutIn,
    Relationship,
    Released,
    Reveal,
    Setup,
    Span,
    TakenOut,
    Takes,
    Thing,
    Thread,
)
from plotmodel.model import Motive

# The people. `groups` says which groups they are in when the story starts;
# joining and leaving later are effects of events. Unnamed people the plot
# needs get an id too, so events can refer to them.
CHARACTERS: tuple[Character, ...] = (
    Character(
        "lino",
        "Lino",
        description=(
            "A gifted mechanic and small-time robber who tunes his own cars for jewel heists."
        ),
    ),
    Character(
        "charas",
        "Charas",
        description="A police officer who spots Lino's talent and gives him a second chance.",
        groups=("brigade",),
    ),
    Character(
        "quentin",
        "Quentin",
        description="Lino's foster brother, in debt to a gang and perhaps still robbing.",
    ),
    Character(
        "areski",
        "Areski",
        description=(
            "A police officer who wants control of the brigade and has a loyal squad behind him."
        ),
        groups=("brigade", "task-force"),
    ),
    Character(
        "marco",
        "Marco",
        description="A police officer, Areski's partner in the plot against Charas.",
        groups=("brigade",),
    ),
    Character(
        "julia",
        "Julia",
        description="A police officer, Charas's friend, who worked with him on Quentin's case.",
        groups=("brigade",),
    ),
    Character(
        "moss",
        "Moss",
        description="A senior officer who takes over the inquiry into Charas's death.",
        groups=("brigade",),
    ),
    Character(
        "kad",
        "Kad",
        description="A hoodlum who sets fire to the evidence after the shooting.",
        groups=("thugs",),
    ),
    Character(
        "jacques",
        "Jacques",
        description="Kad's accomplice, who later gives the barn away to Marco.",
        groups=("thugs",),
    ),
    Character(
        "new-mechanic",
        "the new mechanic",
        description="The mechanic who works for the police once Lino is gone.",
        groups=("mechanics",),
    ),
    Character(
        "fire-mechanic",
        "the mechanic at the fire",
        description="A mechanic who helps Moss fight the fire in the car at the end.",
        note=(
            "The summary names no one. He may be the new mechanic who backed Lino's claim, but "
            "nothing says so, so the model keeps the two apart."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Character(
        "areski-wife",
        "Areski's wife",
        description="Seen only at the end, as Areski gets ready to leave.",
    ),
    Character(
        "areski-child",
        "Areski's child",
        description="Seen only at the end, with Areski's wife.",
    ),
)


# The objects the plot turns on. `held_by` things travel with their holder,
# and a thing `inside` another goes wherever that one goes: the bullet sits in
# the gun, then in the dashboard, which sits in the car.
THINGS: tuple[Thing, ...] = (
    Thing(
        "heist-car",
        "Lino's getaway car",
        description="The car Lino drives on his robberies, fitted with an injection diverter.",
        kind="vehicle",
    ),
    Thing(
        "squad-cars",
        "the brigade's squad cars",
        description="The police fleet Lino is put to work on.",
        kind="vehicle",
        at="hq-garage",
    ),
    Thing(
        "charas-car",
        "Charas's car",
        description="The car Lino has worked on and ridden in, where Charas is shot.",
        kind="vehicle",
    ),
    Thing(
        "dashboard",
        "the dashboard of Charas's car",
        kind="vehicle part",
        inside="charas-car",
    ),
    Thing(
        "decoy-car",
        "the burnt car",
        description="A look-alike burnt in place of Charas's car and passed off as his.",
        kind="vehicle",
        note=(
            "Where it comes from and who puts it in place the summary does not say; a thread asks."
        ),
    ),
    Thing(
        "diverter",
        "the injection diverter",
        description="A rare engine part of the very kind Lino fitted to his getaway car.",
        kind="device",
        at="crash-site",
    ),
    Thing(
        "areski-gun",
        "Areski's gun",
        kind="weapon",
        held_by="areski",
        note="The summary says only that he shoots; a gun in his hand is implied.",
        certainty=Certainty.INFERRED,
    ),
    Thing(
        "bullet",
        "the lost bullet",
        description="The bullet that kills Charas and ends up in the dashboard of his car.",
        kind="evidence",
        inside="areski-gun",
        note=(
            "That the bullet in the dashboard is the shot that killed Charas is implied by its "
            "proving Areski's guilt."
        ),
        certainty=Certainty.INFERRED,
    ),
    Thing(
        "car-armour",
        "the hooks and plating on the bumper",
        description=(
            "Metal fittings Lino adds to the front of Charas's car before the run to headquarters."
        ),
        kind="vehicle part",
    ),
    Thing(
        "grenade",
        "the hand grenade",
        kind="weapon",
        held_by="areski",
        note="He has it at the road block; where he got it is not said.",
        certainty=Certainty.INFERRED,
    ),
)


# Where events happen. Being in the workshop counts as being at headquarters.
PLACES: tuple[Place, ...] = (
    Place(
        "jewellers",
        "the jewellery shop Lino robs",
        note="The summary only says the heists target jewels; the shop is a stand-in.",
        certainty=Certainty.INFERRED,
    ),
    Place("prison", "the prison"),
    Place(
        "hq",
        "police headquarters",
        description="The brigade's base, which the summary also calls the police station.",
        note=(
            "The summary speaks of the police station, the police headquarters and the police "
            "department; the model takes them to be one place."
        ),
        certainty=Certainty.INFERRED,
    ),
    Place(
        "hq-garage",
        "the police workshop",
        description="Where Lino works on the police cars during the week.",
        inside="hq",
        note=(
            "The summary never names the workshop; that the work is done at headquarters is a "
            "reading."
        ),
        certainty=Certainty.INFERRED,
    ),
    Place("crash-site", "the crash site"),
    Place(
        "rendezvous",
        "the rendezvous with Quentin",
        description=(
            "Where Charas and Lino find Quentin with his creditors, and where Charas is shot."
        ),
    ),
    Place("store", "the department store"),
    Place("barn", "the barn"),
    Place("road-to-hq", "the road to headquarters"),
    Place("roadblock", "Areski's road block", inside="road-to-hq"),
    Place(
        "last-garage",
        "the garage Lino drives to",
        description="Where the fire in the car is put out.",
        note=('The summary says only "the garage"; whether it is the police workshop is not said.'),
        certainty=Certainty.UNCERTAIN,
    ),
    Place("areski-house", "Areski's house"),
)


# Groups act or are acted on as a whole: the gang is arrested as one.
# `part_of` nests a squad inside the brigade.
GROUPS: tuple[Group, ...] = (
    Group(
        "brigade",
        "the police brigade",
        description="The police department that Charas, Areski, Marco, Julia and Moss serve in.",
    ),
    Group(
        "task-force",
        "Areski's task force",
        description="The people Areski has working for his scheme.",
        part_of="brigade",
        note=(
            "The summary gives no names and does not say they are officers; the model places them"
            " inside the brigade because Areski's aim is to rule it. Marco is kept out, since the"
            " summary counts him apart from them."
        ),
        certainty=Certainty.INFERRED,
    ),
    Group(
        "mechanics",
        "the police mechanics",
        description="The mechanics who keep the police cars running.",
        part_of="brigade",
        note=(
            "The summary speaks of a mechanic working for the police; a crew of them is a reading."
        ),
        certainty=Certainty.INFERRED,
    ),
    Group(
        "gang",
        "the gang Quentin owes",
        description="The criminals Quentin is in debt to, met at the violent rendezvous.",
    ),
    Group(
        "thugs",
        "Kad and Jacques",
        description="The two hoodlums who burn the evidence after the shooting.",
        note=(
            "Whom they work for, and whether they belong to the gang that is taken in, the "
            "summary does not say; two threads ask."
        ),
    ),
    Group(
        "pursuers",
        "the police cars on Lino's tail",
        description="The squad that hunts Lino on the road.",
        part_of="brigade",
        note=(
            "The summary speaks only of a team of police. Whose men they are is left open (a "
            "thread asks), so they are their own group."
        ),
    ),
    Group(
        "forensics",
        "the forensic team",
        description="The specialists who examine the car at the end.",
    ),
    Group(
        "mourners",
        "the mourners",
        description="The people who come to honour Charas at his car.",
    ),
)


# Ties between two characters. `since` and `until` bound a tie by events;
# for a directed kind such as `superior`, the first id holds the role.
RELATIONSHIPS: tuple[Relationship, ...] = (
    Relationship("foster-brothers", "foster-brother", between=("lino", "quentin")),
    Relationship("charas-areski", "colleague", between=("charas", "areski")),
    Relationship("charas-marco", "colleague", between=("charas", "marco")),
    Relationship("charas-julia-colleagues", "colleague", between=("charas", "julia")),
    Relationship("charas-julia-friends", "friend", between=("charas", "julia")),
    Relationship(
        "moss-over-julia",
        "superior",
        between=("moss", "julia"),
        note=(
            "Moss is senior and can be turned against Julia to push her aside, so the model reads"
            " Moss as her superior."
        ),
        certainty=Certainty.INFERRED,
    ),
    Relationship(
        "charas-employs-lino",
        "employer",
        between=("charas", "lino"),
        since="lino-hired",
        until="charas-shot",
    ),
    Relationship(
        "lovers",
        "affair",
        between=("julia", "lino"),
        since="affair",
        note=(
            "The summary hedges on when the affair happened; it may be over before the story "
            "starts."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Relationship("areski-married", "spouse", between=("areski", "areski-wife")),
    Relationship("areski-parent", "parent", between=("areski", "areski-child")),
)


# Propositions that are revealed, hidden or wrongly believed. A fact with
# `holds=False` is a lie, one with `holds=None` is never settled by the
# story; `contradicts` makes believing one drop the other.
FACTS: tuple[Fact, ...] = (
    Fact(
        "diverter-matches-lino",
        "the crash diverter is the same rare kind Lino had in his own car",
        established_by="diverter-found",
        learned_by=("charas",),
    ),
    Fact(
        "quentin-behind-diverter",
        "Quentin made the diverter and is still pulling robberies",
        holds=None,
        note=("Charas and Lino only guess at it, and the summary never settles it; a thread asks."),
    ),
    Fact(
        "quentin-owes-gang",
        "Quentin owes money to a gang",
        backstory=True,
        secret=True,
        known_by=("quentin",),
    ),
    Fact(
        "julia-lino-affair",
        "Julia and Lino had an affair",
        established_by="affair",
        secret=True,
    ),
    Fact(
        "murder-plot",
        "Areski and Marco plotted to kill Charas so that Areski could run the brigade",
        established_by="murder-planned",
        secret=True,
    ),
    Fact(
        "task-force-complicit",
        "Areski's task force helps him carry out and hide the murder",
        established_by="murder-planned",
        secret=True,
        learned_by=("areski", "task-force"),
    ),
    Fact("charas-dead", "Charas is dead", established_by="charas-shot"),
    Fact(
        "areski-killed-charas",
        "Areski shot Charas",
        established_by="charas-shot",
        secret=True,
        contradicts=("lino-killed-charas",),
    ),
    Fact(
        "bullet-in-dashboard",
        "the fatal bullet is lodged in the dashboard of Charas's car",
        established_by="charas-shot",
        learned_by=("lino",),
        note=(
            "Lino later looks for the hole, so he knew where the shot went; who else did is not "
            "said."
        ),
        certainty=Certainty.INFERRED,
    ),
    Fact(
        "quentin-hid-car",
        "Quentin hid Charas's car where Kad and Jacques could not see",
        established_by="car-hidden",
        secret=True,
    ),
    Fact(
        "car-swapped",
        "the burnt car is a decoy and Charas's real car is intact",
        established_by="decoy-burnt",
        secret=True,
        contradicts=("decoy-is-charas-car",),
        learned_by=(),
    ),
    Fact(
        "car-in-barn",
        "Charas's real car is hidden in a barn",
        established_by="car-hidden",
        secret=True,
    ),
    Fact(
        "decoy-is-charas-car",
        "the burnt wreck is Charas's car",
        holds=False,
        contradicts=("car-swapped",),
    ),
    Fact(
        "lino-killed-charas",
        "Lino killed Charas",
        holds=False,
        contradicts=("areski-killed-charas",),
    ),
    Fact(
        "areski-framing-lino",
        "Areski means to pin the killing on Lino",
        established_by="lino-pressured",
        secret=True,
    ),
    Fact(
        "areski-using-julia",
        "Areski is using the affair to push Julia off the case",
        established_by="affair-exposed",
        secret=True,
    ),
    Fact(
        "lino-brings-car",
        "Lino is driving the real car to headquarters",
        established_by="car-recovered",
    ),
    Fact(
        "areski-at-roadblock",
        "Areski is waiting for Lino at a road block",
        established_by="roadblock-set",
    ),
)


# Everything that happens, in story order. Effects change the world (deaths,
# custody, moves, damage) and what characters and the audience know (reveals).
# `after` and `before` place an event loosely where the source fixes no order;
# `shown=False` marks what happens off screen.
EVENTS: tuple[Event, ...] = (
    Event(
        "affair",
        "Julia and Lino have an affair",
        agents=("julia", "lino"),
        span=Span.PERIOD,
        before=("areski-learns-affair",),
        relationships=("lovers",),
        shown=False,
        note=(
            "Known only through Areski. The summary says it was probably in the past and that its"
            " timing is unclear, so only its order before Areski learns of it is certain."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Event(
        "lino-heists",
        "Lino carries out his usual jewel robberies",
        agents=("lino",),
        participants=(Participant("heist-car", role="getaway"),),
        place="jewellers",
        span=Span.HABIT,
    ),
    Event(
        "lino-caught",
        "Lino is caught in the middle of a robbery",
        participants=(
            Participant("lino", role="suspect"),
            Participant("heist-car", role="evidence"),
        ),
        place="jewellers",
        causes=("lino-heists",),
        effects=(Arrested("lino"),),
        note="The summary does not say who catches him.",
    ),
    Event(
        "lino-recruited",
        "Charas offers Lino work on the police cars",
        agents=("charas",),
        participants=("lino",),
        causes=("lino-caught",),
        effects=(
            Arrested(
                "lino",
                at="prison",
                allowed=("hq-garage",),
                note=(
                    "New terms for a man already held: weekdays at the police cars, weekends in "
                    "his cell. Who sets the terms is not said."
                ),
                certainty=Certainty.INFERRED,
            ),
        ),
    ),
    Event(
        "work-release",
        "Lino tunes the squad cars during the week",
        agents=("lino",),
        participants=("squad-cars",),
        place="hq-garage",
        span=Span.HABIT,
        causes=("lino-recruited",),
    ),
    Event(
        "prison-weekends",
        "Lino goes back to prison every weekend",
        participants=("lino",),
        place="prison",
        span=Span.HABIT,
        causes=("lino-recruited",),
    ),
    Event(
        "lino-hired",
        "Charas gets Lino out early and makes him the brigade's mechanic",
        agents=("charas",),
        participants=("lino",),
        causes=("work-release",),
        effects=(
            Released("lino", by=("charas",)),
            Joins(who="lino", group="mechanics"),
        ),
        note="Where the release is granted is not said.",
    ),
    Event(
        "lino-tunes-charas-car",
        "Lino works on Charas's car and rides in it",
        agents=("lino",),
        participants=("charas-car",),
        span=Span.PERIOD,
        after=("lino-recruited",),
        before=("charas-shot",),
        note=(
            "The summary says Lino worked a lot on the car and spent time in it; when and where "
            "are not said."
        ),
    ),
    Event(
        "diverter-found",
        "Charas comes upon an injection diverter at a crash site",
        agents=("charas",),
        participants=("diverter",),
        place="crash-site",
        effects=(Reveal(fact="diverter-matches-lino", to=("audience",), how=How.SHOWN),),
    ),
    Event(
        "diverter-questioned",
        "Charas asks Lino about the diverter and they suspect Quentin",
        agents=("charas", "lino"),
        mentions=("diverter", "quentin"),
        causes=("diverter-found",),
        motivated_by=(Motive(fact="diverter-matches-lino", agents=("charas",)),),
        effects=(
            Reveal(
                fact="diverter-matches-lino",
                to=("lino",),
                by="charas",
                note="He asks about the part because it is the kind Lino used.",
                certainty=Certainty.INFERRED,
            ),
            Reveal(
                fact="quentin-behind-diverter",
                to=("charas", "lino", "audience"),
                how=How.DEDUCED,
                believed=Belief.SUSPECTS,
            ),
        ),
    ),
    Event(
        "quentin-found",
        "Charas and Lino track down Quentin and find him with his creditors",
        agents=("charas", "lino"),
        participants=("quentin", "gang"),
        place="rendezvous",
        causes=("diverter-questioned",),
        motivated_by=("quentin-behind-diverter",),
        relationships=("foster-brothers",),
        effects=(
            Reveal(
                fact="quentin-owes-gang",
                to=("charas", "lino", "audience"),
                how=How.SEEN,
            ),
        ),
    ),
    Event(
        "gang-arrested",
        "Areski and Marco join the brawl and the gang is taken in",
        agents=("charas", "lino", "areski", "marco"),
        participants=("gang",),
        place="rendezvous",
        causes=("quentin-found",),
        effects=(Arrested("gang"),),
        note="The summary does not say who makes the arrest or where the gang is taken.",
    ),
    Event(
        "murder-planned",
        "Areski and Marco plot Charas's murder with the task force behind them",
        agents=("areski", "marco"),
        span=Span.PERIOD,
        before=("charas-shot",),
        shown_after="lino-flees",
        effects=(
            Reveal(fact="murder-plot", to=("audience",), how=How.SHOWN),
            Reveal(fact="task-force-complicit", to=("audience",), how=How.SHOWN),
        ),
        note=(
            "The plotting comes first in story time, but the viewer is let in on it only after "
            "the shooting. Whether the film shows it as a scene or has it told, the summary does "
            "not say."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Event(
        "quentin-escorted",
        "Charas puts Quentin and Lino in his car to question them",
        agents=("charas",),
        participants=("quentin", "lino", "charas-car"),
        place="rendezvous",
        causes=("gang-arrested",),
        note=(
            "Quentin is taken along for questioning, not formally arrested. That they are still "
            "where the fight was is implied: it happens as things calm down."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "charas-shot",
        "Areski shoots Charas in the back at point-blank range",
        agents=("areski",),
        participants=(
            Participant("charas", role="victim"),
            Participant("lino", role="witness"),
            Participant("quentin", role="witness"),
            Participant("charas-car", role="scene"),
            Participant("areski-gun", role="weapon"),
        ),
        place="rendezvous",
        motivated_by=("murder-plot",),
        relationships=("charas-areski",),
        effects=(
            Dies("charas", by=("areski",)),
            PutIn(
                thing="bullet",
                into="dashboard",
                by=("areski",),
                note=(
                    "The summary places the bullet in the dashboard later; that it went there in "
                    "this shot is implied."
                ),
                certainty=Certainty.INFERRED,
            ),
            Reveal(fact="areski-killed-charas", to=("lino", "audience"), how=How.SEEN),
            Reveal(
                fact="areski-killed-charas",
                to=("quentin",),
                how=How.SEEN,
                note="He sits in the car when the shot is fired.",
                certainty=Certainty.INFERRED,
            ),
            Reveal(fact="charas-dead", to=("lino", "quentin", "audience"), how=How.SEEN),
        ),
    ),
    Event(
        "lino-flees",
        "Lino gets away from the scene with Quentin",
        agents=("lino", "quentin"),
        place="rendezvous",
        causes=("charas-shot",),
        relationships=("foster-brothers",),
    ),
    Event(
        "car-hidden",
        "Quentin hides Charas's car in a barn behind Kad and Jacques's backs",
        agents=("quentin",),
        participants=("charas-car",),
        place="barn",
        after=("charas-shot",),
        before=("quentin-reveals-car",),
        effects=(Moves(who="charas-car", to="barn"),),
        shown=False,
        note=(
            "The viewer learns of it only when Quentin tells Lino. Whether it comes before or "
            "after the burning, the summary does not say."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "decoy-burnt",
        "Kad and Jacques set fire to Charas's body in a car they take for his",
        agents=("kad", "jacques"),
        participants=(
            Participant("charas", role="victim", appears=Appearance.REMAINS),
            "decoy-car",
        ),
        after=("charas-shot",),
        before=("wreck-inspected",),
        effects=(
            Destroyed("decoy-car", by=("kad", "jacques")),
            Reveal(
                fact="decoy-is-charas-car",
                to=("kad", "jacques"),
                how=How.SEEN,
                note="The summary says they burn his car, so they take the decoy for it.",
                certainty=Certainty.INFERRED,
            ),
        ),
        note=(
            "Where they burn it is not said; that the body is in the burnt car is the summary's "
            "own wording (see the discrepancy about the burnt car)."
        ),
    ),
    Event(
        "wreck-brought-in",
        "The burnt wreck ends up at headquarters, passed off as Charas's car",
        participants=(Participant("decoy-car", appears=Appearance.REMAINS),),
        place="hq",
        after=("decoy-burnt",),
        before=("wreck-inspected",),
        effects=(
            Moves(who="decoy-car", to="hq"),
            Reveal(
                fact="decoy-is-charas-car",
                to=("julia", "moss"),
                note=(
                    "The wreck is said to be Charas's; that these two are among those told is a "
                    "reading."
                ),
                certainty=Certainty.INFERRED,
            ),
        ),
        shown=False,
        note=(
            "The summary only says the wreck stands at headquarters as Charas's car; who brings "
            "it is not said."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "case-to-moss",
        "Moss takes over the inquiry and Julia mourns her friend",
        agents=("moss",),
        participants=("julia",),
        after=("charas-shot",),
        before=("lino-tells-julia",),
        relationships=("charas-julia-friends",),
        effects=(Reveal(fact="charas-dead", to=("julia", "moss")),),
    ),
    Event(
        "lino-suspected",
        "Suspicion for the killing falls on Lino",
        after=("charas-shot",),
        before=("lino-arrested",),
        effects=(
            Reveal(
                fact="lino-killed-charas",
                to=("julia", "moss"),
                believed=Belief.SUSPECTS,
            ),
        ),
        shown=False,
        note=(
            "The summary never says who first points at Lino. That he is arrested, that Julia "
            "tries to arrest him, and that Moss must be won over later imply that both suspect "
            "him."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "lino-arrested",
        "Lino is arrested at a department store while trying to reach Julia",
        participants=("lino",),
        mentions=("julia",),
        place="store",
        causes=("lino-flees",),
        effects=(Arrested("lino", at="hq"),),
        note="Who arrests him is not said; the interview that follows happens at the station.",
    ),
    Event(
        "lino-pressured",
        "Areski tells Lino to change his statement or take the blame",
        agents=("areski",),
        participants=("lino",),
        place="hq",
        effects=(Reveal(fact="areski-framing-lino", to=("lino", "audience"), by="areski"),),
    ),
    Event(
        "lino-escapes",
        "Lino breaks out of the police station",
        agents=("lino",),
        place="hq",
        causes=("lino-pressured",),
        motivated_by=("areski-framing-lino",),
        effects=(Escapes("lino"),),
    ),
    Event(
        "wreck-inspected",
        "Lino slips into headquarters and sees the wreck is not Charas's car",
        agents=("lino",),
        participants=(Participant("decoy-car", appears=Appearance.REMAINS),),
        place="hq",
        motivated_by=("bullet-in-dashboard",),
        effects=(
            Reveal(
                fact="car-swapped",
                to=("lino", "audience"),
                how=How.EVIDENCE,
                note="He knows the car too well, and there is no bullet hole in the dashboard.",
            ),
            Reveal(
                fact="bullet-in-dashboard",
                to=("audience",),
                note="The viewer hears of the hole no later than when Lino looks for it.",
                certainty=Certainty.INFERRED,
            ),
        ),
    ),
    Event(
        "lino-tells-julia",
        "Lino tells Julia the truth and she does not believe him",
        agents=("lino",),
        participants=("julia",),
        place="hq",
        causes=("wreck-inspected",),
        motivated_by=("car-swapped",),
        effects=(
            Reveal(fact="car-swapped", to=("julia",), by="lino", believed=False),
            Reveal(fact="areski-killed-charas", to=("julia",), by="lino", believed=False),
        ),
    ),
    Event(
        "julia-tries-arrest",
        "Julia tries to arrest Lino and fails",
        agents=("julia",),
        participants=("lino",),
        place="hq",
        causes=("lino-tells-julia",),
        note="No arrest follows; Lino gets away again.",
    ),
    Event(
        "lino-searches",
        "Lino sets out to find Charas's real car",
        agents=("lino",),
        causes=("wreck-inspected",),
        motivated_by=("car-swapped",),
    ),
    Event(
        "areski-learns-affair",
        "Areski comes to know of the affair between Julia and Lino",
        participants=("areski",),
        before=("affair-exposed",),
        effects=(Reveal(fact="julia-lino-affair", to=("areski",)),),
        shown=False,
        note=(
            "The summary says Areski had this secret, not how or when he came by it; a thread asks."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "affair-exposed",
        "Areski reveals the affair to turn Moss against Julia",
        agents=("areski",),
        participants=("moss", "julia"),
        after=("case-to-moss",),
        before=("mechanic-tells-julia",),
        motivated_by=("julia-lino-affair",),
        relationships=("moss-over-julia", "lovers"),
        effects=(
            Reveal(fact="julia-lino-affair", to=("moss", "audience"), by="areski"),
            Reveal(fact="areski-using-julia", to=("audience",), how=How.SHOWN),
        ),
        note=(
            "The summary sets this beside Lino's visit to headquarters without ordering the two."
        ),
    ),
    Event(
        "mechanic-tells-julia",
        "The new mechanic confirms to Julia that the wreck is not Charas's car",
        agents=("new-mechanic",),
        participants=("julia",),
        after=("lino-tells-julia",),
        before=("julia-turns",),
        effects=(
            Reveal(fact="car-swapped", to=("julia",), by="new-mechanic"),
            Reveal(
                fact="areski-killed-charas",
                to=("julia",),
                how=How.DEDUCED,
                believed=Belief.SUSPECTS,
                note=(
                    "Once Lino is right about the car, his other claim starts to weigh with her."
                ),
                certainty=Certainty.INFERRED,
            ),
        ),
        note="How the mechanic found out, and where he tells her, the summary does not say.",
    ),
    Event(
        "julia-sees-manipulation",
        "Julia finds out that Areski has been playing her",
        participants=("julia",),
        after=("affair-exposed",),
        before=("julia-turns",),
        effects=(Reveal(fact="areski-using-julia", to=("julia",)),),
        note="How she finds out is not said; a thread asks.",
    ),
    Event(
        "julia-turns",
        "Julia puts it together and resolves to help Lino",
        agents=("julia",),
        after=("mechanic-tells-julia",),
        before=("rescue-set-off",),
        effects=(
            Reveal(fact="areski-killed-charas", to=("julia",), how=How.DEDUCED),
            Reveal(fact="areski-framing-lino", to=("julia",), how=How.DEDUCED),
        ),
    ),
    Event(
        "quentin-reveals-car",
        "Quentin tells Lino that he hid Charas's real car",
        agents=("quentin",),
        participants=("lino",),
        causes=("lino-searches",),
        relationships=("foster-brothers",),
        effects=(
            Reveal(fact="quentin-hid-car", to=("lino", "audience"), by="quentin"),
            Reveal(
                fact="car-in-barn",
                to=("lino", "audience"),
                by="quentin",
                note="Lino reaches the barn next, so he must know of it by now.",
                certainty=Certainty.INFERRED,
            ),
        ),
    ),
    Event(
        "jacques-learns",
        "Jacques comes to know where the car is hidden",
        participants=("jacques",),
        after=("car-hidden",),
        before=("jacques-talks",),
        effects=(Reveal(fact="car-in-barn", to=("jacques",)),),
        shown=False,
        note=(
            "Quentin hid the car without Jacques knowing, yet Jacques later gives the barn away, "
            "so he found out in between; how, the summary does not say."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "jacques-talks",
        "Jacques confesses to Marco where the car is hidden",
        agents=("jacques",),
        participants=("marco",),
        after=("car-hidden",),
        before=("barn-arrival",),
        effects=(Reveal(fact="car-in-barn", to=("marco",), how=How.CONFESSION, by="jacques"),),
        note=("The summary sets this beside Lino's meeting with Quentin without ordering the two."),
    ),
    Event(
        "barn-arrival",
        "Lino, Quentin and Marco all turn up at the barn together",
        agents=("lino", "quentin", "marco"),
        place="barn",
        causes=("quentin-reveals-car",),
        motivated_by=("car-in-barn",),
    ),
    Event(
        "barn-fight",
        "A brutal fight breaks out in the barn",
        agents=("lino", "quentin", "marco"),
        place="barn",
        causes=("barn-arrival",),
        effects=(
            Injured(
                "quentin",
                note="He is fatally hurt but still able to guide Lino.",
                certainty=Certainty.INFERRED,
            ),
            Arrested(
                "marco",
                at="barn",
                note=(
                    "Not a lawful arrest: Marco ends up handcuffed to a pole and left there. Who "
                    "cuffs him, and when in the fight, is not said."
                ),
                certainty=Certainty.INFERRED,
            ),
        ),
        note="Who strikes Quentin down is not said; a thread asks.",
    ),
    Event(
        "quentin-leads-lino",
        "The dying Quentin guides Lino to the real car",
        agents=("quentin",),
        participants=("lino", "charas-car"),
        place="barn",
        relationships=("foster-brothers",),
    ),
    Event(
        "quentin-dies",
        "Quentin dies in the barn",
        participants=("quentin",),
        place="barn",
        causes=("barn-fight",),
        effects=(Dies("quentin"),),
    ),
    Event(
        "car-recovered",
        "Lino takes Charas's car",
        agents=("lino",),
        participants=("charas-car",),
        place="barn",
        effects=(
            Takes(who="lino", thing="charas-car"),
            Reveal(fact="lino-brings-car", to=("audience",), how=How.SHOWN),
        ),
    ),
    Event(
        "areski-warned",
        "Areski hears that Lino is on his way with the real car",
        participants=("areski",),
        effects=(Reveal(fact="lino-brings-car", to=("areski",)),),
        note="The summary does not say who tells him; a thread asks.",
    ),
    Event(
        "roadblock-set",
        "Areski blocks the road to headquarters",
        agents=("areski",),
        place="roadblock",
        causes=("areski-warned",),
        motivated_by=("lino-brings-car",),
        effects=(Reveal(fact="areski-at-roadblock", to=("audience",), how=How.SHOWN),),
    ),
    Event(
        "car-armoured",
        "Lino fixes hooks and plating to the car's bumper",
        agents=("lino",),
        participants=("charas-car",),
        after=("car-recovered",),
        before=("chase",),
        effects=(
            Made("car-armour", by=("lino",)),
            PutIn(thing="car-armour", into="charas-car", by=("lino",)),
        ),
        note=(
            "He gets ready ahead of time; where, and whether before or after Areski is warned, is"
            " not said."
        ),
    ),
    Event(
        "moss-turns",
        "Moss stops taking Lino for the killer and starts to look at Areski",
        participants=("moss",),
        after=("affair-exposed",),
        before=("rescue-set-off",),
        effects=(
            Reveal(fact="lino-killed-charas", to=("moss",), believed=Belief.DOUBTS),
            Reveal(fact="areski-killed-charas", to=("moss",), believed=Belief.SUSPECTS),
        ),
        shown=False,
        note=(
            "Moss races to save Lino from Areski at the end, so Moss has changed sides; what "
            "brings it about, the summary does not say."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "chase",
        "Police cars hunt Lino on the road to headquarters",
        agents=("lino", "pursuers"),
        participants=("charas-car", "car-armour"),
        place="road-to-hq",
        span=Span.PERIOD,
    ),
    Event(
        "rescue-tip",
        "Moss and Julia get word of where Lino is headed",
        participants=("moss", "julia"),
        after=("roadblock-set",),
        before=("rescue-set-off",),
        effects=(
            Reveal(
                fact="areski-at-roadblock",
                to=("moss", "julia"),
                note="They set out to save Lino from Areski, so the news must include the trap.",
                certainty=Certainty.INFERRED,
            ),
        ),
        note="Who gives them the news, and what exactly it is, the summary does not say.",
    ),
    Event(
        "rescue-set-off",
        "Moss and Julia race to save Lino from Areski",
        agents=("moss", "julia"),
        place="road-to-hq",
        simultaneous_with=("chase",),
        motivated_by=("areski-at-roadblock",),
    ),
    Event(
        "roadblock-broken",
        "Helped by Julia, Lino smashes through and overturns Areski",
        agents=("lino", "julia"),
        participants=("areski", "charas-car", "car-armour"),
        place="roadblock",
        effects=(
            Reveal(fact="areski-at-roadblock", to=("lino",), how=How.SEEN),
            Injured("areski", by=("lino",)),
        ),
        note=(
            "What Julia's small help is, and whether she is at the block, the summary does not say."
        ),
    ),
    Event(
        "grenade-thrown",
        "The wounded Areski throws a grenade into the car's trunk",
        agents=("areski",),
        participants=("charas-car", "grenade", "lino"),
        place="roadblock",
        motivated_by=("lino-brings-car",),
        effects=(
            Destroyed(
                "grenade",
                by=("areski",),
                note="It goes off; the fire that follows says so.",
                certainty=Certainty.INFERRED,
            ),
            Damaged(
                "charas-car",
                by=("areski",),
                note="The trunk catches fire; the car still runs.",
            ),
        ),
    ),
    Event(
        "race-to-garage",
        "Lino drives the burning car to a garage",
        agents=("lino",),
        participants=("charas-car",),
        place="last-garage",
        effects=(
            Moves(
                who="charas-car",
                to="last-garage",
                note="Lino leaves the car there; from now on it is the evidence.",
            ),
        ),
    ),
    Event(
        "fire-out",
        "Moss and a mechanic put out the fire",
        agents=("moss", "fire-mechanic"),
        participants=("charas-car",),
        place="last-garage",
        note="The fire is out in time; the dashboard survives.",
    ),
    Event(
        "bullet-recovered",
        "The forensic team digs the bullet out of the dashboard",
        agents=("forensics",),
        participants=("charas-car", Participant("bullet", role="evidence")),
        effects=(
            TakenOut("bullet", by="forensics"),
            Reveal(
                fact="areski-killed-charas",
                to=("forensics", "moss"),
                how=How.EVIDENCE,
            ),
            Reveal(fact="car-swapped", to=("forensics", "moss"), how=How.EVIDENCE),
        ),
        note=(
            "Where the car is examined is not said. The proof is public, but the summary names "
            "only Moss among those it convinces."
        ),
    ),
    Event(
        "areski-departs",
        "Areski packs in a hurry and looks back at his family before leaving home",
        agents=("areski",),
        participants=("areski-wife", "areski-child"),
        place="areski-house",
        after=("grenade-thrown",),
        relationships=("areski-married", "areski-parent"),
        note="The summary shows it among the last scenes without placing it against the others.",
    ),
    Event(
        "lino-taken-back",
        "Lino is back in custody",
        participants=("lino",),
        after=("race-to-garage",),
        before=("lino-cleared",),
        effects=(Arrested("lino"),),
        shown=False,
        note=(
            "He escaped from the station and is set free at the end, so he was held again in "
            "between; who takes him, where and when, the summary does not say."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "lino-cleared",
        "Lino is acquitted and Julia walks him out",
        agents=("julia",),
        participants=("lino",),
        after=("bullet-recovered",),
        effects=(Released("lino"),),
        note="Who frees him and from where is not said.",
    ),
    Event(
        "memorial",
        "Charas's car becomes a memorial where people pay their respects",
        agents=("mourners",),
        participants=("charas-car",),
        mentions=("charas",),
        after=("bullet-recovered",),
        note="Where the car stands as a memorial is not said.",
    ),
)


# The questions the story raises; a thread without `resolved` stays open.
THREADS: tuple[Thread, ...] = (
    Thread(
        "why-kill-charas",
        "Why does Areski shoot Charas?",
        opened="charas-shot",
        resolved="murder-planned",
        note=(
            "Answered on screen after the shooting, though the plotting came first in story time."
        ),
    ),
    Thread(
        "will-the-truth-out",
        "Can Lino prove that Areski killed Charas?",
        opened="lino-escapes",
        resolved="bullet-recovered",
    ),
    Thread(
        "where-is-the-car",
        "If the wreck is not Charas's car, where is the real one?",
        opened="wreck-inspected",
        resolved="quentin-reveals-car",
    ),
    Thread(
        "will-julia-believe",
        "Will Julia believe Lino?",
        opened="lino-tells-julia",
        resolved="julia-turns",
    ),
    Thread(
        "past-the-roadblock",
        "Can Lino get the car past Areski to safety?",
        opened="roadblock-set",
        resolved="race-to-garage",
    ),
    Thread(
        "who-builds-diverters",
        "Did Quentin make the diverter, and is he still robbing?",
        opened="diverter-found",
        note=(
            "Charas and Lino only suspect him; his debt to the gang is all the rendezvous shows."
        ),
    ),
    Thread(
        "who-blames-lino",
        "Who first points the finger at Lino?",
        opened="lino-arrested",
    ),
    Thread(
        "whom-the-thugs-serve",
        "Whom do Kad and Jacques work for?",
        opened="decoy-burnt",
    ),
    Thread(
        "thugs-and-the-gang",
        "Are Kad and Jacques part of the gang Quentin owes?",
        opened="decoy-burnt",
    ),
    Thread(
        "where-the-decoy-came-from",
        "Where does the burnt look-alike come from, and who put it in place?",
        opened="wreck-inspected",
    ),
    Thread(
        "quentin-and-the-thugs",
        "How is Quentin mixed up with Kad and Jacques?",
        opened="quentin-reveals-car",
    ),
    Thread(
        "when-the-affair",
        "When did Julia and Lino have their affair?",
        opened="affair-exposed",
    ),
    Thread(
        "how-areski-knew",
        "How did Areski learn of the affair?",
        opened="affair-exposed",
    ),
    Thread(
        "how-julia-saw-through",
        "How does Julia find out that Areski is playing her?",
        opened="julia-sees-manipulation",
    ),
    Thread(
        "how-jacques-knew",
        "How does Jacques know where the car is, when Quentin hid it from him?",
        opened="jacques-talks",
    ),
    Thread("who-killed-quentin", "Who kills Quentin in the barn?", opened="barn-fight"),
    Thread(
        "who-warned-areski",
        "Who tips Areski off that Lino is driving the car in?",
        opened="areski-warned",
    ),
    Thread(
        "whose-men-give-chase",
        "Are the police cars on Lino's tail Areski's men?",
        opened="chase",
    ),
    Thread(
        "what-turned-moss",
        "What brings Moss round to Lino's side?",
        opened="rescue-set-off",
    ),
    Thread(
        "who-tipped-the-rescuers",
        "Who tells Moss and Julia where Lino is in danger?",
        opened="rescue-tip",
    ),
    Thread("where-is-areski-going", "Where is Areski going?", opened="areski-departs"),
    Thread(
        "is-areski-caught",
        "Is Areski arrested and convicted?",
        opened="areski-departs",
    ),
    Thread(
        "marco-fate",
        "What happens to Marco, left cuffed to a pole in the barn?",
        opened="barn-fight",
    ),
)


# Things planted with emphasis so that they can pay off later.
SETUPS: tuple[Setup, ...] = (
    Setup(
        "bumper-setup",
        "the reinforced bumper",
        about=("car-armour", "charas-car"),
        planted="car-armoured",
        payoff="roadblock-broken",
    ),
    Setup(
        "bullet-hole-setup",
        "the hole the bullet left in the dashboard",
        about=("bullet", "bullet-in-dashboard"),
        planted="charas-shot",
        payoff="bullet-recovered",
    ),
    Setup(
        "lino-knows-the-car",
        "Lino knows Charas's car inside out",
        about=("charas-car", "lino"),
        planted="lino-tunes-charas-car",
        payoff="wreck-inspected",
    ),
    Setup(
        "diverter-setup",
        "Lino's diverter",
        about=("diverter", "heist-car"),
        planted="lino-heists",
        payoff="diverter-found",
    ),
)


# Where the source contradicts itself: recorded, not silently resolved.
DISCREPANCIES: tuple[Discrepancy, ...] = (
    Discrepancy(
        "release-year",
        "the film's year",
        readings=(
            "The summary dates the film to 2020 throughout its text.",
            "One of its headings dates it to 2022, the year it gives for the sequel.",
        ),
    ),
    Discrepancy(
        "burnt-car",
        "whether Charas's car was burnt",
        about=("decoy-burnt", "decoy-car", "charas-car", "car-swapped"),
        readings=(
            "Early on, the summary says Kad and Jacques burn Charas together with his car.",
            (
                "Later it says the burnt car at headquarters is not his, and his own car turns up"
                " whole in a barn."
            ),
            (
                "The model follows the later reading and takes the earlier one as what the two "
                "believed they were doing; whether the body was in the burnt car is left as the "
                "summary words it."
            ),
        ),
    ),
)


def build() -> Plot:
    """Assemble the Lost Bullet plot from the sections above; equal to the loaded plot file."""
    return Plot(
        "Lost Bullet",
        description=(
            "A mechanic serving time builds faster cars for a police brigade, sees his "
            "mentor murdered by a colleague, and must bring the victim's car, with the "
            "fatal bullet still in it, back to headquarters to clear his own name."
        ),
        source=(
            "an English plot summary and ending explainer of the French action film Balle Perdue"
        ),
        characters=CHARACTERS,
        things=THINGS,
        places=PLACES,
        groups=GROUPS,
        relationships=RELATIONSHIPS,
        facts=FACTS,
        events=EVENTS,
        threads=THREADS,
        setups=SETUPS,
        discrepancies=DISCREPANCIES,
    )


if __name__ == "__main__":
    plot = build()
    print(f"{plot.title}: {len(plot.characters)} characters, {len(plot.events)} events")
