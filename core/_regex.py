"""Regular expressions compiled once per machine, like bytecode, rather than once per process.

Python turns a pattern into the matcher's program in Python code (``re._parser`` and
``re._compiler``): for the outline lexicon's long alternations and the other patterns of a
check this was about a tenth of a cold ``speechlint check`` on one speech.  The program is a
list of integers that ``_sre.compile`` takes as it is, so :func:`compile` keeps the programs
of the patterns it has compiled in one marshal file in the cache directory, named by the
interpreter's version and the matcher's ``MAGIC``, read once per process and written back
when a run compiled something new.

A program is stored only after the pattern built from it compared equal to ``re.compile``'s
(``Pattern.__eq__`` compares the programs); ``_sre.compile`` validates a program it is
given.  Anything unexpected (another Python's internals, an unreadable or damaged file, a
read-only cache directory) falls back to ``re.compile``: the cache can only save time.
"""

from __future__ import annotations

import os
import re
import sys

from speechlint import _marshalfile
from speechlint._dirs import cache_root

__all__ = ["compile", "save"]

try:  # CPython 3.11 and later: the compiler's parts, and the matcher they feed
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10 and other implementations
    _sre = None

# The programs of one interpreter's patterns: a few hundred kilobytes at most.
_LIMIT = 2000


def _path() -> str:
    version = "-".join(map(str, sys.version_info[:3]))
    return os.path.join(cache_root(), "regex", f"{sys.implementation.name}-{version}-{_sre.MAGIC}")


# (pattern, flags) -> (flags, program, groups, group index, index group), as _sre.compile
# takes them.
_store = _marshalfile.Store(_path, _LIMIT)


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the program read from the cache when it has it."""
    if _sre is None:
        return re.compile(pattern, flags)
    flags = int(flags)
    key = (pattern, flags)
    stored = _store.get(key)
    if stored is not None:
        try:
            built: re.Pattern[str] = _sre.compile(pattern, *stored)
            return built
        except (TypeError, ValueError, RuntimeError):  # not a program of this matcher
            _store.discard(key)
    return _compiled(pattern, flags)


def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """Compile as ``re._compiler.compile`` does, keeping the program if it is re's own."""
    expected = re.compile(pattern, flags)
    try:
        parsed = _parser.parse(pattern, flags)
        program = [int(code) for code in _compiler._code(parsed, flags)]
        state = parsed.state
        index_group: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            index_group[index] = name
        stored = (
            flags | state.flags,
            program,
            state.groups - 1,
            dict(state.groupdict),
            tuple(index_group),
        )
        if _sre.compile(pattern, *stored) != expected:
            return expected
    except Exception:
        return expected
    _store.put((pattern, flags), stored)
    return expected


def save() -> None:
    """Write the programs back if this process compiled a pattern the file lacked
    (run at exit); a cache that cannot be written is done without."""
    _store.save()
