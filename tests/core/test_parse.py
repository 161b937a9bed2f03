"""Parsing into units: visible text, exact source spans, and the paragraph decision."""

from __future__ import annotations

from markdown_it import MarkdownIt

from speechlint.document import Document
from speechlint.parse import Parsed, Unit, parse


def _parse(text: str) -> Parsed:
    parsed = parse(Document("a.md", text))
    for unit in parsed.units:
        _assert_runs_match_source(unit, text)
    return parsed


def _assert_runs_match_source(unit: Unit, source: str) -> None:
    """Every run says: this visible text is exactly that source text."""
    for vstart, sstart, length in unit.runs:
        assert unit.text[vstart : vstart + length] == source[sstart : sstart + length]


def _source(unit: Unit, source: str) -> str:
    return source[unit.start : unit.end]


def _texts(parsed: Parsed) -> list[str]:
    return [unit.text for unit in parsed.units]


# -- headings, paragraphs, emphasis ----------------------------------------------------------


def test_heading_text_and_span_leave_out_the_markup() -> None:
    source = "# 在全县推进会上的讲话\n\n## 一、要提高思想认识。 ##\n\n正文。\n"
    parsed = _parse(source)
    title, point, body = parsed.units
    assert (title.kind, title.heading_level, title.text) == ("heading", 1, "在全县推进会上的讲话")
    assert (point.kind, point.heading_level) == ("heading", 2)
    assert point.text == "一、要提高思想认识。"
    assert (point.start, point.end) == (source.index("一、"), source.index(" ##"))
    assert body.kind == "paragraph"
    assert body.heading_level == 0


def test_bold_lead_sentence_that_commonmark_leaves_literal() -> None:
    source = "**第一，要加强领导。**要落实责任。\n"
    # CommonMark's flanking rules: "。**要" cannot close emphasis, so markdown-it keeps the stars.
    rendered = MarkdownIt("commonmark").render(source)
    assert "<strong>" not in rendered
    # ... yet authors mean bold, editors render it bold, and speechlint reads it as bold.
    (unit,) = _parse(source).units
    assert unit.text == "第一，要加强领导。要落实责任。"
    assert unit.bold == ((0, 9),)
    assert unit.in_bold(0, 9)
    assert not unit.in_bold(0, 10)
    assert (unit.start, unit.end) == (2, len(source) - 1)
    # The visible topic maps to its exact source text, across the closing stars.
    assert unit.source_range(3, 9) == (5, 11)
    assert source[unit.source_end(9) :].startswith("**要落实")
    assert unit.source_offset(9) == source.index("要落实")


def test_bold_that_commonmark_accepts() -> None:
    source = "**第一，要加强领导**，要落实责任。"
    (unit,) = _parse(source).units
    assert unit.text == "第一，要加强领导，要落实责任。"
    assert unit.bold == ((0, 8),)
    assert unit.source_offset(8) == source.index("，要落实")


def test_italic_code_links_entities_and_escapes() -> None:
    source = "要*加强*学习 `代码` 和 [链接](http://x.cn) 及 <http://a.cn> &amp; \\* 止。"
    (unit,) = _parse(source).units
    assert unit.text == "要加强学习 代码 和 链接 及 http://a.cn & * 止。"
    assert unit.source_offset(unit.text.index("加强")) == source.index("加强")
    assert unit.source_offset(unit.text.index("&")) == source.index("&amp;")
    assert unit.source_offset(unit.text.index("*")) == source.index("*", source.index("\\"))
    code = unit.text.index("代码")
    url = unit.text.index("http")
    assert unit.verbatim == ((code, code + 2), (url, url + len("http://a.cn")))
    assert unit.end == len(source)


# -- lists and blockquotes ------------------------------------------------------------------


def test_ordered_list_items_keep_their_marker_outside_the_text() -> None:
    source = "1. 要加强领导。要落实。\n2. 要加强*学习*。\n\n   续段。\n\n- 无序\n"
    first, second, continuation, bullet = _parse(source).units
    assert first.text == "要加强领导。要落实。"
    assert first.list_item is not None
    assert (first.list_item.ordered, first.list_item.number, first.list_item.marker) == (
        True,
        1,
        "1.",
    )
    assert (first.list_item.start, first.list_item.end) == (0, 2)
    assert (first.start, first.end) == (3, 13)
    assert second.list_item is not None
    assert second.list_item.number == 2
    assert source[second.list_item.start : second.list_item.end] == "2."
    assert _source(second, source) == "要加强*学习*。"
    # A second paragraph of an item is the item's body, not a new item.
    assert continuation.list_item is None
    assert continuation.list_depth == 1
    assert bullet.list_item is not None
    assert (bullet.list_item.ordered, bullet.list_item.number) == (False, None)


def test_list_item_numbers_come_from_the_source() -> None:
    source = "3) 第三项。\n4) 第四项。\n"
    units = _parse(source).units
    assert [(u.list_item.number, u.list_item.marker) for u in units if u.list_item] == [
        (3, "3)"),
        (4, "4)"),
    ]


def test_blockquote_lines_map_past_the_quote_markers() -> None:
    source = "> 引用第一段。\n> 第二行。\n"
    first, second = _parse(source).units
    assert (first.quote_depth, second.quote_depth) == (1, 1)
    assert (_source(first, source), _source(second, source)) == ("引用第一段。", "第二行。")
    assert second.start == source.index("第二行")


# -- front matter and comments --------------------------------------------------------------


def test_front_matter_is_parsed_and_not_a_unit() -> None:
    source = "---\nform: pledge\nduration: 25\nspeaker: 张华\n---\n\n同志们：\n"
    parsed = _parse(source)
    front = parsed.front_matter
    assert front is not None
    assert front.meta == {"form": "pledge", "duration": 25, "speaker": "张华"}
    assert front.error is None
    assert (front.start, front.end) == (0, source.index("\n\n"))
    assert _texts(parsed) == ["同志们："]


def test_front_matter_with_crlf() -> None:
    source = "---\r\nform: speech\r\n---\r\n\r\n同志们：\r\n"
    parsed = _parse(source)
    assert parsed.front_matter is not None
    assert parsed.front_matter.meta == {"form": "speech"}
    assert parsed.units[0].start == source.index("同")


def test_broken_front_matter_is_reported_as_a_value() -> None:
    parsed = _parse("---\nform: [\n---\n\n同志们：\n")
    assert parsed.front_matter is not None
    assert parsed.front_matter.meta == {}
    assert parsed.front_matter.error
    listed = _parse("---\n- a\n- b\n---\n正文。\n")
    assert listed.front_matter is not None
    assert listed.front_matter.error == "front matter is not a mapping of keys to values"


def test_html_comments_on_their_own_line_and_inline() -> None:
    source = "<!-- speechlint-disable W501 -->\n同志们：\n正文<!-- 注释 -->继续。\n"
    parsed = _parse(source)
    own, inline = parsed.comments
    assert (own.body, own.own_line, own.start, own.end) == ("speechlint-disable W501", True, 0, 32)
    assert inline.body == "注释"
    assert inline.own_line is False
    assert source[inline.start : inline.end] == "<!-- 注释 -->"
    assert _texts(parsed) == ["同志们：", "正文继续。"]
    unit = parsed.units[1]
    assert unit.source_offset(2) == source.index("继续")


# -- one paragraph per line, or blank-line paragraphs ----------------------------------------


def test_plain_text_puts_one_paragraph_per_line() -> None:
    source = (
        "在全市会议上的讲话\n\n同志们：\n今天，我们召开会议。\n第一，要学习。\n第二，要实干。\n"
    )
    parsed = _parse(source)
    assert parsed.line_mode is True
    assert _texts(parsed) == [
        "在全市会议上的讲话",
        "同志们：",
        "今天，我们召开会议。",
        "第一，要学习。",
        "第二，要实干。",
    ]
    assert [source[u.start : u.end] for u in parsed.units] == _texts(parsed)


def test_one_paragraph_per_line_with_crlf_and_lone_cr() -> None:
    source = "标题\r\n\r\n同志们：\r\n第一，甲。\r第二，乙。\r\n"
    parsed = _parse(source)
    assert _texts(parsed) == ["标题", "同志们：", "第一，甲。", "第二，乙。"]
    assert [u.start for u in parsed.units] == [0, 6, 12, 18]


_WRAPPED = (
    "今天开会的主要任务是总结上半年工作并部署下半年的重点任\n"
    "务，各单位要认真落实会议精神，确保各项工作\n"
    "取得实效。\n"
)


def test_a_hard_wrapped_markdown_paragraph_stays_one_unit() -> None:
    source = f"# 标题\n\n同志们：\n\n{_WRAPPED}\n第二段。\n"
    parsed = _parse(source)
    assert parsed.line_mode is False
    wrapped = parsed.units[2]
    assert wrapped.text == _WRAPPED.strip()
    assert (wrapped.start, wrapped.end) == (source.index("今天"), source.index("取得实效。") + 5)
    assert _texts(parsed)[3] == "第二段。"


def test_a_wrap_after_a_comma_is_a_wrap() -> None:
    # No paragraph of a speech ends with a comma, so the break is inside the paragraph.
    source = (
        "我们要坚持以习近平新时代中国特色社会主义思想为指导，\n"
        "深刻领会党中央关于统筹发展和安全的决策部署。\n\n"
        "另一段。\n"
    )
    parsed = _parse(source)
    assert parsed.line_mode is False
    assert len(parsed.units) == 2
    assert parsed.units[0].text.endswith("决策部署。")


def test_the_decision_is_per_document_by_majority() -> None:
    lines = "\n".join(f"第{n}，要做好第{n}项工作。" for n in "一二三四五")
    parsed = _parse(f"同志们：\n{lines}\n\n{_WRAPPED}")
    # Five breaks after sentences outvote two mid-sentence breaks: one paragraph per line.
    assert parsed.line_mode is True
    assert len(parsed.units) == 1 + 5 + 3


def test_headings_are_never_joined_with_the_next_line() -> None:
    parsed = _parse("# 标题\n第一行正文，很长很长很长很长很长很长很长很长很长很长很长\n第二行。\n")
    assert _texts(parsed)[0] == "标题"


def test_indented_paragraphs_stay_prose() -> None:
    # 首行缩进: Chinese manuscripts indent paragraphs; CommonMark would make code blocks of them.
    source = "\u3000\u3000同志们：\n\u3000\u3000今天我们开会。\n    第一，缩进的段落。\n"
    parsed = _parse(source)
    assert _texts(parsed) == ["同志们：", "今天我们开会。", "第一，缩进的段落。"]
    assert parsed.units[2].start == source.index("第一")


def test_empty_and_blank_documents_have_no_units() -> None:
    for source in ("", "\n\n", "   \n\u3000\n", "<!-- 只有注释 -->\n"):
        parsed = _parse(source)
        assert parsed.units == []
        assert parsed.front_matter is None


def test_thousands_of_lines_in_one_inline_token() -> None:
    # One-paragraph-per-line text is one markdown-it paragraph cut into a unit per line; every
    # line must keep its own bold and code ranges and its own runs.
    source = "同志们：\n" + "第一，要**学习**。`内容`。\n" * 3_000
    parsed = parse(Document("big.txt", source))
    assert len(parsed.units) == 3_001
    last = parsed.units[-1]
    assert (last.text, last.bold, last.verbatim) == ("第一，要学习。内容。", ((4, 6),), ((7, 9),))
    _assert_runs_match_source(last, source)


def test_bold_lead_sentences_one_per_line() -> None:
    source = "同志们：\n**第一，要学习。**内容。\n**第二，要实干。**内容。\n"
    parsed = _parse(source)
    assert parsed.line_mode is True
    first, second = parsed.units[1:]
    assert (first.text, first.bold) == ("第一，要学习。内容。", ((0, 7),))
    assert (second.text, second.bold) == ("第二，要实干。内容。", ((0, 7),))
    assert second.start == source.index("第二")
    assert second.source_offset(7) == source.index("内容", second.start)
