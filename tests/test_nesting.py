"""The depth of JSON text, measured on the text, is the depth of what it holds."""

import json

from hypothesis import given
from hypothesis import strategies as st

from plotmodel._nesting import deeper_than, first_too_deep

# Strings full of what could be mistaken for structure: brackets, quotes and escapes.
TRICKY = st.text(alphabet='[]{}"\\/ab\n\u2028\ud800', max_size=6)
VALUES = st.recursive(
    st.none() | st.integers() | TRICKY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY, inner, max_size=3),
    max_leaves=30,
)


def depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    return 0


@given(value=VALUES, ascii_only=st.booleans())
def test_the_depth_of_the_text_is_the_depth_of_the_value(value: object, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    levels = depth(value)
    assert not deeper_than(text, levels)
    if levels:
        assert deeper_than(text, levels - 1)
        offset = first_too_deep(text, levels - 1)
        assert offset is not None
        assert text[offset] in "[{"
    assert first_too_deep(text, levels) is None


@given(value=VALUES, cut=st.integers(min_value=0))
def test_text_cut_short_is_never_deeper_than_the_whole(value: object, cut: int) -> None:
    text = json.dumps(value)
    prefix = text[: cut % (len(text) + 1)]
    assert not deeper_than(prefix, depth(value))
