"""speechlint-example-org: the house style of an example organisation, as a speechlint plugin.

speechlint finds this module through the ``speechlint`` entry-point group (see pyproject.toml)
and calls its ``speechlint_rules`` hook once per run.  Codes of third-party plugins use a prefix
of two or more letters, so they can never clash with the built-in ones (``ORG101``).
"""

from __future__ import annotations

from speechlint import hookimpl
from speechlint.rules import Rule
from speechlint_example_org import self_designation

__all__ = ["RULES", "speechlint_rules"]

RULES = [self_designation.RULE]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The organisation's rules."""
    return RULES
