"""N201 numbering-sequence: a gap or a wrong order in a numbered series (第一，第二，第四).

A series is the points of one style under one parent (or at the top level).  The first marker
that breaks the count is reported; the fix (unsafe: it changes what the speaker will say)
renumbers that marker and every later one in the series, replacing only the numeral so the
punctuation stays as written.

Not reported: a new enumeration that restarts at 一 after a complete one (a list under a
lead-in paragraph), a series that resumes after such a list, a series whose missing first item
is written inside the previous paragraph (……以下原则：一是……。 followed by 二是…… paragraphs),
a number taken by a marker of another style (N203 reports that), and Markdown list markers
(CommonMark renumbers ordered lists).
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.diagnostics import Fix, Range, TextEdit
from speechlint.outline import Point
from speechlint.plugins.numbering._series import (
    Analysis,
    Series,
    analyse,
    between,
    display,
    numeral_range,
    renumbered,
    start_problem,
    written_between,
)
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="N201",
    name="numbering-sequence",
    summary={"zh": "序号不连续或顺序错误", "en": "a gap or a wrong order in a numbered series"},
    severity="error",
    fix="unsafe",
    doc=RuleDoc(
        why={
            "zh": "删改要点后忘记调整序号，是讲话稿最常见的结构差错之一（“少了一个第三点”）。"
            "同一层级的序号应从一开始、逐一递增。修复会把该序号及其后各序号依次改正，"
            "只改数字、不动标点；因为会改变讲话内容的编号，属于需确认的修复。",
            "en": "Deleting or moving a point without renumbering is one of the most common "
            "structural slips in speeches. Numbers at one level start at one and go up by one. "
            "The fix renumbers this marker and every later one in the series, changing only "
            "the numeral; it is unsafe because it changes what the speaker will say.",
        },
        bad="同志们：\n第一，要提高认识。\n第二，要压实责任。\n第四，要强化落实。\n",
        good="同志们：\n第一，要提高认识。\n第二，要压实责任。\n第三，要强化落实。\n",
        reference="GB/T 15834-2011 附录 B.3；GB/T 9704-2012 7.3.3",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report the first break in each numbered series."""
    analysis = analyse(ctx)
    for series in analysis.series:
        if series.numbers[0] <= 1 and series.consecutive:
            continue  # 1, 2, 3: nothing breaks the count (most series)
        if series.style == "sequence":
            yield from _sequence_order(series)
            continue
        found = _first_break(ctx, analysis, series)
        if found is not None:
            position, expected = found
            yield _violation(ctx, series, position, expected)


def _first_break(ctx: RuleContext, analysis: Analysis, series: Series) -> tuple[int, int] | None:
    """Index of the first point that breaks the count, and the number it should have."""
    numbers = series.numbers
    if numbers[0] > 1:
        kind, _ = start_problem(ctx, analysis, series)
        if kind == "gap":
            return 0, 1
    for index in range(1, len(numbers)):
        expected = numbers[index - 1] + 1
        number = numbers[index]
        if number == expected:
            continue
        if number in numbers[:index]:
            return None  # a duplicate: N202 reports it, and the count is ambiguous after it
        if _taken_by_other_style(analysis, series, index, expected, number):
            continue  # 第一，… 二、… 第三，: N203 reports the odd marker
        previous = series.points[index - 1]
        missing = range(expected, number)
        if number > expected and written_between(ctx, previous, series.points[index], missing):
            continue
        return index, expected
    return None


def _taken_by_other_style(
    analysis: Analysis, series: Series, index: int, expected: int, number: int
) -> bool:
    """Whether the skipped numbers are markers of another style in between (第一 二、 第三)."""
    if number < expected:
        return False
    missing = set(range(expected, number))
    others = between(analysis, series.points[index - 1], series.points[index])
    found = {p.number for p in others if p.style != series.style and id(p) in analysis.midstart}
    return missing <= found


def _violation(ctx: RuleContext, series: Series, position: int, expected: int) -> Violation:
    point = series.points[position]
    wanted = display(point.style, point.marker, expected)
    message = {
        "zh": f"序号不连续：此处应为“{wanted}”，而不是“{point.marker}”",
        "en": f"numbering gap: expected “{wanted}” here, not “{point.marker}”",
    }
    return Violation(
        point.marker_start, point.marker_end, message, _fix(ctx, series, position, expected)
    )


def _fix(ctx: RuleContext, series: Series, position: int, expected: int) -> Fix | None:
    edits: list[TextEdit] = []
    for offset, point in enumerate(series.points[position:]):
        number = expected + offset
        if number == point.number:
            continue
        where = numeral_range(ctx, point)
        numeral = renumbered(point.style, point.marker, number)
        if where is None or numeral is None:
            return None  # a marker we cannot rewrite exactly: report without a fix
        edits.append(TextEdit(Range(*where), numeral))
    if not edits:
        return None
    first = series.points[position]
    description = {
        "zh": f"从“{first.marker}”起依次重新编号",
        "en": f"renumber the series from “{first.marker}” on",
    }
    return Fix(description, tuple(edits), "unsafe")


def _sequence_order(series: Series) -> Iterator[Violation]:
    """首先、其次、再次、最后 must come in this order; no fix (the words differ)."""
    for index in range(1, len(series.numbers)):
        if series.numbers[index] != series.numbers[index - 1] + 1:
            point: Point = series.points[index]
            yield Violation(
                point.marker_start,
                point.marker_end,
                {
                    "zh": f"“{point.marker}”的位置不对：顺序应为首先、其次、再次、最后",
                    "en": f"“{point.marker}” is out of order: use 首先, 其次, 再次, 最后 in turn",
                },
            )
            return


RULE = Rule(META, check)
