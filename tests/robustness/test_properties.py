"""Property-based tests over arbitrary text and Markdown (hypothesis).

For any input: linting raises nothing and no rule crashes (E902); every diagnostic and every fix
edit lies inside the document; the JSON report can be written as UTF-8; and the outline is a
proper tree -- every node inside the document, points in document order, each sub-point inside
its parent's span, each topic sentence and marker inside its point's span.

The generators mix speech vocabulary (ordinals, salutations, typos, placeholders), Markdown
syntax, every kind of line break and white space, control characters, lone surrogates and
characters outside the BMP.  Derandomized, so a run is reproducible; modest example counts keep
the file fast.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from speechlint._engine import Engine, LintResult
from speechlint._pluginmanager import load_registry
from speechlint.document import Document
from speechlint.formatters.json import JsonFormatter
from speechlint.formatters.text import TextFormatter
from speechlint.outline import Node, Outline, Point


def _words(text: str) -> list[str]:
    return text.split()


ENGINE = Engine(load_registry(entry_points=False))
PROPERTY = settings(
    derandomize=True,
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SPEECH = _words(
    """
    在全市工作会议上的讲话 同志们： 各位代表： 今天，我们召开会议。 刚才，王明同志作了发言。
    下面，我讲三点意见。 第一， 第二， 第四， 一、 二、 （一） （二） 1. 2、 （1） 一是 二是
    首先， 其次， 最后， 要提高政治站位。 港移默化 惩前恶后 两个维护 习近平新时代中国特色社会主义
    XX 【待补充】 的的 让我们团结奋斗！ 谢谢大家！
    """
)
MARKDOWN = [
    "# ", "## ", "> ", "- ", "* ", "1. ", "**", "__", "*", "_", "`", "```\n", "[", "](", ")",
    "![", "<", ">", "<!-- ", " -->", "<!-- speechlint-disable W501 -->",
    "<!-- speechlint-disable-next-line -->", "<!-- speechlint-enable -->", "---\n",
    "form: pledge\n", "&amp;", "&copy;", "&#20013;", "\\", "|", "===", "    ", "http://a.cn/x",
]  # fmt: skip
PUNCTUATION = list("。，、；：！？…—“”‘’《》（）【】,.;:!?()\"'")
SPACE = ["\n", "\n\n", "\r\n", "\r", " ", "\u3000", "\t", "\u00a0"]
ODD = [
    "\x00", "\x0b", "\x1a", "\x1b", "\x7f", "\u200b", "\ufeff", "\ufffd", "\U00020bb7",
    "\ud800", "\udfff",
]  # fmt: skip

pieces = st.sampled_from(SPEECH + MARKDOWN + PUNCTUATION + SPACE + ODD)
markdown_text = st.lists(pieces | st.text(max_size=3), max_size=50).map("".join)
# Any code point, surrogates included (they arrive through the language server).
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


def _lint(text: str) -> LintResult:
    document = Document("speech.md", text)
    result = ENGINE.lint(document)
    for diagnostic in result.diagnostics:
        assert diagnostic.code != "E902", diagnostic.message
        assert 0 <= diagnostic.range.start <= diagnostic.range.end <= len(text), diagnostic
        for edit in diagnostic.fix.edits if diagnostic.fix else ():
            assert 0 <= edit.range.start <= edit.range.end <= len(text), diagnostic
    return result


def _reports_encode(result: LintResult) -> None:
    for formatter_type in (JsonFormatter, TextFormatter):
        stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # strict, as stdout is
        formatter = formatter_type(stream)
        formatter.file(result, lang="zh")
        formatter.finish(1)
        stream.flush()
    JsonFormatter(io.StringIO()).file(result, lang="en")


def _inside(node: Node | None, start: int, end: int) -> None:
    if node is not None:
        assert start <= node.start <= node.end <= end, (node, start, end)


def _points_nested(points: Sequence[Point], start: int, end: int) -> None:
    previous = start
    for point in points:
        assert start <= point.start <= point.end <= end, (point.marker, start, end)
        assert previous <= point.start, "siblings out of order"
        assert point.start <= point.marker_start <= point.marker_end <= point.end
        _inside(point.topic, point.start, point.end)
        _points_nested(point.points, point.start, point.end)
        previous = point.start


def _outline_is_a_tree(outline: Outline, size: int) -> None:
    for node in (outline.title, outline.salutation, outline.signoff):
        _inside(node, 0, size)
    if outline.opening is not None:
        opening = outline.opening
        assert 0 <= opening.start <= opening.end <= size
        for node in (*opening.paragraphs, *opening.context, opening.recap, opening.transition):
            _inside(node, 0, size)
    if outline.closing is not None:
        assert 0 <= outline.closing.start <= outline.closing.end <= size
        for node in (*outline.closing.paragraphs, outline.closing.call_to_action):
            _inside(node, 0, size)
    _points_nested(outline.points, 0, size)


def _check(text: str) -> None:
    result = _lint(text)
    _reports_encode(result)
    assert result.outline is not None
    _outline_is_a_tree(result.outline, len(text))
    json.dumps(result.outline.to_json(result.document))


@PROPERTY
@given(markdown_text)
# Found by this test: a code span's line break shown as a space, NUL shown as U+FFFD, and a
# link whose URL is longer than the aligner's window.
@example("`---\n`# ")
@example("第一，`---\n`# ")
@example("# \x00# ")
@example("见[报告](https://example.cn/" + "a" * 80 + ") | 中,文")
def test_any_markdown_lints_inside_the_document(text: str) -> None:
    _check(text)


@PROPERTY
@given(markdown_text)
def test_any_markdown_with_crlf_lints_inside_the_document(text: str) -> None:
    _check(text.replace("\r\n", "\n").replace("\n", "\r\n"))


@PROPERTY
@given(any_text)
def test_any_text_lints_inside_the_document(text: str) -> None:
    _check(text)


@PROPERTY
@given(st.lists(st.sampled_from(SPEECH + PUNCTUATION), max_size=40), st.sampled_from(SPACE[:4]))
def test_one_paragraph_per_line_speeches(lines: list[str], newline: str) -> None:
    _check(newline.join(lines))
