"""Which points the topic-sentence rules look at, and how their topic sentences measure.

T301 and T302 split the long topic sentences between them so that one point never gets both:
a point whose first paragraph is one sentence from marker to end (a *run-on* point) belongs to
T302; every other long topic sentence (a heading, a bold lead, a first sentence followed by
more text in its paragraph) to T301.  Inline sub-points (一是……；二是……) are clauses of a
paragraph, not points with topic sentences, and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.outline import Node, Point
from speechlint.rules import RuleContext

__all__ = ["length", "max_length", "run_on", "topics"]

_SPACE = frozenset(" \t\u3000\n")
_RUN_ON_FORMS = ("paragraph", "list")


def topics(ctx: RuleContext) -> Iterator[tuple[Point, Node]]:
    """Every point with a topic sentence, except inline sub-points, in document order."""
    for point in ctx.outline.walk_points():
        if not point.inline and point.topic is not None:
            yield point, point.topic


def length(node: Node) -> int:
    """Characters of a topic sentence, white space not counted."""
    return sum(1 for ch in node.text if ch not in _SPACE)


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
