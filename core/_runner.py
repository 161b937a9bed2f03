"""Running the engine over many paths: reading, caching, linting in parallel, reporting.

Discovery (which files a path stands for) lives in :mod:`speechlint._discovery`.  A file that
cannot be read or decoded becomes one E901 diagnostic and the run goes on; a path that does not
exist is a usage error (exit status 2) naming it.

``check`` reads every file and looks its key up in the result cache
(:mod:`speechlint._cache`); only misses are linted, in worker processes when there are many of
them (:mod:`speechlint._parallel`), else in this process.  Results are sorted by path, so the
report is the same for any ``--jobs``.  ``--fix`` and ``--diff`` never use the cache or workers:
they write files, one at a time.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TextIO

from speechlint import _regex
from speechlint._discovery import EXTENSIONS, STDIN, Discovery, Target
from speechlint._engine import Engine, LintResult
from speechlint._namedtuple import NamedTuple
from speechlint._pluginmanager import Registry
from speechlint.diagnostics import SEVERITY_RANK, Severity, localize
from speechlint.document import Document
from speechlint.errors import DecodeError, UsageError
from speechlint.settings import Settings
from speechlint.source import read_bytes

if TYPE_CHECKING:
    from speechlint._baseline import Baseline
    from speechlint._cache import ResultCache, Row
    from speechlint._config import ConfigResolver
    from speechlint._parallel import Task
    from speechlint._progress import Progress

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


class Checked(NamedTuple):
    """The result of one file and the language its settings ask for."""

    result: LintResult
    lang: str
    # The file's text report, when a worker wrote it (the document then stayed there).
    rendered: str | None = None


class CheckOptions(NamedTuple):
    """What ``speechlint check`` was asked to do (the command line, parsed)."""

    paths: tuple[str, ...] = ()
    stdin_filename: str | None = None
    config: str | None = None
    isolated: bool = False
    overrides: Mapping[str, Any] = MappingProxyType({})
    format: str = "text"
    statistics: bool = False
    exit_zero: bool = False
    fail_level: Severity = "warning"
    color: str = "auto"
    output_file: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    jobs: int | None = None  # None: one per CPU
    no_cache: bool = False
    force_exclude: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    quiet: bool = False


# A code or a prefix of one: letters, then digits (W, W5, W501, ORG101, ALL).
_SELECTOR = _regex.compile(r"[A-Za-z]+[0-9]*\Z")


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


def discover(
    paths: Sequence[str],
    resolver: ConfigResolver,
    *,
    stdin_filename: str | None = None,
    lang: str = "zh",
    force_exclude: bool = False,
) -> list[Target]:
    """The targets named by ``paths`` (``-`` is standard input), each once.

    Raises :class:`UsageError` naming the first path that does not exist, before anything runs.
    """
    discovery = Discovery(resolver, force_exclude=force_exclude, lang=lang)
    return discovery.targets(paths, stdin_filename=stdin_filename)


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


# Below this many files to lint, starting worker processes costs more than it saves: importing
# multiprocessing, forking, and each worker's first speeches (loading the dictionaries and
# indexes, building the near-miss automaton) come to about 80 ms on two cores.  Measured with
# speeches of 5,400 characters, interleaved runs, --jobs 2 against --jobs 1: 1.08x at 30 files,
# 0.98x at 50, 0.87x at 64.
PARALLEL_MIN_FILES = 50


class _Job:
    """One target on its way through a run."""

    __slots__ = ("data", "document", "key", "rendered", "result", "settings", "target")

    def __init__(self, target: Target, settings: Settings) -> None:
        self.target = target
        self.settings = settings
        self.document: Document | None = None
        self.data = b""  # kept only until linted (workers need the bytes)
        self.key: str | None = None
        self.result: LintResult | None = None
        self.rendered: str | None = None


class _Counted:
    """Lazily produced tasks with their (expected) number, for sizing the workers' chunks."""

    def __init__(self, items: Iterator[Task], count: int) -> None:
        self._items = items
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Task]:
        return self._items


class Runner:
    """Lints targets with one engine, one configuration resolver and, optionally, a cache."""

    def __init__(
        self,
        registry: Registry,
        resolver: ConfigResolver,
        *,
        cache: ResultCache | None = None,
        jobs: int | None = 1,
        color: bool | None = None,
    ) -> None:
        self.registry = registry
        self.engine = Engine(registry)
        self.resolver = resolver
        self.cache = cache
        self.jobs = jobs  # None: one worker per CPU
        # Not None: the report is text (in colour or not), and workers may write it.
        self.color = color

    def check(self, target: Target) -> Checked:
        """Read and lint one target; unreadable input becomes E901."""
        job = self._prepare(target, use_cache=False)
        if job.result is None:
            assert job.document is not None
            job.result = self.engine.lint(job.document, job.settings)
        return Checked(job.result, job.settings.lang)

    def run(self, targets: Sequence[Target], progress: Progress | None = None) -> list[Checked]:
        """Check every target; results sorted by path."""
        jobs: list[_Job] = []
        if self.cache is None and self._parallel(len(targets)):
            self._stream_to_workers(targets, jobs, progress)
        elif self.cache is None or (self.jobs is not None and self.jobs < 2):
            # In this process, one file at a time: each is read, linted and let go before the
            # next is read, so a run holds one text, not all of them (measured over 1,000
            # speeches: a peak of 34 MB instead of 60 MB, in the same time).
            for target in targets:
                job = self._prepare(target, use_cache=self.cache is not None)
                jobs.append(job)
                if job.result is None:
                    self._lint_one(job, progress)
                elif progress is not None:
                    progress.advance()
        else:
            for target in targets:
                jobs.append(self._prepare(target, use_cache=True))
                if progress is not None and jobs[-1].result is not None:
                    progress.advance()
            self._lint([job for job in jobs if job.result is None], progress)
        checked = [
            Checked(job.result, job.settings.lang, job.rendered)
            for job in jobs
            if job.result is not None
        ]
        return sorted(checked, key=lambda item: item.result.document.path)

    def _job(self, target: Target) -> _Job:
        """A job for ``target`` under the settings that apply to it."""
        return _Job(target, self.resolver.settings_for_file(target.path))

    def _prepare(self, target: Target, *, use_cache: bool) -> _Job:
        """Read and decode a target; its result already when unreadable or cached."""
        job = self._job(target)
        try:
            data = self._read(target)
            job.document = Document.from_bytes(target.path, data, encoding=job.settings.encoding)
        except DecodeError as error:
            job.result = self.engine.unreadable(target.path, error, job.settings)
            return job
        if use_cache and self.cache is not None and not target.stdin:
            job.key = self.cache.key(target.path, data, job.settings)
            found = self.cache.load(job.key, target.path)
            if found is not None:
                job.result = LintResult(job.document, found)
                return job
        job.data = data
        return job

    def _lint(self, pending: list[_Job], progress: Progress | None) -> None:
        if self._parallel(len(pending)):
            self._lint_in_workers(pending, progress)
            return
        for job in pending:
            self._lint_one(job, progress)

    def _lint_one(self, job: _Job, progress: Progress | None) -> None:
        """Lint a read job here; a text report is rendered now and the text let go."""
        assert job.document is not None
        linted = self.engine.lint(job.document, job.settings)
        # Reports need only the findings: dropping the parse and the outline keeps a run over
        # thousands of files small, as the results from workers are.  A text report is written
        # now, as workers write theirs, and the text let go too (16 MB over 1,000 speeches,
        # held to the end only for the code frames).
        document = linted.document
        if self.color is not None and not job.target.stdin:
            job.rendered = _render(linted, self.color)
            document = job.document = Document(document.path, "")
        job.result = LintResult(document, linted.diagnostics)
        self._finish(job, None)
        if progress is not None:
            progress.advance()

    def _parallel(self, count: int) -> bool:
        # The cheap test first: a run of a few files never imports the multiprocessing code.
        if count < PARALLEL_MIN_FILES or (self.jobs is not None and self.jobs < 2):
            return False
        from speechlint._parallel import can_spawn, default_jobs

        if self.jobs is None:
            self.jobs = default_jobs()
        return self.jobs > 1 and can_spawn(self.registry)

    def _lint_in_workers(self, pending: list[_Job], progress: Progress | None) -> None:
        from speechlint._cache import decode_rows
        from speechlint._parallel import lint_in_workers

        tasks = [
            (index, job.target.path, job.data, job.settings) for index, job in enumerate(pending)
        ]
        workers = min(self.jobs or 1, len(tasks))
        for index, rows, _text in lint_in_workers(self.registry, tasks, workers):
            job = pending[index]
            assert job.document is not None
            job.result = LintResult(job.document, decode_rows(job.target.path, rows))
            self._finish(job, rows)
            if progress is not None:
                progress.advance()

    def _stream_to_workers(
        self, targets: Sequence[Target], jobs: list[_Job], progress: Progress | None
    ) -> None:
        """Without a cache: hand the files to the workers, read and decoded here only when
        this process writes the report (else the workers read them).

        A pool of spawned workers starts on the first chunk (and loads its dictionaries and
        indexes) while this process reads the rest; forked workers inherit the whole list.
        """
        from speechlint._cache import decode_rows
        from speechlint._parallel import lint_in_workers

        def tasks() -> Iterator[Task]:
            for target in targets:
                if self.color is not None and not target.stdin:
                    # The worker reads, decodes, lints and writes the report of the file.
                    jobs.append(self._job(target))
                    yield len(jobs) - 1, target.path, None, jobs[-1].settings
                    continue
                job = self._prepare(target, use_cache=False)
                jobs.append(job)
                if job.result is None:
                    yield len(jobs) - 1, target.path, job.data, job.settings
                    job.data = b""
                elif progress is not None:
                    progress.advance()

        workers = min(self.jobs or 1, len(targets))
        outcomes = lint_in_workers(
            self.registry, _Counted(tasks(), len(targets)), workers, color=self.color
        )
        for index, rows, rendered in outcomes:
            job = jobs[index]
            path = job.target.path
            # A file the worker read and reported on itself leaves its text there: what is
            # left to do with its result here -- sort, count, write the report -- needs none.
            document = job.document or Document(path, "")
            job.result = LintResult(document, decode_rows(path, rows))
            job.rendered = rendered
            if progress is not None:
                progress.advance()

    def _finish(self, job: _Job, rows: list[Row] | None) -> None:
        """Store a fresh result in the cache; let go of the bytes."""
        job.data = b""
        if self.cache is None or job.key is None or job.result is None:
            return
        if rows is None:
            from speechlint._cache import encode_rows

            rows = encode_rows(job.result.diagnostics)
        self.cache.store(job.key, rows)

    @staticmethod
    def _read(target: Target) -> bytes:
        return sys.stdin.buffer.read() if target.stdin else read_bytes(target.path)


def _render(linted: LintResult, color: bool) -> str:
    """The text report of one file (the text formatter loads only for a text report)."""
    from speechlint.formatters.text import render

    return render(linted, color=color)


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


def _report(
    options: CheckOptions, results: list[Checked], registry: Registry, stream: TextIO, lang: str
) -> None:
    from speechlint.formatters import get_formatter, should_color, statistics

    color = should_color(options.color, stream)
    formatter = get_formatter(options.format, stream, lang=lang, color=color)
    # Formats that describe the rules themselves (SARIF) take them from the registry.
    describe = getattr(formatter, "describe_rules", None)
    if describe is not None:
        describe(registry)
    if options.statistics:
        formatter.write_statistics(statistics(item.result for item in results))
        return
    rendered = getattr(formatter, "rendered", None)
    for item in results:
        if item.rendered is not None and rendered is not None:
            rendered(item.result, item.rendered)
        else:
            formatter.file(item.result, lang=item.lang)
    formatter.finish(len(results))


def _text_color(options: CheckOptions) -> bool | None:
    """Whether the text report is in colour; None when the report is not text written file by
    file (another format, ``--statistics``, or findings a baseline may still drop)."""
    if options.format != "text" or options.statistics or options.baseline or options.write_baseline:
        return None
    from speechlint.formatters import should_color

    # _report's answer, before the --output-file is opened (a file, not a terminal).
    return should_color(options.color, None if options.output_file else sys.stdout)


def _output(options: CheckOptions, results: list[Checked], registry: Registry, lang: str) -> None:
    """Write the report to ``--output-file`` or standard output."""
    if options.output_file:
        with _open_output(options.output_file, lang) as stream:
            _report(options, results, registry, stream, lang)
    else:
        _report(options, results, registry, sys.stdout, lang)


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


def _note(options: CheckOptions, message: str) -> None:
    """A line on standard error, unless ``--quiet``."""
    if not options.quiet:
        print(message, file=sys.stderr)


def _open_cache(
    options: CheckOptions, registry: Registry, targets: Sequence[Target]
) -> ResultCache | None:
    """The result cache for this run, or None (``--no-cache``, stdin only, unversioned plugins)."""
    if options.no_cache or all(target.stdin for target in targets):
        return None
    from speechlint._cache import ResultCache, cache_root, unversioned_plugins

    if unversioned_plugins(registry):
        return None
    return ResultCache(cache_root(), registry)


def _read_baseline(options: CheckOptions, lang: str) -> Baseline | None:
    """``--baseline``, read before any work so that a bad file fails fast."""
    if not options.baseline or options.write_baseline:
        return None
    from speechlint._baseline import read_baseline

    return read_baseline(options.baseline, lang)


def _apply_baseline(
    options: CheckOptions, results: list[Checked], baseline: Baseline | None, lang: str
) -> list[Checked]:
    """``--write-baseline`` records every finding; then the baseline in force drops them."""
    if options.write_baseline:
        from speechlint._baseline import Baseline, write_baseline

        base = Path(os.path.dirname(os.path.abspath(options.write_baseline)))
        baseline = Baseline.of((item.result for item in results), base)
        write_baseline(options.write_baseline, baseline, lang)
        _note(options, _baseline_written(options.write_baseline, baseline, lang))
    if baseline is None:
        return results
    kept, unused = baseline.filter(item.result for item in results)
    if unused and not options.write_baseline:
        _note(options, _baseline_unused(unused, lang))
    return [Checked(result, item.lang) for result, item in zip(kept, results, strict=True)]


def _baseline_written(path: str, baseline: Baseline, lang: str) -> str:
    total = sum(baseline.counts.values())
    return localize(
        {
            "zh": f"speechlint: 已把 {total} 个问题记入基线 {path}",
            "en": f"speechlint: recorded {total} finding(s) in the baseline {path}",
        },
        lang,
    )


def _baseline_unused(count: int, lang: str) -> str:
    return localize(
        {
            "zh": f"speechlint: 基线中有 {count} 个问题已不再出现；可用 --write-baseline 更新基线",
            "en": f"speechlint: {count} finding(s) in the baseline no longer occur; "
            "update it with --write-baseline",
        },
        lang,
    )


def run_check(options: CheckOptions, registry: Registry) -> int:
    """Run ``speechlint check``: lint, write the report, return the exit status."""
    resolver = make_resolver(
        registry, config=options.config, overrides=options.overrides, isolated=options.isolated
    )
    lang = ui_lang(resolver, options.overrides.get("lang"))
    baseline = _read_baseline(options, lang)
    paths = options.paths or ((STDIN,) if options.stdin_filename else (".",))
    targets = discover(
        paths,
        resolver,
        stdin_filename=options.stdin_filename,
        lang=lang,
        force_exclude=options.force_exclude,
    )
    if not targets:
        _note(options, _no_files(lang))
        return 0
    if options.fix or options.diff:
        return _run_fixes(options, Runner(registry, resolver), targets, baseline, lang)
    cache = _open_cache(options, registry, targets)
    runner = Runner(registry, resolver, cache=cache, jobs=options.jobs, color=_text_color(options))
    results = _run(runner, targets, options, lang)
    results = _apply_baseline(options, results, baseline, lang)
    _output(options, results, registry, lang)
    return exit_status(results, fail_level=options.fail_level, exit_zero=options.exit_zero)


def _run(
    runner: Runner, targets: Sequence[Target], options: CheckOptions, lang: str
) -> list[Checked]:
    """Run with a progress line on standard error when it is a terminal."""
    from speechlint._progress import Progress

    enabled = Progress.wanted(sys.stderr, quiet=options.quiet)
    progress = Progress(len(targets), sys.stderr, enabled=enabled, lang=lang)
    try:
        return runner.run(targets, progress)
    finally:
        progress.close()


def _run_fixes(
    options: CheckOptions,
    runner: Runner,
    targets: Sequence[Target],
    baseline: Baseline | None,
    lang: str,
) -> int:
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
        settings = runner.resolver.settings_for_file(target.path)
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
        if outcome is None:  # undecodable: the same E901 as ``check``
            results.append(_undecodable(runner, target, data, settings))
        else:
            results.append(Checked(outcome.final, settings.lang))
    if stdin and options.fix and not options.diff:
        if report.errors:
            return 2  # the fixed text could not be written out; _fixrun explained why on stderr
        return exit_status(results, fail_level=options.fail_level, exit_zero=options.exit_zero)
    if not options.diff:
        results = _apply_baseline(options, results, baseline, lang)
        _output(options, results, runner.registry, lang)
    remaining = sum(len(item.result.diagnostics) for item in results)
    warn(report.summary(remaining, lang, diff=options.diff))
    for path in report.unconverged:
        warn(_unconverged(path, lang))
    for problem in report.errors:
        warn(f"speechlint: error: {problem}")
    if report.errors:
        return 2
    if options.diff:
        return 1 if report.files_changed and not options.exit_zero else 0
    return exit_status(results, fail_level=options.fail_level, exit_zero=options.exit_zero)


def _undecodable(runner: Runner, target: Target, data: bytes, settings: Settings) -> Checked:
    """E901 for bytes that ``--fix`` could not decode (read once: stdin cannot be re-read)."""
    try:
        document = Document.from_bytes(target.path, data, encoding=settings.encoding)
    except DecodeError as error:
        return Checked(runner.engine.unreadable(target.path, error, settings), settings.lang)
    return Checked(runner.engine.lint(document, settings), settings.lang)


def _unconverged(path: str, lang: str) -> str:
    return localize(
        {
            "zh": f"speechlint: 警告：{path} 的修复在多轮之后仍未稳定，已停止；请检查剩余问题",
            "en": f"speechlint: warning: fixes for {path} did not settle after repeated "
            "passes; stopped, please review what remains",
        },
        lang,
    )
