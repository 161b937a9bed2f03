"""Every command the documentation shows works as written.

The CLI examples are the lines of fenced ``bash`` / ``sh`` / ``shell`` / ``console`` blocks that
start with ``speechlint `` or ``$ speechlint `` (in ``console`` blocks only ``$`` lines are
commands; the other lines are their output).  Each page section (the Chinese part, then the
English part) runs in a fresh directory holding a copy of ``docs/examples/`` and the files the
section tells the reader to create.  HTML comments (invisible on the site) right before a block
steer the test:

``<!-- file: PATH -->``
    the block is a file the reader saves: write it to PATH;
``<!-- append: PATH -->``
    the reader adds the block to the end of PATH;
``<!-- not-tested: reason -->``
    skip the block (installing from a package index, a server waiting on standard input, …);
``<!-- check-output -->``
    in a ``console`` block, the output shown must be exactly what the command prints.

A line ``pip install …speechlint-example-org`` registers the example organisation plugin for the
rest of the section, as installing it would.  Every command must exit 0 (nothing found) or 1
(findings): never 2 (usage or configuration error) and never a traceback.  Commands run
in-process through ``speechlint._cli.main`` (fast, and the same code as the console script); a
trailing ``< FILE`` or ``> FILE`` is honoured, other shell syntax (pipes, ``&&``) must be split
into separate commands or marked not-tested.
"""

from __future__ import annotations

import importlib
import io
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from speechlint._cli import main
from speechlint._pluginmanager import Registry, load_registry

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
PLUGIN = EXAMPLES / "speechlint-example-org"

SHELLS = {"bash", "sh", "shell", "console"}
MARKERS = {"", "file", "append", "not-tested", "check-output"}
_MARKER = re.compile(r"^\s*<!--\s*([a-z-]+)(?::\s*(.*?))?\s*-->\s*$")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
_ENGLISH = re.compile(r"^#{1,2} .*\bEnglish\b")
_PLUGIN_INSTALL = re.compile(r"\bpip install\b.*speechlint-example-org")
# Beyond one ``< FILE`` and one ``> FILE`` at its end, a command line may not use the shell.
_SHELL_OPERATORS = {"|", "||", "&&", ";", "&", "2>", ">>", "<<", "|&", ">&"}
# Pages a reader follows step by step: each must show at least one command that runs.
MUST_HAVE_COMMANDS = {
    "getting-started.md",
    "cli.md",
    "configuration.md",
    "dictionaries.md",
    "editors.md",
    "ci.md",
    "forms.md",
    "form-schemas.md",
    "plugins.md",
    "suppression.md",
}


# -- reading a page ---------------------------------------------------------------------------


@dataclass
class Block:
    """A fenced block: its info string, content, the marker before it and its line number."""

    info: str
    text: str
    line: int
    marker: tuple[str, str] = ("", "")


@dataclass
class Section:
    """One language's part of a page."""

    page: str
    name: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.page}[{self.name}]"


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and stripped.strip(fence[0]) == ""


def parse_blocks(markdown: str) -> Iterator[tuple[int, Block | str]]:
    """Fenced blocks, and the heading lines between them (for splitting sections)."""
    lines = markdown.splitlines()
    marker: tuple[str, str] = ("", "")
    index = 0
    while index < len(lines):
        line = lines[index]
        found = _FENCE.match(line)
        if found is None:
            match = _MARKER.match(line)
            if match:
                marker = (match.group(1), match.group(2) or "")
            elif line.strip():
                marker = ("", "")
                if line.startswith("#"):
                    yield index + 1, line
            index += 1
            continue
        indent, fence, info = found.groups()
        start = index + 1
        body: list[str] = []
        index += 1
        while index < len(lines) and not _closes(lines[index], fence):
            text = lines[index]
            body.append(text[len(indent) :] if text.startswith(indent) else text)
            index += 1
        yield start, Block(info.lower(), "\n".join(body) + "\n", start, marker)
        marker = ("", "")
        index += 1


def sections(path: Path) -> list[Section]:
    """A page's blocks split at its English heading (one section when it has none)."""
    page = path.relative_to(ROOT).as_posix() if ROOT in path.parents else path.name
    found = [Section(page, "zh")]
    for _, item in parse_blocks(path.read_text(encoding="utf-8")):
        if isinstance(item, str):
            if _ENGLISH.match(item) and found[-1].name == "zh":
                found.append(Section(page, "en"))
            continue
        found[-1].blocks.append(item)
    return [section for section in found if section.blocks]


@dataclass
class Command:
    """A command line and, in a console block, the output shown after it."""

    line: str
    output: list[str] = field(default_factory=list)


def _logical_lines(text: str) -> list[str]:
    return text.replace("\\\n", " ").splitlines()


def commands(block: Block) -> list[Command]:
    """The ``speechlint`` command lines of a shell block (none in a block marked not-tested)."""
    if block.info not in SHELLS or block.marker[0] == "not-tested":
        return []
    found: list[Command] = []
    current: Command | None = None
    for raw in _logical_lines(block.text):
        stripped = raw.strip()
        prompt = stripped.startswith("$ ")
        line = stripped[2:].strip() if prompt else stripped
        if block.info == "console" and not prompt:
            if current is not None:
                current.output.append(raw)
            continue
        current = None
        if line == "speechlint" or line.startswith("speechlint "):
            current = Command(line)
            found.append(current)
    return found


def doc_pages() -> list[Path]:
    """Every Markdown page of the documentation and the README (not the example speeches)."""
    pages = [path for path in sorted(DOCS.rglob("*.md")) if EXAMPLES not in path.parents]
    return [ROOT / "README.md", *pages]


def all_sections() -> list[Section]:
    return [section for path in doc_pages() for section in sections(path)]


# -- running ----------------------------------------------------------------------------------


@cache
def _registry(with_plugin: bool) -> Registry:
    if not with_plugin:
        return load_registry()
    sys.path.insert(0, str(PLUGIN))
    try:
        plugin = importlib.import_module("speechlint_example_org")
    finally:
        sys.path.remove(str(PLUGIN))
    return load_registry(extra=[plugin])


def _tokens(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


@dataclass
class Result:
    status: int
    out: str
    err: str


class Runner:
    """Runs one section's blocks in a fresh directory."""

    def __init__(self, work: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.work = work
        self.capsys = capsys
        self.plugin = False
        self.ran: list[str] = []

    def block(self, block: Block) -> None:
        kind, argument = block.marker
        assert kind in MARKERS, f"line {block.line}: unknown marker <!-- {kind} -->"
        if kind == "not-tested":
            assert argument, f"line {block.line}: say why the block is not tested"
            return
        if kind in ("file", "append"):
            self._write(argument, block.text, append=kind == "append")
            return
        if block.info not in SHELLS:
            return
        if any(_PLUGIN_INSTALL.search(line) for line in block.text.splitlines()):
            self.plugin = True
        for command in commands(block):
            self.command(command, exact=kind == "check-output", where=block.line)

    def _write(self, relative: str, text: str, *, append: bool) -> None:
        path = self.work / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a" if append else "w", encoding="utf-8", newline="\n") as stream:
            stream.write(("\n" if append else "") + text)

    def command(self, command: Command, *, exact: bool, where: int) -> None:
        tokens = _tokens(command.line)
        label = f"line {where}: `{command.line}`"
        assert tokens[1:2] != ["lsp"] or {"--help", "-h"} & set(tokens), (
            f"{label} starts a server that waits on standard input: mark it not-tested"
        )
        piped = set(tokens) & _SHELL_OPERATORS or tokens.count("<") + tokens.count(">") > 2
        assert not piped, f"{label}: a shell pipeline; split it into commands or mark it not-tested"
        result = self._in_process(tokens)
        self.ran.append(command.line)
        assert result.status in (0, 1), f"{label} exited {result.status}:\n{result.err}"
        assert "Traceback" not in result.err and "internal error" not in result.err, result.err
        if exact:
            expected = "\n".join(line.rstrip() for line in command.output).strip("\n")
            actual = "\n".join(line.rstrip() for line in result.out.splitlines()).strip("\n")
            assert actual == expected, f"{label}: the output shown is not what it prints"

    def _in_process(self, tokens: list[str]) -> Result:
        """``speechlint …`` through ``main``, with ``< FILE`` and ``> FILE`` done here."""
        redirects: dict[str, str] = {}
        while len(tokens) >= 3 and tokens[-2] in ("<", ">"):
            redirects[tokens[-2]] = tokens[-1]
            tokens = tokens[:-2]
        if "<" in redirects:
            data = (self.work / redirects["<"]).read_bytes()
            sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        self.capsys.readouterr()
        status = main(tokens[1:], registry=_registry(self.plugin))
        out, err = self.capsys.readouterr()
        if ">" in redirects:
            (self.work / redirects[">"]).write_text(out, encoding="utf-8")
        return Result(status, out, err)


SECTIONS = all_sections()


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh directory with ``docs/examples/``; no colour; empty standard input."""
    shutil.copytree(
        EXAMPLES, tmp_path / "docs" / "examples", ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "SPEECHLINT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    return tmp_path


@pytest.mark.parametrize("section", SECTIONS, ids=[section.id for section in SECTIONS])
def test_documented_commands_work(
    section: Section, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runner = Runner(work, capsys)
    for block in section.blocks:
        runner.block(block)


def test_the_step_by_step_pages_show_commands() -> None:
    counted: dict[str, int] = {}
    for section in SECTIONS:
        name = Path(section.page).name
        counted[name] = counted.get(name, 0) + sum(len(commands(b)) for b in section.blocks)
    empty = sorted(page for page in MUST_HAVE_COMMANDS if not counted.get(page))
    assert not empty, f"pages without a runnable speechlint command: {empty}"


# -- the harness itself -----------------------------------------------------------------------

SAMPLE = """\
# 示例

<!-- file: 讲话.txt -->
```text
同志们：
```

```console
$ speechlint check 讲话.txt   # 检查
讲话.txt:1:1: S101 缺少标题
$ echo speechlint
```

<!-- not-tested: waits for a client -->
```sh
speechlint lsp
```

```bash
pip install ./speechlint-example-org
speechlint rules \\
  --format json
```

## English

```sh
$ speechlint explain W501
```
"""


def test_the_harness_reads_markers_commands_and_sections(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(SAMPLE, encoding="utf-8")
    parsed = [item for _, item in parse_blocks(SAMPLE) if isinstance(item, Block)]
    assert [block.marker[0] for block in parsed] == ["file", "", "not-tested", "", ""]
    assert parsed[0].text == "同志们：\n"
    console = commands(parsed[1])
    assert [c.line for c in console] == ["speechlint check 讲话.txt   # 检查"]
    assert console[0].output == ["讲话.txt:1:1: S101 缺少标题"]
    assert commands(parsed[2]) == []
    assert [c.line for c in commands(parsed[3])] == ["speechlint rules    --format json"]
    assert _tokens(console[0].line) == ["speechlint", "check", "讲话.txt"]
    assert _tokens("speechlint check a > b.json")[-2:] == [">", "b.json"]
    assert _tokens("speechlint check - < 讲话.txt | head")[-3:] == ["讲话.txt", "|", "head"]
    assert [section.name for section in sections(page)] == ["zh", "en"]


def test_the_harness_fails_on_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runner = Runner(tmp_path, capsys)
    with pytest.raises(AssertionError, match="exited 2"):
        runner.command(Command("speechlint check 不存在.txt"), exact=False, where=1)
    with pytest.raises(AssertionError, match="not-tested"):
        runner.command(Command("speechlint lsp"), exact=False, where=1)
    with pytest.raises(AssertionError, match="pipeline"):
        runner.command(Command("speechlint rules | head"), exact=False, where=1)


def test_the_harness_compares_output_and_writes_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = Runner(tmp_path, capsys)
    runner.block(Block("toml", 'lang = "en"\n', 1, ("file", "speechlint.toml")))
    runner.block(Block("toml", 'form = "speech"\n', 2, ("append", "speechlint.toml")))
    assert (tmp_path / "speechlint.toml").read_text("utf-8") == 'lang = "en"\n\nform = "speech"\n'
    shown = Command("speechlint rules --format json", ["[]"])
    with pytest.raises(AssertionError, match="not what it prints"):
        runner.command(shown, exact=True, where=3)
    with pytest.raises(AssertionError, match="unknown marker"):
        runner.block(Block("sh", "speechlint rules\n", 4, ("not_tested", "typo")))
