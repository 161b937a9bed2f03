"""Linting documents in worker processes (``--jobs``).

Where processes fork (Linux), the run forks ``jobs - 1`` workers and lints in its own process
too (:func:`_lint_forked`): the workers inherit the engine, the plugins (including plugins
passed in as objects) and the tasks, take chunks of tasks by number from a shared pipe, and
write their outcomes to anonymous files that this process reads at the end.  Nothing is pickled
on the way out, no executor is imported, and no thread of this process competes with the
workers for the processors while it waits: on two processors ``--jobs 2`` used 28 % more CPU
than ``--jobs 1`` with a pool of two workers, 7 % this way.

Elsewhere fork is unsafe or missing, and a pool of spawned workers (:func:`_lint_in_pool`) loads
the plugins again; plugins that only exist as objects in this process cannot be loaded there,
so :func:`can_spawn` tells the caller to stay in-process.  Each pool worker builds its engine
once (the pool's initializer) and receives chunks of ``(index, path, bytes, settings)`` tasks.

Either way a worker sends back the diagnostics as plain rows
(:func:`speechlint._cache.encode_rows`), exactly what the cache stores, and the caller puts each
result in its place by index, so the report does not depend on which worker finished first.
A task without bytes is read by the worker; a worker asked to render also sends back the text
report of the file (:func:`speechlint.formatters.text.render`).  Together they leave the
caller nothing to do per file but collect.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Iterable, Iterator, Sized
from typing import TYPE_CHECKING, NoReturn

from speechlint._cache import Row, encode_rows, unversioned_plugins
from speechlint._engine import Engine
from speechlint._pluginmanager import Registry
from speechlint.document import Document
from speechlint.errors import DecodeError
from speechlint.settings import Settings
from speechlint.source import read_bytes

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["Task", "can_spawn", "default_jobs", "lint_in_workers"]

# (index, path, the file's bytes -- None: the worker reads it --, settings)
Task = tuple[int, str, bytes | None, Settings]
# (index, rows, the text report of the file when the workers render)
Outcome = tuple[int, list[Row], str | None]

# Guided chunks (see _chunks): a worker's share of what is left is cut into this many chunks,
# each of _MIN_CHUNK to _MAX_CHUNK tasks (24 speeches are about 50 ms of work); a stream of
# unknown length goes in chunks of _FIXED_CHUNK.
_SHARES = 4
_MIN_CHUNK = 2
_MAX_CHUNK = 24
_FIXED_CHUNK = 8

_engine: Engine | None = None
# None: the caller writes the report; else whether the text report is in colour.
_color: bool | None = None


def default_jobs() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _uses_fork() -> bool:
    return sys.platform == "linux"


def can_spawn(registry: Registry) -> bool:
    """Whether workers can have the same plugins as ``registry``."""
    return _uses_fork() or not unversioned_plugins(registry)


def _initialize(registry: Registry | None, color: bool | None) -> None:
    """Worker start-up: one engine per process; Ctrl-C is the parent's to handle."""
    import signal

    global _engine, _color
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if registry is None:  # spawned: load the plugins the way the command line does
        from speechlint._pluginmanager import load_registry

        registry = load_registry()
    _engine = Engine(registry)
    _color = color


def _lint(task: Task) -> Outcome:
    assert _engine is not None, "worker used before its initializer ran"
    return _lint_with(_engine, _color, task)


def _lint_with(engine: Engine, color: bool | None, task: Task) -> Outcome:
    index, path, data, settings = task
    try:
        if data is None:
            data = read_bytes(path)
        document = Document.from_bytes(path, data, encoding=settings.encoding)
    except DecodeError as error:
        result = engine.unreadable(path, error, settings)
    else:
        result = engine.lint(document, settings)
    text = None
    if color is not None:
        from speechlint.formatters.text import render

        text = render(result, color=color)
    return index, encode_rows(result.diagnostics), text


def _lint_chunk(chunk: list[Task]) -> list[Outcome]:
    return [_lint(task) for task in chunk]


def _chunks(tasks: Iterable[Task], count: int | None, jobs: int) -> Iterator[list[Task]]:
    """``tasks`` in chunks that shrink towards the end (guided scheduling).

    Each chunk costs this process a message out and one back, and its share of the pool's
    threads, which compete with the workers for the same processors: while much is left the
    chunks are large (a few dozen speeches, about 50 ms of work).  Near the end they are small,
    so that no worker waits long for the other's last chunk.  Without a count, a fixed size.
    """
    chunk: list[Task] = []
    size = _chunk_size(count, jobs)
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            if count is not None:
                count -= len(chunk)
            chunk = []
            size = _chunk_size(count, jobs)
    if chunk:
        yield chunk


def _chunk_size(remaining: int | None, jobs: int) -> int:
    if remaining is None:
        return _FIXED_CHUNK
    return max(_MIN_CHUNK, min(_MAX_CHUNK, remaining // (jobs * _SHARES)))


def _context() -> BaseContext:
    import multiprocessing

    return multiprocessing.get_context("fork" if _uses_fork() else "spawn")


def lint_in_workers(
    registry: Registry, tasks: Iterable[Task], jobs: int, *, color: bool | None = None
) -> Iterator[Outcome]:
    """Lint ``tasks`` on ``jobs`` processes; yields ``(index, rows, text)`` for every task.

    With ``color`` (True or False), the workers render each file's text report; ``text`` is
    None otherwise.  Where processes fork, this process is one of the ``jobs`` (see
    :func:`_lint_forked`); elsewhere a pool of spawned workers does the work
    (:func:`_lint_in_pool`).
    """
    if _uses_fork() and _FORK_DIRECTLY and hasattr(os, "memfd_create"):
        listed = list(tasks)
        chunks = list(_chunks(listed, len(listed), jobs))
        if len(chunks) <= _MAX_FORKED_CHUNKS:
            return _lint_forked(registry, chunks, jobs, color)
        tasks = listed
    return _lint_in_pool(registry, tasks, jobs, color)


# Whether forking platforms take _lint_forked (tests turn it off to run the pool there too).
_FORK_DIRECTLY = True
# Chunk numbers are handed out through a pipe of 4-byte records, written before the workers
# start: a pipe holds 64 KiB (16,384 chunks, some 400,000 files); a longer run uses the pool.
_MAX_FORKED_CHUNKS = 16_384
_RECORD = 4


def _lint_forked(
    registry: Registry, chunks: list[list[Task]], jobs: int, color: bool | None
) -> Iterator[Outcome]:
    """:func:`lint_in_workers` by forking ``jobs - 1`` workers and linting here too.

    A pool of ``jobs`` workers leaves this process waiting (while its threads feed the pool and
    compete with the workers for the processors) and costs the import of the executor and
    multiprocessing modules, a third of a cold start.  Here every process -- this one and the
    forked ones, which inherit the engine, the plugins and the tasks -- takes the next chunk
    number from a shared pipe (reads of whole records from a pipe do not interleave) until it
    is empty.  A worker writes its outcomes to an anonymous file (never blocking on a reader
    busy linting); this process reads them once its own chunks are done, and raises what a
    worker raised.  Ctrl-C, an error, or the caller stopping early kill the workers.
    """
    numbers_out, numbers_in = os.pipe()
    os.write(numbers_in, b"".join(n.to_bytes(_RECORD, "little") for n in range(len(chunks))))
    os.close(numbers_in)
    os.set_blocking(numbers_out, False)
    workers: list[tuple[int, int]] = []
    try:
        for number in range(jobs - 1):
            results = os.memfd_create(f"speechlint-worker-{number}")
            try:
                pid = os.fork()
            except OSError:  # (a process limit, no memory): fewer workers, the same result
                os.close(results)
                break
            if pid == 0:  # pragma: no cover - runs in the worker, which never returns
                _forked_worker(registry, color, chunks, numbers_out, results)
            workers.append((pid, results))
        engine = Engine(registry)
        for number in _numbers(numbers_out):
            for task in chunks[number]:
                yield _lint_with(engine, color, task)
        while workers:
            pid, results = workers[0]
            try:
                outcomes = _worker_outcomes(pid, results)
            finally:
                del workers[0]
                os.close(results)
            yield from outcomes
    finally:
        for pid, results in workers:  # still running: an error, Ctrl-C, or an early stop
            _kill(pid)
            os.close(results)
        os.close(numbers_out)


def _numbers(numbers_out: int) -> Iterator[int]:
    """The chunk numbers this process takes, until none is left."""
    while True:
        try:
            record = os.read(numbers_out, _RECORD)
        except BlockingIOError:
            return
        if len(record) != _RECORD:
            return
        yield int.from_bytes(record, "little")


def _forked_worker(
    registry: Registry, color: bool | None, chunks: list[list[Task]], numbers_out: int, results: int
) -> NoReturn:  # pragma: no cover - runs in the worker (its coverage is not collected)
    """A forked worker's whole life: lint the chunks it takes, write the outcomes, exit."""
    status = 0
    try:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        engine = Engine(registry)
        with open(results, "wb", closefd=False) as stream:
            for number in _numbers(numbers_out):
                outcomes = [_lint_with(engine, color, task) for task in chunks[number]]
                data = marshal.dumps(outcomes)
                stream.write(len(data).to_bytes(8, "little") + data)
    except BaseException as exc:  # sent to the parent, which raises it
        status = 1
        try:
            import pickle

            data = pickle.dumps(exc)
        except Exception:
            data = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        try:
            os.write(results, (1 << 63 | len(data)).to_bytes(8, "little") + data)
        except BaseException:
            status = 2
    finally:
        # No clean-up of the parent's: its buffers, exit handlers and generators are its own.
        os._exit(status)


def _worker_outcomes(pid: int, results: int) -> list[Outcome]:
    """Wait for a forked worker and return what it wrote; raise what it raised."""
    _pid, status = os.waitpid(pid, 0)
    os.lseek(results, 0, os.SEEK_SET)
    with open(results, "rb", closefd=False) as stream:
        data = stream.read()
    outcomes: list[Outcome] = []
    at = 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 8], "little")
        at += 8
        if size >> 63:
            import pickle

            raise pickle.loads(data[at : at + (size & ~(1 << 63))])
        outcomes += marshal.loads(data[at : at + size])
        at += size
    if status != 0:
        raise RuntimeError(f"a worker process ended abnormally (wait status {status})")
    return outcomes


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _lint_in_pool(
    registry: Registry, tasks: Iterable[Task], jobs: int, color: bool | None
) -> Iterator[Outcome]:
    """:func:`lint_in_workers` on a pool of ``jobs`` processes (spawned where fork is unsafe).

    ``tasks`` may be produced lazily (reading the files as it goes): the first worker starts on
    the first chunk, and pays for loading its dictionaries and indexes, while the rest is read.
    A sized ``tasks`` gets chunks fitted to its length.
    """
    # Imported here: a run that never starts workers should not pay for these modules.
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers inherit the registry as it is (nothing is pickled); spawned ones load it.
    initargs = (registry if _uses_fork() else None, color)
    count = len(tasks) if isinstance(tasks, Sized) else None
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_initialize, initargs=initargs
    )
    try:
        for outcomes in pool.map(_lint_chunk, _chunks(tasks, count, jobs)):
            yield from outcomes
    except BaseException:
        # Ctrl-C, an error in a worker, or the caller stopped early: drop the queued chunks
        # instead of finishing the whole run first.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
