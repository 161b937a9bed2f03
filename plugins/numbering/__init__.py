"""Built-in rule pack: numbering of points (GB/T 15834-2011 Appendix B.3, GB/T 9704-2012 7.3.3).

N201 gaps and wrong order, N202 duplicates, N203 mixed styles, N204 the mark after an
ordinal, N205 inverted levels.  The series analysis they share lives in ``_series``.
"""

from __future__ import annotations

from speechlint import hookimpl
from speechlint.plugins.numbering import (
    numbering_duplicate,
    numbering_level_order,
    numbering_sequence,
    numbering_style_mixed,
    ordinal_punctuation,
)
from speechlint.rules import Rule

__all__ = ["RULES", "speechlint_rules"]

RULES = [
    numbering_sequence.RULE,
    numbering_duplicate.RULE,
    numbering_style_mixed.RULE,
    ordinal_punctuation.RULE,
    numbering_level_order.RULE,
]


@hookimpl
def speechlint_rules() -> list[Rule]:
    """The numbering rules."""
    return RULES
