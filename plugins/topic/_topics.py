"""Which points the topic-sentence rules look at, and how their topic sentences measure.

T301 and T302 split the long topic sentences between them so that one point never gets both:
a point whose first paragraph is one sentence from marker to end (a *run-on* point) belongs to
T302; every other long topic sentence (a heading, a bold lead, a first sentence followed by
more text in its paragraph) to T301.  Inline sub-points (一是……；二是……) are clauses of a
paragraph, not points with topic sentences, and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import filterfalse
from operator import attrgetter

from speechlint.outline import Node, Point
from speechlint.plugins._index import points
from speechlint.rules import RuleContext

__all__ = ["length", "long_topics", "max_length", "run_on", "topics"]

_SPACE = " \t\u3000\n"
_RUN_ON_FORMS = ("paragraph", "list")
_CACHE_KEY = "topic.topics"
_inline = attrgetter("inline")


def topics(ctx: RuleContext) -> list[tuple[Point, Node]]:
    """Every point with a topic sentence and the sentence, in document order (cached)."""
    found: list[tuple[Point, Node]] | None = ctx.cache.get(_CACHE_KEY)
    if found is None:
        found = [
            (point, point.topic)
            for point in filterfalse(_inline, points(ctx))
            if point.topic is not None
        ]
        ctx.cache[_CACHE_KEY] = found
    return found


def long_topics(ctx: RuleContext, limit: int) -> Iterator[tuple[Point, Node, int]]:
    """The points whose topic sentence is longer than ``limit``, the sentence and its length."""
    for point, topic in topics(ctx):
        if len(topic.text) > limit:  # white space only makes the length smaller
            size = length(topic)
            if size > limit:
                yield point, topic, size


def length(node: Node) -> int:
    """The length of ``node``'s text, white space not counted."""
    text = node.text
    return len(text) - sum(text.count(ch) for ch in _SPACE)


def run_on(ctx: RuleContext, point: Point, topic: Node) -> bool:
    """Whether the point's first paragraph is a single sentence (the topic runs to its end)."""
    if point.form not in _RUN_ON_FORMS or not 0 <= point.unit_index < len(ctx.units):
        return False
    return topic.end >= ctx.units[point.unit_index].end


def max_length(ctx: RuleContext, default: int) -> int:
    """The ``max-length`` option (a positive integer), or ``default``."""
    value = ctx.options.get("max-length", default)
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default
    )
