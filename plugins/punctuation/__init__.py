"""Built-in rule pack: punctuation (GB/T 15834-2011 《标点符号用法》), P401–P406.

Chinese context decides: a comma between Latin words or in 5,000, decimal points, times, URLs,
code spans and the text inside 《》 titles are left alone, and ordinal markers belong to the
numbering pack.  The rules share per-document caches (matched quote and bracket pairs, the
ranges that are not prose) through the rule context, so each unit is analysed once.
"""

from __future__ import annotations

from speechlint import hookimpl
from speechlint.plugins.punctuation import (
    cjk_latin_space,
    enumeration_punctuation,
    halfwidth_punctuation,
    quote_style,
    repeated_punctuation,
    unmatched_pair,
)
from speechlint.rules import Rule

__all__ = ["RULES"]

RULES = [
    halfwidth_punctuation.RULE,
    unmatched_pair.RULE,
    repeated_punctuation.RULE,
    cjk_latin_space.RULE,
    quote_style.RULE,
    enumeration_punctuation.RULE,
]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The punctuation rules P401–P406."""
    return RULES
