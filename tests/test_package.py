"""The package's public names: all reachable, typed for checkers, loaded only when used."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import plotmodel

INIT = Path(plotmodel.__file__)


def _checker_imports() -> dict[str, tuple[str, ...]]:
    """The names the ``if TYPE_CHECKING:`` block imports, by module, as type checkers see them."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name)
        if node.test.id == "TYPE_CHECKING"
    )
    return {
        str(node.module): tuple(alias.name for alias in node.names)
        for node in block.body
        if isinstance(node, ast.ImportFrom) and str(node.module).startswith("plotmodel.")
    }


def test_type_checkers_see_exactly_the_names_loaded_on_use() -> None:
    assert _checker_imports() == plotmodel._EXPORTS


def test_every_public_name_has_one_home_and_all_is_sorted() -> None:
    homes = [name for names in plotmodel._EXPORTS.values() for name in names]
    assert len(homes) == len(set(homes))
    assert sorted(homes) == sorted(plotmodel.__all__)
    assert plotmodel.__all__ == sorted(plotmodel.__all__)


@pytest.mark.parametrize("name", plotmodel.__all__)
def test_a_public_name_is_the_object_its_module_defines(name: str) -> None:
    home = importlib.import_module(plotmodel._MODULE_OF[name])
    assert getattr(plotmodel, name) is getattr(home, name)
    assert name in dir(plotmodel)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="'plotmodel' has no attribute 'Villain'"):
        _ = plotmodel.Villain  # type: ignore[attr-defined]


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from plotmodel import *", namespace)
    assert set(plotmodel.__all__) <= set(namespace)


def test_every_effect_kind_is_a_public_name() -> None:
    from plotmodel.model import EFFECT_TYPES

    assert {kind.__name__ for kind in EFFECT_TYPES} <= set(plotmodel.__all__)


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


def test_importing_the_package_loads_no_machinery_and_no_typing() -> None:
    added = _modules_after("import plotmodel") - _modules_after("pass") - {"plotmodel"}
    assert {name for name in added if name.split(".")[0] not in sys.stdlib_module_names} == set()
    # typing alone costs as much as the rest of the package import
    assert "typing" not in added


def test_the_rules_read_no_package_metadata_when_nothing_plugs_in() -> None:
    # no distribution here declares the plotmodel.rules group (test_checking plugs some in)
    assert "importlib.metadata" not in _modules_after(
        "import plotmodel.rules\nplotmodel.rules.all_rules()"
    )


def test_the_version_is_the_installed_one_and_is_printed_without_the_library() -> None:
    assert plotmodel.__version__ == importlib.metadata.version("plotmodel")
    added = _modules_after("from plotmodel.cli import main\nmain(['--version'])")
    assert added & {"importlib.metadata", "typing", "attr", "yaml", "plotmodel.model"} == set()
