"""The one strict converter between plain data and the plot model, and its error walk.

cattrs coerces silently by default (``"5"`` becomes 5, a string becomes a list
of letters). `make_converter` registers strict hooks for every scalar, list and
enum, the short forms of the file format, and the file's key names
(``from``, ``plotmodel``). `structure_plot` turns cattrs' exception groups into
`Diagnostic` records with document paths.
"""

from __future__ import annotations

import difflib
import enum
import functools
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_unstructure_fn, override

from plotmodel._text import quote
from plotmodel._yaml import LongNumber, Number, Text
from plotmodel.diagnostics import Diagnostic, DocPath
from plotmodel.model import (
    EFFECT_KINDS,
    EFFECT_TYPES,
    EXPECTATION_KINDS,
    EXPECTATION_TYPES,
    Belief,
    CheckSettings,
    Effect,
    Event,
    Expectation,
    Interval,
    Motive,
    Participant,
    Plot,
    file_key,
    length_of,
    reference_fields,
)

__all__ = ["make_converter", "structure_plot"]

_T = TypeVar("_T")
_UNIONS: Final = (typing.Union, types.UnionType)


def _renames(cls: type) -> dict[str, Any]:
    """The cattrs overrides that give model fields their file names, as the fields declare."""
    fields: Any = attrs.fields(cls)
    return {a.name: override(rename=file_key(a)) for a in fields if file_key(a) != a.name}


class WrongTypeError(TypeError):
    """A value of the wrong type, with what was expected and what was found."""

    def __init__(self, expected: str, value: object, message: str | None = None) -> None:
        """Describe a ``value`` that is not ``expected``, or say ``message`` instead."""
        super().__init__(message or f"expected {expected}, found {describe(value)}")
        self.expected = expected
        self.value = value


class InvalidValueError(ValueError):
    """A value of the right type that the format does not allow."""


class UnknownEffectError(ValueError):
    """An effect (or an expectation) whose one key names no kind of effect (or expectation)."""

    def __init__(self, key: str, message: str) -> None:
        """Report the unknown effect ``key``."""
        super().__init__(message)
        self.key = key


class ConflictingKeysError(ValueError):
    """Two keys that say the same thing in different forms (``agent`` and ``agents``)."""


def describe(value: object) -> str:
    """Say what a plain value is, in words a plot writer knows: ``the number 12``."""
    if isinstance(value, Text):
        return f"{quote(value)}"
    if isinstance(value, LongNumber):
        return f"a number of {len(value.written.lstrip('+-')):,} digits"
    if isinstance(value, Number):
        other = value.yaml11
        also = f"; YAML 1.1 reads it as {other}" if other else ""
        shown = describe(int(value))
        return f"{shown} (YAML 1.2 reads {quote(value.written)} as {int(value)}{also})"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        written = str(value)
        return (
            f"the number {written}" if len(written) <= 40 else f"a number of {len(written)} digits"
        )
    if isinstance(value, str):
        return f"the text {quote(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _hint(expected: str, value: object) -> str:
    if isinstance(value, Text) and expected != "text":
        return f" (YAML 1.1 reads it as {value.reading}; this format keeps it as text)"
    if expected == "text" and isinstance(value, bool | int | float | LongNumber):
        return ": quote it to keep it as text"
    return ""


def _structure_text(value: object, _: type) -> str:
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str(value)  # text YAML 1.1 reads otherwise is still text
    if isinstance(value, dict) and "who" in value:
        message = (
            "expected an id, found a {who: ...} mapping: that form belongs under"
            " 'agents' or 'participants'"
        )
        raise WrongTypeError("text", value, message)
    raise WrongTypeError("text", value)


def _structure_int(value: object, _: type) -> int:
    if type(value) is int:
        return value
    if type(value) is Number:
        return int(value)
    raise WrongTypeError("a whole number", value)


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is bool:
        return value
    raise WrongTypeError("true or false", value)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    by_value = {member.value: member for member in cls}
    allowed = ", ".join(by_value)

    def structure(value: object, _: type) -> enum.Enum:
        if not isinstance(value, str):
            raise WrongTypeError(f"one of {allowed}", value)
        try:
            return by_value[value]
        except KeyError:
            close = difflib.get_close_matches(value, by_value, n=1)
            hint = f" (did you mean {quote(close[0])}?)" if close else ""
            raise InvalidValueError(f"{quote(value)} is not one of {allowed}{hint}") from None

    return structure


_TEXT_ONLY: Final = frozenset({str})
# an id, or the record that may stand in its place: an id is read as text is
_ID_OR_FORM: Final = (str | Participant, str | Motive)


def _is_optional(cls: Any) -> bool:
    """Whether ``cls`` is ``X | None`` for one type ``X``."""
    args = typing.get_args(cls)
    return len(args) == 2 and type(None) in args and typing.get_origin(cls) in _UNIONS


def _optional_hook(converter: cattrs.Converter, cls: Any) -> Callable[[object, type], Any]:
    # one hook found once, instead of cattrs' dispatch on every value
    inner = next(arg for arg in typing.get_args(cls) if arg is not type(None))
    structure_inner = converter.get_structure_hook(inner)

    def structure(value: object, _: type) -> Any:
        return None if value is None else structure_inner(value, inner)

    return structure


def _is_tuple(cls: Any) -> bool:
    return typing.get_origin(cls) is tuple


def _tuple_hook(converter: cattrs.Converter, cls: Any) -> Callable[[object, type], tuple[Any, ...]]:
    item_type = typing.get_args(cls)[0]
    structure_item = converter.get_structure_hook(item_type)

    text_items = item_type is str or item_type in _ID_OR_FORM

    def structure(value: object, _: type) -> tuple[Any, ...]:
        if type(value) is not list:
            raise WrongTypeError("a list", value)
        if text_items and set(map(type, value)) <= _TEXT_ONLY:
            return tuple(value)
        try:
            return tuple([structure_item(item, item_type) for item in value])
        except Exception:  # structured again below, to report every item at fault
            pass
        items = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except Exception as error:
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"Structuring {cls} @ index {index}", index, item_type),
                ]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cls}", errors, cls)
        return tuple(items)

    return structure


def _ones(cls: type) -> tuple[str, ...]:
    """The file keys of a class's lists of ids that may be written as one id."""
    return tuple(one.key for one in reference_fields(cls) if one.many and one.refers.one)


def _class_hook(
    converter: cattrs.Converter, cls: type[_T], one_item: typing.Mapping[str, str] | None = None
) -> Callable[[object, type], _T]:
    """Structure a mapping into ``cls`` by its attrs fields, reading only the keys it holds.

    ``one_item`` names the keys that give one item of a list field under a
    name of their own (``agent: c8`` for ``agents: [c8]``).

    No code is generated: a plot's classes are ready at once, and a mapping
    costs one step per key it holds, not one per field its class has. Errors
    come as cattrs gives them (a class validation group, each error noted
    with its attribute), for `errors_to_diagnostics` to walk.
    """
    fields: Any = attrs.fields(attrs.resolve_types(cls))  # type: ignore[arg-type, type-var]
    by_key = {
        file_key(a): (a.name, converter.get_structure_hook(a.type), a.type, a) for a in fields
    }
    for key, target in (one_item or {}).items():
        name, hook, kind, a = by_key[target]
        by_key[key] = (name, _as_list_of_one(hook), kind, a)
    required = [(file_key(a), a) for a in fields if a.default is attrs.NOTHING]
    required_keys = frozenset(key for key, _ in required)
    what = f"{_noun(cls)} as a mapping" + (
        f" (with {', '.join(key for key, _ in required)})" if required else ""
    )
    title = f"While structuring {cls.__name__}"
    ones = _ones(cls)
    one_keys = frozenset(ones)
    steps = {key: (name, hook, kind) for key, (name, hook, kind, _) in by_key.items()}

    def noted(error: Exception, a: attrs.Attribute[Any]) -> Exception:
        note = AttributeValidationNote(
            f"Structuring class {cls.__qualname__} @ attribute {a.name}", a.name, a.type
        )
        error.__notes__ = [*getattr(error, "__notes__", []), note]
        return error

    def structure(value: object, _: type) -> _T:
        if type(value) is not dict:
            raise WrongTypeError(what, value)
        if (
            one_keys
            and not one_keys.isdisjoint(value)
            and any(isinstance(value.get(key), str) for key in ones)
        ):
            # one id where a list may stand: a list of one
            value = {k: [v] if k in ones and isinstance(v, str) else v for k, v in value.items()}
        values: dict[str, Any] = {}
        key = None
        try:
            for key, item in value.items():
                name, hook, kind = steps[key]
                values[name] = hook(item, kind)
        except Exception as error:  # an unknown key, or a value at fault
            return at_fault(value, values, key, error)
        if not value.keys() >= required_keys:
            return at_fault(value, values, None, None)
        try:
            return cls(**values)
        except Exception as error:
            raise ClassValidationError(title, [error], cls) from None

    def at_fault(
        value: dict[str, Any], values: dict[str, Any], failed: object, failure: Exception | None
    ) -> _T:
        """Every fault of a mapping: the rest of its keys read one by one, each error noted."""
        errors: list[Exception] = []
        for key, item in value.items():
            found = by_key.get(key)
            if found is None:
                continue
            name, hook, kind, a = found
            if name in values:
                continue  # read without fault before the first fault
            if key == failed and failure is not None:
                errors.append(noted(failure, a))
                continue
            try:
                values[name] = hook(item, kind)
            except Exception as error:
                errors.append(noted(error, a))
        if not value.keys() <= by_key.keys():
            errors.append(ForbiddenExtraKeysError("", cls, set(value) - by_key.keys()))
        if not value.keys() >= required_keys:
            errors += [noted(KeyError(key), a) for key, a in required if key not in value]
        if errors:
            raise ClassValidationError(title, errors, cls)
        try:
            return cls(**values)
        except Exception as error:
            raise ClassValidationError(title, [error], cls) from None

    return structure


def _structure_stand(value: object, _: type) -> bool | Belief:
    """``believed``: true, false, or a belief level's word (``suspects``)."""
    if type(value) is bool:
        return value
    levels = ", ".join(level.word for level in Belief if level is not Belief.UNAWARE)
    if not isinstance(value, str):
        raise WrongTypeError(f"true, false or one of {levels}", value)
    try:
        return Belief.from_word(str(value))
    except ValueError:
        close = difflib.get_close_matches(str(value), levels.split(", "), n=1)
        hint = f" (did you mean {quote(close[0])}?)" if close else ""
        raise InvalidValueError(
            f"{quote(value)} is not true, false or one of {levels}{hint}"
        ) from None


def _as_list_of_one(hook: Callable[[object, Any], Any]) -> Callable[[object, Any], Any]:
    """A list field's hook for one item given in place of the list."""

    def structure(value: object, cls: Any) -> Any:
        return hook([value], cls)

    return structure


def _event_hook(converter: cattrs.Converter) -> Callable[[object, type], Event]:
    generated = _class_hook(converter, Event, one_item={"agent": "agents"})

    def structure(value: object, cls: type) -> Event:
        if type(value) is dict and "agent" in value and "agents" in value:
            raise ConflictingKeysError("give 'agent' for one agent or 'agents', not both")
        if type(value) is dict and _is_year(value.get("date")):
            # a year is a date: `date: 2019` is read as the text the writer wrote
            value = {**value, "date": str(value["date"])}
        problems = _time_problems(value)
        if not problems:
            return generated(value, cls)
        # a bad date and a bad duration are reported together, with what else is wrong
        said = {str(problem) for problem in problems}
        others: list[Exception] = []
        try:
            generated(value, cls)
        except ClassValidationError as group:
            others = [one for one in group.exceptions if str(one) not in said]
        except ValueError as error:
            others = [] if str(error) in said else [error]
        raise ClassValidationError("While structuring Event", [*others, *problems], Event)

    return structure


def _participant_hook(converter: cattrs.Converter) -> Callable[[object, type], Participant]:
    generated = _class_hook(converter, Participant)

    def structure(value: object, cls: type) -> Participant:
        if isinstance(value, str):
            return Participant(who=str(value))
        return generated(value, cls)

    return structure


def _id_or_form_hook(
    converter: cattrs.Converter, form: type[_T]
) -> Callable[[object, type], str | _T]:
    """An id, or the record that may stand in its place (an agent's form, a motive)."""
    generated = _class_hook(converter, form)

    def structure(value: object, _: type) -> str | _T:
        if type(value) is dict:
            return generated(value, form)
        return _structure_text(value, str)

    return structure


def _is_year(value: object) -> bool:
    return type(value) is int and 1000 <= value <= 9999


def _time_problems(value: object) -> list[Exception]:
    """What is wrong with an event's date and duration, each as the error its validator gives."""
    if type(value) is not dict:
        return []
    found: list[Exception] = []
    if "date" not in value and "duration" not in value:
        return found
    for key, read in (("date", Interval.of), ("duration", length_of)):
        text = value.get(key)
        if isinstance(text, str):
            try:
                read(str(text))
            except ValueError as error:
                found.append(ValueError(f"{key} {error}"))
    return found


def _effect_hook(converter: cattrs.Converter) -> Callable[[object, type], Effect]:
    return _one_key_hook(converter, EFFECT_KINDS, "effect", "effects")


def _expectation_hook(converter: cattrs.Converter) -> Callable[[object, type], Expectation]:
    return _one_key_hook(converter, EXPECTATION_KINDS, "expectation", "expectations")


_K = TypeVar("_K", Effect, Expectation)


def _one_key_hook(
    converter: cattrs.Converter,
    registry: typing.Mapping[str, type[_K]],
    noun: str,
    plural: str,
) -> Callable[[object, type], _K]:
    """Structure a mapping whose one key names its kind, as effects and expectations are written."""
    hooks = {key: _class_hook(converter, cls) for key, cls in registry.items()}
    kinds = ", ".join(registry)
    article = "an" if noun[0] in "aeiou" else "a"

    def structure(value: object, _: type) -> _K:
        if type(value) is not dict or len(value) != 1:
            if type(value) is dict:
                found = ", ".join(f"{quote(key)}" for key in value) or "none"
                count = len(value)
                message = f"{article} {noun} has one key, its kind; found {count} keys: {found}"
                raise WrongTypeError(f"{article} {noun}", value, message)
            raise WrongTypeError(f"{article} {noun}: a mapping with one key, one of {kinds}", value)
        [(key, fields)] = value.items()
        cls = registry.get(key)
        if cls is None:
            close = difflib.get_close_matches(key, registry, n=1)
            hint = f" (did you mean {quote(close[0])}?)" if close else f"; {plural} are {kinds}"
            raise UnknownEffectError(key, f"unknown {noun} {quote(key)}{hint}")
        short = cls.short
        if short is not None and isinstance(fields, str):
            fields = {short: fields}
        return hooks[key](fields, cls)

    return structure


def _unstructure_class(converter: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    """A class's fields as a mapping, its defaults left out, lists of one written as one id."""
    generated: Callable[[Any], Any] = make_dict_unstructure_fn(
        cls,
        converter,
        _cattrs_omit_if_default=True,
        **_renames(cls),
    )
    ones = _ones(cls)
    if not ones:
        return generated

    def unstructure(value: Any) -> Any:
        fields = generated(value)
        for key in ones:
            found = fields.get(key)
            if isinstance(found, list) and len(found) == 1:
                fields[key] = found[0]
        return fields

    return unstructure


def _unstructure_effect(converter: cattrs.Converter) -> Callable[[Effect], object]:
    return _unstructure_one_key(converter, EFFECT_TYPES)


def _unstructure_one_key(
    converter: cattrs.Converter, types: tuple[type[Effect] | type[Expectation], ...]
) -> Callable[[Effect | Expectation], object]:
    """Write an effect or an expectation under its one key, in its short form where it has one."""
    hooks = {cls: _unstructure_class(converter, cls) for cls in types}

    def unstructure(one: Effect | Expectation) -> object:
        fields = hooks[type(one)](one)
        short = one.short
        if short is not None and list(fields) == [short]:
            return {one.key: fields[short]}
        return {one.key: fields}

    return unstructure


def make_converter() -> cattrs.Converter:
    """Build the strict converter every load and dump uses.

    Returns:
        A converter that refuses coercion and unknown keys, reads the short
        forms of the file format, and writes them back when dumping.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_text)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    enum_hooks: dict[type, Callable[[object, type], enum.Enum]] = {}

    def structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
        hook = enum_hooks.get(cls)
        if hook is None:
            hook = enum_hooks[cls] = _enum_hook(cls)
        return hook(value, cls)

    converter.register_structure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), structure_enum
    )
    converter.register_structure_hook_factory(
        _is_tuple, functools.partial(_tuple_hook_factory, converter)
    )
    converter.register_structure_hook_factory(
        _is_optional, functools.partial(_optional_hook, converter)
    )
    converter.register_structure_hook_factory(attrs.has, lambda cls: _class_hook(converter, cls))
    # Events are built from participants and effects: register those first.
    converter.register_structure_hook(Participant, _participant_hook(converter))
    # the unions of an id and the record that may stand in its place
    for form in _ID_OR_FORM:
        record = next(arg for arg in typing.get_args(form) if arg is not str)
        converter.register_structure_hook(form, _id_or_form_hook(converter, record))
    converter.register_structure_hook(bool | Belief, _structure_stand)
    converter.register_structure_hook(Effect, _effect_hook(converter))
    converter.register_structure_hook(Expectation, _expectation_hook(converter))
    converter.register_structure_hook(Event, _event_hook(converter))

    converter.register_unstructure_hook_factory(
        attrs.has, lambda cls: _unstructure_class(converter, cls)
    )
    converter.register_unstructure_hook(Belief, lambda level: level.word)
    effect_unstructure = _unstructure_effect(converter)
    # an event's effects are declared as the base class: dispatch on each effect's own
    for cls in (Effect, *EFFECT_TYPES):
        converter.register_unstructure_hook(cls, effect_unstructure)
    expectation_unstructure = _unstructure_one_key(converter, EXPECTATION_TYPES)
    # an event's expectations are declared as the base class, as its effects are
    for cls in (Expectation, *EXPECTATION_TYPES):
        converter.register_unstructure_hook(cls, expectation_unstructure)
    converter.register_unstructure_hook(Participant, _unstructure_participant(converter))
    converter.register_unstructure_hook(Event, _unstructure_event(converter))
    return converter


def _tuple_hook_factory(
    converter: cattrs.Converter, cls: Any
) -> Callable[[object, type], tuple[Any, ...]]:
    return _tuple_hook(converter, cls)


def _unstructure_participant(converter: cattrs.Converter) -> Callable[[Participant], object]:
    generated = make_dict_unstructure_fn(Participant, converter, _cattrs_omit_if_default=True)

    def unstructure(participant: Participant) -> object:
        fields = generated(participant)
        return fields["who"] if list(fields) == ["who"] else fields

    return unstructure


def _unstructure_event(converter: cattrs.Converter) -> Callable[[Event], object]:
    generated = make_dict_unstructure_fn(Event, converter, _cattrs_omit_if_default=True)

    def unstructure(event: Event) -> object:
        fields: dict[str, object] = generated(event)
        agents = fields.get("agents")
        if isinstance(agents, list) and len(agents) == 1:
            # Keep the key's place in field order while using the short form.
            fields = {
                ("agent" if k == "agents" else k): (agents[0] if k == "agents" else v)
                for k, v in fields.items()
            }
        return fields

    return unstructure


def _steps(error: BaseException) -> DocPath:
    steps: list[str | int] = []
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            steps.append(note.name)
        elif isinstance(note, IterableValidationNote) and isinstance(note.index, int):
            steps.append(note.index)
    return tuple(steps)


def _file_key(cls: type | None, name: str) -> str:
    if cls is None or not attrs.has(cls) or name not in attrs.fields_dict(cls):
        return name
    return file_key(attrs.fields_dict(cls)[name])


def errors_to_diagnostics(
    error: BaseException, path: DocPath = (), cls: type | None = None
) -> Iterator[Diagnostic]:
    """Walk a cattrs exception group into diagnostics with document paths.

    Args:
        error: What structuring raised.
        path: The document path of the value that raised it.
        cls: The class being structured there, for key names and suggestions.
    """
    if isinstance(error, BaseExceptionGroup):
        inner_cls = getattr(error, "cl", cls)
        if not (isinstance(inner_cls, type) and attrs.has(inner_cls)):
            inner_cls = cls
        for inner in error.exceptions:
            yield from errors_to_diagnostics(inner, (*path, *_steps(inner)), inner_cls)
        return
    if isinstance(error, ForbiddenExtraKeysError):
        known = [file_key(a) for a in attrs.fields(error.cl)]
        if error.cl is Event:
            known.append("agent")
        for key in sorted(error.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {quote(close[0])}?)" if close else ""
            if not close and " " in key.strip():
                # no key of the format has a space: a comma split the value before it
                hint = " (a ',' inside {...} ends a value: put quotes around the whole value)"
            yield Diagnostic(
                code="PM005",
                rule="unknown-key",
                message=f"unknown key {quote(key)} in {_noun(error.cl)}{hint}",
                path=(*path, key),
            )
        return
    if isinstance(error, KeyError) and path and isinstance(path[-1], str):
        name = path[-1]
        owner = cls
        yield Diagnostic(
            code="PM004",
            rule="missing-key",
            message=f"missing required key {quote(_file_key(owner, name))} in {_noun(owner)}",
            path=path[:-1],
        )
        return
    if isinstance(error, WrongTypeError):
        expected = error.expected
        yield Diagnostic(
            code="PM003",
            rule="wrong-type",
            message=str(error) + _hint(expected, error.value),
            path=path,
        )
        return
    if isinstance(error, UnknownEffectError):
        yield Diagnostic(
            code="PM005", rule="unknown-key", message=str(error), path=(*path, error.key)
        )
        return
    if isinstance(error, ConflictingKeysError):
        yield Diagnostic(
            code="PM016", rule="conflicting-keys", message=str(error), path=(*path, "agent")
        )
        return
    if isinstance(error, ValueError):
        message = str(error)
        first = message.split(" ", 1)[0]
        field_path = path
        if cls is not None and attrs.has(cls) and first in attrs.fields_dict(cls):
            field_path = (*path, first)
            message = message.replace(first, _file_key(cls, first), 1)
        yield Diagnostic(code="PM007", rule="invalid-value", message=message, path=field_path)
        return
    yield Diagnostic(
        code="PM003",
        rule="wrong-type",
        message=f"cannot read this value: {error}".lower(),
        path=path,
    )


def _noun(cls: type | None) -> str:
    if cls is None:
        return "this mapping"
    if cls in EFFECT_TYPES:
        return f"a {quote(cls.key)} effect"
    if cls in EXPECTATION_TYPES:
        article = "an" if cls.key[0] in "aeiou" else "a"
        return f"{article} {quote(cls.key)} expectation"
    if cls is Plot:
        return "the plot"
    if cls is CheckSettings:
        return "the check settings"
    noun = cls.__name__.lower()
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


_CONVERTER: cattrs.Converter | None = None


def converter() -> cattrs.Converter:
    """The shared strict converter, built on first use."""
    global _CONVERTER  # noqa: PLW0603 - one converter per process, built lazily
    if _CONVERTER is None:
        _CONVERTER = make_converter()
    return _CONVERTER


def structure_plot(data: dict[str, Any]) -> tuple[Plot | None, list[Diagnostic]]:
    """Build a `Plot` from plain data, or report everything that stops it.

    Returns:
        The plot (or ``None``) and unlocated diagnostics with document paths.
    """
    try:
        return converter().structure(data, Plot), []
    except Exception as error:
        return None, list(errors_to_diagnostics(error, (), Plot))
