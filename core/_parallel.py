"""Linting documents in worker processes (``--jobs``).

Each worker builds its engine once (the pool's initializer) and receives chunks of
``(index, path, bytes, settings)`` tasks; it sends back the diagnostics as plain rows
(:func:`speechlint._cache.encode_rows`), which are cheap to pickle and are exactly what the cache
stores.  The caller puts results back in task order, so the report does not depend on which
worker finished first.

A task without bytes is read by the worker; a worker asked to render also sends back the text
report of the file (:func:`speechlint.formatters.text.render`).  Together they leave the
caller nothing to do per file but collect: it neither reads, decodes nor pickles the files,
work that otherwise competes with the workers for the same processors.

On Linux the pool forks: workers inherit the loaded plugins (including plugins passed in as
objects) and start in milliseconds.  Elsewhere fork is unsafe or missing and workers are
spawned, loading the plugins again; plugins that only exist as objects in this process cannot
be loaded there, so :func:`can_spawn` tells the caller to stay in-process.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized
from typing import TYPE_CHECKING

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
    import os

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
    index, path, data, settings = task
    assert _engine is not None, "worker used before its initializer ran"
    try:
        if data is None:
            data = read_bytes(path)
        document = Document.from_bytes(path, data, encoding=settings.encoding)
    except DecodeError as error:
        result = _engine.unreadable(path, error, settings)
    else:
        result = _engine.lint(document, settings)
    text = None
    if _color is not None:
        from speechlint.formatters.text import render

        text = render(result, color=_color)
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
    """Lint ``tasks`` on ``jobs`` processes; yields ``(index, rows, text)`` in task order.

    ``tasks`` may be produced lazily (reading the files as it goes): the first worker starts on
    the first chunk, and pays for loading its dictionaries and indexes, while the rest is read.
    A sized ``tasks`` gets chunks fitted to its length.  With ``color`` (True or False), the
    workers render each file's text report; ``text`` is None otherwise.
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
