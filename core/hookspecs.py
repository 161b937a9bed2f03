"""The hooks speechlint plugins implement (pluggy project ``speechlint``).

A plugin is a module or object with functions named after these hooks and marked with
``@speechlint.hookimpl``; it is found through the ``speechlint`` entry-point group.  Hooks are
called with keyword arguments only.  Built-in packs (``speechlint.plugins.*``) use exactly this
interface.

pluggy itself is imported only when a plugin other than the built-in packs is loaded (see
speechlint._pluginmanager): ``hookimpl`` marks a function exactly as pluggy's
``HookimplMarker`` does (tests/core/test_startup.py compares the two), and the specifications
below are marked with pluggy's ``HookspecMarker`` when a plugin manager is made (``hookspec``
is that marker, made on first use).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    import pluggy

    from speechlint.rules import Rule

__all__ = ["HOOKS", "PROJECT", "hookimpl", "mark_specs"]

PROJECT = "speechlint"
# The hooks below, by name.
HOOKS = ("speechlint_rules", "speechlint_forms", "speechlint_dictionaries")


class _HookimplMarker:
    """pluggy's ``HookimplMarker(PROJECT)``, without importing pluggy: it sets the same
    ``speechlint_impl`` options on the function, which pluggy reads when it registers one.
    (Type checkers see pluggy's marker itself, with its overloads.)"""

    def __call__(
        self,
        function: Callable[..., Any] | None = None,
        hookwrapper: bool = False,
        optionalhook: bool = False,
        tryfirst: bool = False,
        trylast: bool = False,
        specname: str | None = None,
        wrapper: bool = False,
    ) -> Any:
        options = {
            "wrapper": wrapper,
            "hookwrapper": hookwrapper,
            "optionalhook": optionalhook,
            "tryfirst": tryfirst,
            "trylast": trylast,
            "specname": specname,
        }

        def mark(func: Callable[..., Any]) -> Callable[..., Any]:
            setattr(func, PROJECT + "_impl", dict(options))
            return func

        return mark if function is None else mark(function)


if TYPE_CHECKING:
    hookimpl = pluggy.HookimplMarker(PROJECT)
else:
    hookimpl = _HookimplMarker()


def __getattr__(name: str) -> Any:
    if name == "hookspec":
        return _spec_marker()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _spec_marker() -> pluggy.HookspecMarker:
    import pluggy

    return pluggy.HookspecMarker(PROJECT)


def mark_specs() -> None:
    """Mark the hook specifications of this module for pluggy (before ``add_hookspecs``)."""
    marker = _spec_marker()
    for name in HOOKS:
        marker(globals()[name])


def speechlint_rules() -> list[Rule]:
    """Return the rules this plugin contributes.

    Called once per run.  Results are collected from every plugin (a list of lists).  Codes
    must be unique across plugins: built-in codes are one letter and three digits, a plugin's
    codes a prefix of two or more letters (``ORG101``).

    Since 0.1.
    """
    raise NotImplementedError


def speechlint_forms() -> dict[str, Path]:
    """Return the speech forms this plugin ships: form name → path of its JSON Schema.

    Called once per run; collected.  A form schema validates the outline JSON (DESIGN §2) and
    carries ``x-code`` / ``x-severity`` / ``x-message`` annotations for its findings.

    Since 0.1.
    """
    raise NotImplementedError


def speechlint_dictionaries() -> list[Path]:
    """Return dictionary files (word lists, patterns) this plugin ships.

    Called once per run; collected.  The wording rules load them in addition to the built-in
    dictionaries and those listed in the ``dictionaries`` configuration key.

    Since 0.1.
    """
    raise NotImplementedError
