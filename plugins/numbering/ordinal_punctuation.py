"""N204 ordinal-punctuation: the mark after an ordinal marker (GB/T 15834-2011 Appendix B.3).

- 第一 / 首先 / 其次 / 最后 take a comma (B.3.1): 第一， not 第一、 第一： 首先、
- a bare Chinese numeral takes a 顿号 (B.3.2): 一、 not 一， 一． 一：
- a bare Arabic numeral takes a Western full stop (B.3.3): 1. not 1、 1， -- and not the
  full-width 1． either: B.3.3 names the Western mark, and the fix is mechanical
- a bracketed ordinal takes no mark (B.3.4): （一） （1） not （一）、 （1）．
- 一是 / 二是 take no mark (B.3.7): 一是 not 一是， 一是：

Only markers that are points are checked: 质量第一、效益优先 and 第一、第二、第三产业 are not
points, and neither is 第一、二产业.  A space after a marker (第一章 总则, B.3.6) and 首先 or
一是 without a mark are accepted; 第一, with a half-width comma is left to P401 (one finding,
one fix).  The safe fix replaces the mark (or removes it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from operator import attrgetter

from speechlint import _regex
from speechlint.ordinals import CANONICAL_PUNCTUATION, match_marker
from speechlint.outline import Point
from speechlint.plugins.numbering._series import analyse
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation, replace

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="N204",
    name="ordinal-punctuation",
    summary={
        "zh": "序次语后的标点不符合 GB/T 15834 附录 B.3",
        "en": "the mark after an ordinal does not follow GB/T 15834 Appendix B.3",
    },
    severity="warning",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "GB/T 15834-2011 附录 B.3：“第”“其”字头序次语及“首先”“其次”“最后”后用逗号；"
            "不带括号的汉字数字后用顿号；不带括号的阿拉伯数字后用下脚点（1.），不用顿号；"
            "加括号的序次语后面不用任何点号；“一是”“二是”这类叙述性序次语后不用标点。",
            "en": "GB/T 15834-2011 Appendix B.3: a comma after 第一/其一/首先; a 顿号 after a "
            "bare Chinese numeral (一、); a Western full stop after a bare Arabic numeral (1., "
            "not 1、); no mark after a bracketed ordinal (（一）); none after 一是.",
        },
        bad="同志们：\n第一、要提高认识。\n第二、要压实责任。\n",
        good="同志们：\n第一，要提高认识。\n第二，要压实责任。\n",
        reference="GB/T 15834-2011 附录 B.3.1–B.3.4、B.3.7",
    ),
)

# 第一、二产业 / 第一、二、三产业: ordinals enumerated with 顿号, not a marker's mark.
_ENUMERATION = r"[一二三四五六七八九十]{1,2}(?:、|产业|次产业)"
_HALF_WIDTH = {"，": ","}
_marker = attrgetter("marker")
_style = attrgetter("style")
_NAMES = {
    "，": ("逗号“，”", "the comma “，”"),
    "、": ("顿号“、”", "the 顿号 “、”"),
    ".": ("下脚点“.”", "a Western full stop “.”"),
}


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report each point whose marker is followed by the wrong mark."""
    analysis = analyse(ctx)
    order = analysis.order
    # Markers repeat across points and documents (一是 二是 一、): each is judged once, and
    # the judgements are looked up in C; most documents have no wrong mark at all.
    problems = list(map(_mark_problem, map(_marker, order), map(_style, order)))
    if problems.count(None) == len(problems):
        return
    for point, problem in zip(order, problems, strict=True):
        if problem is None or id(point) not in analysis.counted:
            continue
        found = _wrong_punctuation(ctx, point, *problem)
        if found is not None:
            yield _violation(point, *found)


@lru_cache(maxsize=4096)
def _mark_problem(marker_text: str, style: str) -> tuple[str, str] | None:
    """The wrong mark after the marker ``marker_text`` of ``style`` and the right one, or
    None when the mark is right or another rule's."""
    marker = match_marker(marker_text, 0, styles=(style,))
    if marker is None or marker.canonical or marker.punctuation.strip() == "":
        return None  # right, a space (第一章 总则), or no mark after 首先 / 一是
    right = CANONICAL_PUNCTUATION[style]
    if _HALF_WIDTH.get(right) == marker.punctuation:
        return None  # 第一, : the right mark in half width is P401's finding, not a second one
    return marker.punctuation, right


def _wrong_punctuation(
    ctx: RuleContext, point: Point, wrong: str, right: str
) -> tuple[int, str, str] | None:
    """Source offset and text of a wrong mark after the marker, and the right one."""
    start = point.marker_end - len(wrong)
    if ctx.text[start : point.marker_end] != wrong:
        return None  # markup between the marker and its mark: leave it to the writer
    if (
        point.style == "ordinal"
        and wrong == "、"
        and _enumeration().match(ctx.text, point.marker_end)
    ):
        return None
    return start, wrong, right


@cache
def _enumeration() -> re.Pattern[str]:
    return _regex.compile(_ENUMERATION)


def _violation(point: Point, start: int, wrong: str, right: str) -> Violation:
    fixed = point.marker[: len(point.marker) - len(wrong)] + right
    if right:
        zh_name, en_name = _NAMES[right]
        message = {
            "zh": f"序次语“{point.marker}”应写作“{fixed}”，后用{zh_name}（GB/T 15834-2011 B.3）",
            "en": f"write “{fixed}”, not “{point.marker}”: {en_name} follows this ordinal "
            "(GB/T 15834-2011 B.3)",
        }
        description = {"zh": f"改为“{fixed}”", "en": f"write “{fixed}”"}
    else:
        message = {
            "zh": f"序次语“{point.marker}”后不用标点，应写作“{fixed}”（GB/T 15834-2011 B.3）",
            "en": f"no mark follows “{fixed}” (GB/T 15834-2011 B.3)",
        }
        description = {"zh": f"删去“{wrong}”", "en": f"remove “{wrong}”"}
    end = start + len(wrong)
    return Violation(start, end, message, replace(start, end, right, description))


RULE = Rule(META, check)
