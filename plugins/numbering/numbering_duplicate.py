"""N202 numbering-duplicate: the same number twice in one series (第一，第二，第二，).

The second occurrence is reported.  A new enumeration that restarts at 一 after a complete
one (一、…五、 and then a list 一、…三、 under a lead-in paragraph) is a new series, not a
duplicate; a lone 第一 followed by another 第一 is.  No fix: which of the two is wrong, and
whether the rest of the series shifts, is the writer's call (N201 offers a renumbering when
the count breaks without a repeat).  一是……；一是…… inside a sentence is the old idiom "one
is …, the other is …" and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.plugins.numbering._series import Series, analyse
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="N202",
    name="numbering-duplicate",
    summary={"zh": "同一序列中序号重复", "en": "the same number twice in a series"},
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "同一层级出现两个相同的序号（两个“第二”），听众和读者无法分辨要点的数目与顺序。"
            "常见于复制段落或合并要点之后。",
            "en": "Two points with the same number at one level (two 第二) leave listeners "
            "unsure how many points there are; it usually follows copying or merging points.",
        },
        bad="同志们：\n第一，要提高认识。\n第二，要压实责任。\n第二，要强化落实。\n",
        good="同志们：\n第一，要提高认识。\n第二，要压实责任。\n第三，要强化落实。\n",
        reference="GB/T 15834-2011 附录 B.3",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every repeated number of every series."""
    for series in analyse(ctx).series:
        if series.style == "sequence" or series.consecutive or _one_and_one(series):
            continue
        seen: set[int] = set()
        for point, number in zip(series.points, series.numbers, strict=True):
            if number in seen:
                yield Violation(
                    point.marker_start,
                    point.marker_end,
                    {
                        "zh": f"序号“{point.marker}”在同一序列中重复出现",
                        "en": f"“{point.marker}” repeats a number already used in this series",
                    },
                )
            seen.add(number)


def _one_and_one(series: Series) -> bool:
    """一是……；一是…… inside a sentence: the idiom "one is …, the other is …"."""
    return all(point.inline for point in series.points) and set(series.numbers) == {1}


RULE = Rule(META, check)
