"""Plain values kept in marshal files in the cache directory: read whole, written atomically.

Shared by the caches that spare a cold start work an earlier run already did: compiled regular
expressions (:mod:`speechlint._regex`), parsed JSON data files (:mod:`speechlint._jsonfile`)
and the codes of the built-in forms (:mod:`speechlint._schema`).  A file that is missing,
damaged or written by another marshal version reads as ``None``; one that cannot be written is
done without: these caches can only save time.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["Store", "read", "write"]


class Store:
    """A dict kept in one marshal file: read on first use, written back at exit when this
    process added to it.  Past ``limit`` entries, only those this process used are kept (the
    rest belong to old configurations or files).  ``path`` is asked when the file is read or
    written, so that the cache directory may change (tests do)."""

    def __init__(self, path: Callable[[], str], limit: int) -> None:
        self.path = path
        self.limit = limit
        self.used: set[Hashable] = set()
        self.dirty = False
        self._values: dict[Any, Any] | None = None

    @property
    def values(self) -> dict[Any, Any]:
        """The entries (the file is read the first time)."""
        if self._values is None:
            found = read(self.path())
            self._values = found if isinstance(found, dict) else {}  # none yet, or damaged
        return self._values

    def get(self, key: Hashable) -> Any:
        """The value of ``key``, or ``None``; the key counts as used."""
        self.used.add(key)
        return self.values.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        """Set ``key``; the file is written back at exit."""
        self.used.add(key)
        self.values[key] = value
        if not self.dirty:
            self.dirty = True
            atexit.register(self.save)

    def discard(self, key: Hashable) -> None:
        """Forget ``key`` (a stored value this process found unusable)."""
        self.values.pop(key, None)

    def save(self) -> None:
        """Write the entries back if this process added any."""
        if not self.dirty or self._values is None:
            return
        self.dirty = False
        values = self._values
        if len(values) > self.limit:
            values = {key: value for key, value in values.items() if key in self.used}
        write(self.path(), values)


def read(path: str) -> Any:
    """The value stored at ``path``, or ``None``."""
    try:
        # Read whole, then loads: marshal.load reads a file object a few bytes at a time.
        with open(path, "rb") as file:
            return marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write(path: str, value: Any) -> None:
    """Store ``value`` at ``path`` atomically (readers see the old file or the new one)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as file:
            marshal.dump(value, file)
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
