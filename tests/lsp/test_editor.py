"""The editor logic (speechlint._editor) on engine values, without a server or pygls."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speechlint._editor import (
    disable_edit,
    fix_all_edits,
    fold_spans,
    hover_markdown,
    hover_plaintext,
    lens_title,
    minimal_edits,
    outline_entries,
    scrub_surrogates,
)
from speechlint._engine import Engine, LintResult
from speechlint._fixes import apply_edits, fix_until_stable
from speechlint._pluginmanager import Registry, load_registry
from speechlint.diagnostics import Diagnostic
from speechlint.document import Document
from speechlint.outline import Outline, Point
from speechlint.settings import Settings

SEED = Path(__file__).parents[1] / "fixtures" / "seed.txt"
SPEECH = """\
# 在全市安全生产工作会议上的讲话

同志们：

今天，我们召开全市安全生产工作会议。刚才，几位同志分别作了发言，讲得很好。下面，我讲两点意见。

第一，提高政治站位，切实增强责任感。要使党员干部在港移默化中受熏陶、受教育。

第二，聚焦重点领域，扎实开展隐患排查整治。一是抓好道路交通安全；二是抓好建筑施工安全。

这项工作要持续抓好。

同志们，让我们紧密团结起来，为全市经济社会发展提供坚强保障！
"""


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(entry_points=False)


@pytest.fixture(scope="module")
def engine(registry: Registry) -> Engine:
    return Engine(registry)


def _lint(engine: Engine, text: str) -> LintResult:
    return engine.lint(Document("讲话.md", text), Settings())


def _only(result: LintResult, code: str) -> Diagnostic:
    (found,) = [d for d in result.diagnostics if d.code == code]
    return found


# -- outline view and folding -----------------------------------------------------------------


def test_outline_entries_follow_the_speech(engine: Engine) -> None:
    result = _lint(engine, SPEECH)
    assert result.outline is not None
    entries = outline_entries(result.outline)
    assert [(e.kind, e.name) for e in entries] == [
        ("title", "在全市安全生产工作会议上的讲话"),
        ("opening", "开头"),
        ("point", "第一，提高政治站位，切实增强责任感。"),
        ("point", "第二，聚焦重点领域，扎实开展隐患排查整治。"),
        ("closing", "结尾"),
    ]
    opening, first, second, closing = entries[1:]
    assert [(c.kind, c.detail) for c in opening.children] == [
        ("recap", "回顾"),
        ("transition", "过渡"),
    ]
    assert [c.name for c in second.children] == ["一是抓好道路交通安全", "二是抓好建筑施工安全。"]
    assert [c.kind for c in closing.children] == ["call-to-action"]
    # The editor selects the marker and the topic sentence, inside the point's whole span.
    topic = "第一，提高政治站位，切实增强责任感。"
    assert SPEECH[first.focus_start : first.focus_end] == topic
    for entry in entries:
        assert entry.start <= entry.focus_start <= entry.focus_end <= entry.end


def test_outline_entries_in_english_and_without_topic() -> None:
    untitled = Point(1, "一、", "han", "heading", 1, 10, 20, 10, 12, None)
    outline = Outline("x.md", "speech", {}, None, None, None, [untitled], None, None, 10, 2, 0.1)
    (entry,) = outline_entries(outline, "en")
    assert entry.name == "一、(no topic sentence)"
    assert (entry.focus_start, entry.focus_end) == (10, 12)


def test_long_topic_sentences_are_clipped_to_one_line(engine: Engine) -> None:
    topic = "第一，" + "坚持" * 50 + "。"
    result = _lint(engine, f"同志们：\n{topic}\n第二，短。\n")
    assert result.outline is not None
    name = next(e.name for e in outline_entries(result.outline) if e.kind == "point")
    assert len(name) == 60 and name.endswith("…")


def test_fold_spans_cover_each_point(engine: Engine) -> None:
    result = _lint(engine, SPEECH)
    assert result.outline is not None
    spans = fold_spans(result.outline)
    second = SPEECH.index("第二，")
    assert (second, SPEECH.index("这项工作要持续抓好。") + 10) in spans
    # The sub-points of 第二 fold too, each within its line.
    assert len(spans) == 1 + 2 + 2 + 1


# -- hover and code lens ------------------------------------------------------------------------


def test_hover_explains_the_rule_in_markdown(engine: Engine, registry: Registry) -> None:
    w501 = _only(_lint(engine, SPEECH), "W501")
    text = hover_markdown(registry, w501)
    assert text.startswith("**W501** misspelled-phrase · “港移默化”应为“潜移默化”")
    assert "**错误示例**" in text
    assert "> 使党员干部在港移默化中受熏陶、受教育。" in text
    english = hover_markdown(registry, w501, "en")
    assert "**bad**" in english


def test_hover_escapes_markdown_in_messages(registry: Registry) -> None:
    from speechlint.diagnostics import Range

    diagnostic = Diagnostic("x.md", "D601", "placeholder", "error", "“*负责人”未填写", Range(0, 1))
    text = hover_markdown(registry, diagnostic)
    assert "“\\*负责人”" in text
    unknown = Diagnostic("x.md", "ORG900", "org-rule", "error", "自定义", Range(0, 1))
    assert hover_markdown(registry, unknown) == "**ORG900** org-rule · 自定义"
    assert hover_plaintext(registry, unknown) == "ORG900 org-rule: 自定义"


def test_lens_title_counts_characters_points_minutes(engine: Engine) -> None:
    result = _lint(engine, SPEECH)
    assert result.outline is not None
    outline = result.outline
    zh = lens_title(outline)
    assert zh == f"字数 {outline.chars} · 要点数 2 · 预计时长 {outline.minutes:g} 分钟"
    assert lens_title(outline, "en").endswith(" min")


# -- disable comments ---------------------------------------------------------------------------


def _disabled(engine: Engine, text: str, code: str) -> tuple[str, LintResult]:
    result = _lint(engine, text)
    assert result.parsed is not None
    edit = disable_edit(result.parsed, _only(result, code))
    fixed = apply_edits(text, [edit])
    return fixed, _lint(engine, fixed)


def test_disable_comment_goes_on_its_own_line_and_silences_the_code(engine: Engine) -> None:
    fixed, after = _disabled(engine, SPEECH, "W501")
    assert "<!-- speechlint-disable-next-line W501 -->\n第一，" in fixed
    assert [d.code for d in after.diagnostics if d.code in ("W501", "E903")] == []
    before = _lint(engine, SPEECH)
    assert len(after.diagnostics) == len(before.diagnostics) - 1


def test_disable_comment_extends_the_one_above(engine: Engine) -> None:
    text = SPEECH.replace("第一，", "<!-- speechlint-disable-next-line D601 -->\n第一，XX同志说，")
    fixed, after = _disabled(engine, text, "W501")
    assert "<!-- speechlint-disable-next-line D601 W501 -->\n第一，" in fixed
    assert fixed.count("speechlint-disable") == 1
    assert [d.code for d in after.diagnostics if d.code in ("W501", "D601", "E903")] == []


def test_disable_comment_in_a_wrapped_paragraph_goes_at_the_line_end(engine: Engine) -> None:
    # A comment line inside a hard-wrapped paragraph would split it in two.
    wrapped = (
        "# 标题\n\n同志们：\n\n"
        "今天开会的主要任务是总结上半年工作并部署下半年的重点任\n"
        "务，要使党员干部在港移默化中受熏陶、受教育，确保各项工作\n"
        "取得实效。\n"
    )
    fixed, after = _disabled(engine, wrapped, "W501")
    assert "受教育，确保各项工作 <!-- speechlint-disable-line W501 -->\n" in fixed
    before = _lint(engine, wrapped)
    assert after.parsed is not None and before.parsed is not None
    assert len(after.parsed.units) == len(before.parsed.units)
    assert [d.code for d in after.diagnostics if d.code in ("W501", "E903")] == []


def test_disable_comment_extends_one_at_the_line_end(engine: Engine) -> None:
    text = SPEECH.replace("受教育。", "受教育。<!-- speechlint-disable-line D601 -->")
    fixed, after = _disabled(engine, text, "W501")
    assert "受教育。<!-- speechlint-disable-line D601 W501 -->\n" in fixed
    assert [d.code for d in after.diagnostics if d.code == "W501"] == []


def test_disable_comment_keeps_crlf_and_indentation(engine: Engine) -> None:
    text = SPEECH.replace("\n", "\r\n").replace("第一，", "  第一，")
    fixed, _ = _disabled(engine, text, "W501")
    assert "\r\n  <!-- speechlint-disable-next-line W501 -->\r\n  第一，" in fixed


# -- fix all ------------------------------------------------------------------------------------


def test_fix_all_edits_equal_the_cli_fix(engine: Engine) -> None:
    document = Document("seed.txt", SEED.read_text(encoding="utf-8"))
    edits = fix_all_edits(engine, document, Settings())
    expected = fix_until_stable(engine, document, Settings()).text
    assert expected != document.text
    assert apply_edits(document.text, edits) == expected
    # Each edit is only the changed characters: 港→潜, 恶→毖, 题→体.
    assert [edit.range.end - edit.range.start for edit in edits] == [1, 1, 1]


def test_fix_all_without_fixes_changes_nothing(engine: Engine) -> None:
    assert fix_all_edits(engine, Document("x.md", "同志们：\n"), Settings()) == []


@given(
    st.lists(st.text(alphabet="甲乙丙𠮷a\n", max_size=8), max_size=6),
    st.lists(st.text(alphabet="甲乙丁𠮷b\n", max_size=8), max_size=6),
)
def test_minimal_edits_turn_before_into_after(before: list[str], after: list[str]) -> None:
    old, new = "".join(before), "".join(after)
    edits = minimal_edits(old, new)
    assert apply_edits(old, edits) == new
    assert all(edit.range.start < edit.range.end or edit.new_text for edit in edits)


def test_scrub_surrogates_keeps_length() -> None:
    assert scrub_surrogates("a\ud842b\udfb7") == "a\ufffdb\ufffd"
    assert scrub_surrogates("𠮷") == "𠮷"
