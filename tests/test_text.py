"""Quoting and escaping of user text: nothing from a file reaches a terminal raw."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotmodel._text import escape, is_shown, quote

# Each class of character a terminal must never receive from a plot file.
DANGEROUS = {
    "line feed": "\n",
    "carriage return": "\r",
    "tab": "\t",
    "escape (terminal sequences)": "\x1b",
    "delete": "\x7f",
    "next line (NEL)": "\x85",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "left-to-right embedding": "\u202a",
    "right-to-left embedding": "\u202b",
    "pop directional formatting": "\u202c",
    "left-to-right override": "\u202d",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "right-to-left isolate": "\u2067",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c",
    "zero width space": "\u200b",
    "byte order mark": "\ufeff",
    "tag character": "\U000e0041",
    "lone high surrogate": "\ud800",
    "lone low surrogate": "\udfff",
    "private use": "\ue000",
    "unassigned": "\U000e0080",
}


@pytest.mark.parametrize("name", sorted(DANGEROUS))
def test_every_dangerous_character_is_escaped(name: str) -> None:
    character = DANGEROUS[name]
    assert not is_shown(character)
    escaped = escape(f"a{character}b")
    assert escaped.isascii()
    assert escaped.isprintable()
    assert escaped == "a" + repr(character)[1:-1] + "b"
    assert all(is_shown(c) for c in quote(f"a{character}b"))


READABLE = ["Lino", "Balle perdue", "café", "Лино", "リノ", "a\u00a0b", "👨\u200d👩"]


@pytest.mark.parametrize("text", READABLE)
def test_readable_text_is_kept_as_it_is(text: str) -> None:
    assert escape(text) == text


def test_backslashes_are_kept_so_escaping_twice_changes_nothing() -> None:
    assert escape("a\\nb") == "a\\nb"
    assert escape(escape("a\nb")) == "a\\nb"


@given(st.text())
def test_escaped_text_is_one_line_of_shown_characters(text: str) -> None:
    escaped = escape(text)
    assert all(is_shown(c) for c in escaped)
    assert len(escaped.splitlines()) <= 1
    assert escape(escaped) == escaped
    assert all(is_shown(c) for c in quote(text))
