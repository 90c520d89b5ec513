from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotmodel.config import ConfigError, find_pyproject, project_settings, settings_from_table
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
