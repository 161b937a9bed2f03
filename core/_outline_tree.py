"""The ``tree`` rendering of an outline: a readable indented view for a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from speechlint.document import Document
from speechlint.outline import Node, Outline, Point

__all__ = ["render_tree"]

_LABELS = {
    "zh": {
        "title": "标题", "salutation": "称谓", "opening": "开头", "context": "背景",
        "recap": "回顾", "transition": "过渡", "points": "要点", "topic": "（无主题句）",
        "closing": "结尾", "call_to_action": "号召", "signoff": "致谢", "missing": "（缺）",
        "summary": "{form} · {points} 个要点 · {chars} 字 · 约 {minutes} 分钟",
    },
    "en": {
        "title": "title", "salutation": "salutation", "opening": "opening", "context": "context",
        "recap": "recap", "transition": "transition", "points": "points",
        "topic": "(no topic sentence)", "closing": "closing", "call_to_action": "call to action",
        "signoff": "sign-off", "missing": "(missing)",
        "summary": "{form} · {points} points · {chars} characters · about {minutes} min",
    },
}  # fmt: skip
_WIDTH = 48


def render_tree(outline: Outline, document: Document, *, lang: str = "zh") -> str:
    """Render ``outline`` as indented lines with ``line:column`` positions."""
    return "\n".join(_Tree(document, _LABELS.get(lang, _LABELS["zh"])).lines(outline)) + "\n"


class _Tree:
    def __init__(self, document: Document, labels: dict[str, str]) -> None:
        self.document = document
        self.labels = labels

    def where(self, offset: int) -> str:
        position = self.document.position(offset)
        return f"{position.line + 1}:{position.column + 1}"

    def row(self, indent: int, label: str, node: Node | None) -> str:
        pad = "  " * indent
        if node is None:
            return f"{pad}{label}  {self.labels['missing']}"
        return f"{pad}{label}  {self.where(node.start):<8} {_clip(node.text)}"

    def lines(self, outline: Outline) -> Iterator[str]:
        labels = self.labels
        yield f"{outline.path}  ({labels['summary'].format(form=outline.form, points=len(outline.points), chars=outline.chars, minutes=outline.minutes)})"  # noqa: E501
        yield self.row(0, labels["title"], outline.title)
        yield self.row(0, labels["salutation"], outline.salutation)
        opening = outline.opening
        if opening is None:
            yield self.row(0, labels["opening"], None)
        else:
            yield f"{labels['opening']}  {self.where(opening.start)}"
            for node in opening.context:
                yield self.row(1, labels["context"], node)
            yield self.row(1, labels["recap"], opening.recap)
            yield self.row(1, labels["transition"], opening.transition)
        yield labels["points"] if outline.points else self.row(0, labels["points"], None)
        for point in outline.points:
            yield from self.point(point, 1)
        closing = outline.closing
        if closing is None:
            yield self.row(0, labels["closing"], None)
        else:
            yield f"{labels['closing']}  {self.where(closing.start)}"
            yield self.row(1, labels["call_to_action"], closing.call_to_action)
        if outline.signoff is not None:
            yield self.row(0, labels["signoff"], outline.signoff)

    def point(self, point: Point, indent: int) -> Iterator[str]:
        pad = "  " * indent
        topic = _clip(point.topic.text) if point.topic else self.labels["topic"]
        yield f"{pad}{point.marker.strip()}  {self.where(point.marker_start):<8} {topic}"
        for child in point.points:
            yield from self.point(child, indent + 1)


def _clip(text: str) -> str:
    """Shorten ``text`` to about ``_WIDTH`` terminal columns (CJK characters count two)."""
    text = " ".join(text.split())
    width = 0
    for index, ch in enumerate(text):
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if width > _WIDTH:
            return text[:index] + "…"
    return text
