"""The structure pack: the form of a speech (DESIGN §1, codes S1xx).

It ships the built-in form schemas (``meeting-speech``, ``speech``, ``opening-address``,
``pledge``) and the rules that check a speech against them.  Each rule lives in its own module;
:data:`RULES` gathers them, so a new rule is one module and one line here.
"""

from __future__ import annotations

from pathlib import Path

from speechlint.hookspecs import hookimpl
from speechlint.plugins.structure import (
    announced_count,
    form_schema,
    misplaced_element,
    salutation_punctuation,
    title_punctuation,
)
from speechlint.rules import Rule

__all__ = ["RULES"]

RULES: list[Rule] = [
    *form_schema.RULES,
    misplaced_element.RULE,
    salutation_punctuation.RULE,
    title_punctuation.RULE,
    announced_count.RULE,
]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The structure rules."""
    return RULES


@hookimpl
def speechlint_forms() -> dict[str, Path]:
    """The built-in forms: name → schema file inside ``speechlint.schemas``."""
    return form_schema.builtin_forms()
