"""The outline tree of a speech (DESIGN §2): title, salutation, opening, points, closing.

The builder assigns roles to the parsed units in document order: a title and header lines,
the salutation, the opening (context, the 刚才 recap, the 下面…意见 transition), the numbered
points with their topic sentences and sub-points, the closing with its call to action, and a
sign-off.  Positions are source offsets; :meth:`Outline.to_json` converts them to the public
1-based line/column form.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import partial
from itertools import accumulate, pairwise, repeat
from operator import add, attrgetter
from typing import Any

from speechlint import _regex
from speechlint._namedtuple import NamedTuple
from speechlint.document import Document
from speechlint.lexicon import Lexicon, default_lexicon
from speechlint.ordinals import (
    MARKER_LEADS,
    NUMERALS,
    Marker,
    match_marker,
    match_style,
    shi_marker,
)
from speechlint.parse import Parsed, Unit
from speechlint.sentences import CLAUSE_BREAKS, first_sentence, split_sentences

__all__ = ["Closing", "Node", "Opening", "Outline", "Point", "build_outline"]

DEFAULT_CHARS_PER_MINUTE = 220
_TERMINAL = "。！？!?；;：:…"
_SPACE = " \t\u3000\n"
_SPACES = frozenset(_SPACE)
# What a unit that opens with a marker may start with (_leading_marker skips spaces).
_MARKER_FIRST = MARKER_LEADS | _SPACES
# Styles that may be written inline, at the start of a clause: 一是…；二是…
_INLINE_STYLES = ("shi", "ordinal", "sequence")
_CLAUSE_END = _regex.compile("[；;。！？!?]")
# What inline markers hold besides 是 after numerals: 第 (第一), and the second character of a
# sequence word with the first characters it may follow (首先, 其次 and 再次, 最后).
_INLINE_WORDS = (("第", ""), ("先", "首"), ("次", "其再"), ("后", "最"))
# Joins the units' texts for one scan (see _document_series).
_SEPARATOR = "\x00"


class Node(NamedTuple):
    """A piece of text and its source offsets (``end`` exclusive).

    A named tuple (immutable, compared by value): an outline has dozens, built for every
    document, and a frozen dataclass takes several times as long to build.
    """

    text: str
    start: int
    end: int


class Point:
    """A numbered point: its marker, topic sentence, body and sub-points."""

    __slots__ = (
        "body", "end", "form", "inline", "level", "marker", "marker_end", "marker_start",
        "number", "points", "start", "style", "topic", "unit_index",
    )  # fmt: skip

    def __init__(
        self,
        number: int,
        marker: str,
        style: str,
        form: str,
        level: int,
        start: int,
        end: int,
        marker_start: int,
        marker_end: int,
        topic: Node | None,
        body: list[Node] | None = None,
        points: list[Point] | None = None,
        unit_index: int = -1,
        inline: bool = False,  # written inside a paragraph (一是…；二是…), not leading one
    ) -> None:
        self.number = number
        self.marker = marker
        self.style = style
        self.form = form
        self.level = level
        self.start = start
        self.end = end
        self.marker_start = marker_start
        self.marker_end = marker_end
        self.topic = topic
        self.body = body if body is not None else []
        self.points = points if points is not None else []
        self.unit_index = unit_index
        self.inline = inline

    def __repr__(self) -> str:
        return f"Point({self.marker!r}, level={self.level}, {len(self.points)} sub-points)"


class Opening:
    """The opening: its paragraphs and the context, recap and transition found in them."""

    __slots__ = ("context", "end", "paragraphs", "recap", "start", "transition")

    def __init__(
        self,
        start: int,
        end: int,
        paragraphs: list[Node],
        context: list[Node],
        recap: Node | None,
        transition: Node | None,
    ) -> None:
        self.start = start
        self.end = end
        self.paragraphs = paragraphs
        self.context = context
        self.recap = recap
        self.transition = transition


class Closing:
    """The closing paragraphs and the call to action among them."""

    __slots__ = ("call_to_action", "end", "paragraphs", "start")

    def __init__(
        self, start: int, end: int, paragraphs: list[Node], call_to_action: Node | None
    ) -> None:
        self.start = start
        self.end = end
        self.paragraphs = paragraphs
        self.call_to_action = call_to_action


class Outline:
    """The outline tree of one document."""

    __slots__ = (
        "chars", "closing", "form", "meta", "minutes", "opening", "paragraphs", "path",
        "points", "salutation", "signoff", "title",
    )  # fmt: skip

    def __init__(
        self,
        path: str,
        form: str,
        meta: dict[str, Any],
        title: Node | None,
        salutation: Node | None,
        opening: Opening | None,
        points: list[Point],
        closing: Closing | None,
        signoff: Node | None,
        chars: int,
        paragraphs: int,
        minutes: float,
    ) -> None:
        self.path = path
        self.form = form
        self.meta = meta
        self.title = title
        self.salutation = salutation
        self.opening = opening
        self.points = points
        self.closing = closing
        self.signoff = signoff
        self.chars = chars
        self.paragraphs = paragraphs
        self.minutes = minutes

    def walk_points(self) -> list[Point]:
        """Every point, depth first, in document order."""
        found: list[Point] = []

        def visit(points: Sequence[Point]) -> None:
            for point in points:
                found.append(point)
                visit(point.points)

        visit(self.points)
        return found

    def to_json(self, document: Document, *, positions: bool = True) -> dict[str, Any]:
        """The public JSON object of DESIGN §2.

        Without ``positions`` every span is one shared placeholder (line 1, column 1): the
        same object for a schema that constrains the spans' shape, not their values -- the
        built-in forms (see speechlint._schema.outline_json) -- at a third of the cost.
        """
        return _JsonWriter(document, positions).outline(self)


class _Candidate:
    __slots__ = ("form", "level", "list_depth", "marker", "source_marker", "unit_index")

    def __init__(
        self,
        unit_index: int,
        marker: Marker,
        form: str,
        source_marker: tuple[int, int] | None = None,  # a Markdown list marker outside the text
        level: int = 0,
        list_depth: int = 0,  # how deeply nested the Markdown list item is (0: not a list item)
    ) -> None:
        self.unit_index = unit_index
        self.marker = marker
        self.form = form
        self.source_marker = source_marker
        self.level = level
        self.list_depth = list_depth


def build_outline(
    parsed: Parsed,
    *,
    form: str = "meeting-speech",
    lexicon: Lexicon | None = None,
    chars_per_minute: float = DEFAULT_CHARS_PER_MINUTE,
) -> Outline:
    """Build the outline of a parsed document."""
    parsed.split_sentences()  # the outline and the rules read them: all at once is cheaper
    return _OutlineBuilder(parsed, lexicon or default_lexicon()).build(form, chars_per_minute)


class _OutlineBuilder:
    def __init__(self, parsed: Parsed, lexicon: Lexicon) -> None:
        self.parsed = parsed
        self.units = parsed.units
        self.lexicon = lexicon
        # The units' texts joined by a character that is no part of a marker, a space or a
        # break: scanned once for what the inline markers need (see _document_series).
        self.joined = _SEPARATOR.join(map(_TEXT, self.units))
        # The inline series of each unit, found in the joined texts (see _document_series).
        self._series: dict[int, tuple[int, list[Marker]]] | None = None
        self._nodes: list[Node] | None = None

    def _unit_nodes(self) -> list[Node]:
        """The node of every unit (points' bodies and the closing take them by slices).

        Made once, by C-level maps where every unit has a shift (the usual case): measured,
        a node a unit made by calls cost 5k instructions, the points' bodies of a speech 85k.
        """
        if self._nodes is None:
            units = self.units
            shifts = list(map(_SHIFT, units))
            if None in shifts:
                self._nodes = list(map(_unit_node, units))
            else:
                texts = list(map(_TEXT, units))
                ends = map(add, shifts, map(len, texts))
                self._nodes = list(map(_NODE, zip(texts, shifts, ends, strict=True)))
        return self._nodes

    def build(self, form: str, chars_per_minute: float) -> Outline:
        units = self.units
        meta = dict(self.parsed.front_matter.meta) if self.parsed.front_matter else {}
        title, index = self._title()
        index = self._skip_header(index)
        salutation, body_start, cut = self._salutation(index)
        candidates = self._candidates(body_start)
        _assign_levels(candidates)
        first_point = candidates[0].unit_index if candidates else None
        closing_start = self._closing_start(candidates, body_start)
        signoff, closing_end = self._signoff(
            closing_start if closing_start is not None else body_start
        )
        opening_end = first_point if first_point is not None else (closing_start or closing_end)
        opening = self._opening(body_start, opening_end, cut)
        closing_limit = closing_start if closing_start is not None else closing_end
        points = self._points(candidates, closing_limit)
        closing = self._closing(closing_start, closing_end) if closing_start is not None else None
        joined = self.joined
        chars = len(joined) - max(len(units) - 1, 0)  # (the separators)
        chars -= sum(joined.count(space) for space in _SPACE if space in joined)
        return Outline(
            path=self.parsed.document.path,
            form=str(meta.get("form") or form),
            meta=meta,
            title=title,
            salutation=salutation,
            opening=opening,
            points=points,
            closing=closing,
            signoff=signoff,
            chars=chars,
            paragraphs=len(units),
            minutes=round(chars / chars_per_minute, 1) if chars_per_minute > 0 else 0.0,
        )

    # -- head ----------------------------------------------------------------------------

    def _title(self) -> tuple[Node | None, int]:
        if not self.units:
            return None, 0
        first = self.units[0]
        text = first.text
        if first.heading_level == 1 or (
            not self._is_salutation(first)
            and _leading_marker(first) is None
            and (
                self.lexicon.title.search(text) is not None
                or (len(text) <= 60 and text[-1] not in _TERMINAL and len(self.units) > 1)
                or len(self.units) == 1
            )
        ):
            return _unit_node(first), 1
        return None, 0

    def _skip_header(self, index: int) -> int:
        """Skip subtitle, date and speaker lines under the title (——在…上的报告, （2022年…）)."""
        limit = min(index + 5, len(self.units))
        while index < limit and index > 0:
            unit = self.units[index]
            if self._is_salutation(unit) or _leading_marker(unit) is not None:
                break
            if not (self.lexicon.header.search(unit.text) or self._is_untitled_line(unit)):
                break
            index += 1
        return index

    def _is_untitled_line(self, unit: Unit) -> bool:
        # A second title line: short, no end punctuation, followed by more header or salutation.
        return len(unit.text) <= 40 and unit.text[-1] not in _TERMINAL and unit.kind == "paragraph"

    def _is_salutation(self, unit: Unit) -> bool:
        return len(unit.text) <= 60 and self.lexicon.salutation.match(unit.text) is not None

    def _salutation(self, index: int) -> tuple[Node | None, int, int]:
        """The salutation, the index of the first body unit, and where that unit's text starts."""
        for position in range(index, min(index + 3, len(self.units))):
            unit = self.units[position]
            if _leading_marker(unit) is not None:
                break
            if self._is_salutation(unit):
                return _unit_node(unit), position + 1, 0
            prefix = self.lexicon.salutation_prefix.match(unit.text)
            if prefix is not None and prefix.end() < len(unit.text):
                # 同志们：现在我们开会了。 -- the salutation opens the first paragraph.
                return _slice_node(unit, 0, prefix.end()), position, prefix.end()
        return None, index, 0

    # -- points --------------------------------------------------------------------------

    def _candidates(self, start: int) -> list[_Candidate]:
        found: list[_Candidate] = []
        units = self.units
        for index in range(start, len(units)):
            unit = units[index]
            first = unit.text[:1]
            # Most units are no list item and start with a character no marker (nor the space
            # before one) starts with: passed over here, where looking for their marker by
            # calls cost 5k instructions a unit (measured; a speech has dozens of them).
            if unit.list_item is None and first not in _MARKER_FIRST and not first.isdecimal():
                continue
            candidate = self._candidate(index)
            if candidate is not None:
                found.append(candidate)
        # 首先 alone is prose; as a point it needs a partner (其次, 最后 …).
        sequence = [c for c in found if c.marker.style == "sequence"]
        if len(sequence) < 2:
            found = [c for c in found if c.marker.style != "sequence"]
        return found

    def _candidate(self, index: int) -> _Candidate | None:
        unit = self.units[index]
        item = unit.list_item
        if unit.list_depth and item is None:
            return None  # a continuation paragraph of a list item is body text
        marker = _leading_marker(unit)
        form = "heading" if unit.kind == "heading" else "list" if item is not None else "paragraph"
        if marker is None:
            if item is not None and item.ordered and item.number is not None:
                synthetic = Marker("arabic", item.number, 0, 0, item.marker, item.marker[-1])
                return _Candidate(
                    index, synthetic, "list", (item.start, item.end), list_depth=unit.list_depth
                )
            return None
        if form == "paragraph" and unit.bold and unit.in_bold(marker.start, marker.end):
            form = "bold"
        return _Candidate(index, marker, form, None, 0, unit.list_depth if item else 0)

    def _closing_start(self, candidates: list[_Candidate], body_start: int) -> int | None:
        units = self.units
        after = candidates[-1].unit_index + 1 if candidates else body_start
        for index in range(after, len(units)):
            if self.lexicon.closing_opener.search(units[index].text):
                return index
        if after >= len(units):
            return None
        top = [c.unit_index for c in candidates if c.level == 1]
        # Points that are one paragraph each leave what follows the last one to the closing;
        # a heading is never the whole point: its body follows it.
        single_paragraph_points = (
            len(top) >= 2
            and all(later - earlier == 1 for earlier, later in pairwise(top))
            and len(top) == len(candidates)
            and all(c.form != "heading" for c in candidates)
        )
        if single_paragraph_points:
            return after
        last = len(units) - 1
        if self.lexicon.signoff.search(units[last].text) and last > after:
            last -= 1
        if self.lexicon.call_to_action.search(units[last].text) and units[last].text.endswith(
            ("！", "!")
        ):
            return last
        return None

    def _points(self, candidates: list[_Candidate], limit: int) -> list[Point]:
        if not candidates:
            return []
        roots: list[Point] = []
        stack: list[Point] = []
        # Each point's region ends where the next one starts; the last one ends at ``limit``.
        boundaries = [c.unit_index for c in candidates[1:]] + [limit]
        for candidate, next_unit in zip(candidates, boundaries, strict=True):
            point = self._point(candidate, max(next_unit, candidate.unit_index + 1))
            while stack and stack[-1].level >= point.level:
                stack.pop()
            (stack[-1].points if stack else roots).append(point)
            stack.append(point)
        for point in roots:
            _extend_spans(point)
        return roots

    def _point(self, candidate: _Candidate, region_end: int) -> Point:
        unit = self.units[candidate.unit_index]
        marker = candidate.marker
        if candidate.source_marker is not None:
            marker_start, marker_end = candidate.source_marker
        else:
            marker_start, marker_end = unit.source_range(marker.start, marker.end)
        topic_start = _skip_space(unit.text, marker.end)
        topic_end = self._topic_end(unit, candidate.form, topic_start)
        topic = _slice_node(unit, topic_start, topic_end) if topic_end > topic_start else None
        nodes = self._unit_nodes()
        index = candidate.unit_index
        rest = _skip_space(unit.text, topic_end)
        body = nodes[index + 1 : region_end]
        if rest < len(unit.text):
            body.insert(0, _slice_node(unit, rest, len(unit.text)))
        point = Point(
            marker.number,
            unit.text[marker.start : marker.end]
            if candidate.source_marker is None
            else marker.marker,
            marker.style,
            candidate.form,
            candidate.level,
            marker_start,
            max(nodes[max(region_end - 1, index)].end, marker_end),
            marker_start,
            marker_end,
            topic,
            body,
            None,
            index,
        )
        self._inline_points(point, candidate.unit_index, region_end, topic_end)
        return point

    def _topic_end(self, unit: Unit, form: str, start: int) -> int:
        text = unit.text
        if form == "heading":
            return len(text.rstrip(_SPACE))
        if form == "bold":
            for b0, b1 in unit.bold:
                if b0 <= start < b1 or b0 == start:
                    return b1
        sentence = first_sentence(text, start)
        return sentence[1] if sentence else start

    def _inline_points(self, point: Point, first: int, region_end: int, topic_end: int) -> None:
        """Sub-points written inside paragraphs: 一是…；二是…；三是…。"""
        if self._series is None:
            self._series = _document_series(self.joined, self.units)
        series = self._series
        units = self.units
        for index in range(first, region_end):
            if index == first and topic_end:  # the rest of a paragraph that opens a point
                unit = units[index]
                text = unit.text
                markers = _inline_markers(text, _inline_candidates(text, topic_end))
                if markers:
                    points = _inline_series(unit, index, markers, point.level + 1, text, 0)
                    point.points.extend(points)
            elif index in series:
                base, markers = series[index]
                points = _inline_series(
                    units[index], index, markers, point.level + 1, self.joined, base
                )
                point.points.extend(points)

    # -- opening, closing ----------------------------------------------------------------

    def _opening(self, start: int, end: int, cut: int) -> Opening | None:
        if end <= start:
            return None
        paragraphs: list[Node] = []
        sentences: list[tuple[int, int, int]] = []  # (unit index, start, end)
        nodes = self._unit_nodes()
        for index in range(start, end):
            unit = self.units[index]
            begin = _skip_space(unit.text, cut) if index == start else 0
            if begin >= len(unit.text):
                continue
            paragraphs.append(_slice_node(unit, begin, len(unit.text)) if begin else nodes[index])
            # A salutation written into the first paragraph (同志们：现在…) is cut off first.
            spans = split_sentences(unit.text, begin) if begin else unit.sentence_spans()
            sentences.extend((index, s, e) for s, e in spans)
        if not paragraphs:
            return None
        recap = transition = None
        taken: list[tuple[int, int, int]] = []
        for position, (index, s, e) in enumerate(sentences):
            text = self.units[index].text
            if self.lexicon.transition.search(text[s:e]):
                transition = (index, s, e)
                break  # (nothing after the transition is looked at)
            if recap is None and self.lexicon.recap.search(text[s:e]):
                stop = e
                # A paragraph that opens with 刚才 is the recap up to the transition or its end.
                for later_index, _ls, le in sentences[position + 1 :]:
                    if later_index != index or s != _first_sentence_start(sentences, index):
                        break
                    if self.lexicon.transition.search(text[_ls:le]):
                        break
                    stop = le
                recap = (index, s, stop)
        taken = [span for span in (recap, transition) if span is not None]
        context = _context(self.units, paragraphs, start, cut, taken)
        return Opening(
            start=paragraphs[0].start,
            end=paragraphs[-1].end,
            paragraphs=paragraphs,
            context=context,
            recap=_slice_node(self.units[recap[0]], recap[1], recap[2]) if recap else None,
            transition=_slice_node(self.units[transition[0]], transition[1], transition[2])
            if transition
            else None,
        )

    def _signoff(self, start: int) -> tuple[Node | None, int]:
        """The sign-off (谢谢大家！) and the unit index where the closing ends (exclusive)."""
        if not self.units:
            return None, 0
        last = len(self.units) - 1
        unit = self.units[last]
        if last >= start and self.lexicon.signoff.search(unit.text):
            return _unit_node(unit), last
        sentences = unit.sentence_spans()
        if len(sentences) > 1 and last >= start:
            s, e = sentences[-1]
            if self.lexicon.signoff.search(unit.text[s:e]):
                return _slice_node(unit, s, e), last + 1
        return None, last + 1

    def _closing(self, start: int, end: int) -> Closing | None:
        if end <= start:
            return None
        paragraphs = self._unit_nodes()[start:end]
        return Closing(paragraphs[0].start, paragraphs[-1].end, paragraphs, self._call(start, end))

    def _call(self, start: int, end: int) -> Node | None:
        """The last sentence of the closing that calls to action (and is no sign-off).

        Looked for from the end: the call-to-action patterns cost ~0.1 µs a character
        (measured; 0.8M instructions per public report when every sentence was searched).
        """
        signoff = self.lexicon.signoff.search
        call_to_action = self.lexicon.call_to_action.search
        for index in range(end - 1, start - 1, -1):
            unit = self.units[index]
            text = unit.text
            for s, e in reversed(unit.sentence_spans()):
                sentence = text[s:e]
                if not signoff(sentence) and call_to_action(sentence):
                    return _slice_node(unit, s, e)
        return None


def _first_sentence_start(sentences: list[tuple[int, int, int]], index: int) -> int:
    return next(s for i, s, _e in sentences if i == index)


def _context(
    units: list[Unit],
    paragraphs: list[Node],
    start: int,
    cut: int,
    taken: list[tuple[int, int, int]],
) -> list[Node]:
    """The opening's text outside the recap and the transition, as contiguous pieces."""
    context: list[Node] = []
    index = start
    for _paragraph in paragraphs:
        while not units[index].text or (index == start and cut >= len(units[index].text)):
            index += 1
        unit = units[index]
        begin = _skip_space(unit.text, cut) if index == start else 0
        holes = sorted((s, e) for i, s, e in taken if i == index)
        for s, e in holes:
            _add_piece(context, unit, begin, s)
            begin = e
        _add_piece(context, unit, begin, len(unit.text))
        index += 1
    return context


def _add_piece(context: list[Node], unit: Unit, start: int, end: int) -> None:
    start = _skip_space(unit.text, start)
    while end > start and unit.text[end - 1] in _SPACE:
        end -= 1
    if end > start:
        context.append(_slice_node(unit, start, end))


def _leading_marker(unit: Unit) -> Marker | None:
    """The ordinal that opens a unit, unless it starts an enumeration (第一、第二、第三产业)."""
    text = unit.text
    marker = match_marker(text, _skip_space(text, 0) if text[:1] in _SPACES else 0)
    if marker is None or marker.end >= len(text):
        return None
    after = text[marker.end]
    if (after in MARKER_LEADS or after.isdecimal()) and _enumerates(text, marker):
        return None  # (no marker starts with any other character: _enumerates is not asked)
    return marker


def _enumerates(text: str, marker: Marker) -> bool:
    """Whether another number follows the marker: 第一、第二、第三产业 / 第一、二、三产业."""
    # 第一、 may be followed by bare numerals (二、三产业); other styles repeat themselves.
    styles = (marker.style, "han") if marker.style == "ordinal" else (marker.style,)
    return match_marker(text, marker.end, styles=styles) is not None


def _inline_markers(text: str, candidates: list[Marker]) -> list[Marker]:
    """The longest series of at least two same-style markers (一是…；二是…) among
    ``candidates``, the markers at clause starts from :func:`_inline_candidates`."""
    if len(candidates) < 2:  # a series needs two markers
        return []
    found: dict[str, list[Marker]] = {}
    for marker in candidates:
        after = marker.end
        if text[after : after + 1] in MARKER_LEADS and _enumerates(text, marker):
            continue
        found.setdefault(marker.style, []).append(marker)
    series = [markers for markers in found.values() if len(markers) >= 2]
    if not series:
        return []
    return max(series, key=len)


def _inline_series(
    unit: Unit, index: int, markers: list[Marker], level: int, text: str, base: int
) -> list[Point]:
    """The sub-points of a series of inline markers in ``unit`` (the ``index``-th).

    ``text`` holds the unit's text at ``base`` (the unit's own text, or the joined texts the
    markers were found in); positions are in ``text``.  Each item runs to the next marker, the
    last one to the end of the sentence it starts; the topic is the item's first clause.  A
    speech has dozens of sub-points: measured, building each by calls (source_range,
    _slice_node, keyword arguments) cost 25k instructions, so offsets are worked out by the
    unit's shift where it has one (most units), points built with positional arguments.
    """
    shift = unit.shift
    unit_end = base + len(unit.text)
    sentence = first_sentence(text, markers[-1].start, unit_end)
    ends = [marker.start for marker in markers[1:]]
    ends.append(sentence[1] if sentence else unit_end)
    search = _CLAUSE_END.search
    points: list[Point] = []
    for (style, number, start, end, marker, _punctuation), stop in zip(markers, ends, strict=True):
        topic_start = _skip_space(text, end) if text[end : end + 1] in _SPACES else end
        found = search(text, end, stop)
        if found is None:
            topic_end = _trim_end(text, end, stop)
        else:
            topic_end = found.start()
            if text[topic_end] not in "；;":  # a sentence end is part of the topic
                topic_end += 1
        topic = None
        if shift is None:
            first, last = unit.source_range(start - base, stop - base)
            marker_start, marker_end = unit.source_range(start - base, end - base)
            if topic_end > topic_start:
                topic = _slice_node(unit, topic_start - base, topic_end - base)
        else:  # (the positions lie in the unit: no clamping)
            delta = shift - base
            first, last = start + delta, stop + delta
            marker_start, marker_end = first, end + delta
            if topic_end > topic_start:
                topic = _new_node(
                    Node, (text[topic_start:topic_end], topic_start + delta, topic_end + delta)
                )
        points.append(
            Point(
                number,
                marker,
                style,
                "paragraph",
                level,
                first,
                last,
                marker_start,
                marker_end,
                topic,
                None,
                None,
                index,
                True,
            )
        )
    return points


def _document_series(joined: str, units: Sequence[Unit]) -> dict[int, tuple[int, list[Marker]]]:
    """The inline series of each unit that has one (see :func:`_inline_markers`), by unit
    index, with where the unit's text starts in ``joined``; positions are in ``joined``.

    One look at the joined texts, not one per paragraph: each ``str.find`` costs the same per
    character, but its call and the Python around it cost more than a paragraph's characters
    (measured: 0.1M instructions per speech less).  The separator between texts is neither a
    space, a break nor part of a marker, so what is found in ``joined`` is what is found in
    each text: nothing spans two texts and a text's first character is never a clause start.
    """
    found = _inline_candidates(joined, 0)
    if len(found) < 2:
        return {}
    offsets = list(accumulate(map(add, map(len, map(_TEXT, units)), repeat(1)), initial=0))
    by_unit: dict[int, list[Marker]] = {}
    for marker in found:
        index = bisect_right(offsets, marker.start) - 1
        by_unit.setdefault(index, []).append(marker)
    series = {}
    for index, candidates in by_unit.items():
        markers = _inline_markers(joined, candidates)
        if markers:
            series[index] = (offsets[index], markers)
    return series


def _inline_candidates(text: str, begin: int) -> list[Marker]:
    """The markers of the inline styles at the clause starts at or after ``begin`` (see
    :func:`~speechlint.sentences.clause_starts`), in order; never at index 0 (a leading marker
    is not inline).

    Every inline marker holds a literal: 是 after one to three numerals (一是), 第 (第一), or
    首先, 其次, 再次, 最后 (looked for by their second character: the first ones' low bytes
    defeat the memchr that ``str.find`` uses -- "最" in a speech costs 4.8 µs, "后" 0.07).
    Only where one is found is the text before it checked for a clause break.  Measured
    (callgrind, generated speeches): the class-led pattern this replaces, testing every
    character for a break, cost 0.55M instructions per speech (~130 breaks, ~30 是).
    """
    markers: list[Marker] = []
    at = text.find("是", begin + 1)
    while at != -1:
        if text[at - 1] in NUMERALS:
            # The marker starts where the numerals do (one to three of them: 一是, 十二是).
            start = at - 1
            while start > begin and start > at - 3 and text[start - 1] in NUMERALS:
                start -= 1
            # (Most often a break comes right before: known without a call.)
            if (start > begin and text[start - 1] in CLAUSE_BREAKS) or _clause_start(
                text, start, begin
            ):
                marker = shi_marker(text, start, at)
                if marker is not None:
                    markers.append(marker)
        at = text.find("是", at + 1)
    others = False
    for char, firsts in _INLINE_WORDS:
        if char not in text:  # (most texts hold none of them)
            continue
        at = text.find(char, begin + 1 if firsts else begin)
        while at != -1:
            start = at - 1 if firsts else at
            if (not firsts or text[start] in firsts) and _clause_start(text, start, begin):
                # Of the inline styles, only one can start with a given character: its
                # pattern is the only one match_marker would try.
                marker = match_style(text, start, "sequence" if firsts else "ordinal")
                if marker is not None:
                    markers.append(marker)
                    others = True
            at = text.find(char, at + 1)
    if others:
        markers.sort(key=_START)
    return markers


def _clause_start(text: str, index: int, begin: int) -> bool:
    """Whether a clause starts at ``index``: ``begin`` itself (unless 0), or after a clause
    break at or after ``begin`` and white space."""
    if index == begin:
        return begin > 0
    index -= 1
    while index >= begin and text[index] in _SPACE:
        index -= 1
    return index >= begin and text[index] in CLAUSE_BREAKS


def _clause_end(text: str, start: int, stop: int) -> int:
    found = _CLAUSE_END.search(text, start, stop)
    if found is not None:
        return found.start() if found.group() in "；;" else found.end()
    return _trim_end(text, start, stop)


def _trim_end(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1] in _SPACE:
        stop -= 1
    return stop


def _assign_levels(candidates: list[_Candidate]) -> None:
    """Nest points by style: a new style goes one level down; a known style returns to its level.

    A list item counts as a style of its own at each depth of list nesting, so that a nested
    ``1.`` list is a level below the ``1.`` list around it.
    """
    stack: list[tuple[str, int]] = []
    for candidate in candidates:
        key = (candidate.marker.style, candidate.list_depth)
        if key in stack:
            del stack[stack.index(key) + 1 :]
        else:
            stack.append(key)
        candidate.level = len(stack)


def _extend_spans(point: Point) -> None:
    for child in point.points:
        _extend_spans(child)
        point.end = max(point.end, child.end)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in _SPACE:
        index += 1
    return index


def _unit_node(unit: Unit) -> Node:
    return Node(unit.text, unit.start, unit.end)


# tuple.__new__: what Node(...) does, without its Python-level __new__ (half the cost).
_new_node = tuple.__new__
_NODE = partial(_new_node, Node)  # a Node of a (text, start, end) tuple
_TEXT = attrgetter("text")
_START = attrgetter("start")
_SHIFT = attrgetter("shift")


def _slice_node(unit: Unit, start: int, end: int) -> Node:
    shift = unit.shift
    if shift is not None and 0 <= start < end <= len(unit.text):  # what source_range gives
        return _new_node(Node, (unit.text[start:end], shift + start, shift + end))
    source_start, source_end = unit.source_range(start, end)
    return Node(unit.text[start:end], source_start, source_end)


class _JsonWriter:
    """Converts offsets to DESIGN §2's 1-based line/column spans."""

    def __init__(self, document: Document, positions: bool = True) -> None:
        self.document = document
        self._line_column = document.lines.line_column
        # Nested elements share their ends (a point ends where its last body paragraph does).
        self._positions: dict[int, tuple[int, int]] = {}
        self._placeholder = None if positions else {"start": [1, 1], "end": [1, 1]}

    def span(self, start: int, end: int) -> dict[str, list[int]]:
        if self._placeholder is not None:
            return self._placeholder
        a = self._position(start)
        b = self._position(end)
        return {"start": [*a], "end": [*b]}

    def _position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset``."""
        found = self._positions.get(offset)
        if found is None:
            line, column = self._line_column(offset)
            found = self._positions[offset] = (line + 1, column + 1)
        return found

    def node(self, node: Node | None) -> dict[str, Any] | None:
        if node is None:
            return None
        return {"text": node.text, "span": self.span(node.start, node.end)}

    def point(self, point: Point) -> dict[str, Any]:
        return {
            "number": point.number,
            "marker": point.marker,
            "style": point.style,
            "form": point.form,
            "level": point.level,
            "span": self.span(point.start, point.end),
            "topic": self.node(point.topic),
            "body": [self.node(node) for node in point.body],
            "points": [self.point(child) for child in point.points],
        }

    def outline(self, outline: Outline) -> dict[str, Any]:
        opening = outline.opening
        closing = outline.closing
        return {
            "version": 1,
            "path": outline.path,
            "form": outline.form,
            "meta": _jsonable(outline.meta),
            "title": self.node(outline.title),
            "salutation": self.node(outline.salutation),
            "opening": None
            if opening is None
            else {
                "span": self.span(opening.start, opening.end),
                "paragraphs": [self.node(node) for node in opening.paragraphs],
                "context": [self.node(node) for node in opening.context],
                "recap": self.node(opening.recap),
                "transition": self.node(opening.transition),
            },
            "points": [self.point(point) for point in outline.points],
            "closing": None
            if closing is None
            else {
                "span": self.span(closing.start, closing.end),
                "paragraphs": [self.node(node) for node in closing.paragraphs],
                "call_to_action": self.node(closing.call_to_action),
            },
            "signoff": self.node(outline.signoff),
            "stats": {
                "chars": outline.chars,
                "paragraphs": outline.paragraphs,
                "points": len(outline.points),
                "minutes": outline.minutes,
            },
        }


def _jsonable(value: Any) -> Any:
    """Front matter as JSON: YAML dates and other scalars become strings."""
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    import datetime  # only front matter holding a date gets here (YAML reads 2024-05-01 so)

    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
