"""Types of the engine's C loops (_speedups.c)."""

from collections.abc import Sequence

def split(text: str, start: int, stop: int, limit: int, /) -> list[tuple[int, int]]: ...
def split_stretches(
    text: str, stretches: Sequence[tuple[int, int]], /
) -> list[tuple[tuple[int, int], ...]]: ...

class RareScanner:
    """Finds rare characters and doubled ones in one pass."""

    def __init__(self, rare: str, doubling: str) -> None: ...
    def scan(self, text: str, /) -> tuple[bytes, dict[str, list[int]], list[int]]: ...

class Literals:
    """Finds every occurrence of every key, overlapping ones included."""

    def __init__(self, keys: Sequence[str]) -> None: ...
    def find(self, text: str, /) -> list[tuple[int, int, int]]: ...

def repeated_sentences(
    texts: list[str],
    spans: list[tuple[tuple[int, int], ...]],
    spaced: list[bool],
    min_length: int,
    /,
) -> list[tuple[int, int]]: ...
