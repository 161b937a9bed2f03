"""The hooks speechlint plugins implement (pluggy project ``speechlint``).

A plugin is a module or object with functions named after these hooks and marked with
``@speechlint.hookimpl``; it is found through the ``speechlint`` entry-point group.  Hooks are
called with keyword arguments only.  Built-in packs (``speechlint.plugins.*``) use exactly this
interface.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    from speechlint.rules import Rule

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "speechlint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def speechlint_rules() -> list[Rule]:
    """Return the rules this plugin contributes.

    Called once per run.  Results are collected from every plugin (a list of lists).  Codes
    must be unique across plugins: built-in codes are one letter and three digits, a plugin's
    codes a prefix of two or more letters (``ORG101``).

    Since 0.1.
    """
    raise NotImplementedError


@hookspec
def speechlint_forms() -> dict[str, Path]:
    """Return the speech forms this plugin ships: form name → path of its JSON Schema.

    Called once per run; collected.  A form schema validates the outline JSON (DESIGN §2) and
    carries ``x-code`` / ``x-severity`` / ``x-message`` annotations for its findings.

    Since 0.1.
    """
    raise NotImplementedError


@hookspec
def speechlint_dictionaries() -> list[Path]:
    """Return dictionary files (word lists, patterns) this plugin ships.

    Called once per run; collected.  The wording rules load them in addition to the built-in
    dictionaries and those listed in the ``dictionaries`` configuration key.

    Since 0.1.
    """
    raise NotImplementedError
