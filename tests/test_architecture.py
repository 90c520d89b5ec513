"""The shape of the library: layers point one way, private stays private, registries derive.

Layers, from the bottom: the text (reading files, diagnostics), the model,
the story state, the rules, then the reports and the command line. A module
imports only from its own layer and those below it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import typing
from pathlib import Path

import pytest

import plotmodel
from plotmodel.diagnostics import Severity
from plotmodel.model import EFFECT_KINDS, Effect, effect
from plotmodel.rules import builtin_rules, rule

SOURCE = Path(plotmodel.__file__).parent

# Each module's layer; a module may import from its layer or a lower one.
LAYERS = {
    "_text": 0,
    "_files": 0,
    "_nesting": 0,
    "diagnostics": 0,
    "_yaml": 0,
    "_positions": 0,
    "_layout": 0,
    "model": 1,
    "_dates": 1,
    "_accounts": 1,
    "_per_plot": 1,
    "index": 1,
    "references": 1,
    "order": 1,
    "_docs": 1,
    "_convert": 1,
    "_salvage": 1,
    "loading": 1,
    "dumping": 1,
    "schema": 1,
    "starter": 1,
    "editing": 1,
    "state": 2,
    "queries": 2,
    "rules": 3,
    "checking": 3,
    "config": 3,
    "fixes": 3,
    "telling": 4,
    "answers": 4,
    "reporting": 4,
    "pictures": 4,
    "cli": 5,
    "lsp": 5,
    "_console": 5,
    "_parallel": 5,
    "__main__": 5,
    "strategies": 5,
    "__init__": 5,
}


def _layer(module: str) -> int:
    parts = module.removeprefix("plotmodel.").split(".")
    return LAYERS[parts[0]]


def _imports(path: Path) -> set[str]:
    """The plotmodel modules a source file imports, including those imported lazily."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("plotmodel"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("plotmodel"))
    return found


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).with_suffix("")
        found.append(("plotmodel." + ".".join(relative.parts), path))
    return found


def test_every_module_has_a_layer() -> None:
    for module, _ in _modules():
        _layer(module)


@pytest.mark.parametrize(("module", "path"), _modules(), ids=str)
def test_layers_point_one_way(module: str, path: Path) -> None:
    mine = _layer(module)
    higher = sorted(m for m in _imports(path) if m != "plotmodel" and _layer(m) > mine)
    assert higher == [], f"{module} (layer {mine}) imports from above: {higher}"


def test_the_model_imports_nothing_of_the_library() -> None:
    assert _imports(SOURCE / "model.py") == set()


def test_rules_borrow_nothing_from_the_yaml_reader() -> None:
    for path in (SOURCE / "rules").glob("*.py"):
        assert "plotmodel._yaml" not in _imports(path), path


def test_loading_runs_no_rule() -> None:
    reached = _imports(SOURCE / "loading.py")
    assert not {m for m in reached if m.startswith(("plotmodel.rules", "plotmodel.state"))}


# -- private stays private ----------------------------------------------------


def _public_modules() -> list[str]:
    names = ["plotmodel"]
    names += [
        info.name
        for info in pkgutil.walk_packages(plotmodel.__path__, "plotmodel.")
        if not any(part.startswith("_") for part in info.name.split(".")[1:])
    ]
    return sorted(names)


def _private_types(annotation: object) -> list[str]:
    """The types in an annotation that are defined in a private module."""
    found = []
    for arg in typing.get_args(annotation):
        found += _private_types(arg)
    origin = typing.get_origin(annotation) or annotation
    module = getattr(origin, "__module__", "")
    if module.startswith("plotmodel") and any(p.startswith("_") for p in module.split(".")[1:]):
        found.append(f"{module}.{getattr(origin, '__qualname__', origin)}")
    return found


def _signatures(module_name: str) -> list[tuple[str, object]]:
    """Every public function, method and attribute annotation a public module exposes."""
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", [])
    found: list[tuple[str, object]] = []
    for name in names:
        value = getattr(module, name)
        if getattr(value, "__module__", module_name) != module_name and module_name != "plotmodel":
            continue  # re-exported: checked where it is defined
        members = [(name, value)]
        if inspect.isclass(value):
            members += [
                (f"{name}.{attr}", member)
                for attr, member in vars(value).items()
                if not attr.startswith("_") or attr == "__init__"
            ]
        for label, member in members:
            target = member.fget if isinstance(member, property) else member
            if callable(target):
                try:
                    hints = typing.get_type_hints(target)
                except (NameError, TypeError):
                    continue
                found += [(label, hint) for hint in hints.values()]
    return found


@pytest.mark.parametrize("module", _public_modules())
def test_no_public_signature_exposes_a_private_type(module: str) -> None:
    leaks = [(label, leak) for label, hint in _signatures(module) for leak in _private_types(hint)]
    assert leaks == []


# -- registries derive from definitions ---------------------------------------


def test_a_rule_code_defined_twice_fails_where_it_is_defined() -> None:
    with pytest.raises(ValueError, match="PM301"):

        @rule("PM301", "acts-again-after-death", Severity.ERROR)
        def again(context: object) -> list[object]:  # pragma: no cover - never registered
            """A second rule under a code already taken."""
            return []


def test_a_slug_defined_twice_fails_too() -> None:
    with pytest.raises(ValueError, match="acts-after-death"):

        @rule("PM399", "acts-after-death", Severity.ERROR)
        def again(context: object) -> list[object]:  # pragma: no cover - never registered
            """A second rule under a slug already taken."""
            return []


def test_every_family_module_is_in_the_registry_without_a_list_kept_by_hand() -> None:
    families = {one.check.__module__ for one in builtin_rules().values()}
    modules = {
        f"plotmodel.rules.{m.name}"
        for m in pkgutil.iter_modules([str(SOURCE / "rules")])
        if not m.name.startswith("_")
    }
    assert families == modules
    assert {code[:3] for code in builtin_rules()} >= {f"PM{n}" for n in range(10)}


def test_an_effect_key_declared_twice_fails_at_its_declaration() -> None:
    with pytest.raises(ValueError, match="declared twice"):

        @effect("dies")
        class Dying(Effect):  # pragma: no cover - never registered
            """A second declaration of an existing key."""

            def apply(self, world: object) -> None: ...

            def sentence(self, say: object) -> str: ...


def test_an_effect_that_does_not_say_what_it_changes_fails_at_its_declaration() -> None:
    with pytest.raises(TypeError, match="apply"):

        @effect("vanishes")
        class Vanishes(Effect):  # pragma: no cover - never registered
            """An effect with no change of its own."""

    assert "vanishes" not in EFFECT_KINDS
