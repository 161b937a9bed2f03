"""Built-in rule pack: topic sentences of points (T301 length, T302 run-on points)."""

from __future__ import annotations

from speechlint import hookimpl
from speechlint.plugins.topic import topic_sentence_length, topic_sentence_unterminated
from speechlint.rules import Rule

__all__ = ["RULES", "speechlint_rules"]

RULES = [topic_sentence_length.RULE, topic_sentence_unterminated.RULE]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The topic-sentence rules."""
    return RULES
