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

import atexit
import os
import re
import sys
from typing import Any

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

# (pattern, flags) -> (flags, program, groups, group index, index group), as _sre.compile
# takes them; None until the file is read.
_programs: dict[tuple[str, int], tuple[Any, ...]] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the program read from the cache when it has it."""
    if _sre is None:
        return re.compile(pattern, flags)
    flags = int(flags)
    key = (pattern, flags)
    programs = _programs if _programs is not None else _load()
    _used.add(key)
    stored = programs.get(key)
    if stored is not None:
        try:
            built: re.Pattern[str] = _sre.compile(pattern, *stored)
            return built
        except (TypeError, ValueError, RuntimeError):  # not a program of this matcher
            del programs[key]
    return _compiled(pattern, flags, programs)


def _compiled(
    pattern: str, flags: int, programs: dict[tuple[str, int], tuple[Any, ...]]
) -> re.Pattern[str]:
    """Compile as ``re._compiler.compile`` does, keeping the program if it is re's own."""
    global _dirty
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
    if not _dirty:
        _dirty = True
        atexit.register(save)
    programs[(pattern, flags)] = stored
    return expected


def _path() -> str:
    version = "-".join(map(str, sys.version_info[:3]))
    return os.path.join(cache_root(), "regex", f"{sys.implementation.name}-{version}-{_sre.MAGIC}")


def _load() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _programs
    found = _marshalfile.read(_path())
    # None yet, or damaged: start again.
    _programs = found if isinstance(found, dict) else {}
    return _programs


def save() -> None:
    """Write the programs back if this process compiled a pattern the file lacked
    (run at exit); a cache that cannot be written is done without."""
    global _dirty
    if not _dirty or _programs is None:
        return
    _dirty = False
    programs = _programs
    if len(programs) > _LIMIT:  # patterns of old configurations: keep this run's
        programs = {key: value for key, value in programs.items() if key in _used}
    _marshalfile.write(_path(), programs)
