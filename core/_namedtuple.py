"""``typing.NamedTuple`` without compiling every annotation when the class is defined.

Under ``from __future__ import annotations`` every annotation is a string, and
``typing.NamedTuple`` turns each field's string into a ``ForwardRef``, which compiles it: about
300 µs a class against 60 µs for the ``collections.namedtuple`` underneath, some 9 ms of a cold
start over the 33 classes speechlint defines.  Nothing reads those annotations at run time.

This ``NamedTuple`` builds the same class -- ``collections.namedtuple`` with the class body's
defaults, methods, properties, docstring and ``__qualname__``, and the same errors for a field
without a default after one with, or for a body that overrides the tuple's own attributes --
and keeps the annotations as written.  Type checkers see ``typing.NamedTuple`` itself.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

__all__ = ["NamedTuple"]

# What a class body may not set, and what it sets that is not copied (as in typing).
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
     "_make", "_replace", "_asdict", "_source"}
)  # fmt: skip
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
# Called with names known only at run time, which type checkers reject for the real thing.
_namedtuple: Any = collections.namedtuple


class _NamedTupleMeta(type):
    def __new__(cls, typename: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if bases != (_Base,):
            raise TypeError("a NamedTuple class derives from NamedTuple only")
        fields = dict(namespace.get("__annotations__", {}))
        with_defaults = []
        for name in fields:
            if name in namespace:
                with_defaults.append(name)
            elif with_defaults:
                raise TypeError(
                    f"Non-default namedtuple field {name} cannot follow default field"
                    f"{'s' if len(with_defaults) > 1 else ''} {', '.join(with_defaults)}"
                )
        defaults = [namespace[name] for name in with_defaults]
        made = _namedtuple(
            typename, list(fields), defaults=defaults, module=namespace["__module__"]
        )
        made.__annotations__ = made.__new__.__annotations__ = fields
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in fields:
                setattr(made, key, value)
        return made


_Base = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    NamedTuple = _Base
