"""Types of the C candidate search (_near_miss_c.c)."""

from collections.abc import Callable, Sequence
from typing import Any

class PairIndex:
    """The pairs of a PairTable, looked up by their two characters."""

    def __init__(self, firsts: dict[str, str]) -> None: ...
    def probe(
        self,
        text: str,
        base: int,
        parsed: list[Any],
        checks: Callable[[int], Sequence[tuple[int, int, int, int, dict[str, str]]]],
        found: list[tuple[int, int, str]],
        /,
    ) -> None: ...
