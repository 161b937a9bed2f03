"""Built-in rule pack: length -- speaking time against the allotted duration, long sentences."""

from __future__ import annotations

from speechlint import hookimpl
from speechlint.plugins.length import long_sentence, speech_duration
from speechlint.rules import Rule

__all__ = ["RULES"]

RULES = [speech_duration.RULE, long_sentence.RULE]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The length rules L701 and L702."""
    return RULES
