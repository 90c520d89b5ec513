"""Hostile input: each case refused fast, in bounded memory, with a clear message.

The table in docs/hostile-input.md is the contract: one test builds each of
its cases, runs ``plotmodel validate`` and compares code, exit status and
message with the table, so the page stays true.
"""

import json
import os
import re
import socket
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
import yaml
from hypothesis import given

import plotmodel.dumping
from plotmodel._text import is_shown
from plotmodel.cli import main
from plotmodel.dumping import dump, dumps
from plotmodel.loading import load, loads
from plotmodel.model import Plot
from plotmodel.strategies import plots

DOC = Path(__file__).parent.parent / "docs" / "hostile-input.md"
ROW = re.compile(
    r"^\| (?P<case>[a-z0-9-]+) \| (?P<file>[^|]+) \| (?P<code>PM\d{3}|none) "
    r"\| (?P<exit>\d) \| (?P<message>[^|]*)\|$"
)

VALID = "plotmodel: 1\ntitle: Lost Bullet\n"
JSON = '{{"plotmodel": 1, "title": "{title}"}}'
BOMB = """plotmodel: 1
title: bomb
discrepancies:
  - id: laughs
    name: billion laughs
    readings:
      - &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
      - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
      - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
      - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
      - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
      - &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
      - &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _nested_yaml(levels: int) -> str:
    return VALID + "description: " + "[" * levels + "]" * levels + "\n"


def _nested_json(levels: int) -> str:
    return '{"plotmodel": 1, "title": "x",\n"description": ' + "[" * levels + "]" * levels + "}"


def _flood(item: str, count: int = 5000) -> str:
    return VALID + "things:\n" + "".join(f"  - {item.format(i=i)}\n" for i in range(count))


def _beside(folder: Path, pyproject: bytes | None, plot: str = VALID) -> Path:
    """A plot file with a pyproject.toml beside it (a named pipe when ``None``)."""
    if pyproject is None:
        os.mkfifo(folder / "pyproject.toml")
    else:
        _write(folder, "pyproject.toml", pyproject)
    return _write(folder, "plot.yaml", plot)


def _too_large(folder: Path) -> Path:
    return _write(folder, "large.yaml", VALID + "description: " + "x" * 2000 + "\n")


def _unreadable(folder: Path) -> Path:
    path = _write(folder, "locked.yaml", VALID)
    path.chmod(0)
    return path


def _link(folder: Path, name: str, target: str) -> Path:
    path = folder / name
    path.symlink_to(target)
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


def _socket(folder: Path) -> Path:
    path = folder / "socket.yaml"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()  # the socket file stays behind, as a stale one would
    return path


def _valid_link(folder: Path) -> Path:
    _write(folder, "real.yaml", VALID)
    return _link(folder, "link.yaml", "real.yaml")


# Each case of the table: how to make the file, and the options to validate it with.
CASES: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "alias-bomb": (lambda d: _write(d, "bomb.yaml", BOMB), []),
    "deep-nesting": (
        lambda d: _write(d, "deep.yaml", VALID + "description: " + "[" * 5000 + "]" * 5000),
        [],
    ),
    "deep-nesting-json": (
        lambda d: _write(
            d, "deep.json", '{"plotmodel": 1, "title": ' + "[" * 5000 + "]" * 5000 + "}"
        ),
        [],
    ),
    "nesting-at-the-limit": (lambda d: _write(d, "limit.yaml", _nested_yaml(999)), []),
    "nesting-at-the-limit-json": (lambda d: _write(d, "limit.json", _nested_json(999)), []),
    "nesting-over-the-limit": (lambda d: _write(d, "over.yaml", _nested_yaml(1000)), []),
    "nesting-over-the-limit-json": (lambda d: _write(d, "over.json", _nested_json(1000)), []),
    "too-large": (_too_large, ["--max-bytes", "1000"]),
    "too-large-raised": (_too_large, ["--max-bytes", "4096"]),
    "long-line": (lambda d: _write(d, "long.yaml", VALID + "description: " + "x" * 5_000_000), []),
    "long-id": (
        lambda d: _write(
            d, "id.yaml", VALID + "characters:\n  - id: " + "a" * 100_000 + "\n    name: A\n"
        ),
        [],
    ),
    "huge-number": (lambda d: _write(d, "huge.yaml", f"plotmodel: {'9' * 5000}\ntitle: x\n"), []),
    "huge-number-json": (
        lambda d: _write(d, "huge.json", '{"plotmodel": ' + "9" * 5000 + ', "title": "x"}'),
        [],
    ),
    "huge-number-json-value": (
        lambda d: _write(d, "huge.json", '{"plotmodel": 1, "title": ' + "9" * 5000 + "}"),
        [],
    ),
    "version-leading-zero": (lambda d: _write(d, "zero.yaml", "plotmodel: 01\ntitle: x\n"), []),
    "version-octal-looking": (lambda d: _write(d, "ten.yaml", "plotmodel: 010\ntitle: x\n"), []),
    "anchor": (lambda d: _write(d, "anchor.yaml", "plotmodel: 1\ntitle: &t Lost Bullet\n"), []),
    "anchor-flood": (lambda d: _write(d, "anchors.yaml", _flood("&a{i} x{i}")), []),
    "alias-flood": (lambda d: _write(d, "aliases.yaml", "a: &a x\n" + _flood("*a")), []),
    "tag-flood": (lambda d: _write(d, "tags.yaml", _flood("!x{i} {{}}")), []),
    "python-tag": (
        lambda d: _write(
            d,
            "tag.yaml",
            f'plotmodel: 1\ntitle: !!python/object/apply:os.system ["touch {d}/pwned"]\n',
        ),
        [],
    ),
    "nul-byte": (lambda d: _write(d, "nul.yaml", b"plotmodel: 1\ntitle: a\x00b\n"), []),
    "not-utf8": (
        lambda d: _write(d, "latin.yaml", "plotmodel: 1\ntitle: café\n".encode("latin-1")),
        [],
    ),
    "binary": (lambda d: _write(d, "binary.yaml", bytes(range(256))), []),
    "lone-surrogate": (lambda d: _write(d, "lone.json", JSON.format(title="a\\ud800b")), []),
    "lone-surrogate-low": (lambda d: _write(d, "low.json", JSON.format(title="\\udc00")), []),
    "surrogate-pair": (lambda d: _write(d, "pair.json", JSON.format(title="\\ud83c\\udfac")), []),
    "empty": (lambda d: _write(d, "empty.yaml", b""), []),
    "empty-json": (lambda d: _write(d, "empty.json", b""), []),
    "not-a-mapping": (lambda d: _write(d, "list.yaml", "- lino\n- charas\n"), []),
    "json-null": (lambda d: _write(d, "null.json", "null"), []),
    "two-documents": (lambda d: _write(d, "two.yaml", VALID + "---\n" + VALID), []),
    "missing-file": (lambda d: d / "missing.yaml", []),
    "directory": (lambda d: d, []),
    "fifo": (_fifo, []),
    "character-device": (lambda d: _link(d, "zero.yaml", "/dev/zero"), []),
    "socket": (_socket, []),
    "dangling-symlink": (lambda d: _link(d, "dangling.yaml", "missing.yaml"), []),
    "symlink-loop": (lambda d: _link(d, "loop.yaml", "loop.yaml"), []),
    "symlink": (_valid_link, []),
    "unreadable": (_unreadable, []),
    "config-not-utf8": (lambda d: _beside(d, b'[tool.plotmodel]\nselect = ["caf\xe9"]\n'), []),
    "config-too-deep": (lambda d: _beside(d, b"a = " + b"[" * 5000 + b"]" * 5000), []),
    "config-unknown-code": (lambda d: _beside(d, b'[tool.plotmodel]\nselect = ["PM999"]\n'), []),
    "config-unknown-code-broken-plot": (
        lambda d: _beside(d, b'[tool.plotmodel]\nselect = ["PM999"]\n', plot="- a list\n"),
        [],
    ),
    "config-fifo": (lambda d: _beside(d, None), []),
    "newline-in-question": (
        lambda d: _write(
            d,
            "question.yaml",
            VALID + 'threads:\n  - id: t\n    name: "Where?\\n::error file=x::forged"\n',
        ),
        [],
    ),
    "control-in-id": (
        lambda d: _write(
            d, "id.yaml", VALID + 'characters:\n  - id: "lino\\e[2J\\u202e"\n    name: Lino\n'
        ),
        [],
    ),
    "byte-order-mark": (lambda d: _write(d, "bom.yaml", b"\xef\xbb\xbf" + VALID.encode()), []),
}


def _table() -> dict[str, dict[str, str]]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            rows[found["case"]] = {key: value.strip() for key, value in found.groupdict().items()}
    return rows


def test_the_table_lists_every_case_tested() -> None:
    assert sorted(_table()) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_behaves_as_documented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    row = _table()[case]
    make, options = CASES[case]
    path = make(tmp_path)
    status = main(["validate", "--jobs", "1", "--format", "json", *options, str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if case == "unreadable" and os.access(path, os.R_OK):
        # The superuser reads any file: the honest outcome is a normal load.
        assert status == 0
        return
    assert status == int(row["exit"]), captured.out
    found = json.loads(captured.out)["diagnostics"]
    if row["code"] == "none":
        assert found == []
    else:
        messages = [d["message"] for d in found if d["code"] == row["code"]]
        assert any(row["message"] in message for message in messages), messages
    assert not (tmp_path / "pwned").exists()
    for output in ("text", "github"):
        assert main(["validate", "--jobs", "1", "--format", output, *options, str(path)]) == status
        assert_one_line_each(capsys.readouterr().out, output, len(found))


def assert_one_line_each(out: str, output: str, findings: int) -> None:
    """No raw control character, and each finding on its line (notes below it in text)."""
    lines = out.split("\n")
    assert lines[-1] == ""
    assert all(is_shown(c) for line in lines for c in line), out
    if output == "github":
        assert len(lines) - 2 == findings
        assert all(line.startswith("::") for line in lines[:-2])
    else:
        heads = [line for line in lines[:-2] if not line.startswith(("  ", "open threads in "))]
        assert len(heads) == findings


def test_a_refused_read_names_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = _write(tmp_path, "plot.yaml", VALID)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    loaded = load(path)
    assert [d.code for d in loaded.diagnostics] == ["PM001"]
    assert loaded.diagnostics[0].message == "cannot read the file: permission denied"


def test_a_file_over_the_limit_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = _too_large(tmp_path)

    def no_parsing(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a file over the limit was parsed")

    monkeypatch.setattr("plotmodel.loading.loads", no_parsing)
    loaded = load(path, max_bytes=1000)
    assert [d.code for d in loaded.diagnostics] == ["PM002"]
    assert "1000 bytes" in loaded.diagnostics[0].message


@pytest.mark.parametrize("make", [_fifo, _socket, lambda d: _link(d, "zero.yaml", "/dev/zero")])
def test_special_files_are_refused_by_show_and_the_api(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path]
) -> None:
    path = make(tmp_path)
    assert main(["show", str(path)]) == 2
    assert "not a regular file" in capsys.readouterr().out
    (found,) = load(path).diagnostics
    assert found.code == "PM001"
    assert found.message.endswith("not a regular file")


def test_a_pipe_swapped_in_after_the_check_is_refused_without_waiting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = _fifo(tmp_path)
    regular = os.stat(_write(tmp_path, "plot.yaml", VALID))
    real_stat = os.stat
    # The path looked like a regular file when asked, and is a pipe when opened.
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if p == str(path) else real_stat(p))
    (found,) = load(path).diagnostics
    assert found.message == "cannot read the file: is a named pipe (FIFO), not a regular file"


def _peak_memory(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_alias_bomb_costs_no_more_memory_than_a_plain_file() -> None:
    plain = BOMB.replace("*", "")
    # Expanded, the bomb would hold 9**7 (4.8 million) strings: hundreds of megabytes.
    assert _peak_memory(lambda: loads(BOMB)) < 4 * _peak_memory(lambda: loads(plain)) + 2**20


def test_deep_nesting_costs_little_memory() -> None:
    deep = VALID + "description: " + "[" * 100_000 + "]" * 100_000
    assert _peak_memory(lambda: loads(deep)) < 64 * 2**20


@pytest.mark.parametrize("content", [VALID, VALID + "events:\n  - id: e1\n    agent: ghost\n"])
def test_validate_never_writes_to_its_input(tmp_path: Path, content: str) -> None:
    path = _write(tmp_path, "plot.yaml", content)
    path.chmod(0o444)
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    for output in ("text", "json", "github"):
        main(["validate", "--jobs", "1", "--format", output, str(path)])
    main(["show", str(path)])
    after = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    assert after == before


def _old_file(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "plot.yaml"
    dump(Plot(title="the old plot"), path)
    return path, path.read_bytes()


@pytest.mark.parametrize("step", ["plotmodel.dumping.dumps", "os.fsync", "os.replace"])
def test_dump_leaves_the_old_file_whole_when_a_step_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, step: str
) -> None:
    path, old = _old_file(tmp_path)

    def crash(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(step, crash)
    with pytest.raises(OSError, match="No space left"):
        dump(Plot(title="the new plot"), path)
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["plot.yaml"]


def test_dump_leaves_the_old_file_whole_when_interrupted_mid_write(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path, old = _old_file(tmp_path)
    real_dumps = plotmodel.dumping.dumps

    def half_written(plot: Plot, **options: object) -> str:
        text = real_dumps(plot, **options)  # type: ignore[arg-type]
        # A stop after half the text: the second half is a string the writer cannot encode.
        return text[: len(text) // 2] + "\udc80" + text[len(text) // 2 :]

    monkeypatch.setattr("plotmodel.dumping.dumps", half_written)
    with pytest.raises(UnicodeEncodeError):
        dump(Plot(title="the new plot " * 1000), path)
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["plot.yaml"]


@given(plot=plots(max_events=4))
def test_dump_replaces_the_file_and_keeps_its_permissions(
    tmp_path_factory: pytest.TempPathFactory, plot: Plot
) -> None:
    folder = tmp_path_factory.mktemp("dump")
    path = folder / "plot.yaml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    dump(plot, path)
    assert path.read_text(encoding="utf-8") == dumps(plot)
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(folder) == ["plot.yaml"]
    assert attrs.evolve(plot) == load(path).plot


LONE = {
    "json escape, high half": ('{"plotmodel": 1, "title": "a\\ud800", "colour": 1}', "json"),
    "json escape, low half": ('{"plotmodel": 1, "title": "\\udfffa", "colour": 1}', "json"),
    "json escape, halves reversed": (
        '{"plotmodel": 1, "title": "\\udc00\\ud800", "colour": 1}',
        "json",
    ),
    "raw in json text": ('{"plotmodel": 1, "title": "a\ud800", "colour": 1}', "json"),
    "raw in yaml text": ("plotmodel: 1\ntitle: a\ud800\ncolour: 1\n", "yaml"),
}


@pytest.mark.parametrize("name", sorted(LONE))
def test_lone_surrogates_are_refused_in_place_and_nothing_else_is_lost(name: str) -> None:
    text, fmt = LONE[name]
    loaded = loads(text, file="plot", format=fmt)  # type: ignore[arg-type]
    codes = [d.code for d in loaded.diagnostics]
    assert codes.count("PM008") == text.count("\\ud") + text.count("\ud800")
    assert "PM005" in codes  # the unknown key after it is still found
    for found in loaded.diagnostics:
        assert found.location is not None
        if found.code == "PM008":
            offset = text.index("\\ud" if "\\ud" in text else "\ud800")
            assert found.location.line == text.count("\n", 0, offset) + 1
    # Without the other mistake the plot is built, U+FFFD in place of each lone half.
    text = re.sub(r', "(colour|x)": 1|colour: 1\n', "", text)
    plot = loads(text, file="plot", format=fmt).plot  # type: ignore[arg-type]
    assert plot is not None
    assert "\ufffd" in plot.title
    assert loads(dumps(plot)).plot == plot


@pytest.mark.parametrize("command", ["validate", "show"])
def test_lone_surrogates_end_in_a_report_for_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = _write(tmp_path, "lone.json", '{"plotmodel": 1, "title": "\\ud800", "colour": 1}')
    assert main([command, str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    assert " PM008 " in captured.out
    assert " PM005 " in captured.out


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_plot_holding_a_lone_surrogate_is_refused_by_dumps(fmt: str) -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        dumps(Plot(title="a\udc80"), format=fmt)  # type: ignore[arg-type]


def _deep_in_the_stack(frames: int, work: Callable[[], object]) -> object:
    return work() if frames == 0 else _deep_in_the_stack(frames - 1, work)


@pytest.mark.parametrize("levels", [999, 1000, 1100, 5000])
def test_the_nesting_limit_does_not_depend_on_the_stack(levels: int) -> None:
    def found(text: str, fmt: str) -> list[tuple[str, int, int]]:
        loaded = loads(text, file="deep", format=fmt)  # type: ignore[arg-type]
        return [(d.code, str(d.location)) for d in loaded.diagnostics]

    for fmt, text in (("yaml", _nested_yaml(levels)), ("json", _nested_json(levels))):
        alone = found(text, fmt)
        # Called from 900 frames down, json alone would run out of stack after 100 levels.
        assert _deep_in_the_stack(900, lambda: found(text, fmt)) == alone  # noqa: B023
        assert [code for code, _ in alone] == ["PM003" if levels < 1000 else "PM010"]


@pytest.mark.parametrize("levels", [999, 1000])
def test_yaml_and_json_place_too_deep_nesting_alike(levels: int) -> None:
    def column(text: str, fmt: str) -> int | None:
        (problem,) = loads(text, format=fmt).diagnostics  # type: ignore[arg-type]
        assert problem.location is not None
        return problem.location.column if problem.code == "PM010" else None

    yaml_column = column(_nested_yaml(levels), "yaml")
    json_column = column(_nested_json(levels), "json")
    # Both point at the first bracket one level too deep, or both find nothing too deep.
    assert (yaml_column is None) == (json_column is None)
    if yaml_column is not None and json_column is not None:
        assert yaml_column - len("description: ") == json_column - len('"description": ')


def test_pyyaml_without_libyaml_has_the_same_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("plotmodel._yaml._Loader", yaml.SafeLoader)
    for levels, code in ((999, "PM003"), (1000, "PM010")):
        (problem,) = loads(_nested_yaml(levels)).diagnostics
        assert problem.code == code


def test_jobs_do_not_change_the_nesting_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        str(_write(tmp_path, f"{levels}.{fmt}", make(levels)))
        for levels in (999, 1000)
        for fmt, make in (("yaml", _nested_yaml), ("json", _nested_json))
    ]
    outputs = []
    for jobs in ("1", "2"):
        main(["validate", "--jobs", jobs, *files])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(" PM010 ") == 2


# How the plot file is reached: (links to make, name to dump to, the real file).
LINKS = {
    "a link beside its file": ([("link.yaml", "real.yaml")], "link.yaml", "real.yaml"),
    "a link to another folder": (
        [("link.yaml", "other/real.yaml")],
        "link.yaml",
        "other/real.yaml",
    ),
    "a chain of links": (
        [("first.yaml", "second.yaml"), ("second.yaml", "other/real.yaml")],
        "first.yaml",
        "other/real.yaml",
    ),
    "a linked folder": ([("linked", "other")], "linked/real.yaml", "other/real.yaml"),
    "a link to a file not made yet": ([("link.yaml", "other/new.yaml")], "link.yaml", None),
}


@pytest.mark.parametrize("name", sorted(LINKS))
def test_dump_through_a_link_replaces_its_target_and_keeps_the_link(
    tmp_path: Path, name: str
) -> None:
    links, dumped, real = LINKS[name]
    (tmp_path / "other").mkdir()
    if real is not None:
        (tmp_path / real).write_text("old", encoding="utf-8")
        (tmp_path / real).chmod(0o640)
    for link, target in links:
        (tmp_path / link).symlink_to(os.path.relpath(tmp_path / target, (tmp_path / link).parent))
    before = {link: os.readlink(tmp_path / link) for link, _ in links}
    plot = Plot(title="the new plot")
    dump(plot, tmp_path / dumped)
    assert {link: os.readlink(tmp_path / link) for link, _ in links} == before
    written = tmp_path / (real or "other/new.yaml")
    assert written.read_text(encoding="utf-8") == dumps(plot)
    assert load(tmp_path / dumped).plot == plot
    if real is not None:
        assert written.stat().st_mode & 0o777 == 0o640
    # No temporary file is left anywhere, and no copy replaces a link.
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert [f for f in files if not (tmp_path / f).is_symlink()] == [
        str(written.relative_to(tmp_path))
    ]
