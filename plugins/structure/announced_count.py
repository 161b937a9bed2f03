"""S112 announced-count: the transition announces a count the points do not match.

下面，我讲三点意见。 followed by four points.  The count is read from the transition sentence
(三点, 四个方面, 五个问题, 两点要求); 几点 announces nothing, and neither does 一点 (讲一点体会
means "a few thoughts").  The announced count matches when it equals the number of top-level
points or the highest number among them (a gap or a mixed-style point is N201's or N203's,
not a second finding here).  Reported on the count word.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.ordinals import chinese_number
from speechlint.outline import Node
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="S112",
    name="announced-count",
    summary={
        "zh": "过渡句预告的要点数与正文不符",
        "en": "the transition announces a count the points do not match",
    },
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "“下面，我讲三点意见”之后却讲了四点，是修改讲话稿时增删要点而忘改过渡句造成的，"
            "听众会按预告的数目去记。",
            "en": "下面，我讲三点意见 followed by four points: a point was added or removed and "
            "the transition was not updated; listeners count along with the announcement.",
        },
        bad="同志们：\n下面，我讲三点意见。\n第一，要提高认识。\n第二，要压实责任。\n"
        "第三，要强化落实。\n第四，要加强领导。\n",
        good="同志们：\n下面，我讲四点意见。\n第一，要提高认识。\n第二，要压实责任。\n"
        "第三，要强化落实。\n第四，要加强领导。\n",
        reference="讲话稿写作惯例：过渡句与要点数目一致",
    ),
)

# 三点 / 四个方面 / 五个问题 / 两条 -- the count word of a transition: what _count_words finds
# (the tests hold it to this pattern).
_COUNT = r"(?P<num>[一二两三四五六七八九十]{1,3})(?:个)?(?:点|方面|问题|条)"
_NUMERALS = frozenset("一二两三四五六七八九十")
_COUNT_WORDS = ("点", "方面", "问题", "条")


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Compare the announced count with the top-level points."""
    opening = ctx.outline.opening
    points = ctx.outline.points
    if opening is None or opening.transition is None or not points:
        return
    found = _announced(opening.transition)
    if found is None:
        return
    count, start, end = found
    style = points[0].style
    highest = max(point.number for point in points if point.style == style)
    if count in (len(points), highest):
        return
    source_start, source_end = _source_range(ctx, opening.transition, start, end)
    word = opening.transition.text[start:end]
    yield Violation(
        source_start,
        source_end,
        {
            "zh": f"过渡句预告“{word}”，正文却有 {len(points)} 个要点",
            "en": f"the transition announces {count} (“{word}”) but there are {len(points)} points",
        },
    )


def _announced(node: Node) -> tuple[int, int, int] | None:
    """The announced count and where its word is in the node's text."""
    for numeral, start, end in _count_words(node.text):
        count = chinese_number(numeral)
        if count is not None and count >= 2:
            return count, start, end
    return None


def _count_words(text: str) -> Iterator[tuple[str, int, int]]:
    """``(numeral, start, end)`` of each count word (三点, 四个方面), found as the pattern
    ``_COUNT`` would find them -- from the words back to their numerals, without the pattern:
    its class of numerals costs 0.2 ms to compile, paid by every run for one sentence."""
    words = sorted((position, word) for word in _COUNT_WORDS for position in _positions(text, word))
    resume = 0  # matches do not overlap
    for position, word in words:
        end = position - 1 if text[position - 1 : position] == "个" else position
        start = end
        while start > max(end - 3, resume) and text[start - 1] in _NUMERALS:
            start -= 1
        if start < end:
            resume = position + len(word)
            yield text[start:end], start, resume


def _positions(text: str, word: str) -> Iterator[int]:
    position = text.find(word)
    while position != -1:
        yield position
        position = text.find(word, position + 1)


def _source_range(ctx: RuleContext, node: Node, start: int, end: int) -> tuple[int, int]:
    """Source offsets of ``node.text[start:end]`` (through the unit's map if markup intervenes)."""
    if ctx.text[node.start : node.end] == node.text:
        return node.start + start, node.start + end
    for unit in ctx.units:
        if unit.start <= node.start < unit.end:
            offset = unit.text.find(node.text)
            if offset >= 0:
                return unit.source_range(offset + start, offset + end)
    return node.start, node.end


RULE = Rule(META, check)
