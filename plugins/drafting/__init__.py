"""Built-in rule pack: drafting leftovers -- placeholders, repeated sentences, doubled words."""

from __future__ import annotations

from speechlint import hookimpl
from speechlint.plugins.drafting import duplicate_sentence, placeholder, repeated_word
from speechlint.rules import Rule

__all__ = ["RULES"]

RULES = [placeholder.RULE, duplicate_sentence.RULE, repeated_word.RULE]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The drafting rules D601–D603."""
    return RULES
