"""S109 misplaced-element: a part of the speech out of its place.

Reported:

- a salutation paragraph ending in ： (同志们：) after the first point, when none opens the
  speech (it was moved);
- a 刚才…… recap (刚才，……汇报了/通报了/作了发言……) after the first point when the opening has
  none -- it belongs before the points;
- a 下面，我讲……意见 transition inside the points, followed by more points, when the opening has
  none;
- a numbered point right after a closing paragraph (同志们，……奋斗！ / 让我们……！) when no
  closing follows the last point (the closing was moved up);
- 谢谢大家 anywhere but at the very end.

Not reported, because long reports do it on purpose: 各位代表： re-addressing the audience at
the start of a section when the speech opened with a salutation (the 1981 and 1997 government
work reports); 同志们！……！ ending a section when the speech still ends with a closing (the
19th congress report); 各位代表！ standing alone before the closing (a closing opener); and a
second transition inside a section when the opening already has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import attrgetter, itemgetter

from speechlint.lexicon import Lexicon, default_lexicon
from speechlint.outline import Point
from speechlint.plugins._index import compiled, irregular_units, rare_offsets, unit_at
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Sentence, Violation
from speechlint.textscan import find_all

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="S109",
    name="misplaced-element",
    summary={"zh": "讲话稿的组成部分位置不当", "en": "a part of the speech is out of place"},
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "讲话稿的顺序是：标题、称谓、开头（缘由、回顾、过渡）、主体要点、结尾号召、致谢。"
            "称谓放到了要点之后、号召之后又冒出一个要点、“谢谢大家”夹在中间，"
            "多是调整段落时留下的错位。",
            "en": "A speech runs title, salutation, opening (context, recap, transition), "
            "points, closing call to action, thanks. A salutation after a point, a point after "
            "the closing call or 谢谢大家 in the middle are usually left over from moving "
            "paragraphs.",
        },
        bad="同志们：\n今天，我们召开全市安全生产工作会议。\n第一，要提高认识。\n"
        "第二，要压实责任。\n同志们，让我们为全市安全生产形势稳定而努力奋斗！\n"
        "第三，要强化落实。\n",
        good="同志们：\n今天，我们召开全市安全生产工作会议。\n第一，要提高认识。\n"
        "第二，要压实责任。\n第三，要强化落实。\n"
        "同志们，让我们为全市安全生产形势稳定而努力奋斗！\n",
        reference="讲话稿的五部分结构：标题、称谓、开头、主体、结尾",
    ),
)

# A recap names what the previous speakers did, not just "刚刚过去的一年".
_RECAP = r"^(?:刚才|方才|刚刚[，,])[^。！？]{0,80}?(?:汇报|通报|传达|发言|讲话|介绍|讲得)"
_TRANSITION_START = r"^(?:下面|下边|接下来|接下去)"
_EXCLAMATION = ("！", "!")
_OPENER_WORDS = ("刚才", "方才", "刚刚", "下面", "下边", "接下来", "接下去")
_SPACE = " \t\u3000"
# What a unit opening with an opener word starts with: the word, or white space before it.
_OPENER_HEADS = "".join(dict.fromkeys(word[0] for word in _OPENER_WORDS)) + _SPACE
_text = attrgetter("text")
_head = itemgetter(slice(0, 1))


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report each misplaced element."""
    lexicon = ctx.lexicon
    points = ctx.outline.points
    if points:
        first_unit = points[0].unit_index
        if ctx.outline.salutation is None:
            yield from _late_salutations(ctx, lexicon, first_unit)
        yield from _late_opening(ctx, lexicon, first_unit, points)
        if ctx.outline.closing is None:
            yield from _points_after_closing(ctx, lexicon, points)
    yield from _early_signoffs(ctx, lexicon)


def _late_salutations(ctx: RuleContext, lexicon: Lexicon, first_unit: int) -> Iterator[Violation]:
    for unit in ctx.units[first_unit + 1 :]:
        text = unit.text
        if len(text) <= 60 and text.endswith(("：", ":")) and lexicon.salutation.match(text):
            yield ctx.unit_violation(
                unit,
                0,
                len(text),
                {
                    "zh": f"称谓“{text}”出现在要点之后：称谓应位于讲话开头、正文之前",
                    "en": f"the salutation “{text}” comes after a point; it belongs at the start",
                },
            )


def _late_opening(
    ctx: RuleContext, lexicon: Lexicon, first_unit: int, points: list[Point]
) -> Iterator[Violation]:
    """A recap or transition after the first point when the opening lacks it."""
    opening = ctx.outline.opening
    has_recap = opening is not None and opening.recap is not None
    has_transition = opening is not None and opening.transition is not None
    last_top = points[-1].unit_index
    for sentence in _paragraph_openers(ctx, first_unit):
        if not has_recap and compiled(_RECAP).search(sentence.text):
            yield _sentence_violation(
                sentence,
                {
                    "zh": "回顾前面发言的“刚才……”应放在开头、要点之前",
                    "en": "the 刚才… recap of the previous speakers belongs in the opening, "
                    "before the points",
                },
            )
        elif (
            not has_transition
            and sentence.unit_index < last_top
            and compiled(_TRANSITION_START).search(sentence.text)
            and lexicon.transition.search(sentence.text)
        ):
            yield _sentence_violation(
                sentence,
                {
                    "zh": "过渡句“下面……”应放在第一个要点之前",
                    "en": "the 下面… transition belongs before the first point",
                },
            )


def _paragraph_openers(ctx: RuleContext, first_unit: int) -> Iterator[Sentence]:
    """The first sentence of each paragraph after ``first_unit`` that may be a recap or a
    transition (only those paragraphs are split: the check stays cheap on long reports)."""
    # The first characters of the later units, as one string (mapped in C), say which units
    # may open with an opener word: only those are looked at.
    texts = map(_text, ctx.units[first_unit + 1 :])
    heads = "".join(map(str.ljust, map(_head, texts), repeat(1)))  # an empty text: " "
    for position in find_all(heads, _OPENER_HEADS):
        index = first_unit + 1 + position
        unit = ctx.units[index]
        start = len(unit.text) - len(unit.text.lstrip(_SPACE))
        if not unit.text.startswith(_OPENER_WORDS, start):
            continue
        spans = unit.sentence_spans()  # split once, by the outline builder
        if spans:
            yield _sentence(ctx, index, *spans[0])


def _sentence(ctx: RuleContext, index: int, start: int, end: int) -> Sentence:
    unit = ctx.units[index]
    source_start, source_end = unit.source_range(start, end)
    return Sentence(index, start, end, unit.text[start:end], source_start, source_end)


def _points_after_closing(
    ctx: RuleContext, lexicon: Lexicon, points: list[Point]
) -> Iterator[Violation]:
    for point in points[1:]:
        before = point.unit_index - 1
        if before < 0 or before == points[0].unit_index:
            continue
        text = ctx.units[before].text
        if (
            text.endswith(_EXCLAMATION)
            and lexicon.closing_opener.search(text)
            and lexicon.call_to_action.search(text)
        ):
            yield Violation(
                point.marker_start,
                point.marker_end,
                {
                    "zh": f"要点“{point.marker}”出现在结尾号召之后：结尾应在全部要点之后",
                    "en": f"the point “{point.marker}” follows the closing call to action; the "
                    "closing comes after all points",
                },
            )


def _early_signoffs(ctx: RuleContext, lexicon: Lexicon) -> Iterator[Violation]:
    signoff = ctx.outline.signoff
    keep = signoff.start if signoff is not None else -1
    # Every built-in sign-off says 谢谢, so only such paragraphs are split -- unless an
    # organisation added its own sign-off patterns.
    quick = lexicon is default_lexicon()
    units: Iterable[int] = _thanking_units(ctx) if quick else range(len(ctx.units))
    for index in units:
        unit = ctx.units[index]
        if quick and "谢谢" not in unit.text:
            continue
        for start, end in unit.sentence_spans():
            sentence = _sentence(ctx, index, start, end)
            if sentence.source_start != keep and lexicon.signoff.search(sentence.text):
                yield _sentence_violation(
                    sentence,
                    {
                        "zh": f"“{sentence.text}”应放在讲话最后、结尾号召之后",
                        "en": f"“{sentence.text}” belongs at the very end, after the closing",
                    },
                )


def _thanking_units(ctx: RuleContext) -> list[int]:
    """The units that may say 谢谢: those whose source holds 谢 (a rare character, so the
    document's rare-character index says whether any does) and the irregular ones."""
    found = set(irregular_units(ctx))
    for offset in rare_offsets(ctx, "谢"):
        unit_index = unit_at(ctx, offset)
        if unit_index is not None:
            found.add(unit_index)
    return sorted(found)


def _sentence_violation(sentence: Sentence, message: dict[str, str]) -> Violation:
    return Violation(sentence.source_start, sentence.source_end, message)


RULE = Rule(META, check)
