"""Numbering series shared by the numbering rules: which points count together, and why.

A *series* is a run of points of one style under one parent (or at the top level), in
document order.  Inside one parent a series may restart -- a new 一、 after 一、…五、 begins a
new enumeration (a list of items under a lead-in paragraph) -- and an interrupted series may
resume: 一、二、三、四、 [一、二、三、] 五、 continues 四、 after an inner list.

The analysis is computed once per document and cached in the rule context, so the five
numbering rules together walk the outline once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from speechlint.ordinals import Marker, match_marker, style_rank
from speechlint.outline import Outline, Point
from speechlint.parse import Unit
from speechlint.rules import RuleContext
from speechlint.sentences import clause_starts

__all__ = [
    "Analysis",
    "Series",
    "analyse",
    "between",
    "display",
    "han_numeral",
    "is_text_marker",
    "nearest_ranked_ancestor",
    "numeral_range",
    "numeral_span",
    "renumbered",
    "start_problem",
    "text_predecessor",
    "written_between",
]

_CACHE_KEY = "numbering.analysis"
# How many paragraphs before a series' first point are searched for its missing predecessor.
_LOOKBACK_UNITS = 10
# How many interrupted series, latest first, a number may resume.
_RESUME_DEPTH = 16
_HAN_DIGITS = "零一二三四五六七八九"
_FULLWIDTH_ZERO = ord("０")
_NUMERALS = frozenset("0123456789０１２３４５６７８９〇零一二两三四五六七八九十百")
_UNRANKED = style_rank("ordinal")


@dataclass(slots=True)
class Series:
    """Points of one style under one parent that number together: 一、二、三、."""

    parent: Point | None
    style: str
    points: list[Point] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # 最后 resolved to the next number

    @property
    def last(self) -> int:
        """The number the series has reached."""
        return self.numbers[-1]

    def add(self, point: Point, number: int) -> None:
        """Append a point with its effective number."""
        self.points.append(point)
        self.numbers.append(number)


@dataclass(slots=True)
class Analysis:
    """The series of a document, every point in document order, and each point's parent."""

    series: list[Series]
    order: list[Point]
    parents: dict[int, Point | None]  # id(point) -> parent
    counted: set[int]  # id(point) of points whose marker is text (not a Markdown list marker)
    midstart: set[int] = field(default_factory=set)  # id(point) in series starting above 1
    positions: dict[int, int] = field(default_factory=dict)  # id(point) -> document order

    def index(self, point: Point) -> int:
        """Position of ``point`` in document order."""
        return self.positions[id(point)]


def analyse(ctx: RuleContext) -> Analysis:
    """The numbering analysis of the context's document (computed once, cached)."""
    cached = ctx.cache.get(_CACHE_KEY)
    if isinstance(cached, Analysis):
        return cached
    analysis = _build(ctx)
    ctx.cache[_CACHE_KEY] = analysis
    return analysis


def _build(ctx: RuleContext) -> Analysis:
    parents: dict[int, Point | None] = {}
    groups: list[tuple[Point | None, list[Point]]] = []
    _collect(ctx.outline, parents, groups)
    order = sorted((p for p, _ in _walk(ctx.outline)), key=lambda p: p.marker_start)
    counted = {id(point) for point in order if is_text_marker(ctx, point)}
    series: list[Series] = []
    for parent, children in groups:
        for style in dict.fromkeys(child.style for child in children):
            same = [c for c in children if c.style == style and id(c) in counted]
            series.extend(_runs(ctx, parent, style, same))
    positions = {id(point): index for index, point in enumerate(order)}
    midstart = {id(p) for run in series if run.numbers[0] > 1 for p in run.points}
    return Analysis(series, order, parents, counted, midstart, positions)


def _walk(outline: Outline) -> list[tuple[Point, Point | None]]:
    found: list[tuple[Point, Point | None]] = []
    stack: list[tuple[Point, Point | None]] = [(p, None) for p in reversed(outline.points)]
    while stack:
        point, parent = stack.pop()
        found.append((point, parent))
        stack.extend((child, point) for child in reversed(point.points))
    return found


def _collect(
    outline: Outline,
    parents: dict[int, Point | None],
    groups: list[tuple[Point | None, list[Point]]],
) -> None:
    groups.append((None, sorted(outline.points, key=lambda p: p.marker_start)))
    for point, parent in _walk(outline):
        parents[id(point)] = parent
        if point.points:
            groups.append((point, sorted(point.points, key=lambda p: p.marker_start)))


def _runs(ctx: RuleContext, parent: Point | None, style: str, points: list[Point]) -> list[Series]:
    """Split one style's siblings into series: restarts open a new one, resumptions return."""
    runs: list[Series] = []
    open_runs: list[Series] = []
    for point in points:
        current = open_runs[-1] if open_runs else None
        number = _effective(point, current)
        if current is None or _restarts(ctx, current, point, number):
            open_runs.append(Series(parent, style))
        elif number != current.last + 1:
            resumed = _resumable(open_runs, number)
            if resumed is not None:
                del open_runs[resumed + 1 :]
        run = open_runs[-1]
        if not run.points:
            runs.append(run)
        run.add(point, number)
    return runs


def _restarts(ctx: RuleContext, current: Series, point: Point, number: int) -> bool:
    """Whether ``point`` begins a new enumeration rather than continuing ``current``.

    一、 after a complete series (two or more items) restarts.  So does a number at or below
    the count when the text shows that the enumerations are complete without the outline
    seeing it: ……一是……；二是……。 in one paragraph followed by a 一是 paragraph, or 二是
    whose 一是 ends the previous paragraph (the builder only takes paragraph-leading markers
    and inline series of two or more).
    """
    if number == current.last + 1:
        return False
    if number == 1 and len(current.points) >= 2:
        return True
    if number > current.last or point.style == "sequence":
        return False
    floor = current.points[-1].unit_index
    wanted = [current.last + 1] + ([number - 1] if number > 1 else [])
    return any(
        text_predecessor(ctx, point, floor, value, same_style_only=True) is not None
        for value in wanted
    )


def _resumable(open_runs: list[Series], number: int) -> int | None:
    # Only the latest few interrupted series can resume: real enumerations nest a handful of
    # levels deep, and looking at every one ever opened is quadratic in a long list of 一、.
    for index in range(len(open_runs) - 2, max(len(open_runs) - 2 - _RESUME_DEPTH, -1), -1):
        if open_runs[index].last + 1 == number:
            return index
    return None


def _effective(point: Point, current: Series | None) -> int:
    """The point's number; 最后 (0) and a repeated 再次 take the next number."""
    if point.style != "sequence":
        return point.number
    last = current.last if current is not None else 0
    if point.number == 0 or (point.number == 3 and last >= 3):
        return last + 1
    return point.number


def is_text_marker(ctx: RuleContext, point: Point) -> bool:
    """Whether the point's marker is written in the text (a Markdown ``1.`` list marker is not).

    CommonMark renumbers ordered lists when rendering, so their source numbers are not checked.
    """
    if point.inline:
        return True
    if not 0 <= point.unit_index < len(ctx.units):
        return False
    return ctx.units[point.unit_index].text.lstrip(" \t\u3000").startswith(point.marker)


def nearest_ranked_ancestor(analysis: Analysis, point: Point) -> Point | None:
    """The closest ancestor whose style has a GB/T 9704 level (一、 （一） 1. （1）)."""
    parent = analysis.parents.get(id(point))
    while parent is not None and style_rank(parent.style) >= _UNRANKED:
        parent = analysis.parents.get(id(parent))
    return parent


def text_predecessor(
    ctx: RuleContext, first: Point, floor: int, number: int, *, same_style_only: bool
) -> tuple[Marker, bool] | None:
    """A marker numbered ``number`` written before ``first`` that is not a point itself.

    Returns the marker and whether it opens its paragraph.  Searched: up to ten paragraphs
    back (not before unit ``floor``); the same style anywhere (一是 often follows a comma:
    主要是，一是……); unless ``same_style_only``, any style at paragraph and clause starts.
    """
    end_unit = first.unit_index
    for index in range(end_unit, max(floor, end_unit - _LOOKBACK_UNITS, 0) - 1, -1):
        unit = ctx.units[index]
        stop = _visible_index(unit, first.marker_start) if index == end_unit else len(unit.text)
        found = _same_style(unit.text, stop, first, number)
        if found is None and not same_style_only:
            found = _at_clause(unit.text, stop, number)
        if found is not None:
            return found, found.start == _first_visible(unit.text)
    return None


def _same_style(text: str, stop: int, first: Point, number: int) -> Marker | None:
    wanted = _marker_text(first, number)
    position = text.find(wanted, 0, stop) if wanted else -1
    while position >= 0:
        marker = match_marker(text, position, styles=(first.style,))
        if marker is not None and marker.number == number:
            return marker
        position = text.find(wanted, position + 1, stop)
    return None


def _at_clause(text: str, stop: int, number: int) -> Marker | None:
    for position in clause_starts(text, 0, stop):
        marker = match_marker(text, position)
        if marker is None or marker.number != number or marker.end > stop:
            continue
        if match_marker(text, marker.end, styles=(marker.style,)) is not None:
            continue  # 第一、第二产业: an enumeration, not an ordinal
        return marker
    return None


def _visible_index(unit: Unit, source_offset: int) -> int:
    """The first visible index of ``unit`` that maps at or past ``source_offset``."""
    low, high = 0, len(unit.text)
    while low < high:
        middle = (low + high) // 2
        if unit.source_offset(middle) < source_offset:
            low = middle + 1
        else:
            high = middle
    return low


def _first_visible(text: str) -> int:
    return len(text) - len(text.lstrip(" \t\u3000"))


def _marker_text(point: Point, number: int) -> str:
    """``point``'s style written with ``number``: 一是 第一 一、 （一） (1. is too common)."""
    if number < 1 or number > 99:
        return ""
    han = han_numeral(number)
    return {
        "shi": f"{han}是",
        "ordinal": f"第{han}",
        "han": f"{han}、",
        "paren-han": f"（{han}）",
        "paren-arabic": f"（{number}）",
    }.get(point.style, "")


def han_numeral(number: int) -> str:
    """The Chinese numeral of ``number`` from 1 to 99: 一, 十, 十二, 二十, 九十九."""
    if not 1 <= number <= 99:
        raise ValueError(f"han_numeral: {number} is outside 1..99")
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else "十" if tens == 1 else f"{_HAN_DIGITS[tens]}十"
    return head + (_HAN_DIGITS[ones] if ones else "")


def numeral_span(style: str, marker: str) -> tuple[int, int] | None:
    """Where the numeral sits in a marker: 第[四]， [四]、 （[四]） [4]. [四]是."""
    start = 0
    if style == "ordinal":
        start = marker.find("第") + 1
    elif style in ("paren-han", "paren-arabic"):
        start = 1
    end = start
    while end < len(marker) and marker[end] in _NUMERALS:
        end += 1
    return (start, end) if end > start else None


def renumbered(style: str, marker: str, number: int) -> str | None:
    """The numeral of ``style`` for ``number`` (a marker's full-width digits stay full-width)."""
    if style in ("arabic", "paren-arabic"):
        span = numeral_span(style, marker)
        digits = str(number)
        if span is not None and any(ord(ch) >= _FULLWIDTH_ZERO for ch in marker[slice(*span)]):
            digits = "".join(chr(_FULLWIDTH_ZERO + int(d)) for d in digits)
        return digits
    if style in ("ordinal", "han", "paren-han", "shi") and 1 <= number <= 99:
        return han_numeral(number)
    return None


def display(style: str, marker: str, number: int) -> str:
    """A marker written with ``number``: 第四， → 第三， (the marker itself if not numeric)."""
    span = numeral_span(style, marker)
    numeral = renumbered(style, marker, number)
    if span is None or numeral is None:
        return marker
    return marker[: span[0]] + numeral + marker[span[1] :]


def numeral_range(ctx: RuleContext, point: Point) -> tuple[int, int] | None:
    """Source offsets of the numeral of ``point``'s marker, if the source spells the marker."""
    span = numeral_span(point.style, point.marker)
    if span is None or ctx.text[point.marker_start : point.marker_end] != point.marker:
        return None
    return point.marker_start + span[0], point.marker_start + span[1]


def start_problem(
    ctx: RuleContext, analysis: Analysis, series: Series
) -> tuple[str, Point | Marker | None]:
    """Why a series starts above 1: ``("ok", …)``, ``("mixed", predecessor)`` or ``("gap", None)``.

    ``ok``: the missing predecessor is written in the same style before it (一是 inside the
    previous paragraph).  ``mixed``: the predecessor is in another style (第一，… 二、…).
    """
    first, number = series.points[0], series.numbers[0]
    if number <= 1:
        return "ok", None
    floor = series.parent.unit_index if series.parent is not None else 0
    found = text_predecessor(ctx, first, floor, number - 1, same_style_only=True)
    if found is not None:
        return "ok", found[0]
    previous = _point_predecessor(analysis, first, number - 1)
    if previous is not None:
        return "mixed", previous
    found = text_predecessor(ctx, first, floor, number - 1, same_style_only=False)
    if found is not None:
        marker, opens_paragraph = found
        return ("mixed", marker) if opens_paragraph else ("ok", marker)
    return "gap", None


def _point_predecessor(analysis: Analysis, first: Point, number: int) -> Point | None:
    """An ancestor, or the point just before ``first``, numbered ``number`` in another style."""
    candidates: list[Point] = []
    index = analysis.index(first)
    if index > 0:
        candidates.append(analysis.order[index - 1])
    parent = analysis.parents.get(id(first))
    while parent is not None:
        candidates.append(parent)
        parent = analysis.parents.get(id(parent))
    for candidate in candidates:
        if candidate.style != first.style and _value(candidate) == number:
            return candidate
    return None


def _value(point: Point) -> int:
    return point.number if point.style != "sequence" or point.number else -1


def written_between(ctx: RuleContext, earlier: Point, later: Point, numbers: range) -> bool:
    """Whether every number of ``numbers`` is written, in ``later``'s style, between the two.

    三是……。四是……。 inside one paragraph followed by a 五是 paragraph: 四是 is not a point
    (the builder takes inline series of two or more only) but it is there.
    """
    return all(
        text_predecessor(ctx, later, earlier.unit_index, number, same_style_only=True)
        for number in numbers
    )


def between(analysis: Analysis, earlier: Point, later: Point) -> list[Point]:
    """The points strictly between two points in document order."""
    return analysis.order[analysis.index(earlier) + 1 : analysis.index(later)]
