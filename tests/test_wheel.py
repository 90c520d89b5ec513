"""The package builds into a wheel that installs and runs in a fresh environment.

``python -m build`` runs here without a network: ``--no-isolation`` builds
with the hatchling the test extra installs. The wheel goes into a new virtual
environment without its dependencies (``--no-deps --no-index``); a path file
lends it those of the running environment, but never this source tree, so
the command that runs is the one the wheel installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lost_bullet" / "lost_bullet.yaml"


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    assert built.returncode == 0, built.stderr
    return out


def test_the_build_gives_a_wheel_and_an_sdist_with_the_licence(dist: Path) -> None:
    (wheel,) = dist.glob("plotmodel-*.whl")
    (sdist,) = dist.glob("plotmodel-*.tar.gz")
    assert sdist.stat().st_size > 0
    names = zipfile.ZipFile(wheel).namelist()
    assert "plotmodel/py.typed" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    metadata = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))
    )
    assert b"License-Expression: MIT" in metadata
    assert not any(name.startswith(("tests/", "examples/")) for name in names)


def test_the_wheel_installs_and_runs_in_a_fresh_environment(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("plotmodel-*.whl")
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel
    )
    assert installed.returncode == 0, installed.stderr
    # the dependencies come from the running environment; plotmodel itself only from the wheel
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    Path(site.stdout.strip(), "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    command = env_dir / ("Scripts" if os.name == "nt" else "bin") / "plotmodel"
    where = _run(python, "-c", "import plotmodel; print(plotmodel.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(env_dir)), where
    version = _run(command, "--version", cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout + version.stderr == "plotmodel 0.1.0\n"
    validated = _run(command, "validate", EXAMPLE, cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "0 errors" in validated.stdout


def test_the_readme_names_the_wheel_the_build_gives(dist: Path) -> None:
    (wheel,) = dist.glob("plotmodel-*.whl")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"dist/{wheel.name}" in readme
    # nothing is released yet: the README must not send readers to an index
    assert "has not been released" in readme
