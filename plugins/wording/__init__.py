"""Built-in rule pack: wording (W501–W505), driven by dictionaries (docs/dictionaries.md).

The built-in dictionaries live in ``data/*.tsv``; organisations add theirs through the
``dictionaries`` configuration key, plugins through the ``speechlint_dictionaries`` hook.
:func:`~speechlint.plugins.wording.dictionary.load_dictionaries` loads and caches them.
"""

from __future__ import annotations

from speechlint import hookimpl
from speechlint.plugins.wording import (
    discouraged_expression,
    misspelled_phrase,
    noncanonical_term,
    pattern,
    unquoted_term,
)
from speechlint.rules import Rule

__all__ = ["RULES"]

RULES = [
    misspelled_phrase.RULE,
    noncanonical_term.RULE,
    unquoted_term.RULE,
    discouraged_expression.RULE,
    pattern.RULE,
]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The wording rules."""
    return RULES
