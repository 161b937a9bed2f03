"""``--jobs``: worker processes give exactly the output of one process."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

import speechlint._parallel
import speechlint._runner
from speechlint import hookimpl
from speechlint._cli import main
from speechlint._pluginmanager import load_registry
from speechlint.errors import ConfigError
from speechlint.rules import Rule, RuleContext, RuleMeta, Violation

SPEECH = "同志们：\n要使党员干部在港移默化中受熏陶,提高认识。\n第一，要加强学习。。\n"
FILES = speechlint._runner.PARALLEL_MIN_FILES + 4  # enough for workers to start


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the pools started (none when the run stays in-process)."""
    started: list[int] = []
    original = speechlint._parallel.lint_in_workers

    def spy(registry, tasks, jobs, **options):  # type: ignore[no-untyped-def]
        started.append(jobs)
        return original(registry, tasks, jobs, **options)

    monkeypatch.setattr(speechlint._parallel, "lint_in_workers", spy)
    return started


def _corpus(write, count: int = FILES) -> None:
    for index in range(count):
        # Different files, different findings: a mix-up between files would show.
        write(f"d{index % 3}/s{index:02}.md", SPEECH * (1 + index % 4) + "的的" * index)


@pytest.fixture(params=["forked", "pool"])
def pool(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of running workers on this (forking) platform: forked by the run itself, and
    the executor pool spawning platforms use."""
    monkeypatch.setattr(speechlint._parallel, "_FORK_DIRECTLY", request.param == "forked")
    return str(request.param)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "github", "junit"])
def test_jobs_2_output_is_identical_to_jobs_1(cli, write, workers, pool, fmt):
    _corpus(write)
    one = cli(".", "--no-cache", "--jobs", "1", "--format", fmt)
    two = cli(".", "--no-cache", "--jobs", "2", "--format", fmt)
    assert workers == [2]
    assert two == one
    assert one[0] == 1


@pytest.mark.parametrize(
    "options",
    [("--color", "always"), ("--color", "never", "--lang", "en"), ("--statistics",),
     ("--output-file", "report.log"), ("--output-file", "report.log", "--color", "always")],
)  # fmt: skip
def test_reports_written_by_the_workers_are_those_of_one_process(cli, write, workers, options):
    _corpus(write)
    write("d0/binary.md", "")
    with open("d0/binary.md", "wb") as stream:
        stream.write(b"\x00\x01\xff")  # E901, found by the worker that reads it
    report = "report.log" in options

    def run(jobs: str) -> tuple[int, str, str]:
        status, out, err = cli(".", "--no-cache", "--jobs", jobs, *options)
        return status, out + (open("report.log", encoding="utf-8").read() if report else ""), err

    assert run("2") == run("1")
    assert workers == [2]


def test_the_workers_read_the_files_when_they_write_the_report(cli, write, workers, monkeypatch):
    # Then this process never reads, decodes or sends the files; for other formats it does.
    _corpus(write)
    read: list[str] = []
    original = speechlint._runner.read_bytes

    def spy(path: str) -> bytes:
        read.append(path)
        return original(path)

    monkeypatch.setattr(speechlint._runner, "read_bytes", spy)
    cli(".", "--no-cache", "--jobs", "2")
    assert read == []
    cli(".", "--no-cache", "--jobs", "2", "--format", "json")
    assert len(read) == FILES


def test_parallel_results_fill_the_cache(cli, write, workers, cache_dir):
    _corpus(write)
    cold = cli(".", "--jobs", "2", "--format", "json")
    assert workers == [2]
    assert len(list(cache_dir.glob("results-v1/*/*.json"))) == FILES
    warm = cli(".", "--jobs", "2", "--format", "json")
    assert workers == [2]  # every file was a hit: no pool the second time
    assert warm == cold == cli(".", "--no-cache", "--jobs", "1", "--format", "json")


def test_small_runs_stay_in_process(cli, write, workers):
    _corpus(write, count=3)
    cli(".", "--no-cache", "--jobs", "4")
    assert workers == []


def test_default_jobs_is_the_cpu_count(cli, write, workers, monkeypatch):
    monkeypatch.setattr(speechlint._parallel, "default_jobs", lambda: 3)
    monkeypatch.setattr(speechlint._runner, "PARALLEL_MIN_FILES", 2)
    _corpus(write, count=5)
    cli(".", "--no-cache")
    assert workers == [3]


def _crash(ctx: RuleContext) -> Iterator[Violation]:
    if "s03" in ctx.document.path:
        raise RuntimeError("kaboom")
    yield Violation(0, 1, "ok")


def _config_error(ctx: RuleContext) -> Iterator[Violation]:
    raise ConfigError("org.toml: key 'x': expected a list")
    yield  # pragma: no cover


class _Crashing:
    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(RuleMeta("TST801", "test-crash", "crash", severity="error"), _crash)]


class _Failing:
    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(RuleMeta("TST802", "test-config", "config"), _config_error)]


def test_plugins_given_as_objects_reach_forked_workers(write, workers, capsys):
    _corpus(write)
    registry = load_registry(entry_points=False, builtin=["speechlint.plugins.core"],
                             extra=[_Crashing])  # fmt: skip
    outputs = []
    for jobs in ("1", "2"):
        status = main(["check", ".", "--jobs", jobs, "--format", "json"], registry=registry)
        outputs.append((status, capsys.readouterr().out))
    assert workers == [2]
    assert outputs[0] == outputs[1]
    assert '"E902"' in outputs[0][1]
    assert "kaboom" in outputs[0][1]


def test_an_error_in_a_worker_exits_2(write, capsys, pool):
    _corpus(write)
    registry = load_registry(entry_points=False, builtin=[], extra=[_Failing])
    assert main(["check", ".", "--jobs", "2"], registry=registry) == 2
    _, err = capsys.readouterr()
    assert err == "speechlint: error: org.toml: key 'x': expected a list\n"


_PARENT = os.getpid()


def _fails_in_a_worker(ctx: RuleContext) -> Iterator[Violation]:
    if os.getpid() == _PARENT:
        time.sleep(0.02)  # leave chunks to the worker
        return
    if "exit" in ctx.document.path:
        os._exit(3)  # a worker that dies without a word
    raise ConfigError("org.toml: key 'y': expected a list")
    yield  # pragma: no cover


class _FailingInAWorker:
    @staticmethod
    @hookimpl
    def speechlint_rules() -> list[Rule]:
        return [Rule(RuleMeta("TST803", "test-worker", "worker"), _fails_in_a_worker)]


def test_what_a_forked_worker_raises_is_raised_here(write, capsys):
    _corpus(write)
    registry = load_registry(entry_points=False, builtin=[], extra=[_FailingInAWorker])
    assert main(["check", ".", "--no-cache", "--jobs", "2"], registry=registry) == 2
    assert capsys.readouterr().err == "speechlint: error: org.toml: key 'y': expected a list\n"


def test_a_forked_worker_that_dies_is_an_error_not_a_hang(write, capsys):
    for index in range(FILES):
        write(f"exit{index:02}.md", SPEECH)
    registry = load_registry(entry_points=False, builtin=[], extra=[_FailingInAWorker])
    assert main(["check", ".", "--no-cache", "--jobs", "2"], registry=registry) == 2
    assert "a worker process ended abnormally" in capsys.readouterr().err


def test_stopping_early_kills_the_forked_workers(write):
    from speechlint import _parallel
    from speechlint.settings import Settings

    tasks = [(index, f"s{index}.md", SPEECH.encode(), Settings()) for index in range(60)]
    registry = load_registry(entry_points=False, builtin=["speechlint.plugins.core"])
    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fork", fork)
        outcomes = _parallel.lint_in_workers(registry, tasks, 3)
        next(outcomes)
        outcomes.close()  # (what Ctrl-C or an error in the caller does to the generator)
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # killed and reaped: not a zombie, not running


def test_a_fork_that_fails_leaves_the_work_to_this_process(cli, write, workers, monkeypatch):
    _corpus(write)
    one = cli(".", "--no-cache", "--jobs", "1")

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert cli(".", "--no-cache", "--jobs", "3") == one
    assert workers == [3]


def test_a_run_of_too_many_chunks_for_the_pipe_uses_the_pool(cli, write, workers, monkeypatch):
    _corpus(write)
    one = cli(".", "--no-cache", "--jobs", "1")
    monkeypatch.setattr(speechlint._parallel, "_MAX_FORKED_CHUNKS", 1)
    monkeypatch.setattr(speechlint._parallel, "_lint_forked", None)  # not called
    assert cli(".", "--no-cache", "--jobs", "2") == one


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_jobs_must_be_positive(cli, value, capsys):
    assert main(["check", "--jobs", value]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_a_file_a_worker_cannot_read_is_reported_as_in_one_process(cli, write, monkeypatch):
    # Workers read the files themselves (text reports): a file gone or unreadable by then is
    # E901 there too, and the run goes on.
    import speechlint.source

    _corpus(write)
    real_open = open

    def failing_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith("s05.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(speechlint.source, "open", failing_open, raising=False)
    one = cli(".", "--no-cache", "--jobs", "1")
    two = cli(".", "--no-cache", "--jobs", "2")
    assert two == one
    assert "d2/s05.md:1:1: E901" in one[1]


@pytest.mark.parametrize(("count", "jobs"), [(1000, 2), (1000, 4), (50, 2), (3, 2)])
def test_chunks_cover_every_task_in_order_and_shrink_towards_the_end(count, jobs):
    from speechlint import _parallel

    chunks = list(_parallel._chunks(iter(range(count)), count, jobs))
    assert [task for chunk in chunks for task in chunk] == list(range(count))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)
    assert max(sizes) <= _parallel._MAX_CHUNK
    assert all(size >= _parallel._MIN_CHUNK for size in sizes[:-1])
    if count >= 1000:
        # Large while much is left (fewer messages), small at the end (no long last chunk).
        assert sizes[0] == _parallel._MAX_CHUNK and sizes[-1] <= 4
        assert len(chunks) < count / 8


def test_a_stream_of_unknown_length_goes_in_fixed_chunks():
    from speechlint import _parallel

    sizes = [len(chunk) for chunk in _parallel._chunks(iter(range(30)), None, 2)]
    assert sizes == [_parallel._FIXED_CHUNK] * 3 + [30 - 3 * _parallel._FIXED_CHUNK]
