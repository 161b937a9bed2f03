"""Numbering series shared by the numbering rules: which points count together, and why.

A *series* is a run of points of one style under one parent (or at the top level), in
document order.  Inside one parent a series may restart -- a new 一、 after 一、…五、 begins a
new enumeration (a list of items under a lead-in paragraph) -- and an interrupted series may
resume: 一、二、三、四、 [一、二、三、] 五、 continues 四、 after an inner list.

The analysis is computed once per document and cached in the rule context, so the five
numbering rules together walk the outline once.
"""

from __future__ import annotations

from itertools import filterfalse
from operator import attrgetter, sub

from speechlint.ordinals import Marker, match_marker, style_rank
from speechlint.outline import Point
from speechlint.parse import Unit
from speechlint.plugins._index import points
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
_MARGIN = " \t\u3000"
_marker_start = attrgetter("marker_start")
_number = attrgetter("number")
_style = attrgetter("style")
_inline = attrgetter("inline")


class Series:
    """Points of one style under one parent that number together: 一、二、三、."""

    __slots__ = ("_consecutive", "numbers", "parent", "points", "style")

    def __init__(
        self,
        parent: Point | None,
        style: str,
        points: list[Point] | None = None,
        numbers: list[int] | None = None,
        *,
        consecutive: bool | None = None,
    ) -> None:
        self.parent = parent
        self.style = style
        self.points: list[Point] = points if points is not None else []
        self.numbers: list[int] = numbers if numbers is not None else []  # 最后 resolved
        self._consecutive = consecutive  # known when the series is cut, else found on demand

    @property
    def last(self) -> int:
        """The number the series has reached."""
        return self.numbers[-1]

    @property
    def consecutive(self) -> bool:
        """Whether each number is one more than the one before (a series without a break)."""
        if self._consecutive is None:
            numbers = self.numbers
            self._consecutive = numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        return self._consecutive

    def add(self, point: Point, number: int) -> None:
        """Append a point with its effective number."""
        self.points.append(point)
        self.numbers.append(number)
        self._consecutive = None


class Analysis:
    """The series of a document, every point in document order, and each point's parent."""

    __slots__ = (
        "_parents",
        "_positions",
        "_tops",
        "_walked",
        "counted",
        "midstart",
        "order",
        "series",
    )

    def __init__(
        self,
        series: list[Series],
        order: list[Point],
        counted: set[int],  # id(point) of points whose marker is text (not a list marker)
        midstart: set[int],  # id(point) in series starting above 1
        walked: tuple[list[Point], list[Point]],  # the top-level points, every point
    ) -> None:
        self.series = series
        self.order = order
        self.counted = counted
        self.midstart = midstart
        self._tops, self._walked = walked
        self._parents: dict[int, Point | None] | None = None
        self._positions: dict[int, int] | None = None

    @property
    def parents(self) -> dict[int, Point | None]:
        """id(point) -> its parent (None at the top level)."""
        if self._parents is None:  # asked about ranked or mid-start points only: on demand
            parents: dict[int, Point | None] = dict.fromkeys(map(id, self._tops))
            parents.update({id(child): point for point in self._walked for child in point.points})
            self._parents = parents
        return self._parents

    def index(self, point: Point) -> int:
        """Position of ``point`` in document order."""
        if self._positions is None:  # asked only about series that break: built on demand
            self._positions = {id(point): index for index, point in enumerate(self.order)}
        return self._positions[id(point)]


def analyse(ctx: RuleContext) -> Analysis:
    """The numbering analysis of the context's document (computed once, cached)."""
    cached = ctx.cache.get(_CACHE_KEY)
    if isinstance(cached, Analysis):
        return cached
    analysis = _build(ctx)
    ctx.cache[_CACHE_KEY] = analysis
    return analysis


def _build(ctx: RuleContext) -> Analysis:
    outline = ctx.outline
    walked = points(ctx)  # depth first: sorting by marker keeps that order among equals
    order = sorted(walked, key=_marker_start)
    counted = set(map(id, order))
    # Inline points (一是……；二是……, most of them) are written in the text by definition.
    for point in filterfalse(_inline, order):
        if not is_text_marker(ctx, point):
            counted.discard(id(point))
    every = len(counted) == len(order)  # no Markdown list markers: nothing to leave out
    series = _group_series(ctx, None, outline.points, counted, every)
    for point in walked:
        if point.points:
            series.extend(_group_series(ctx, point, point.points, counted, every))
    midstart = {id(p) for run in series if run.numbers[0] > 1 for p in run.points}
    return Analysis(series, order, counted, midstart, (outline.points, walked))


def _group_series(
    ctx: RuleContext, parent: Point | None, children: list[Point], counted: set[int], every: bool
) -> list[Series]:
    """The series of one parent's children, style by style in order of first appearance."""
    children = sorted(children, key=_marker_start)
    if every and len(set(map(_style, children))) == 1:
        return _runs(ctx, parent, children[0].style, children)  # one style (most parents)
    by_style: dict[str, list[Point]] = {}
    for child in children:
        same = by_style.setdefault(child.style, [])
        if id(child) in counted:
            same.append(child)
    found: list[Series] = []
    for style, same in by_style.items():
        if same:
            found.extend(_runs(ctx, parent, style, same))
    return found


def _runs(ctx: RuleContext, parent: Point | None, style: str, points: list[Point]) -> list[Series]:
    """Split one style's siblings into series: restarts open a new one, resumptions return."""
    if style != "sequence":
        numbers = list(map(_number, points))
        starts = _simple_starts(numbers)
        if starts == [0]:  # 1 2 3 (most series)
            return [Series(parent, style, points, numbers, consecutive=True)]
        if starts is not None:
            ends = [*starts[1:], len(numbers)]
            return [
                Series(parent, style, points[start:end], numbers[start:end], consecutive=True)
                for start, end in zip(starts, ends, strict=True)
            ]
    return _walk_runs(ctx, parent, style, points)


def _walk_runs(
    ctx: RuleContext, parent: Point | None, style: str, points: list[Point]
) -> list[Series]:
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


def _simple_starts(numbers: list[int]) -> list[int] | None:
    """Where the series of ``numbers`` start, when each counts up by one and a new one starts
    only at 1 after two or more numbers (1 2 3 1 2: two enumerations) -- what the walk in
    :func:`_runs` finds for them, without the walk.  None for anything else."""
    starts = [0]
    steps = list(map(sub, numbers[1:], numbers[:-1]))
    if steps.count(1) == len(steps):
        return starts
    for index, step in enumerate(steps, 1):
        if step == 1:
            continue
        if numbers[index] != 1 or index - starts[-1] < 2:
            return None
        starts.append(index)
    return starts


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
    text = ctx.units[point.unit_index].text
    if text[:1] not in _MARGIN:  # no margin to strip (and no copy of a long paragraph)
        return text.startswith(point.marker)
    return text.lstrip(_MARGIN).startswith(point.marker)


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
