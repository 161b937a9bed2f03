"""The generated-code cache (core/_codecache.py): dataclasses and named tuples defined with it are
the same as without, their methods' code comes from the cache once stored, and a damaged cache
only costs compiling."""

from __future__ import annotations

import collections
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from speechlint import _codecache


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache file of this test's own, read afresh."""
    path = tmp_path / "code"
    monkeypatch.setattr(_codecache, "_store", _codecache._marshalfile.Store(lambda: str(path), 100))
    return path


def _define() -> tuple[type, Any]:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Span:
        start: int
        end: int = 0

    return Span, collections.namedtuple("Pair", ["left", "right"])


def _methods(cls: type) -> dict[str, Any]:
    names = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__new__")
    found = {name: getattr(cls, name, None) for name in names}
    return {name: getattr(f, "__code__", None) for name, f in found.items()}


def test_classes_defined_with_the_cache_are_those_defined_without() -> None:
    plain_span, plain_pair = _define()
    with _codecache.generated():
        span, pair = _define()  # compiled, stored
    with _codecache.generated():
        cached_span, cached_pair = _define()  # from the cache
    assert _codecache._store.values  # (something was stored)
    for cls in (span, cached_span):
        assert _methods(cls) == _methods(plain_span)
        assert cls(1, 2) == cls(1, 2) and hash(cls(1, 2)) == hash(cls(1, 2))
        assert repr(cls(1)) == repr(plain_span(1))
        with pytest.raises(dataclasses.FrozenInstanceError):
            cls(1).start = 2  # type: ignore[misc]
    for cls in (pair, cached_pair):
        assert _methods(cls) == _methods(plain_pair)
        assert cls(1, 2) == (1, 2) and cls(left=1, right=2).right == 2


def test_the_cache_is_read_back_and_used(_private_cache: Path, monkeypatch) -> None:
    with _codecache.generated():
        _define()
    _codecache.save()
    assert _private_cache.is_file()
    store = _codecache._marshalfile.Store(lambda: str(_private_cache), 100)
    monkeypatch.setattr(_codecache, "_store", store)

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although cached")

    monkeypatch.setattr(_codecache.builtins, "compile", no_compiling)
    with _codecache.generated():
        span, pair = _define()
    assert span(1, 2).end == 2 and pair(1, 2).left == 1


def test_a_damaged_cache_only_costs_compiling(_private_cache: Path) -> None:
    _private_cache.write_bytes(b"\x00not marshal")
    with _codecache.generated():
        span, _pair = _define()
    assert span(3).start == 3


def test_code_is_compiled_as_for_a_module_without_future_imports() -> None:
    # (this test module and _codecache import annotations from __future__; dataclasses does not)
    namespace: dict[str, Any] = {}
    _codecache._exec("def f(x: int) -> None: pass", namespace)
    assert namespace["f"].__annotations__ == {"x": int, "return": None}
    assert _codecache._eval("1 + 2", {}) == 3


def test_without_namespaces_the_callers_are_used() -> None:
    base = 41  # noqa: F841 - read by the evaluated string
    assert _codecache._eval("base + 1") == 42


def test_the_modules_get_their_builtins_back_after_the_block() -> None:
    with _codecache.generated():
        with _codecache.generated():
            assert dataclasses.exec is _codecache._exec  # type: ignore[attr-defined]
        assert collections.eval is _codecache._eval  # type: ignore[attr-defined]
    assert not hasattr(dataclasses, "exec") and not hasattr(collections, "eval")
