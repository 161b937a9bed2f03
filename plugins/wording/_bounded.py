"""Organisation regular expressions whose every search has a time limit (the ``regex`` package).

W505 patterns and the ``before`` / ``after`` constraints of dictionary entries are written by
organisations.  Python's ``re`` cannot be interrupted, and a pattern with nested quantifiers such
as ``(a+)+$`` backtracks exponentially on a line of ``a`` that does not end the way it expects:
one paragraph would hang the run.  The ``regex`` package takes a ``timeout`` on every search;
a pattern that exceeds it is the organisation's bug, reported like an invalid pattern -- a
:class:`~speechlint.errors.ConfigError` naming the dictionary file, the line and the pattern
(exit status 2) -- never a hang and never a silent skip.  This module is the only one that
touches the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, Protocol, cast

from speechlint.errors import ConfigError

__all__ = ["CONSTRAINT_TIMEOUT", "BoundedPattern", "Match", "PatternError"]

# Seconds one ``before`` / ``after`` constraint may take at one hit.  They look at a few
# characters around a dictionary hit; a legitimate one takes microseconds.
CONSTRAINT_TIMEOUT = 0.1


class Match(Protocol):
    """What speechlint uses of a match (the ``re.Match`` API, which ``regex`` shares)."""

    def span(self, group: int = ...) -> tuple[int, int]: ...

    def expand(self, template: str) -> str: ...


class PatternError(ValueError):
    """A pattern that does not compile; ``str()`` is the package's explanation."""


@cache
def _regex() -> Any:
    """The ``regex`` package, imported on first use: it costs ~8 ms of a cold start, and most
    runs never search an organisation pattern (the built-in dictionaries have three
    constraints, searched only where their entries hit)."""
    # The registry this project builds from publishes no type stubs for regex; the Protocol
    # above types what speechlint uses of it.
    import regex  # type: ignore[import-untyped, unused-ignore]

    return regex


class BoundedPattern:
    """A compiled pattern; each call gets ``timeout`` seconds or raises :class:`ConfigError`.

    ``where`` (``file:line``) and ``label`` (``column 'wrong'``) name the pattern in errors.
    A ``lazy`` pattern (the built-in dictionaries', checked by the test suite) is compiled on
    first use; any other is compiled, and so validated, at once.
    """

    def __init__(
        self, source: str, *, where: str, label: str, suffix: str = "", lazy: bool = False
    ) -> None:
        self.source = source
        self.where = where
        self.label = label
        self._suffix = suffix
        self._pattern: Any = None
        if not lazy:
            self._compile()

    def _compile(self) -> Any:
        regex = _regex()
        try:
            # Alone first: the error positions are then the user's.
            regex.compile(self.source, flags=regex.V0)
            compiled = regex.compile(f"(?:{self.source}){self._suffix}", flags=regex.V0)
        except regex.error as exc:
            raise PatternError(str(exc)) from None
        self._pattern = compiled
        return compiled

    @property
    def _compiled(self) -> Any:
        return self._pattern if self._pattern is not None else self._compile()

    def search(
        self, text: str, pos: int = 0, endpos: int | None = None, *, timeout: float
    ) -> Match | None:
        """The first match in ``text[pos:endpos]``."""
        end = len(text) if endpos is None else endpos
        try:
            return cast("Match | None", self._compiled.search(text, pos, end, timeout=timeout))
        except TimeoutError:
            raise self._too_slow(timeout) from None

    def match(self, text: str, pos: int = 0, *, timeout: float) -> Match | None:
        """A match starting exactly at ``pos``."""
        try:
            return cast("Match | None", self._compiled.match(text, pos, timeout=timeout))
        except TimeoutError:
            raise self._too_slow(timeout) from None

    def fullmatch(self, text: str, *, timeout: float) -> Match | None:
        """A match of the whole of ``text``."""
        try:
            return cast("Match | None", self._compiled.fullmatch(text, timeout=timeout))
        except TimeoutError:
            raise self._too_slow(timeout) from None

    def finditer(
        self, text: str, *, timeout: float, budget: float | None = None
    ) -> Iterator[Match]:
        """Every non-overlapping match; ``timeout`` bounds the whole iteration.

        ``budget`` is what the error reports when ``timeout`` is what is left of a larger
        allowance shared by several searches.
        """
        found = self._compiled.finditer(text, timeout=timeout)
        try:
            yield from cast("Iterator[Match]", found)
        except TimeoutError:
            raise self._too_slow(timeout if budget is None else budget) from None

    def check_template(self, match: Match, template: str) -> None:
        """Raise :class:`PatternError` if ``template`` is not a valid replacement for ``match``."""
        try:
            match.expand(template)
        except (_regex().error, IndexError) as exc:
            raise PatternError(str(exc)) from None

    def _too_slow(self, timeout: float) -> ConfigError:
        pattern = self.source
        return ConfigError(
            f"{self.where}: {self.label} 正则表达式 {pattern!r} 超过 {timeout:.2f} 秒仍未完成"
            "（多半是嵌套量词导致的灾难性回溯，如 (a+)+），请简化 / "
            f"{self.label}: the regular expression {pattern!r} ran for more than {timeout:.2f} s "
            "(most likely catastrophic backtracking from nested quantifiers such as (a+)+); "
            "simplify it"
        )
