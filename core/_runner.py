"""Running the engine over many paths: finding the files, reading them, reporting the results.

Directories are searched recursively for ``.md``, ``.markdown`` and ``.txt`` files; hidden
directories and ``node_modules`` are skipped.  Files named explicitly are checked whatever
their extension.  A file that cannot be read or decoded becomes one E901 diagnostic and the run
goes on; a path that does not exist is a usage error (exit status 2) naming it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from speechlint._engine import Engine, LintResult
from speechlint._pluginmanager import Registry
from speechlint.diagnostics import SEVERITY_RANK, Severity, localize
from speechlint.document import Document
from speechlint.errors import DecodeError, UsageError
from speechlint.settings import Settings

if TYPE_CHECKING:
    from speechlint._config import ConfigResolver

__all__ = [
    "EXTENSIONS",
    "CheckOptions",
    "Checked",
    "Runner",
    "Target",
    "discover",
    "exit_status",
    "make_resolver",
    "parse_selectors",
    "run_check",
]

EXTENSIONS = (".md", ".markdown", ".txt")
STDIN = "-"
# Never searched when walking a directory (a later version adds .gitignore and `exclude`).
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


@dataclass(frozen=True, slots=True)
class Target:
    """One thing to check: a file path as reported, or standard input under a name."""

    path: str
    stdin: bool = False


@dataclass(frozen=True, slots=True)
class Checked:
    """The result of one file and the language its settings ask for."""

    result: LintResult
    lang: str


@dataclass(frozen=True)
class CheckOptions:
    """What ``speechlint check`` was asked to do (the command line, parsed)."""

    paths: tuple[str, ...] = ()
    stdin_filename: str | None = None
    config: str | None = None
    isolated: bool = False
    overrides: Mapping[str, Any] = field(default_factory=dict)
    format: str = "text"
    statistics: bool = False
    exit_zero: bool = False
    fail_level: Severity = "warning"
    color: str = "auto"
    output_file: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False


# A code or a prefix of one: letters, then digits (W, W5, W501, ORG101, ALL).
_SELECTOR = re.compile(r"[A-Za-z]+[0-9]*\Z")


def _selector(item: str, registry: Registry, option: str, lang: str) -> str:
    meta = registry.meta_by_name(item)  # a whole code, or a rule name such as misspelled-phrase
    if meta is not None:
        return meta.code
    if _SELECTOR.match(item):
        return "ALL" if item.upper() == "ALL" else item.upper()
    raise UsageError(
        localize(
            {
                "zh": f"{option}：{item!r} 不是规则代码、代码前缀或规则名称",
                "en": f"{option}: {item!r} is not a rule code, a code prefix or a rule name",
            },
            lang,
        )
    )


def parse_selectors(
    values: Iterable[str], registry: Registry, *, option: str, lang: str = "zh"
) -> tuple[str, ...]:
    """Codes and prefixes from repeated, comma-separated ``--select``-style values.

    Rule names are accepted too and turned into their codes.
    """
    flag = "--" + option.replace("_", "-")
    items = (item.strip() for value in values for item in value.split(","))
    return tuple(_selector(item, registry, flag, lang) for item in items if item)


def _wanted(name: str) -> bool:
    return name.lower().endswith(EXTENSIONS)


def _walk(directory: str) -> Iterator[str]:
    """Checkable files under ``directory``, in a stable (sorted) order."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        for name in sorted(files):
            if _wanted(name):
                yield os.path.normpath(os.path.join(root, name))


def _missing(path: str, lang: str) -> UsageError:
    return UsageError(
        localize(
            {"zh": f"{path}：文件或目录不存在", "en": f"{path}: no such file or directory"}, lang
        )
    )


def discover(
    paths: Sequence[str], *, stdin_filename: str | None = None, lang: str = "zh"
) -> list[Target]:
    """The targets named by ``paths`` (``-`` is standard input), each once.

    Raises :class:`UsageError` naming the first path that does not exist, before anything runs.
    """
    # Keyed by the real path, so that a file reached twice (a.md, ./a.md, /abs/a.md) runs once.
    targets: dict[str, Target] = {}
    for path in paths:
        if path == STDIN:
            name = stdin_filename or STDIN
            targets.setdefault(f"\0{name}", Target(name, stdin=True))
        elif os.path.isdir(path):
            for found in _walk(path):
                targets.setdefault(os.path.realpath(found), Target(found))
        elif os.path.exists(path):
            targets.setdefault(os.path.realpath(path), Target(os.path.normpath(path)))
        else:
            raise _missing(path, lang)
    return list(targets.values())


def make_resolver(
    registry: Registry,
    *,
    config: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    isolated: bool = False,
) -> ConfigResolver:
    """The configuration resolver for a run (``--config``, command-line overrides)."""
    from speechlint._config import ConfigResolver

    return ConfigResolver(
        registry,
        config_path=Path(config) if config else None,
        overrides=overrides,
        isolated=isolated,
    )


def ui_lang(resolver: ConfigResolver, override: str | None) -> str:
    """The language of messages about the run: ``--lang``, else the configuration's ``lang``."""
    if override:
        return override
    return resolver.settings_for(Path(STDIN)).lang


class Runner:
    """Lints targets with one engine and one configuration resolver."""

    def __init__(self, registry: Registry, resolver: ConfigResolver) -> None:
        self.engine = Engine(registry)
        self.resolver = resolver

    def check(self, target: Target) -> Checked:
        """Read and lint one target; unreadable input becomes E901."""
        settings = self.resolver.settings_for(Path(target.path))
        try:
            document = self._read(target, settings)
        except DecodeError as error:
            return Checked(self.engine.unreadable(target.path, error, settings), settings.lang)
        return Checked(self.engine.lint(document, settings), settings.lang)

    def run(self, targets: Sequence[Target]) -> list[Checked]:
        """Check every target; results sorted by path."""
        checked = [self.check(target) for target in targets]
        return sorted(checked, key=lambda item: item.result.document.path)

    @staticmethod
    def _read(target: Target, settings: Settings) -> Document:
        if target.stdin:
            data = sys.stdin.buffer.read()
        else:
            try:
                data = Path(target.path).read_bytes()
            except OSError as exc:  # unreadable (permissions, a vanished file): report, go on
                raise DecodeError(target.path, exc.strerror or str(exc), ()) from exc
        return Document.from_bytes(target.path, data, encoding=settings.encoding)


def exit_status(results: Sequence[Checked], *, fail_level: Severity, exit_zero: bool) -> int:
    """1 if any finding is at or above ``fail_level`` (and not ``--exit-zero``), else 0."""
    if exit_zero:
        return 0
    threshold = SEVERITY_RANK[fail_level]
    for item in results:
        if any(SEVERITY_RANK[d.severity] >= threshold for d in item.result.diagnostics):
            return 1
    return 0


def _no_files(lang: str) -> str:
    kinds = " ".join(EXTENSIONS)
    return localize(
        {
            "zh": f"speechlint: 警告：给定路径下没有可检查的文件（{kinds}）",
            "en": f"speechlint: warning: no files to check under the given paths ({kinds})",
        },
        lang,
    )


def _report(options: CheckOptions, results: list[Checked], stream: TextIO, lang: str) -> None:
    from speechlint.formatters import get_formatter, should_color, statistics

    color = should_color(options.color, stream)
    formatter = get_formatter(options.format, stream, lang=lang, color=color)
    if options.statistics:
        formatter.write_statistics(statistics(item.result for item in results))
        return
    for item in results:
        formatter.file(item.result, lang=item.lang)
    formatter.finish(len(results))


def _open_output(path: str, lang: str) -> TextIO:
    try:
        return open(path, "w", encoding="utf-8")  # closed by the caller's ``with``
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise UsageError(
            localize(
                {"zh": f"{path}：无法写入（{problem}）", "en": f"{path}: cannot write ({problem})"},
                lang,
            )
        ) from None


def run_check(options: CheckOptions, registry: Registry) -> int:
    """Run ``speechlint check``: lint, write the report, return the exit status."""
    resolver = make_resolver(
        registry, config=options.config, overrides=options.overrides, isolated=options.isolated
    )
    lang = ui_lang(resolver, options.overrides.get("lang"))
    paths = options.paths or ((STDIN,) if options.stdin_filename else (".",))
    targets = discover(paths, stdin_filename=options.stdin_filename, lang=lang)
    if not targets:
        print(_no_files(lang), file=sys.stderr)
        return 0
    if options.fix or options.diff:
        return _run_fixes(options, Runner(registry, resolver), targets, lang)
    results = Runner(registry, resolver).run(targets)
    if options.output_file:
        with _open_output(options.output_file, lang) as stream:
            _report(options, results, stream, lang)
    else:
        _report(options, results, sys.stdout, lang)
    return exit_status(results, fail_level=options.fail_level, exit_zero=options.exit_zero)


def _run_fixes(options: CheckOptions, runner: Runner, targets: Sequence[Target], lang: str) -> int:
    """``--fix`` / ``--diff``: fix every target, then report what remains (or the diff)."""
    from speechlint._fixrun import FixReport, FixTarget, fix_document, warn

    stdin = any(target.stdin for target in targets)
    if stdin and len(targets) > 1 and options.fix and not options.diff:
        raise UsageError(
            localize(
                {
                    "zh": "--fix 从标准输入读取时只能检查这一个输入",
                    "en": "--fix with standard input cannot be combined with other paths",
                },
                lang,
            )
        )
    report = FixReport()
    results: list[Checked] = []
    for target in sorted(targets, key=lambda item: item.path):
        settings = runner.resolver.settings_for(Path(target.path))
        try:
            data = sys.stdin.buffer.read() if target.stdin else Path(target.path).read_bytes()
            outcome = fix_document(
                runner.engine,
                FixTarget(target.path, data, target.stdin),
                settings,
                unsafe=options.unsafe_fixes,
                diff=options.diff,
                report=report,
                out=sys.stdout,
            )
        except OSError as exc:
            error = DecodeError(target.path, exc.strerror or str(exc), ())
            results.append(Checked(runner.engine.unreadable(target.path, error, settings), lang))
            continue
        if outcome is None:
            results.append(runner.check(target))  # undecodable: the same E901 as ``check``
        else:
            results.append(Checked(outcome.final, settings.lang))
    if stdin and options.fix and not options.diff:
        return exit_status(results, fail_level=options.fail_level, exit_zero=options.exit_zero)
    if not options.diff:
        if options.output_file:
            with _open_output(options.output_file, lang) as stream:
                _report(options, results, stream, lang)
        else:
            _report(options, results, sys.stdout, lang)
    remaining = sum(len(item.result.diagnostics) for item in results)
    warn(report.summary(remaining, lang, diff=options.diff))
    for path in report.unconverged:
        warn(_unconverged(path, lang))
    for error in report.errors:
        warn(f"speechlint: error: {error}")
    if report.errors:
        return 2
    if options.diff:
        return 1 if report.files_changed and not options.exit_zero else 0
    return exit_status(results, fail_level=options.fail_level, exit_zero=options.exit_zero)


def _unconverged(path: str, lang: str) -> str:
    return localize(
        {
            "zh": f"speechlint: 警告：{path} 的修复在多轮之后仍未稳定，已停止；请检查剩余问题",
            "en": f"speechlint: warning: fixes for {path} did not settle after repeated "
            "passes; stopped, please review what remains",
        },
        lang,
    )
