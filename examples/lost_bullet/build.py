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
    Leaves,
    Moves,
    Participant,
    Place,
    Plot,
    Relationship,
    Released,
    Reveal,
    Setup,
    Span,
    Takes,
    Thing,
    Thread,
)

# The people. `groups` says which groups they are in when the story starts;
# joining and leaving later are effects of events.
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
        description="Lino's foster brother, still mixed up in robberies and in debt to a gang.",
    ),
    Character(
        "areski",
        "Areski",
        description=(
            "A police officer who wants control of the brigade and leads a loyal squad inside it."
        ),
        groups=("brigade", "task-force"),
    ),
    Character(
        "marco",
        "Marco",
        description="A police officer and Areski's partner in the plot against Charas.",
        groups=("brigade", "task-force"),
    ),
    Character(
        "julia",
        "Julia",
        description="A police officer, Charas's friend, who worked with him on Quentin's case.",
        groups=("brigade",),
    ),
    # The source is vague about Moss's unit, so the claim is marked inferred.
    Character(
        "moss",
        "Moss",
        description="A senior officer who takes over the inquiry into Charas's death.",
        groups=("brigade",),
        note=(
            "The summary calls Moss a senior officer without saying whether Moss belongs to "
            "the brigade itself."
        ),
        certainty=Certainty.INFERRED,
    ),
    Character(
        "kad",
        "Kad",
        description="A hoodlum who works for Areski's side and burns the evidence.",
        groups=("thugs",),
    ),
    Character(
        "jacques",
        "Jacques",
        description="Kad's partner, who later gives the barn away to Marco.",
        groups=("thugs",),
    ),
    # Unnamed people still get an id, so events can refer to them.
    Character(
        "new-mechanic",
        "the new mechanic",
        description="The mechanic working in the police garage after Lino is gone.",
        groups=("garage",),
        note=(
            "Unnamed in the summary. The model takes him to be the mechanic who helps Moss "
            "put out the fire at the end; the summary does not say so."
        ),
    ),
    Character(
        "areski-wife",
        "Areski's wife",
        description="Seen only in the last scenes, as Areski prepares to leave.",
    ),
    Character(
        "areski-child",
        "Areski's child",
        description="Seen only in the last scenes, with Areski's wife.",
    ),
)


# The objects the plot turns on. `held_by` things travel with their holder.
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
        at="hq-garage",
    ),
    Thing(
        "decoy-car",
        "the decoy car",
        description="A look-alike burnt in place of Charas's car and shown around as his.",
        kind="vehicle",
    ),
    Thing(
        "diverter",
        "the injection diverter",
        description="A rare engine part of the very kind Lino fitted to his getaway car.",
        kind="device",
        at="crash-site",
    ),
    Thing(
        "areski-gun", "Areski's gun", kind="weapon", held_by="areski", certainty=Certainty.INFERRED
    ),
    # The bullet that gives the film its title.
    Thing(
        "bullet",
        "the lost bullet",
        description="The bullet that kills Charas and lodges in his dashboard.",
        kind="evidence",
        note=(
            "The model has no things inside things, so the bullet has no place of its own "
            "while it sits in the gun or in the dashboard."
        ),
    ),
    Thing(
        "armoured-bumper",
        "the reinforced bumper",
        description="Metal hooks and plating Lino fixes to the front of Charas's car.",
        kind="vehicle part",
    ),
    Thing(
        "grenade", "the hand grenade", kind="weapon", held_by="areski", certainty=Certainty.INFERRED
    ),
)


# Where events happen. Being in the garage counts as being at headquarters.
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
        description="The brigade's headquarters, also called the police station in the summary.",
    ),
    Place(
        "hq-garage",
        "the police garage",
        description="The workshop inside headquarters where the squad cars are tuned.",
        inside="hq",
    ),
    Place("crash-site", "the crash site"),
    Place(
        "rendezvous",
        "the rendezvous with Quentin",
        description="Where Charas and Lino find Quentin with his creditors.",
    ),
    Place(
        "burn-site",
        "the fire site",
        note="The summary does not say where the burning happens.",
        certainty=Certainty.UNCERTAIN,
    ),
    Place("store", "the department store"),
    Place("barn", "the barn"),
    Place("road-to-hq", "the road to headquarters"),
    Place("roadblock", "Areski's road block", inside="road-to-hq"),
    Place("areski-house", "Areski's house"),
)


# Groups act or are acted on as a whole: the gang is arrested as one, the
# task force blocks the road as one. `part_of` nests a squad inside a brigade.
GROUPS: tuple[Group, ...] = (
    Group(
        "brigade",
        "the police brigade",
        description="The unit Charas, Areski, Marco and Julia serve in.",
    ),
    Group(
        "task-force",
        "Areski's task force",
        description="The officers inside the brigade who back Areski's plan.",
        part_of="brigade",
    ),
    Group(
        "garage",
        "the police garage crew",
        description="The mechanics who keep the brigade's cars running.",
        part_of="brigade",
    ),
    Group(
        "gang",
        "the gang Quentin owes",
        description="The criminals Quentin is in debt to, met at the violent rendezvous.",
    ),
    # An honest doubt: kept apart from the gang, and marked uncertain.
    Group(
        "thugs",
        "Kad and Jacques",
        description="Two hired hoodlums who do the dirty work after the killing.",
        note=(
            "The summary calls both these two and Quentin's creditors thugs; it does not "
            "say whether Kad and Jacques belong to the gang taken into custody, so they are "
            "kept apart here."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Group(
        "pursuers",
        "the police cars on Lino's tail",
        description="The squad sent after Lino on the road.",
        part_of="brigade",
        note=(
            "The summary speaks only of a team of cops. They are likely Areski's men, but a "
            "group acts with all its members, and Marco, of the task force, is cuffed in "
            "the barn at the time; so they are kept as their own group."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Group(
        "forensics",
        "the forensic team",
        description="The specialists who examine the car at the end.",
    ),
    Group(
        "mourners", "the mourners", description="The people who come to honour Charas at his car."
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
        "areski-leads-marco",
        "superior",
        between=("areski", "marco"),
        note="Marco is part of the squad Areski commands.",
        certainty=Certainty.INFERRED,
    ),
    Relationship(
        "moss-over-julia",
        "superior",
        between=("moss", "julia"),
        note=("Moss is senior and can sideline Julia, so the model reads Moss as her superior."),
        certainty=Certainty.INFERRED,
    ),
    Relationship(
        "charas-employs-lino",
        "employer",
        between=("charas", "lino"),
        since="lino-hired",
        until="charas-shot",
    ),
    # The affair's timing is unknown: `since` names an event whose order is loose.
    Relationship(
        "lovers",
        "affair",
        between=("julia", "lino"),
        since="affair",
        note=(
            "The summary hedges on when the affair happened; it may be over before the "
            "story starts."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Relationship("areski-married", "spouse", between=("areski", "areski-wife")),
    Relationship("areski-parent", "parent", between=("areski", "areski-child")),
    Relationship("kad-jacques", "partner", between=("kad", "jacques")),
)


# Propositions that are revealed, hidden or wrongly believed. A fact with
# `holds=False` is a lie; `contradicts` makes believing one drop the other.
FACTS: tuple[Fact, ...] = (
    Fact(
        "diverter-matches-lino",
        "the crash diverter is the same rare kind Lino built for his heists",
        established_by="diverter-found",
    ),
    Fact(
        "quentin-behind-diverter",
        "Quentin is behind the diverter and still pulls robberies",
        backstory=True,
        secret=True,
        known_by=("quentin",),
        certainty=Certainty.INFERRED,
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
        certainty=Certainty.UNCERTAIN,
    ),
    Fact(
        "murder-plot",
        "Areski and Marco plotted to kill Charas so Areski could run the brigade",
        established_by="murder-planned",
        secret=True,
    ),
    Fact(
        "task-force-complicit",
        "Areski's task force helps him carry out and hide the murder",
        established_by="murder-planned",
        secret=True,
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
    ),
    Fact(
        "car-swapped",
        "the burnt car is a decoy and Charas's real car survives",
        established_by="car-hidden",
        secret=True,
        contradicts=("decoy-is-charas-car",),
    ),
    Fact(
        "car-in-barn",
        "Charas's real car is hidden in a barn",
        established_by="car-hidden",
        secret=True,
    ),
    # The lie at the centre of the cover-up: it does not hold.
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
EVENTS: tuple[Event, ...] = (
    # `before` says only what is certain: the affair precedes Areski's use of it.
    # Its place at the top of the list is a guess, which `before` makes explicit.
    Event(
        "affair",
        "Julia and Lino have an affair",
        agents=("julia", "lino"),
        span=Span.PERIOD,
        before=("affair-exposed",),
        relationships=("lovers",),
        note=(
            "The summary says the affair was probably in the past and that its timing is "
            "unclear, so only its order before Areski uses it is certain; its place at the "
            "top of the list is a guess."
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
        effects=(Arrested("lino", at="prison"),),
        note="The summary does not say who catches him.",
    ),
    # Custody honestly: a second arrest of a man already held replaces his terms;
    # he may now be in the police garage on weekdays.
    Event(
        "lino-recruited",
        "Charas offers Lino work on the squad cars",
        agents=("charas",),
        participants=("lino",),
        place="prison",
        causes=("lino-caught",),
        effects=(
            Arrested(
                "lino",
                by="charas",
                at="prison",
                allowed=("hq-garage",),
                note=(
                    "New terms for a man already held; weekdays in the police garage, "
                    "weekends in his cell."
                ),
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
        "Charas gets Lino released early and hires him as the brigade's mechanic",
        agents=("charas",),
        participants=("lino",),
        causes=("work-release",),
        effects=(Released("lino", by="charas"), Joins(who="lino", group="garage")),
        note="Where the release is granted is not said.",
    ),
    Event(
        "lino-tunes-charas-car",
        "Lino works on Charas's car and rides in it",
        agents=("lino",),
        participants=("charas-car",),
        place="hq-garage",
        span=Span.PERIOD,
        note="The summary says Lino worked a lot on the car; when is not said.",
        certainty=Certainty.INFERRED,
    ),
    Event(
        "diverter-found",
        "Charas finds an injection diverter at a crash site",
        agents=("charas",),
        participants=("diverter",),
        place="crash-site",
        effects=(
            Takes(who="charas", thing="diverter"),
            Reveal(fact="diverter-matches-lino", to=("audience",), how=How.SHOWN),
        ),
    ),
    Event(
        "diverter-questioned",
        "Charas asks Lino about the diverter and they suspect Quentin",
        agents=("charas", "lino"),
        participants=("diverter",),
        mentions=("quentin",),
        place="hq-garage",
        causes=("diverter-found",),
        effects=(
            Reveal(fact="diverter-matches-lino", to=("lino",), by="charas"),
            Reveal(
                fact="quentin-behind-diverter",
                to=("charas", "lino", "audience"),
                how=How.DEDUCED,
                note="They only guess that it could be Quentin's work.",
                certainty=Certainty.UNCERTAIN,
            ),
        ),
    ),
    Event(
        "quentin-found",
        "Charas and Lino track down Quentin and find him with his creditors",
        agents=("charas", "lino"),
        participants=("quentin", "gang", "charas-car"),
        place="rendezvous",
        causes=("diverter-questioned",),
        relationships=("foster-brothers",),
        effects=(
            Moves(who="charas-car", to="rendezvous"),
            Reveal(fact="quentin-owes-gang", to=("charas", "lino", "audience"), how=How.SEEN),
        ),
    ),
    # A group is arrested as one; its members, if any, are held with it.
    Event(
        "gang-arrested",
        "Areski and Marco join the brawl and the gang is taken in",
        agents=("charas", "lino", "areski", "marco"),
        participants=("gang",),
        place="rendezvous",
        causes=("quentin-found",),
        effects=(Arrested("gang", by="areski", at="hq"),),
    ),
    # Backstory the film shows late: story order here, screen order in `shown_after`.
    Event(
        "murder-planned",
        "Areski and Marco plot Charas's murder with the task force behind them",
        agents=("areski", "marco", "task-force"),
        span=Span.PERIOD,
        before=("charas-shot",),
        shown_after="lino-flees",
        effects=(
            Reveal(fact="murder-plot", to=("audience",), how=How.SHOWN),
            Reveal(fact="task-force-complicit", to=("audience",), how=How.SHOWN),
        ),
        note=(
            "The plot is backstory: the film lets the viewer in on it only after the "
            "shooting, which is where shown_after puts it."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "quentin-escorted",
        "Charas puts Quentin and Lino in his car to question them",
        agents=("charas",),
        participants=("quentin", "lino", "charas-car"),
        place="rendezvous",
        causes=("gang-arrested",),
        note="Quentin is taken along for questioning, not formally arrested.",
    ),
    # The murder: a death, damage to the car, and three reveals at once.
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
            Dies("charas", by="areski"),
            Damaged(
                "charas-car",
                by="areski",
                note="The bullet passes through Charas and lodges in the dashboard.",
            ),
            Reveal(fact="areski-killed-charas", to=("lino", "quentin", "audience"), how=How.SEEN),
            Reveal(
                fact="areski-killed-charas",
                to=("task-force",),
                by="areski",
                note="His squad helps him cover the killing up, so they know who fired.",
                certainty=Certainty.INFERRED,
            ),
            Reveal(fact="charas-dead", to=("lino", "quentin", "audience"), how=How.SEEN),
            Reveal(
                fact="bullet-in-dashboard",
                to=("lino", "audience"),
                how=How.SEEN,
                note=("Lino sits in the car when the shot is fired and later looks for the hole."),
                certainty=Certainty.INFERRED,
            ),
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
        "Quentin swaps in a look-alike and hides Charas's car in a barn",
        agents=("quentin",),
        participants=("charas-car", "decoy-car"),
        place="barn",
        effects=(
            Takes(who="quentin", thing="charas-car"),
            Moves(
                who="charas-car",
                to="barn",
                note="Left in the barn, so nobody holds it until Lino comes for it.",
            ),
        ),
        note=(
            "The summary reveals the swap only later, through Quentin; that it came before "
            "the burning follows from the burnt car being the wrong one."
        ),
        certainty=Certainty.INFERRED,
    ),
    # The body appears as `remains`: the dead are objects of an event, not agents.
    Event(
        "decoy-burnt",
        "Kad and Jacques burn Charas's body in the car they think is his",
        agents=("kad", "jacques"),
        participants=(
            Participant("charas", role="victim", appears=Appearance.REMAINS),
            "decoy-car",
        ),
        place="burn-site",
        causes=("charas-shot",),
        effects=(
            Moves(
                who="decoy-car",
                to="burn-site",
                certainty=Certainty.INFERRED,
                note=(
                    "The car has to be taken from the barn to where it burns;"
                    " the summary skips how."
                ),
            ),
            Destroyed("decoy-car", by="kad"),
            Reveal(
                fact="decoy-is-charas-car",
                to=("kad", "jacques"),
                how=How.SEEN,
                note="The swap was made behind their backs.",
                certainty=Certainty.INFERRED,
            ),
            Reveal(
                fact="decoy-is-charas-car",
                to=("areski",),
                by="kad",
                note="Areski takes their word that the evidence is gone.",
                certainty=Certainty.INFERRED,
            ),
        ),
    ),
    # The wreck may be moved: it takes part as remains, not as a working car.
    Event(
        "wreck-to-hq",
        "The burnt wreck is brought to headquarters as Charas's car",
        participants=(Participant("decoy-car", appears=Appearance.REMAINS),),
        place="hq-garage",
        effects=(
            Moves(who="decoy-car", to="hq-garage"),
            Reveal(fact="decoy-is-charas-car", to=("julia", "moss")),
        ),
        note=(
            "The summary only says the wreck stands at headquarters, passed off as Charas's car."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "case-to-moss",
        "Moss takes over the inquiry and Julia mourns her friend",
        agents=("moss",),
        participants=("julia",),
        place="hq",
        relationships=("charas-julia-friends",),
        effects=(Reveal(fact="charas-dead", to=("julia", "moss")),),
    ),
    Event(
        "lino-blamed",
        "Areski names Lino as the suspect",
        agents=("areski",),
        participants=("moss", "julia"),
        place="hq",
        motivated_by=("areski-killed-charas",),
        effects=(Reveal(fact="lino-killed-charas", to=("moss", "julia"), by="areski"),),
        note=(
            "The summary has Areski aiming to convict Lino; how he first points at him is not told."
        ),
        certainty=Certainty.INFERRED,
    ),
    Event(
        "lino-arrested",
        "Lino is arrested at a department store while trying to reach Julia",
        participants=("lino",),
        mentions=("julia",),
        place="store",
        causes=("lino-blamed",),
        effects=(Arrested("lino", at="hq"),),
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
        effects=(
            Escapes("lino"),
            Leaves(
                who="lino",
                group="garage",
                note="A wanted man no longer works for the brigade.",
                certainty=Certainty.INFERRED,
            ),
        ),
    ),
    Event(
        "wreck-inspected",
        "Lino sneaks into headquarters and sees the wreck is not Charas's car",
        agents=("lino",),
        participants=(Participant("decoy-car", appears=Appearance.REMAINS),),
        place="hq-garage",
        motivated_by=("bullet-in-dashboard",),
        effects=(
            Reveal(
                fact="car-swapped",
                to=("lino", "audience"),
                how=How.EVIDENCE,
                note=("He knows the car too well, and there is no bullet hole in the dashboard."),
            ),
        ),
    ),
    # Being told is not believing: `believed=False` until the evidence comes.
    Event(
        "lino-tells-julia",
        "Lino tells Julia the truth and she does not believe him",
        agents=("lino",),
        participants=("julia",),
        place="hq",
        causes=("wreck-inspected",),
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
        motivated_by=("lino-killed-charas",),
        note="No arrest follows; Lino gets away again.",
    ),
    # An event with no agents: the source does not say who told Areski.
    Event(
        "areski-learns-affair",
        "Areski learns of the affair between Julia and Lino",
        participants=("areski",),
        after=("affair",),
        before=("affair-exposed",),
        effects=(Reveal(fact="julia-lino-affair", to=("areski",), certainty=Certainty.UNCERTAIN),),
        note=(
            "The summary says Areski had this confidential piece of news, not how or when "
            "he got it."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Event(
        "affair-exposed",
        "Areski reveals the affair to turn Moss against Julia",
        agents=("areski",),
        participants=("moss", "julia"),
        place="hq",
        motivated_by=("julia-lino-affair", "areski-framing-lino"),
        relationships=("moss-over-julia", "lovers"),
        effects=(
            Reveal(fact="julia-lino-affair", to=("moss", "audience"), by="areski"),
            Reveal(fact="areski-using-julia", to=("audience",), how=How.SHOWN),
        ),
    ),
    Event(
        "wreck-examined",
        "The new mechanic examines the wreck",
        agents=("new-mechanic",),
        participants=(Participant("decoy-car", appears=Appearance.REMAINS),),
        place="hq-garage",
        effects=(Reveal(fact="car-swapped", to=("new-mechanic",), how=How.EVIDENCE),),
        note="The summary only gives his conclusion; that he studied the wreck is implied.",
        certainty=Certainty.INFERRED,
    ),
    Event(
        "mechanic-tells-julia",
        "The new mechanic confirms to Julia that the wreck is not Charas's car",
        agents=("new-mechanic",),
        participants=("julia",),
        place="hq-garage",
        causes=("wreck-examined",),
        effects=(Reveal(fact="car-swapped", to=("julia",), how=How.EVIDENCE, by="new-mechanic"),),
    ),
    Event(
        "julia-turns",
        "Julia sees through Areski and resolves to help Lino",
        agents=("julia",),
        causes=("mechanic-tells-julia",),
        effects=(
            Reveal(
                fact="areski-using-julia",
                to=("julia",),
                how=How.DEDUCED,
                certainty=Certainty.UNCERTAIN,
            ),
            Reveal(fact="areski-killed-charas", to=("julia",), how=How.DEDUCED),
        ),
        note="The summary does not say how she discovers the manipulation.",
    ),
    Event(
        "quentin-reveals-car",
        "Quentin tells Lino he hid Charas's real car behind Kad and Jacques's backs",
        agents=("quentin",),
        participants=("lino",),
        after=("wreck-inspected",),
        before=("barn-arrival",),
        relationships=("foster-brothers",),
        effects=(Reveal(fact="car-in-barn", to=("lino", "audience"), by="quentin"),),
        note="The summary does not place this meeting against Julia's change of heart.",
    ),
    # A gap in the source, filled with an uncertain event that is pinned between
    # the hiding of the car and Jacques talking, and nowhere else.
    Event(
        "jacques-finds-out",
        "Jacques finds out about the hidden car",
        participants=("jacques",),
        after=("car-hidden",),
        before=("jacques-talks",),
        effects=(
            Reveal(
                fact="car-in-barn", to=("jacques",), how=How.DEDUCED, certainty=Certainty.UNCERTAIN
            ),
        ),
        note=(
            "Quentin hid the car without Jacques knowing, yet Jacques later gives the barn "
            "away; how he found out in between is not told."
        ),
        certainty=Certainty.UNCERTAIN,
    ),
    Event(
        "jacques-talks",
        "Jacques confesses to Marco where the car is hidden",
        agents=("jacques",),
        participants=("marco",),
        effects=(Reveal(fact="car-in-barn", to=("marco",), how=How.CONFESSION, by="jacques"),),
    ),
    Event(
        "barn-arrival",
        "Lino, Quentin and Marco all turn up at the barn together",
        agents=("lino", "quentin", "marco"),
        place="barn",
        effects=(
            Moves(who="lino", to="barn"),
            Moves(who="quentin", to="barn"),
            Moves(who="marco", to="barn"),
        ),
    ),
    # Marco is left cuffed to a pole: custody that is never lifted.
    Event(
        "barn-fight",
        "A brutal fight breaks out in the barn",
        agents=("lino", "quentin", "marco"),
        place="barn",
        causes=("barn-arrival",),
        effects=(
            Injured(
                "quentin",
                note=(
                    "He is fatally hurt but still able to guide Lino; who strikes the blow "
                    "is not said."
                ),
                certainty=Certainty.INFERRED,
            ),
            Arrested(
                "marco",
                by="lino",
                at="barn",
                note="Not a lawful arrest; Lino leaves him handcuffed to a pole.",
            ),
        ),
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
    # Who warns Areski is not said, so the event has no agents.
    Event(
        "areski-warned",
        "Areski hears that Lino is on his way with the real car",
        participants=("areski",),
        effects=(
            Reveal(fact="lino-brings-car", to=("areski",)),
            Reveal(fact="car-swapped", to=("areski",)),
        ),
        note="The summary does not say who warns him.",
    ),
    Event(
        "roadblock-set",
        "Areski blocks the road to headquarters",
        agents=("areski",),
        place="roadblock",
        causes=("areski-warned",),
        motivated_by=("lino-brings-car",),
        effects=(
            Moves(who="areski", to="roadblock"),
            Reveal(fact="areski-at-roadblock", to=("audience",), how=How.SHOWN),
        ),
    ),
    Event(
        "car-armoured",
        "Lino reinforces the car's bumper with hooks and plating",
        agents=("lino",),
        participants=("charas-car", "armoured-bumper"),
        place="barn",
        note="The summary says he prepares in advance; doing it in the barn is a guess.",
        certainty=Certainty.INFERRED,
        effects=(
            Takes(
                who="lino",
                thing="armoured-bumper",
                note="Fixed to the car he drives, the bumper goes wherever he takes the car.",
            ),
        ),
    ),
    Event(
        "chase",
        "Police cars hunt Lino on the road to headquarters",
        agents=("lino", "pursuers"),
        participants=("charas-car", "armoured-bumper"),
        place="road-to-hq",
        span=Span.PERIOD,
        effects=(Moves(who="lino", to="road-to-hq"),),
    ),
    # Moss and Julia set off while the chase is going on.
    Event(
        "rescue-set-off",
        "Moss and Julia get word and race to save Lino",
        agents=("moss", "julia"),
        place="road-to-hq",
        simultaneous_with=("chase",),
        effects=(
            Reveal(fact="areski-at-roadblock", to=("moss", "julia")),
            Moves(who="moss", to="road-to-hq"),
            Moves(who="julia", to="road-to-hq"),
        ),
    ),
    Event(
        "roadblock-broken",
        "Helped by Julia, Lino smashes through and overturns Areski",
        agents=("lino", "julia"),
        participants=("areski", "charas-car", "armoured-bumper"),
        place="roadblock",
        effects=(
            Moves(who="lino", to="roadblock"),
            Reveal(fact="areski-at-roadblock", to=("lino",), how=How.SEEN),
            Injured("areski", by="lino"),
        ),
    ),
    Event(
        "grenade-thrown",
        "The wounded Areski throws a grenade into the car's trunk",
        agents=("areski",),
        participants=("charas-car", "grenade", "lino"),
        place="roadblock",
        motivated_by=("car-swapped",),
        effects=(
            Destroyed("grenade", by="areski"),
            Damaged("charas-car", by="areski", note="The trunk catches fire; the car still runs."),
        ),
    ),
    Event(
        "race-to-garage",
        "Lino drives the burning car into the police garage",
        agents=("lino",),
        participants=("charas-car",),
        place="hq-garage",
        effects=(
            Moves(who="lino", to="hq-garage"),
            Moves(
                who="charas-car",
                to="hq-garage",
                note="Lino leaves the car there; from now on it is the police's evidence.",
            ),
        ),
    ),
    # An inferred arrest, so that Lino's later release has custody to end.
    Event(
        "fire-out",
        "Moss and a mechanic put out the fire",
        agents=("moss", "new-mechanic"),
        participants=("charas-car", "lino"),
        place="hq-garage",
        effects=(
            Moves(who="moss", to="hq-garage"),
            Arrested(
                "lino",
                by="moss",
                at="hq",
                note="Not shown in the summary, but he is still a wanted man until cleared.",
                certainty=Certainty.INFERRED,
            ),
        ),
        note="The fire is out in time; the car stays damaged but the dashboard survives.",
    ),
    Event(
        "bullet-recovered",
        "The forensic team digs the bullet out of the dashboard",
        agents=("forensics",),
        participants=("charas-car", Participant("bullet", role="evidence")),
        place="hq-garage",
        effects=(
            Takes(who="forensics", thing="bullet"),
            Reveal(fact="bullet-in-dashboard", to=("forensics", "moss"), how=How.EVIDENCE),
            Reveal(
                fact="areski-killed-charas",
                to=("forensics", "moss", "julia", "brigade"),
                how=How.EVIDENCE,
            ),
            Reveal(fact="car-swapped", to=("moss",), how=How.EVIDENCE),
        ),
    ),
    Event(
        "areski-departs",
        "Areski packs in a hurry and looks back at his family before leaving home",
        agents=("areski",),
        participants=("areski-wife", "areski-child"),
        place="areski-house",
        relationships=("areski-married", "areski-parent"),
        effects=(Moves(who="areski", to="areski-house"),),
    ),
    Event(
        "lino-cleared",
        "Lino is acquitted and Julia walks him out",
        agents=("julia", "moss"),
        participants=("lino",),
        place="hq",
        causes=("bullet-recovered",),
        effects=(Released("lino", by="moss"),),
    ),
    Event(
        "memorial",
        "Charas's car becomes a memorial where people pay their respects",
        agents=("mourners",),
        participants=("charas-car",),
        mentions=("charas",),
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
        "who-builds-diverters",
        "Who is building diverters like Lino's?",
        opened="diverter-found",
        resolved="quentin-found",
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
        "Can Lino get the car past Areski to headquarters?",
        opened="roadblock-set",
        resolved="race-to-garage",
    ),
    # The questions the film leaves open at the end.
    Thread("where-is-areski-going", "Where is Areski going?", opened="areski-departs"),
    Thread("is-areski-caught", "Is Areski arrested and convicted?", opened="bullet-recovered"),
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
        about=("armoured-bumper", "charas-car"),
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
