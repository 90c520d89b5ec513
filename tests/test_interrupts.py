"""Interrupts, closed pipes and dying workers: each ends a run as documented, no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

import plotmodel.reporting
from plotmodel import _parallel, cli

SIX = "tests/data/loading/six_mistakes.yaml"
CLEAN = "tests/data/loading/clean.yaml"
SILENCED = "tests/data/loading/silenced.yaml"


def interrupt(*_args: object, **_kwargs: object) -> None:
    raise KeyboardInterrupt


# Each moment Ctrl-C can come, inside the process: what to interrupt, and the command.
MOMENTS: dict[str, tuple[str, list[str]]] = {
    "reading the arguments": ("plotmodel.cli.build_parser", ["validate", CLEAN]),
    "loading a file": ("plotmodel.loading.load", ["validate", CLEAN]),
    "reading the settings": ("plotmodel.config.project_settings", ["validate", CLEAN]),
    "checking": ("plotmodel.checking.check", ["validate", CLEAN]),
    "reporting": ("plotmodel.reporting.report_text", ["show", SIX]),
    "telling": ("plotmodel.telling.tell", ["show", CLEAN]),
    "starting the workers": ("plotmodel._parallel._pool", ["validate", "--jobs", "2", SIX, CLEAN]),
    "waiting for the workers": (
        "plotmodel._parallel._submit",
        ["validate", "--jobs", "2", SIX, CLEAN],
    ),
}


@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_ctrl_c_at_any_moment_is_one_line_and_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], moment: str
) -> None:
    target, argv = MOMENTS[moment]
    monkeypatch.setattr(target, interrupt)
    if target == "plotmodel.reporting.report_text":
        monkeypatch.setitem(plotmodel.reporting.REPORTERS, "text", interrupt)
    assert cli.main(argv) == cli.EXIT_INTERRUPTED == 130
    captured = capsys.readouterr()
    assert captured.err == "plotmodel: interrupted\n"
    assert captured.out == ""


def test_ctrl_c_while_writing_the_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_write", interrupt)
    assert cli.main(["validate", SIX]) == 130
    assert capsys.readouterr().err == "plotmodel: interrupted\n"


def run_python(code: str, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        **options,
    )


def test_ctrl_c_while_the_command_starts_is_one_line_and_130() -> None:
    # The command's own modules are still being imported when the interrupt comes.
    done = run_python(
        """
        import builtins, sys
        real = builtins.__import__
        def importing(name, *args, **kwargs):
            if name == "plotmodel.cli":
                raise KeyboardInterrupt
            return real(name, *args, **kwargs)
        builtins.__import__ = importing
        sys.argv = ["plotmodel", "validate", "tests/data/loading/clean.yaml"]
        from plotmodel._console import run
        run()
        """
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, "plotmodel: interrupted\n", "")


def test_a_second_ctrl_c_while_the_first_is_answered_changes_nothing() -> None:
    done = run_python(
        """
        import os, signal, sys
        from plotmodel import cli, loading
        def first(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGINT)
        real_say = cli._say
        def answer(line):
            real_say(line)
            os.kill(os.getpid(), signal.SIGINT)  # pressed again, impatiently
        loading.load = first
        cli._say = answer
        sys.argv = ["plotmodel", "validate", "tests/data/loading/clean.yaml"]
        from plotmodel._console import run
        run()
        """
    )
    assert (done.returncode, done.stderr) == (130, "plotmodel: interrupted\n")


def start_busy_run(folder: Path) -> subprocess.Popen[str]:
    """``validate --jobs 2`` where one worker waits on SIX until told, the other checks the rest.

    Markers in ``folder`` say what each worker (by process id) has reached: ``busy.PID``
    once waiting, ``done.FILE.PID`` for each file checked; a file ``release`` ends the wait.
    """
    code = f"""
        import os, sys, time
        from plotmodel import cli
        real = cli._validate_one
        def mark(name):
            open(os.path.join({str(folder)!r}, name), "w").close()
        def check(file, options):
            if file == {SIX!r}:
                mark("busy." + str(os.getpid()))
                while not os.path.exists(os.path.join({str(folder)!r}, "release")):
                    time.sleep(0.01)
            report = real(file, options)
            mark("done." + os.path.basename(file) + "." + str(os.getpid()))
            return report
        cli._validate_one = check
        sys.argv = ["plotmodel", "validate", "--jobs", "2", {SIX!r}, {CLEAN!r}, {SILENCED!r}]
        from plotmodel._console import run
        run()
    """
    # A session of its own, so that an interrupt can go to its process group as a terminal's does.
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    while not (list(folder.glob("busy.*")) and len(list(folder.glob("done.*"))) == 2):
        assert process.poll() is None, process.communicate()
        os.sched_yield()
    return process


def workers(folder: Path) -> set[int]:
    return {int(marker.suffix[1:]) for marker in folder.glob("*.*") if marker.suffix[1:].isdigit()}


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_ctrl_c_with_busy_workers_stops_them_all_with_one_line(tmp_path: Path) -> None:
    process = start_busy_run(tmp_path)
    try:
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert (process.returncode, err, out) == (130, "plotmodel: interrupted\n", "")
    assert len(workers(tmp_path)) == 2
    for worker in workers(tmp_path):
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_workers_leave_ctrl_c_to_the_command(tmp_path: Path) -> None:
    process = start_busy_run(tmp_path)
    try:
        for worker in workers(tmp_path):
            os.kill(worker, signal.SIGINT)
        (tmp_path / "release").touch()
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert (process.returncode, err) == (1, "")
    assert out.splitlines()[-1] == "6 errors, 0 warnings, 0 info, 1 silenced in 3 files"


def test_a_closed_pipe_ends_quietly_with_the_status_of_the_findings() -> None:
    for argv, status in ((["validate", SIX], 1), (["validate", CLEAN], 0), (["--help"], 0)):
        reader, writer = os.pipe()
        os.close(reader)  # the reader has gone before the first line is written
        done = subprocess.run(
            [sys.executable, "-m", "plotmodel", *argv],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        os.close(writer)
        assert (done.returncode, done.stderr) == (status, ""), argv


@pytest.mark.skipif(os.name != "posix", reason="closes a descriptor before the command starts")
@pytest.mark.parametrize(
    ("argv", "status"),
    [(["validate", SIX], 1), (["show", "examples/lost_bullet/lost_bullet.yaml"], 0)],
)
def test_no_standard_output_at_all_ends_quietly(argv: list[str], status: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "plotmodel", *argv],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert (done.returncode, done.stderr) == (status, "")


def dies_on(names: set[str], once: Path | None = None) -> Callable[[str, object], object]:
    """A check that kills its worker on the files ``names`` (only the first time with ``once``)."""
    real = cli._validate_one

    def check(file: str, options: object) -> object:
        if Path(file).name in names and (once is None or not once.exists()):
            if once is not None:
                once.touch()
            os._exit(9)
        return real(file, options)  # type: ignore[arg-type]

    return check


@pytest.fixture
def plots(tmp_path: Path) -> list[str]:
    files = []
    for number in range(8):
        path = tmp_path / f"plot{number}.yaml"
        path.write_bytes(Path(SIX if number % 2 else CLEAN).read_bytes())
        files.append(str(path))
    return files


def test_a_worker_that_dies_costs_only_its_own_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], plots: list[str]
) -> None:
    monkeypatch.setattr(cli, "_validate_one", dies_on({"plot3.yaml"}))
    assert cli.main(["validate", "--jobs", "2", *plots]) == 2
    out = capsys.readouterr().out
    assert out.count(" PM018 ") == 1
    assert f"{plots[3]}: PM018 the process checking this file stopped abruptly" in out
    # Every other file is reported as it would be alone.
    monkeypatch.undo()
    expected = cli.main(["validate", "--jobs", "1", *plots[:3], *plots[4:]])
    alone = capsys.readouterr().out
    assert expected == 1
    assert [line for line in out.splitlines()[:-1] if " PM018 " not in line] == (
        alone.splitlines()[:-1]
    )


def test_a_worker_that_dies_once_is_retried(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    plots: list[str],
    tmp_path: Path,
) -> None:
    cli.main(["validate", "--jobs", "1", *plots])
    expected = capsys.readouterr().out
    monkeypatch.setattr(cli, "_validate_one", dies_on({"plot2.yaml"}, once=tmp_path / "died"))
    assert cli.main(["validate", "--jobs", "2", *plots]) == 1
    assert capsys.readouterr().out == expected
    assert (tmp_path / "died").exists()


def test_jobs_are_capped_at_the_number_of_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[int] = []
    real = _parallel._pool

    def counted(workers: int) -> object:
        started.append(workers)
        return real(workers)

    monkeypatch.setattr(_parallel, "_pool", counted)
    cli.main(["validate", "--jobs", "64", SIX, CLEAN, SILENCED])
    cli.main(["validate", "--jobs", "64", SIX])
    capsys.readouterr()
    assert started == [3]
