"""Output formats for diagnostics: text, json, sarif, github, junit.

A formatter has flake8's lifecycle: it is created for one output stream, receives every checked
file in path order through :meth:`Formatter.file`, and writes what it still holds in
:meth:`Formatter.finish`.  :func:`get_formatter` imports only the module of the format asked
for, so that ``--format text`` never loads the JSON formatter and vice versa.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from speechlint._engine import LintResult

__all__ = ["FORMATS", "Formatter", "Statistic", "get_formatter", "should_color", "statistics"]

# Format name → module defining ``FORMATTER`` (a class implementing :class:`Formatter`).
FORMATS: dict[str, str] = {
    "text": "speechlint.formatters.text",
    "json": "speechlint.formatters.json",
    "sarif": "speechlint.formatters.sarif",
    "github": "speechlint.formatters.github",
    "junit": "speechlint.formatters.junit",
}


class Statistic:
    """How often one code was reported in a run (``--statistics``).

    A plain class: a named tuple cannot have a field called ``count``, and a dataclass costs
    half a millisecond to define on every start (this module is always imported).
    """

    __slots__ = ("code", "count", "name")

    def __init__(self, code: str, name: str, count: int) -> None:
        self.code = code
        self.name = name
        self.count = count

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Statistic):
            return NotImplemented
        return (self.code, self.name, self.count) == (other.code, other.name, other.count)

    def __hash__(self) -> int:
        return hash((self.code, self.name, self.count))

    def __repr__(self) -> str:
        return f"Statistic({self.code!r}, {self.name!r}, {self.count!r})"

    def as_json(self) -> dict[str, str | int]:
        """The JSON object of ``--statistics --format json``."""
        return {"code": self.code, "name": self.name, "count": self.count}


class Formatter(Protocol):
    """Writes diagnostics to a stream: ``file`` once per checked file, then ``finish``."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", color: bool = False) -> None: ...

    def file(self, result: LintResult, *, lang: str) -> None:
        """Take the result of one file (files arrive sorted by path)."""

    def finish(self, files: int) -> None:
        """Write what is left (a summary, a JSON array); ``files`` is how many were checked."""

    def write_statistics(self, rows: list[Statistic]) -> None:
        """Write per-code counts instead of the findings (``--statistics``)."""


def get_formatter(name: str, stream: TextIO, *, lang: str = "zh", color: bool = False) -> Formatter:
    """A formatter for ``name`` (a key of :data:`FORMATS`) writing to ``stream``."""
    module = import_module(FORMATS[name])
    formatter: Formatter = module.FORMATTER(stream, lang=lang, color=color)
    return formatter


def should_color(choice: str, stream: TextIO | None) -> bool:
    """Whether to colour output: ``--color always|never``, else the environment and the stream
    (None: a file yet to be opened, which is no terminal).

    ``NO_COLOR`` (no-color.org) wins over ``FORCE_COLOR`` (force-color.org) when both are set:
    turning colour off is the safer mistake.  Without either, colour only on a terminal.
    """
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0", "false"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def statistics(results: Iterable[LintResult]) -> list[Statistic]:
    """Counts per code, most frequent first, then by code."""
    counts: Counter[tuple[str, str]] = Counter()
    for result in results:
        counts.update((d.code, d.rule) for d in result.diagnostics)
    rows = [Statistic(code, name, count) for (code, name), count in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, row.code))
