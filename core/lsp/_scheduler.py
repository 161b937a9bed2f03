"""When to lint: debounced after edits, at once after open and save; never publish stale results.

Linting runs on one worker thread, so the event loop keeps reading the client's messages (a
new edit, a cancellation) while a long speech is linted, and the engine is never entered by
two threads at once.  Each analysis is checked against the document's version when it
completes: if the user typed meanwhile, the result is dropped -- the newer version's lint is
already scheduled -- and nothing stale reaches the editor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from speechlint.lsp._session import Analysis, Session, Snapshot

__all__ = ["Scheduler"]

logger = logging.getLogger(__name__)
T = TypeVar("T")
Key = tuple[str, int, int]  # uri, version, generation


class Scheduler:
    """Runs the session's analyses off the loop and publishes the current ones.

    ``publish`` is called (on the loop) with every analysis that is still current when it
    completes; ``threaded=False`` runs analyses on the loop itself (tests, profiling).
    """

    def __init__(
        self,
        session: Session,
        publish: Callable[[Analysis], None],
        *,
        threaded: bool = True,
    ) -> None:
        self.session = session
        self.publish = publish
        self._executor = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="speechlint-lint")
            if threaded
            else None
        )
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._running: dict[Key, asyncio.Future[Analysis]] = {}

    async def run(self, function: Callable[[], T]) -> T:
        """Call ``function`` on the lint thread (anything that enters the engine goes there)."""
        if self._executor is None:
            return function()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function)

    async def analysis(self, uri: str) -> Analysis | None:
        """The analysis of the current version of ``uri``: cached, in progress, or started now."""
        cached = self.session.cached(uri)
        if cached is not None:
            return cached
        snapshot = self.session.snapshot(uri)
        if snapshot is None:
            return None
        key = (snapshot.uri, snapshot.version, snapshot.generation)
        running = self._running.get(key)
        if running is None:
            running = asyncio.ensure_future(self._analyze(snapshot))
            self._running[key] = running
            running.add_done_callback(lambda _: self._running.pop(key, None))
        # A waiter that is cancelled (the next keystroke) must not cancel the shared lint.
        return await asyncio.shield(running)

    async def _analyze(self, snapshot: Snapshot) -> Analysis:
        started = time.perf_counter()
        analysis = await self.run(lambda: self.session.analyze(snapshot))
        logger.debug(
            "linted %s v%s in %.1f ms",
            snapshot.uri,
            snapshot.version,
            (time.perf_counter() - started) * 1000,
        )
        self.session.remember(analysis)
        return analysis

    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Lint ``uri`` after ``delay`` seconds (default: the debounce), then publish.

        A newer call for the same document replaces a pending one: the latest version wins.
        """
        self.cancel(uri)
        wait = self.session.options.debounce if delay is None else delay
        task = asyncio.ensure_future(self._lint_and_publish(uri, wait))
        self._pending[uri] = task
        task.add_done_callback(lambda done: self._finished(uri, done))

    def _finished(self, uri: str, task: asyncio.Task[None]) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]
        if not task.cancelled() and task.exception() is not None:
            logger.error("linting %s failed", uri, exc_info=task.exception())

    async def _lint_and_publish(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        analysis = await self.analysis(uri)
        if analysis is not None and self.session.is_current(analysis):
            self.publish(analysis)

    def cancel(self, uri: str) -> None:
        """Drop the pending lint of ``uri`` (a running one completes but is not published)."""
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()

    def schedule_all(self) -> None:
        """Lint every open document now (after a configuration change)."""
        for document in self.session.documents:
            self.schedule(document.uri, 0)

    async def drain(self) -> None:
        """Wait for every pending lint (tests and benchmarks use this to settle)."""
        while self._pending:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*self._pending.values(), return_exceptions=True)

    def shutdown(self) -> None:
        """Cancel what is pending and stop the lint thread."""
        for uri in list(self._pending):
            self.cancel(uri)
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
