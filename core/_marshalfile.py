"""Plain values kept in marshal files in the cache directory: read whole, written atomically.

Shared by the caches that spare a cold start work an earlier run already did: compiled regular
expressions (:mod:`speechlint._regex`), parsed JSON data files (:mod:`speechlint._jsonfile`)
and the codes of the built-in forms (:mod:`speechlint._schema`).  A file that is missing,
damaged or written by another marshal version reads as ``None``; one that cannot be written is
done without: these caches can only save time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from typing import Any

__all__ = ["read", "write"]


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
