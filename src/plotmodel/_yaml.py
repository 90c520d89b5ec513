"""Read YAML text into plain data, strictly, reporting every problem with its position.

PyYAML's constructor is slow and lenient (``no`` becomes ``False``, duplicate
keys vanish, tags build objects). This module walks libyaml's parse events
instead: one flat loop with an explicit stack, no recursion, no node tree, and
the garbage collector paused while it runs. Scalars follow YAML 1.2's core
schema; anything YAML 1.1 would read differently stays text but remembers that
reading (`Text.reading`) so type errors can explain it.

The same walk records where every key and value is written (see
`plotmodel._positions`), so later findings are located without a second parse.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from sys import intern
from typing import Any, Final

import yaml
from attrs import frozen

from plotmodel._nesting import MAX_DEPTH
from plotmodel._positions import Keys, Lines, Place, YamlPositions, offset_position
from plotmodel._text import paused_gc, quote
from plotmodel.diagnostics import Diagnostic, DocPath, Location, Related

__all__ = [
    "FLOOD_REPORTS",
    "MAX_DIGITS",
    "LongNumber",
    "Number",
    "Text",
    "YamlRead",
    "plain_scalar",
    "read_yaml",
]

_Loader: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: How many findings of one hostile kind (tags, anchors, aliases, lone surrogates) are
#: reported one by one before the rest are counted.
FLOOD_REPORTS: Final = 10


class Text(str):
    """A plain scalar kept as text that YAML 1.1 would have read as something else.

    Attributes:
        reading: What YAML 1.1 reads it as, in words (``a boolean``, ``a date``).
    """

    __slots__ = ("reading",)
    reading: str

    def __new__(cls, value: str, reading: str) -> Text:
        """Keep ``value`` as text and remember YAML 1.1's ``reading`` of it."""
        text = super().__new__(cls, value)
        text.reading = reading
        return text


class Number(int):
    """A whole number written otherwise than plainly (``010``, ``+1``, ``0o17``, ``0x1f``).

    YAML 1.2 reads it as the number; messages say how it was written, and how
    YAML 1.1 reads it when that differs.

    Attributes:
        written: The number as the file writes it.
    """

    written: str

    def __new__(cls, value: int, written: str) -> Number:
        """Keep the number ``value`` and how it was ``written``."""
        number = super().__new__(cls, value)
        number.written = written
        return number

    @property
    def yaml11(self) -> str | None:
        """How YAML 1.1 reads it, in words, when that differs from YAML 1.2."""
        digits = self.written.lstrip("+-")
        if digits.startswith("0o"):
            return "text"
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            # YAML 1.1 reads a leading zero as octal, when the digits allow it.
            if not set(digits) <= set("01234567"):
                return "text"
            octal = int(digits, 8) * (-1 if self.written.startswith("-") else 1)
            return None if octal == int(self) else f"the number {octal}"
        return None


class LongNumber:
    """A whole number of more digits than Python converts by default; no plot needs one.

    Attributes:
        written: The number as the file writes it.
    """

    __slots__ = ("written",)

    def __init__(self, written: str) -> None:
        """Keep the number as it is ``written``, unconverted."""
        self.written = written

    def __repr__(self) -> str:
        return f"LongNumber(<{len(self.written)} characters>)"


_CORE: Final = "tag:yaml.org,2002:"
_WORDS: Final[dict[str, object]] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_YAML11_BOOLEANS: Final = frozenset(
    "yes Yes YES no No NO on On ON off Off OFF y Y n N".split()  # noqa: SIM905 - reads as a list of words
)
# every plain scalar read otherwise than as text, but for numbers: one lookup per scalar
_NOT_TEXT: Final[dict[str, object]] = {
    **{word: Text(word, "a boolean") for word in _YAML11_BOOLEANS},
    **_WORDS,
}
_TEXT: Final = object()
_INT: Final = re.compile(r"-?(?:0|[1-9][0-9]*)")
# YAML 1.2's core schema also reads these as whole numbers: leading zeros, a plus, octal, hex.
_OTHER_INT: Final = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT: Final = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
#: The most digits a whole number may have; Python converts no more than 4,300 by default.
MAX_DIGITS: Final = 1000
_NUMBERISH: Final = frozenset("0123456789+-.")
_READINGS: Final = {
    _CORE + "bool": "a boolean",
    _CORE + "int": "a number",
    _CORE + "float": "a number",
    _CORE + "timestamp": "a date",
    _CORE + "null": "null",
}
_resolver: Any = yaml.resolver.Resolver()


def plain_scalar(value: str) -> object:
    """Resolve a plain scalar by YAML 1.2's core schema, remembering YAML 1.1's reading."""
    word = _NOT_TEXT.get(value, _TEXT)
    if word is not _TEXT:
        return word
    if value[0] in _NUMBERISH:
        if _INT.fullmatch(value):
            # Python refuses to read integers of thousands of digits; no plot needs one.
            return int(value) if len(value) <= MAX_DIGITS else LongNumber(value)
        if _OTHER_INT.fullmatch(value):
            return _number(value)
        if _FLOAT.fullmatch(value):
            special = (
                value.lower().replace(".", "") if value.lower().endswith(("inf", "nan")) else None
            )
            return float(special or value)
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
        if tag in _READINGS:
            return Text(value, _READINGS[tag])
    return value


def _number(written: str) -> Number | LongNumber:
    if len(written) > MAX_DIGITS:
        return LongNumber(written)
    base = {"0o": 8, "0x": 16}.get(written[:2], 10)
    return Number(int(written[2:] if base != 10 else written, base), written)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def _events(text: str) -> Iterator[Any]:
    """The parse events libyaml gives, without `yaml.parse`'s extra call per event."""
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            yield event
            if event is None or event.__class__ is yaml.StreamEndEvent:
                return
    finally:
        loader.dispose()


def _context_note(error: yaml.MarkedYAMLError, mark: Any, where: Any) -> tuple[Related, ...]:
    """Where what libyaml was reading began, when that is on an earlier line than the error.

    A key missing its colon is noticed only on the next line; the note points
    back at the key itself (``the simple key starts here``).
    """
    context, start = error.context, error.context_mark
    if not context or start is None or mark is None or start.line == mark.line:
        return ()
    what = context.removeprefix("while scanning ").removeprefix("while parsing ")
    what = what.removeprefix("a ").removeprefix("an ")
    return (Related(message=f"the {what} starts here", location=where(start)),)


@frozen
class YamlRead:
    """What reading YAML text gave.

    Attributes:
        data: The plain data, or ``None`` if the text could not be parsed.
        diagnostics: Located problems found while reading.
        dropped: Paths whose values were refused; later findings under them are noise.
        parsed: Whether the whole text parsed (no syntax error).
        empty: Whether the text holds no document at all (as opposed to a null one).
        positions: Where each value is written, when the reader recorded it.
    """

    data: object
    diagnostics: tuple[Diagnostic, ...]
    dropped: Collection[DocPath]
    parsed: bool
    empty: bool = False
    positions: YamlPositions | None = None


class _Dropped:
    """Marks a refused value or key, so the walk can skip it without losing its place."""


_DROPPED: Final = _Dropped()
_EXPECT_KEY: Final = object()


def read_yaml(text: str, file: str) -> YamlRead:
    """Parse ``text`` into plain data, reporting every problem libyaml lets it reach.

    Args:
        text: The file's text.
        file: The file's name, for locations.

    Returns:
        The data, located diagnostics and the refused paths.
    """
    found: list[Diagnostic] = []
    dropped: list[DocPath] = []
    # The open collection: its container, its place and, for a mapping, its pending key; the
    # collections around it wait in `around`, outermost first, under a list holding the document.
    container: Any = []
    holder: Any = []
    key: Any = None
    around: list[tuple[Any, Any, Any]] = []
    documents = 0
    # Hostile features by kind: how many were met, and where the last one was.
    floods: dict[tuple[str, str, str], list[Any]] = {}
    anchors_possible = "&" in text

    lines = Lines(text)

    def where(mark: Any) -> Location:
        line, column = lines.at(mark.index)
        return Location(file=file, line=line, column=column)

    def path_here() -> DocPath:
        steps: list[str | int] = []
        for open_, _, pending in [*around, (container, holder, key)][1:]:
            if type(open_) is list:
                steps.append(len(open_))
            elif isinstance(pending, str):
                steps.append(pending)
        return tuple(steps)

    def report(code: str, rule: str, message: str, mark: Any, **extra: Any) -> None:
        found.append(
            Diagnostic(
                code=code,
                rule=rule,
                message=message,
                path=path_here(),
                location=where(mark),
                **extra,
            )
        )

    def refuse(code: str, rule: str, message: str, mark: Any, kind: str = "") -> _Dropped:
        if not kind or flood(code, rule, kind, mark):
            report(code, rule, message, mark)
        dropped.append(path_here())
        return _DROPPED

    def flood(code: str, rule: str, kind: str, mark: Any) -> bool:
        """Count one more finding of a hostile ``kind``: is it still reported by itself?"""
        seen = floods.setdefault((code, rule, kind), [0, mark])
        seen[0] += 1
        seen[1] = mark
        return bool(seen[0] <= FLOOD_REPORTS)

    def refuse_tag(tag: str, mark: Any) -> _Dropped:
        message = f"tag {quote(_short_tag(tag))} is not allowed in a plot file"
        return refuse("PM011", "unsupported-tag", message, mark, "tags")

    def refuse_anchor(anchor: str, mark: Any) -> None:
        # The value is kept: it is written out, only its name for aliases is refused.
        if flood("PM012", "alias", "anchors", mark):
            message = f"anchor '&{anchor}' is not allowed: plot files write every value out"
            report("PM012", "alias", message, mark)

    parsed = True
    # the names the loop reads for each of a large file's millions of events, bound once
    scalar, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    read_plain, keep_one = plain_scalar, intern
    with paused_gc():
        try:
            for event in _events(text):
                kind = event.__class__
                if kind is scalar:
                    place: Place = event.start_mark.index
                    if anchors_possible and event.anchor is not None:
                        refuse_anchor(event.anchor, event.start_mark)
                    tag = event.tag
                    if tag is None or tag == "!":
                        # libyaml marks a plain scalar with "" and PyYAML's own parser with None.
                        value: Any = event.value if event.style else read_plain(event.value)
                    elif tag == _CORE + "str":
                        value = event.value
                    elif tag in (_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"):
                        value = plain_scalar(event.value)
                    else:
                        value = refuse_tag(tag, event.start_mark)
                elif kind is mapping_start or kind is sequence_start:
                    if event.anchor is not None:
                        refuse_anchor(event.anchor, event.start_mark)
                    tag = event.tag
                    expected = "map" if kind is mapping_start else "seq"
                    if tag is not None and tag not in ("!", _CORE + expected):
                        refuse_tag(tag, event.start_mark)
                    if len(around) >= MAX_DEPTH:
                        # libyaml stops here by itself; PyYAML's own parser would go on.
                        raise yaml.MarkedYAMLError(
                            problem="maximum nesting depth", problem_mark=event.start_mark
                        )
                    start = event.start_mark.index
                    around.append((container, holder, key))
                    if expected == "map":
                        container = {}
                        holder = Keys((start,))
                    else:
                        container = []
                        holder = [start]
                    key = _EXPECT_KEY
                    continue
                elif kind is mapping_end or kind is sequence_end:
                    value = container
                    place = holder
                    container, holder, key = around.pop()
                elif kind is yaml.AliasEvent:
                    place = event.start_mark.index
                    value = refuse(
                        "PM012",
                        "alias",
                        f"alias '*{event.anchor}' is not allowed: write the value out",
                        event.start_mark,
                        "aliases",
                    )
                else:
                    if kind is yaml.DocumentStartEvent:
                        documents += 1
                        if documents == 2:
                            report(
                                "PM013",
                                "not-a-plot",
                                "a plot file holds one YAML document; this is a second one",
                                event.start_mark,
                            )
                    continue
                # Place the finished value in the collection that holds it.
                if type(container) is list:
                    container.append(value)
                    holder.append(place)
                    continue
                if key is not _EXPECT_KEY:
                    if key is not _DROPPED:
                        container[key] = value
                    key = _EXPECT_KEY
                    holder.append(place)
                    continue
                # A key as written (only text ever matches a path's key), where it is, then later
                # its value's place.
                if type(value) is str:
                    value = keep_one(value)  # keys repeat by the thousand: keep one string each
                holder += (value, place if type(place) is int else place[0])
                if value is _DROPPED:
                    key = _DROPPED
                elif not isinstance(value, str):
                    key = _DROPPED
                    shown = "a mapping" if isinstance(value, dict) else "a list"
                    if not isinstance(value, dict | list):
                        shown = repr(value).lower() if value is not None else "null"
                    report(
                        "PM015",
                        "non-string-key",
                        f"keys must be text, found {shown}",
                        event.start_mark,
                    )
                elif value in container:
                    key = _DROPPED
                    at = (*path_here(), str(value))
                    found.append(
                        Diagnostic(
                            code="PM006",
                            rule="duplicate-key",
                            message=f"duplicate key {quote(value)}",
                            path=at,
                            location=where(event.start_mark),
                            # Located by the caller, at the first key of that name.
                            related=(Related(message=f"{quote(value)} first given here", path=at),),
                        )
                    )
                    dropped.append(at)
                else:
                    key = value if type(value) is str else str(value)
        except yaml.MarkedYAMLError as error:
            parsed = False
            mark = error.problem_mark or error.context_mark
            problem = error.problem or "invalid YAML"
            if "maximum nesting depth" in problem:
                code, rule = "PM010", "too-deep"
                problem = "nesting is too deep for a plot file"
            else:
                code, rule = "PM009", "syntax-error"
                if error.context:
                    problem = f"{problem} ({error.context})"
                if error.context == "while parsing a flow mapping":
                    # `{name: Lino: the driver}`: a colon or comma in a value ends it early
                    problem += "; a value holding ':' or ',' inside {...} must be quoted"
            location = where(mark) if mark is not None else Location(file=file)
            found.append(
                Diagnostic(
                    code=code,
                    rule=rule,
                    message=problem.lower(),
                    location=location,
                    related=_context_note(error, mark, where),
                )
            )
        except yaml.reader.ReaderError as error:
            parsed = False
            line, column = offset_position(text, int(error.position))
            character = error.character
            point = ord(character) if isinstance(character, str) else int(character)
            shown = f"#x{point:04x}"
            found.append(
                Diagnostic(
                    code="PM009",
                    rule="syntax-error",
                    message=f"character {shown} is not allowed in YAML text",
                    location=Location(file=file, line=line, column=column),
                )
            )
        except yaml.YAMLError as error:
            parsed = False
            found.append(
                Diagnostic(
                    code="PM009",
                    rule="syntax-error",
                    message=" ".join(str(error).split()).lower(),
                    location=Location(file=file, line=1, column=1),
                )
            )
    for (code, rule, kind), (count, last) in floods.items():
        if count > FLOOD_REPORTS:
            found.append(
                Diagnostic(
                    code=code,
                    rule=rule,
                    message=f"{count - FLOOD_REPORTS} more {kind} not reported",
                    location=where(last),
                )
            )
    top = container if parsed else []
    data = top[0] if parsed and top else None
    positions = YamlPositions(file, text, holder[0] if parsed and top else None)
    # A set: every later finding asks whether it lies under one of them.
    return YamlRead(
        data,
        tuple(found),
        frozenset(dropped),
        parsed,
        empty=parsed and not top,
        positions=positions,
    )
