"""Generated code compiled once per machine: the methods ``dataclasses`` and ``namedtuple`` write.

Defining a frozen dataclass makes :mod:`dataclasses` write the source of six methods and
``exec`` each, compiling it; a named tuple's ``__new__`` is ``eval``\\ ed the same way.  speechlint
defines the five dataclasses of DESIGN §3 and some forty named tuples at start-up: about a
twentieth of a cold start, most of it compiling the same few dozen strings in every process.
Within :func:`generated`, those two modules call an ``exec`` and an ``eval`` that take the code
object from a marshal file in the cache directory (named by the interpreter's version and
bytecode magic), and compile and store it on a miss -- as the built-ins compile a string for a
module without ``__future__`` imports, which both modules are.  Like :mod:`speechlint._regex`,
the cache can only save time: a damaged or unwritable file means compiling as before.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from types import CodeType
from typing import Any

from speechlint import _marshalfile
from speechlint._dirs import cache_root

__all__ = ["generated"]

# The generated methods of one interpreter: a few dozen, a few hundred bytes each.
_LIMIT = 1000


def _path() -> str:
    import _frozen_importlib_external  # (always loaded: the import system itself)

    magic = _frozen_importlib_external.MAGIC_NUMBER.hex()
    version = "-".join(map(str, sys.version_info[:3]))
    return os.path.join(cache_root(), "code", f"{sys.implementation.name}-{version}-{magic}")


# (mode, source) -> the code object compile() gives it
_store = _marshalfile.Store(_path, _LIMIT)


def _code(source: str, mode: str) -> CodeType:
    key = (mode, source)
    code = _store.get(key)
    if not isinstance(code, CodeType):
        code = builtins.compile(source, "<string>", mode, dont_inherit=True)
        _store.put(key, code)
    return code


def _frame_namespaces(
    globals: dict[str, Any] | None, locals: Mapping[str, object] | None
) -> tuple[dict[str, Any], Mapping[str, object] | None]:
    """The namespaces the built-in would use when called from the frame two levels up."""
    if globals is not None:
        return globals, locals
    frame = sys._getframe(2)
    return frame.f_globals, frame.f_locals if locals is None else locals


def _cached(builtin: Callable[..., Any], mode: str) -> Callable[..., Any]:
    """``builtin`` (``exec`` or ``eval``), taking a string's code from the cache."""

    def call(
        source: str | CodeType,
        globals: dict[str, Any] | None = None,
        locals: Mapping[str, object] | None = None,
        /,
    ) -> Any:
        if isinstance(source, str):
            source = _code(source, mode)
        globals, locals = _frame_namespaces(globals, locals)
        return builtin(source, globals, locals)

    return call


_exec = _cached(builtins.exec, "exec")
_eval = _cached(builtins.eval, "eval")


_depth = 0


@contextlib.contextmanager
def generated() -> Iterator[None]:
    """Dataclasses and named tuples defined in this block get their generated methods' code
    from the cache."""
    global _depth
    import collections
    import dataclasses

    _depth += 1
    if _depth == 1:
        dataclasses.exec = _exec  # type: ignore[attr-defined]
        collections.eval = _eval  # type: ignore[attr-defined]
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            del dataclasses.exec  # type: ignore[attr-defined]
            del collections.eval  # type: ignore[attr-defined]


def save() -> None:
    """Write the code back if this process compiled something the file lacked (run at exit)."""
    _store.save()
