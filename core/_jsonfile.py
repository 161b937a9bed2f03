"""JSON data files parsed once per machine, like bytecode, rather than once per process.

Every check reads the same JSON files -- the built-in form schemas and the outline lexicon --
and importing :mod:`json` compiles half a dozen regular expressions in Python: about 3 ms of a
cold ``speechlint check`` on one speech.  :func:`load` keeps each file's parsed value in one
marshal file in the cache directory, keyed by the file's path, size and modification time, read
once per process and written back at exit when a file had to be parsed.  A file that changed is
parsed again; a missing, damaged or unwritable cache only means parsing with :mod:`json`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from speechlint import _marshalfile
from speechlint._dirs import cache_root

__all__ = ["load", "save"]

# Entries of files no run has asked for lately are dropped past this many.
_LIMIT = 256
_BOM = b"\xef\xbb\xbf"


def _path() -> str:
    version = "-".join(map(str, sys.version_info[:3]))
    return os.path.join(cache_root(), "json", f"{sys.implementation.name}-{version}")


# path -> (modification time in ns, size, value)
_store = _marshalfile.Store(_path, _LIMIT)


def load(path: str | os.PathLike[str]) -> Any:
    """The JSON value of the file at ``path`` (UTF-8, a byte-order mark allowed).

    Raises :class:`OSError` when the file cannot be read, :class:`UnicodeDecodeError` when it
    is not UTF-8 and :class:`ValueError` (``json.JSONDecodeError``) when it is not JSON.  The
    value is shared with later calls: do not change it.
    """
    name = os.fspath(path)
    found = os.stat(name)
    known = _store.get(name)
    if known is not None and known[0] == found.st_mtime_ns and known[1] == found.st_size:
        return known[2]
    with open(name, "rb") as file:
        found = os.fstat(file.fileno())
        data = file.read()
    text = (data[len(_BOM) :] if data.startswith(_BOM) else data).decode("utf-8")
    import json

    value = json.loads(text)
    # (Whatever json builds, marshal can write: it nests twice as deep as json's recursion.)
    _store.put(name, (found.st_mtime_ns, found.st_size, value))
    return value


def save() -> None:
    """Write the values back if this process parsed a file the cache lacked (run at exit)."""
    _store.save()
