"""The documentation site builds without a warning, and its API pages cover every public name."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import plotmodel

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_docs_build_strict(site: Path) -> None:
    assert (site / "index.html").exists()
    assert (site / "lost_bullet" / "index.html").exists()
    assert (site / "concepts" / "index.html").exists()
    assert (site / "editors" / "index.html").exists()


def _public_modules() -> list[str]:
    sources = Path(plotmodel.__file__).parent
    return sorted(
        "plotmodel." + ".".join(path.relative_to(sources).with_suffix("").parts)
        for path in sources.rglob("*.py")
        if not any(part.startswith("_") for part in path.relative_to(sources).parts)
        # each rule family is documented on the rules page, generated from the registry
        and path.parent.name != "rules"
    )


def test_every_public_module_has_an_api_section() -> None:
    listed = set(re.findall(r"^::: (\S+)$", (ROOT / "docs/api.md").read_text(), re.MULTILINE))
    assert sorted(set(_public_modules()) - listed) == []


def test_every_public_name_is_in_the_api_reference(site: Path) -> None:
    page = (site / "api" / "index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="(plotmodel[\w.]*)"', page))
    names = []
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            # classes and functions, where they are defined; constants are documented in place
            if callable(value) and getattr(value, "__module__", None) == module_name:
                names.append(f"{module_name}.{name}")
    homes = [f"{plotmodel._MODULE_OF[name]}.{name}" for name in plotmodel.__all__]
    assert len(names) > 100
    assert sorted({*names, *homes} - anchors) == []
