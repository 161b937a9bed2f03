"""speechlint._namedtuple.NamedTuple makes the class typing.NamedTuple makes (but for the
annotations, kept as written): fields, defaults, methods, errors, pickling."""

from __future__ import annotations

import pickle
import typing

import pytest

from speechlint._namedtuple import NamedTuple


class Span(NamedTuple):
    """A stretch of text."""

    start: int
    end: int
    label: str = "span"
    tags: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        """Characters covered."""
        return self.end - self.start

    def shifted(self, by: int) -> Span:
        return self._replace(start=self.start + by, end=self.end + by)

    @classmethod
    def empty(cls) -> Span:
        return cls(0, 0)


class TypingSpan(typing.NamedTuple):
    """A stretch of text."""

    start: int
    end: int
    label: str = "span"
    tags: tuple[str, ...] = ()


def test_the_class_is_the_namedtuple_typing_makes():
    span = Span(3, 7)
    assert span == (3, 7, "span", ())
    assert span == TypingSpan(3, 7)
    assert type(span).__mro__ == (Span, tuple, object)
    assert Span._fields == TypingSpan._fields
    assert Span._field_defaults == TypingSpan._field_defaults
    assert repr(span) == "Span(start=3, end=7, label='span', tags=())"
    assert span._asdict() == TypingSpan(3, 7)._asdict()
    assert Span._make([1, 2, "x", ("a",)]) == (1, 2, "x", ("a",))
    assert Span.__doc__ == TypingSpan.__doc__
    assert Span.__module__ == TypingSpan.__module__ == __name__
    assert Span.__qualname__ == "Span"
    assert Span.__annotations__ == {
        "start": "int",
        "end": "int",
        "label": "str",
        "tags": "tuple[str, ...]",
    }
    with pytest.raises(AttributeError):
        span.start = 1  # type: ignore[misc]


def test_the_body_s_methods_and_properties_carry_over():
    assert Span(3, 7).length == 4
    assert Span(3, 7).shifted(2) == (5, 9, "span", ())
    assert Span.empty() == (0, 0, "span", ())


def test_instances_pickle_by_reference_to_the_class():
    span = Span(1, 2, "x", ("t",))
    assert pickle.loads(pickle.dumps(span)) == span
    assert type(pickle.loads(pickle.dumps(span))) is Span


def _errors(base: type) -> list[str]:
    found = []
    for body in (
        "a: int = 1\n    b: int",  # a field without a default after one with
        "a: int\n    def _replace(self): pass",  # overrides the tuple's own attribute
        "a: int\n    __slots__ = ()",
    ):
        namespace: dict[str, object] = {"NamedTuple": base}
        try:
            exec(f"class Bad(NamedTuple):\n    {body}\n", namespace)
        except (TypeError, AttributeError) as exc:
            found.append(f"{type(exc).__name__}: {exc}")
        else:
            found.append("no error")
    return found


def test_the_same_errors_as_typing():
    assert _errors(NamedTuple) == _errors(typing.NamedTuple)
    assert "no error" not in _errors(NamedTuple)


def test_only_named_tuple_may_be_derived_from():
    with pytest.raises(TypeError):
        type(NamedTuple)("Mixed", (NamedTuple, int), {"__module__": __name__})
