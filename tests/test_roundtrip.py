"""Load -> dump -> load gives back an equal plot, in YAML and in JSON.

Valid plots come from `plots`; `unchecked_plots` adds every optional field the
checker would complain about (silences, check settings, dangling ids, odd
Unicode), which a loader and a dumper must carry all the same.
"""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotmodel.dumping import dump, dumps
from plotmodel.loading import load, loads
from plotmodel.model import Plot
from plotmodel.strategies import plots, texts, unchecked_plots

FORMATS = ("yaml", "json")


def _reloaded(plot: Plot, fmt: str) -> Plot | None:
    text = dumps(plot, format=fmt)  # type: ignore[arg-type]
    return loads(text, file=f"roundtrip.{fmt}", format=fmt).plot  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
@given(plot=plots())
def test_valid_plot_survives_a_round_trip(fmt: str, plot: Plot) -> None:
    text = dumps(plot, format=fmt)  # type: ignore[arg-type]
    loaded = loads(text, file=f"roundtrip.{fmt}", format=fmt)  # type: ignore[arg-type]
    assert loaded.diagnostics == ()
    assert loaded.plot == plot


@pytest.mark.parametrize("fmt", FORMATS)
@given(plot=unchecked_plots())
def test_every_optional_field_survives_a_round_trip(fmt: str, plot: Plot) -> None:
    assert _reloaded(plot, fmt) == plot


@pytest.mark.parametrize("fmt", FORMATS)
@given(plot=plots(max_events=4))
def test_dumping_is_canonical(fmt: str, plot: Plot) -> None:
    text = dumps(plot, format=fmt)  # type: ignore[arg-type]
    again = loads(text, format=fmt).plot  # type: ignore[arg-type]
    assert again is not None
    assert dumps(again, format=fmt) == text  # type: ignore[arg-type]


@given(plot=plots(max_events=4))
def test_yaml_and_json_load_to_the_same_plot(plot: Plot) -> None:
    assert _reloaded(plot, "yaml") == _reloaded(plot, "json")


@given(title=texts(), description=texts(max_size=200))
def test_any_unicode_text_survives_a_round_trip(title: str, description: str) -> None:
    plot = Plot(title=title, description=description)
    for fmt in FORMATS:
        assert _reloaded(plot, fmt) == plot


@given(plot=plots(max_events=4), fmt=st.sampled_from(FORMATS))
def test_dump_and_load_through_a_file(
    tmp_path_factory: pytest.TempPathFactory, plot: Plot, fmt: str
) -> None:
    path = Path(tmp_path_factory.mktemp("roundtrip")) / f"plot.{fmt}"
    dump(plot, path)
    assert load(path).plot == plot


# Text that YAML 1.1 or 1.2 would read as something else unless the dumper quotes it.
TRICKY_TEXT = [
    "no",
    "Yes",
    "on",
    "OFF",
    "~",
    "null",
    "Null",
    "true",
    "1:30",
    "2024-01-01",
    "0e0",
    "1e5",
    "1E+5",
    "-.5",
    "0.0e1",
    ".inf",
    "-.Inf",
    ".nan",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "+1",
    "007",
    "=",
    "<<",
    "- item",
    "key: value",
    "#hash",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "'quoted'",
    '"double"',
    " padded ",
    "line\nbreak",
    "tab\there",
    "\x85next line",
    "\u2028separator",
    "\ufeffbom",
    "\x00nul",
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_text_yaml_would_misread_survives_a_round_trip(fmt: str, text: str) -> None:
    plot = Plot(title=f"{text}!", description=text)
    assert _reloaded(plot, fmt) == plot
