"""A progress line on standard error for long runs: ``speechlint: 340/1000 [######    ] 34%``.

It is drawn only on a terminal, only once the run has taken more than :data:`DELAY` seconds (a
quick run never flickers), at most ten times a second, and erased when the run ends, so that
nothing of it remains in the terminal or in a log.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import TextIO

__all__ = ["DELAY", "Progress"]

DELAY = 0.5  # seconds before the line first appears
INTERVAL = 0.1  # seconds between redraws
WIDTH = 20  # cells of the bar


class Progress:
    """Counts finished files and redraws one ``\\r``-updated line."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        enabled: bool,
        lang: str = "zh",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 0
        self.label = "检查" if lang == "zh" else "checking"
        self.clock = clock
        self.done = 0
        self.started = clock()
        self.drawn_at: float | None = None
        self.width = 0

    @staticmethod
    def wanted(stream: TextIO, *, quiet: bool) -> bool:
        """Whether to show progress at all: not ``--quiet``, and ``stream`` is a terminal."""
        isatty = getattr(stream, "isatty", None)
        return not quiet and isatty is not None and bool(isatty())

    def advance(self, count: int = 1) -> None:
        """``count`` more files are finished."""
        self.done += count
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < DELAY:
            return
        if self.drawn_at is not None and now - self.drawn_at < INTERVAL and self.done < self.total:
            return
        self._draw(now)

    def _draw(self, now: float) -> None:
        filled = WIDTH * self.done // self.total
        bar = "#" * filled + " " * (WIDTH - filled)
        percent = 100 * self.done // self.total
        line = f"speechlint: {self.label} {self.done}/{self.total} [{bar}] {percent}%"
        self.stream.write("\r" + line)
        self.stream.flush()
        # 汉字 take two terminal columns: erase by display width, not by code points.
        self.width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        self.drawn_at = now

    def close(self) -> None:
        """Erase the line (when one was drawn)."""
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.drawn_at = None
