"""What an editor shows for a lint result, computed from the engine's values alone.

The language server (:mod:`speechlint.lsp`) converts these to protocol types; everything here
works on code-point offsets and plain strings, so it is tested without a server:

- :func:`outline_entries` -- the outline view: title, opening (recap, transition), each point
  named by its topic sentence with its sub-points nested, closing;
- :func:`fold_spans` -- one folding span per point, the opening and the closing;
- :func:`hover_markdown` -- a diagnostic's message and its rule's explanation (``speechlint
  explain``) as Markdown;
- :func:`lens_title` -- 字数 · 要点数 · 预计时长 for the code lens on the title;
- :func:`disable_edit` -- the suppression comment that silences one code on one line;
- :func:`fix_all_edits` -- every safe fix, applied until stable, as minimal text edits.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from speechlint._engine import Engine
from speechlint._explain import explain
from speechlint._fixes import fix_until_stable
from speechlint._pluginmanager import Registry
from speechlint.diagnostics import Diagnostic, Range, TextEdit, localize
from speechlint.document import Document, LineIndex
from speechlint.outline import Node, Outline, Point
from speechlint.parse import Parsed
from speechlint.settings import Settings

__all__ = [
    "OutlineEntry",
    "disable_edit",
    "fix_all_edits",
    "fold_spans",
    "hover_markdown",
    "hover_plaintext",
    "lens_title",
    "minimal_edits",
    "outline_entries",
    "scrub_surrogates",
]

_LABELS = {
    "zh": {"title": "标题", "opening": "开头", "recap": "回顾", "transition": "过渡",
           "closing": "结尾", "call-to-action": "号召", "no-topic": "（无主题句）"},
    "en": {"title": "title", "opening": "opening", "recap": "recap", "transition": "transition",
           "closing": "closing", "call-to-action": "call to action",
           "no-topic": "(no topic sentence)"},
}  # fmt: skip
# Outline names are one line; a topic sentence longer than this is cut with an ellipsis.
NAME_LENGTH = 60
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _label(key: str, lang: str) -> str:
    return _LABELS.get(lang, _LABELS["zh"])[key]


def scrub_surrogates(text: str) -> str:
    """Replace lone surrogates (sent by UTF-16 clients mid-edit) with U+FFFD.

    One code point for one keeps every offset and every column, in all three position
    encodings, while the engine and the JSON writer never see a string they cannot encode.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


# -- the outline view -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One row of the outline view: what it is, its name, and the text it spans.

    ``start``/``end`` span the whole element; ``focus_start``/``focus_end`` the part the
    editor selects when the entry is picked (a point's marker and topic sentence).
    """

    kind: str  # title, opening, recap, transition, point, closing, call-to-action
    name: str
    detail: str
    start: int
    end: int
    focus_start: int
    focus_end: int
    children: tuple[OutlineEntry, ...] = ()


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= NAME_LENGTH else flat[: NAME_LENGTH - 1] + "…"


def _node_entry(kind: str, node: Node, lang: str) -> OutlineEntry:
    name = _clip(node.text) or _label(kind, lang)
    return OutlineEntry(kind, name, _label(kind, lang), node.start, node.end, node.start, node.end)


def _point_entry(point: Point, lang: str) -> OutlineEntry:
    topic = point.topic
    marker = point.marker.strip()
    name = _clip(marker + (topic.text if topic else _label("no-topic", lang)))
    focus_end = topic.end if topic else point.marker_end
    start, end = min(point.start, point.marker_start), max(point.end, focus_end)
    children = tuple(_point_entry(child, lang) for child in point.points)
    return OutlineEntry("point", name, "", start, end, point.marker_start, focus_end, children)


def outline_entries(outline: Outline, lang: str = "zh") -> list[OutlineEntry]:
    """The outline view of a speech, in document order."""
    entries: list[OutlineEntry] = []
    if outline.title is not None:
        entries.append(_node_entry("title", outline.title, lang))
    opening = outline.opening
    if opening is not None:
        parts = [(k, n) for k, n in (("recap", opening.recap), ("transition", opening.transition))]
        children = tuple(_node_entry(kind, node, lang) for kind, node in parts if node is not None)
        first = opening.paragraphs[0]
        entries.append(_section("opening", opening.start, opening.end, first, children, lang))
    entries.extend(_point_entry(point, lang) for point in outline.points)
    closing = outline.closing
    if closing is not None:
        call = closing.call_to_action
        children = () if call is None else (_node_entry("call-to-action", call, lang),)
        first = closing.paragraphs[0]
        entries.append(_section("closing", closing.start, closing.end, first, children, lang))
    return entries


def _section(
    kind: str, start: int, end: int, first: Node, children: tuple[OutlineEntry, ...], lang: str
) -> OutlineEntry:
    # Picking the opening or the closing selects its first paragraph's beginning, not all of it.
    focus_end = min(first.end, first.start + NAME_LENGTH)
    return OutlineEntry(kind, _label(kind, lang), "", start, end, first.start, focus_end, children)


def fold_spans(outline: Outline) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of what folds: the opening, every point, the closing."""
    spans: list[tuple[int, int]] = []
    if outline.opening is not None:
        spans.append((outline.opening.start, outline.opening.end))
    spans.extend((point.start, point.end) for point in outline.walk_points())
    if outline.closing is not None:
        spans.append((outline.closing.start, outline.closing.end))
    return spans


# -- hover and code lens ----------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_LINE_START_SPECIAL = re.compile(r"^([-+=]|\d+[.)])")


def _escape(text: str) -> str:
    """Markdown-escape prose: ``*负责人`` must not open emphasis."""
    return _LINE_START_SPECIAL.sub(r"\\\1", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _explain_blocks(lines: Sequence[str]) -> Iterator[str]:
    """``speechlint explain`` text as Markdown blocks: labels bold, indented text quoted."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if line.startswith("  "):
            quoted: list[str] = []
            while index < len(lines) and lines[index].startswith("  "):
                quoted.append("> " + _escape(lines[index][2:]))
                index += 1
            yield "  \n".join(quoted)
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following.startswith("  "):
            yield f"**{_escape(line)}**"
            index += 1
            continue
        plain: list[str] = []
        while index < len(lines) and lines[index].strip() and not lines[index].startswith("  "):
            plain.append(_escape(lines[index]))
            index += 1
        yield "  \n".join(plain)


def hover_markdown(registry: Registry, diagnostic: Diagnostic, lang: str = "zh") -> str:
    """A diagnostic's code, message and the full explanation of its rule, as Markdown."""
    head = f"**{diagnostic.code}** {_escape(diagnostic.rule)} · {_escape(diagnostic.message)}"
    if registry.meta_by_name(diagnostic.code) is None:
        return head  # a code from a form schema has no rule documentation to show
    text = explain(registry, diagnostic.code, lang=lang).splitlines()
    # The first line repeats the code and the name already in the heading.
    return "\n\n".join([head, "---", *_explain_blocks(text[1:])])


def hover_plaintext(registry: Registry, diagnostic: Diagnostic, lang: str = "zh") -> str:
    """The same as :func:`hover_markdown`, for clients that cannot render Markdown."""
    head = f"{diagnostic.code} {diagnostic.rule}: {diagnostic.message}"
    if registry.meta_by_name(diagnostic.code) is None:
        return head
    return head + "\n\n" + explain(registry, diagnostic.code, lang=lang)


def lens_title(outline: Outline, lang: str = "zh") -> str:
    """字数 · 要点数 · 预计时长（分钟） for the code lens on the title."""
    return localize(
        {
            "zh": f"字数 {outline.chars} · 要点数 {len(outline.points)} · "
            f"预计时长 {outline.minutes:g} 分钟",
            "en": f"{outline.chars} characters · {len(outline.points)} points · "
            f"about {outline.minutes:g} min",
        },
        lang,
    )


# -- suppression comments ---------------------------------------------------------------------

_NEXT_LINE = re.compile(
    r"(?P<indent>[ \t]*)<!--\s*speechlint-disable-next-line(?P<codes>(?:\s+[^\s-][^\s]*)+)"
    r"(?P<end>\s*-->)[ \t]*"
)
_SAME_LINE = re.compile(
    r".*<!--\s*speechlint-disable-line(?P<codes>(?:\s+[^\s-][^\s]*)+)(?P<end>\s*-->)[ \t]*"
)


def _inside_unit(parsed: Parsed, offset: int) -> bool:
    """Whether ``offset`` (a line start) falls inside a paragraph that began on an earlier line."""
    return any(unit.start < offset < unit.end for unit in parsed.units)


def disable_edit(parsed: Parsed, diagnostic: Diagnostic) -> TextEdit:
    """The edit that suppresses ``diagnostic``'s code on the line where it starts.

    ``<!-- speechlint-disable-next-line CODE -->`` goes on its own line above; when that line
    continues a hard-wrapped paragraph (a comment line there would split the paragraph in two
    and change the outline), ``<!-- speechlint-disable-line CODE -->`` goes at its end
    instead.  An existing comment of either kind for the line gets the code added.
    """
    document = parsed.document
    lines = document.lines
    line = document.position(diagnostic.range.start).line
    code = diagnostic.code
    extended = _extend_existing(lines, line, code)
    if extended is not None:
        return extended
    start, end = lines.line_start(line), lines.line_end(line)
    if _inside_unit(parsed, start):
        return _insert(end, f" <!-- speechlint-disable-line {code} -->")
    text = lines.line_text(line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    return _insert(start, f"{indent}<!-- speechlint-disable-next-line {code} -->{document.newline}")


def _extend_existing(lines: LineIndex, line: int, code: str) -> TextEdit | None:
    """``code`` added to a next-line comment just above ``line`` or a comment at its end."""
    candidates = [(line - 1, _NEXT_LINE)] if line > 0 else []
    candidates.append((line, _SAME_LINE))
    for number, pattern in candidates:
        match = pattern.fullmatch(lines.line_text(number))
        if match is not None:
            return _insert(lines.line_start(number) + match.start("end"), f" {code}")
    return None


def _insert(offset: int, text: str) -> TextEdit:
    return TextEdit(Range(offset, offset), text)


# -- fix all ----------------------------------------------------------------------------------


def fix_all_edits(engine: Engine, document: Document, settings: Settings) -> list[TextEdit]:
    """Every safe fix, applied pass after pass until stable, as edits of ``document``'s text."""
    outcome = fix_until_stable(engine, document, settings, unsafe=False)
    return minimal_edits(document.text, outcome.text)


def minimal_edits(before: str, after: str) -> list[TextEdit]:
    """Non-overlapping edits that turn ``before`` into ``after``, each as small as possible.

    Lines are diffed first (linear enough for long speeches), then each changed block is
    diffed by character, so the editor keeps cursors and marks everywhere else.
    """
    if before == after:
        return []
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    old_starts, new_starts = _starts(old), _starts(new)
    edits: list[TextEdit] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            a0, a1 = old_starts[i1], old_starts[i2]
            edits.extend(_block_edits(before[a0:a1], after[new_starts[j1] : new_starts[j2]], a0))
    return edits


def _starts(lines: Sequence[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


# A changed block longer than this is replaced whole: a character diff is quadratic at worst.
_CHARACTER_DIFF_LIMIT = 5000


def _block_edits(old: str, new: str, offset: int) -> list[TextEdit]:
    if len(old) + len(new) > _CHARACTER_DIFF_LIMIT:
        return [TextEdit(Range(offset, offset + len(old)), new)]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        TextEdit(Range(offset + i1, offset + i2), new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
