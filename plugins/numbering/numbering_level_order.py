"""N205 numbering-level-order: a higher level used under a lower one (（一） under 1.).

GB/T 9704-2012 7.3.3 orders the levels 一、 → （一） → 1. → （1）; levels may be skipped going
down (一、 then 1.), never reversed.  A point whose style ranks above the nearest ranked
ancestor's is reported once per parent and style -- at the first such marker -- rather than
once per item.  第一，, 首先，, 一是 have no fixed rank and are never reported (a 第一，
paragraph inside （一） is normal practice).
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.ordinals import STYLES, style_rank
from speechlint.plugins.numbering._series import analyse, nearest_ranked_ancestor
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="N205",
    name="numbering-level-order",
    summary={
        "zh": "序号层级颠倒：高层级序号用在低层级之下",
        "en": "a higher-level ordinal is used under a lower-level one",
    },
    severity="warning",
    doc=RuleDoc(
        why={
            "zh": "GB/T 9704-2012 7.3.3：文中结构层次序数依次用“一、”“（一）”“1.”“（1）”标注；"
            "GB/T 15834-2011 B.3.8：使用层次较低的序次语之后不宜反过来再使用层次更高的序次语。",
            "en": "GB/T 9704-2012 7.3.3 numbers levels 一、, （一）, 1., （1） in this order; "
            "GB/T 15834-2011 B.3.8: after a lower-level ordinal, do not go back to a higher one "
            "beneath it.",
        },
        bad="同志们：\n1.要提高认识。\n（一）统一思想。\n（二）凝聚共识。\n2.要压实责任。\n",
        good="同志们：\n（一）要提高认识。\n1.统一思想。\n2.凝聚共识。\n（二）要压实责任。\n",
        reference="GB/T 9704-2012 7.3.3；GB/T 15834-2011 附录 B.3.8",
    ),
)

# The styles with a GB/T 9704 level (一、 （一） 1. （1））.
_RANKED = frozenset(style for style in STYLES if style_rank(style) < style_rank("ordinal"))


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report the first inverted marker under each parent."""
    analysis = analyse(ctx)
    reported: set[tuple[int, str]] = set()
    for point in analysis.order:
        if point.style not in _RANKED:
            continue  # 第一， 首先， 一是: no rank, never out of order (most points)
        rank = style_rank(point.style)
        ancestor = nearest_ranked_ancestor(analysis, point)
        if ancestor is None or rank >= style_rank(ancestor.style):
            continue
        key = (id(analysis.parents.get(id(point))), point.style)
        if key in reported:
            continue
        reported.add(key)
        yield Violation(
            point.marker_start,
            point.marker_end,
            {
                "zh": f"层级颠倒：“{point.marker}”的层级高于上级序号“{ancestor.marker}”，"
                "应按“一、”“（一）”“1.”“（1）”的顺序逐级向下使用",
                "en": f"“{point.marker}” ranks above its parent “{ancestor.marker}”; go down the "
                "levels 一、, （一）, 1., （1） in order",
            },
        )


RULE = Rule(META, check)
