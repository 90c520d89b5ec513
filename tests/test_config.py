import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotmodel.config import (
    CONFIG_CODE,
    CONFIG_MAX_BYTES,
    ConfigError,
    find_pyproject,
    project_settings,
    settings_from_table,
)
from plotmodel.model import CheckSettings


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    found = folder / "pyproject.toml"
    found.write_text(text, encoding="utf-8")
    return found


def test_nearest_pyproject_above_a_plot_file_is_read(tmp_path: Path) -> None:
    write(tmp_path, '[tool.plotmodel]\nselect = ["PM3"]\nignore = ["unused-element"]\n')
    plot = tmp_path / "films" / "noir" / "lost_bullet.yaml"
    plot.parent.mkdir(parents=True)
    plot.write_text("plotmodel: 1\n", encoding="utf-8")
    assert project_settings(plot) == CheckSettings(select=("PM3",), ignore=("unused-element",))


def test_the_nearest_pyproject_wins_over_outer_ones(tmp_path: Path) -> None:
    write(tmp_path, '[tool.plotmodel]\nselect = ["PM3"]\n')
    inner = write(tmp_path / "inner", '[tool.plotmodel]\nignore = ["PM8"]\n')
    assert find_pyproject(inner.parent) == inner
    assert project_settings(inner.parent) == CheckSettings(ignore=("PM8",))


def test_a_pyproject_without_the_table_means_no_settings(tmp_path: Path) -> None:
    write(tmp_path, '[project]\nname = "films"\n')
    assert project_settings(tmp_path) is None


def test_no_pyproject_at_all_means_no_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("plotmodel.config.find_pyproject", lambda _path: None)
    assert project_settings(tmp_path) is None


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[tool.plotmodel]\nselect = "PM3"', "'select' must be a list"),
        ("[tool.plotmodel]\nignore = [301]", "'ignore' must be a list"),
        ('[tool.plotmodel]\nselct = ["PM3"]', "unknown key 'selct'"),
        ("[tool]\nplotmodel = 1", "expected a table"),
    ],
)
def test_invalid_tables_are_refused_with_the_file_named(
    tmp_path: Path, text: str, complaint: str
) -> None:
    found = write(tmp_path, text + "\n")
    with pytest.raises(ConfigError, match=complaint) as raised:
        project_settings(tmp_path)
    assert str(found) in str(raised.value)


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, "[tool.plotmodel\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml"):
        project_settings(tmp_path)


@given(
    select=st.lists(st.text(min_size=1, max_size=12), max_size=4),
    ignore=st.lists(st.text(min_size=1, max_size=12), max_size=4),
)
def test_any_lists_of_selectors_are_kept_in_order(select: list[str], ignore: list[str]) -> None:
    settings = settings_from_table({"select": select, "ignore": ignore})
    assert settings == CheckSettings(select=tuple(select), ignore=tuple(ignore))


DEEP = "a = " + "[" * 150 + "]" * 150 + "\n"

# (pyproject.toml, line, column, message): every broken pyproject.toml is a located PM017.
LOCATED = {
    "not utf-8": (b'[tool.plotmodel]\nselect = ["caf\xe9"]\n', 2, 15, "the file is not UTF-8"),
    "too deep": (DEEP.encode(), 1, 105, "nesting is deeper than 100 levels"),
    "too deep inline": (
        b"x = " + b"{a = " * 150 + b"1" + b"}" * 150,
        1,
        5 + 5 * 100,
        "nesting is deeper than 100 levels",
    ),
    "not toml": (b"[tool.plotmodel\n", 1, 16, "invalid toml: expected ']'"),
    "unclosed": (b"[tool.plotmodel]\nselect = [1, 2\n", 3, 1, "invalid toml: unclosed array"),
    "unknown code": (
        b'[tool.plotmodel]\nselect = ["PM3", "PM999"]\n',
        2,
        18,
        "'PM999' in [tool.plotmodel] select names no rule",
    ),
    "unknown slug, multi-line": (
        b'[tool.plotmodel]\nignore = [\n  "PM802",\n  "acts-after-dath",\n]\n',
        4,
        3,
        "'acts-after-dath' in [tool.plotmodel] ignore names no rule",
    ),
    "dotted keys": (
        b'[tool]\nname = "x"\nplotmodel.ignore = ["PM77"]\n',
        3,
        21,
        "'PM77' in [tool.plotmodel] ignore names no rule",
    ),
    "unknown key": (b'[tool.plotmodel]\nselct = ["PM3"]\n', 2, 1, "unknown key 'selct'"),
    "wrong type": (b'[tool.plotmodel]\nselect = "PM3"\n', 2, 1, "'select' must be a list"),
    "brackets in strings": (
        b'[project]\nname = "[[[["\n[tool.plotmodel]\nselect = ["PM099"]\n',
        4,
        11,
        "'PM099' in [tool.plotmodel] select names no rule",
    ),
}


@pytest.mark.parametrize("name", sorted(LOCATED))
def test_a_broken_pyproject_is_a_located_finding(tmp_path: Path, name: str) -> None:
    content, line, column, message = LOCATED[name]
    found = tmp_path / "pyproject.toml"
    found.write_bytes(content)
    with pytest.raises(ConfigError) as raised:
        project_settings(tmp_path)
    problem = raised.value.diagnostic
    assert problem.code == CONFIG_CODE
    assert problem.location is not None
    assert (problem.location.file, problem.location.line) == (str(found), line)
    assert problem.location.column == column
    assert message in problem.message


def test_a_pyproject_that_is_not_a_regular_file_is_refused_not_skipped(tmp_path: Path) -> None:
    write(tmp_path, '[tool.plotmodel]\nselect = ["PM3"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    os.mkfifo(inner / "pyproject.toml")
    with pytest.raises(ConfigError, match="is a named pipe"):
        project_settings(inner)


def test_a_pyproject_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    write(tmp_path, "# " + "x" * CONFIG_MAX_BYTES + "\n")
    with pytest.raises(ConfigError, match="over the limit"):
        project_settings(tmp_path)


def test_a_changed_pyproject_is_read_again(tmp_path: Path) -> None:
    found = write(tmp_path, '[tool.plotmodel]\nselect = ["PM3"]\n')
    assert project_settings(tmp_path) == CheckSettings(select=("PM3",))
    found.write_text('[tool.plotmodel]\nselect = ["PM3", "PM4"]\n', encoding="utf-8")
    assert project_settings(tmp_path) == CheckSettings(select=("PM3", "PM4"))
