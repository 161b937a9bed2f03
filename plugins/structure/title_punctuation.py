"""S111 title-punctuation: the title ends with 。 or ：(or ，；、).

GB/T 15834-2011 B.4: a title takes no end punctuation; a question mark, an exclamation mark or
an ellipsis may stay (《……吗？》).  A ——在……上的讲话 subtitle under the title is checked too.
Only a line the outline recognises as a title by its markup
(a level-1 heading) or by its wording (在……上的讲话, ……报告) is checked, so a one-paragraph
document is never mistaken for a title.  The safe fix removes the mark.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.outline import Node
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation, replace

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="S111",
    name="title-punctuation",
    summary={"zh": "标题末尾不用句号、冒号等点号", "en": "the title ends with 。 or ："},
    severity="warning",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "GB/T 15834-2011 附录 B.4：标题末尾通常不用标点符号，但有时根据需要可用问号、"
            "叹号或省略号。讲话稿标题写成“……的讲话。”或“……的讲话：”都不规范。",
            "en": "GB/T 15834-2011 Appendix B.4: a title takes no end punctuation, though a "
            "question mark, an exclamation mark or an ellipsis may stay.",
        },
        bad="在全市安全生产工作会议上的讲话。\n\n同志们：\n今天，我们召开全市安全生产工作会议。\n",
        good="在全市安全生产工作会议上的讲话\n\n同志们：\n今天，我们召开全市安全生产工作会议。\n",
        reference="GB/T 15834-2011 附录 B.4",
    ),
)

_WRONG_MARKS = "。：，；、.:,;"
_WRONG_END = frozenset(_WRONG_MARKS)
_SENTENCE_END = frozenset("。！？!?")
_MAX_TITLE = 80


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report a title (or a ——subtitle under it) that ends with a mark it should not have."""
    title = ctx.outline.title
    if title is None or len(ctx.units) < 2:
        return
    # Only a title ending in one of the marks can be reported: that test comes before the
    # title test, which runs the lexicon's title pattern.
    if title.text[-1:] in _WRONG_END and _is_title(ctx, title):
        yield from _end_mark(ctx, title)
    for subtitle in _subtitles(ctx, title):
        yield from _end_mark(ctx, subtitle)


def _end_mark(ctx: RuleContext, node: Node) -> Iterator[Violation]:
    last = node.text[-1]
    if last not in _WRONG_END or ctx.text[node.end - 1 : node.end] != last:
        return
    yield Violation(
        node.end - 1,
        node.end,
        {
            "zh": f"标题末尾不用“{last}”（GB/T 15834-2011 B.4）",
            "en": f"a title does not end with “{last}” (GB/T 15834-2011 B.4)",
        },
        replace(node.end - 1, node.end, "", {"zh": f"删去“{last}”", "en": f"remove “{last}”"}),
    )


def _subtitles(ctx: RuleContext, title: Node) -> Iterator[Node]:
    """——在……上的讲话 lines between the title and the salutation (at most the next four)."""
    salutation = ctx.outline.salutation
    for unit in ctx.units[1:5]:
        if "——" not in unit.text:
            continue  # no subtitle (most lines under a title): said before mapping the unit
        if unit.start <= title.start or (salutation and unit.start >= salutation.start):
            continue
        core = unit.text.strip().rstrip(_WRONG_MARKS)
        if core.startswith("——") and 2 < len(core) <= _MAX_TITLE and not _has_sentence_end(core):
            yield Node(unit.text, unit.start, unit.end)


def _is_title(ctx: RuleContext, title: Node) -> bool:
    text = title.text
    if len(text) < 2 or len(text) > _MAX_TITLE:
        return False
    core = text.rstrip(_WRONG_MARKS)
    if _has_sentence_end(core):
        return False  # a sentence, not a title
    first = ctx.units[0]
    if first.heading_level == 1 and first.start <= title.start < first.end + 1:
        return True
    return ctx.lexicon.title.search(core) is not None


def _has_sentence_end(text: str) -> bool:
    return not _SENTENCE_END.isdisjoint(text[:-1])


RULE = Rule(META, check)
