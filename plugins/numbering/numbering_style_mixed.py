"""N203 numbering-style-mixed: one series written in two styles (第一，… 二、… 第三，).

A series that starts above 一 and whose missing predecessor is a marker of another style --
the point before it, one of its ancestors, or a marker opening an earlier paragraph -- is one
enumeration written in two styles: 第一，… 二、…; 第一，… 二是…; 首先，… 其次，… 第三，… (the
guide to GB/T 15834-2011 says 首先/其次 不宜跟 第一/第二 混用).  The first marker of the odd
series is reported.

The outline builder nests a new style one level down, so 二、 after 第一， is a child of 第一， in
the tree; the check follows the numbers, not the levels, and works either way.  Different
styles with their own count (一、 sections holding （一） and 第一， paragraphs) are not mixed.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.ordinals import Marker
from speechlint.outline import Point
from speechlint.plugins.numbering._series import analyse, display, start_problem
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="N203",
    name="numbering-style-mixed",
    summary={"zh": "同一序列混用不同的序号样式", "en": "one series mixes ordinal styles"},
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "同一层级的序号应统一样式：“第一，……二是……第三，……”是典型的序号格式不统一；"
            "“首先”“其次”“再次”“最后”不宜与“第一”“第二”混用。",
            "en": "One level of points uses one ordinal style: 第一，… 二是… 第三，… mixes "
            "styles, and 首先/其次/最后 should not be mixed with 第一/第二 (guide to "
            "GB/T 15834-2011).",
        },
        bad="同志们：\n第一，要提高认识。\n二、要压实责任。\n第三，要强化落实。\n",
        good="同志们：\n第一，要提高认识。\n第二，要压实责任。\n第三，要强化落实。\n",
        reference="GB/T 15834-2011 附录 B.3.1、B.3.2",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report the first marker of every series that continues another style's count."""
    analysis = analyse(ctx)
    for series in analysis.series:
        if series.numbers[0] <= 1:
            continue
        kind, predecessor = start_problem(ctx, analysis, series)
        if kind == "mixed" and predecessor is not None:
            yield _violation(series.points[0], series.numbers[0], predecessor)


def _violation(point: Point, number: int, predecessor: Point | Marker) -> Violation:
    style, marker = predecessor.style, predecessor.marker
    suggestion = display(style, marker, number) if style != "sequence" else ""
    zh_tail = f"，应统一为“{suggestion}”" if suggestion and suggestion != marker else "，应统一样式"
    en_tail = (
        f"; write “{suggestion}”" if suggestion and suggestion != marker else "; use one style"
    )
    return Violation(
        point.marker_start,
        point.marker_end,
        {
            "zh": f"序号样式混用：“{point.marker}”接续“{marker}”的序列{zh_tail}",
            "en": f"mixed ordinal styles: “{point.marker}” continues the series of “{marker}”"
            f"{en_tail}",
        },
    )


RULE = Rule(META, check)
