"""P401 halfwidth-punctuation: half-width , . ; : ? ! ( ) in Chinese text.

Chinese text takes full-width punctuation, each mark one character wide (GB/T 15834-2011
5.1.1); gwr2002's last paragraph ends “…而努力奋斗!” with a half-width exclamation mark.

A mark is in Chinese context when the character before it is Han or full-width punctuation, or
(except for the full stop) the character after it is Han.  Left alone: marks between Latin
letters or digits (``Hello, world``, ``5,000``, ``5.2%``, ``10:30``, ``1:2``), URLs and e-mail
addresses, code spans, ellipses written ``...``, and text inside 《》 titles.  Other rules own
some marks: N204 judges the mark after an ordinal (``1.`` ``一.`` ``一是,``) except where
the full-width form is the right one (``第一,`` ``首先,`` are reported here, once); S110 and
S111 judge the last mark of the salutation and the title.  Half-width parentheses are flagged
when they enclose Chinese text (``县(处)级`` ``(一)``), an acronym or number after Chinese
(``国内生产总值(GDP)``), or pair with a full-width one.

The fix writes the full-width mark and drops ASCII spaces around it (``会议, 主要`` →
``会议，主要``): a full-width mark carries its own spacing.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.diagnostics import TextEdit
from speechlint.ordinals import CANONICAL_PUNCTUATION
from speechlint.parse import Unit
from speechlint.plugins._index import compiled, rare_offsets
from speechlint.plugins.punctuation._pairs import Pair, unit_pairs
from speechlint.plugins.punctuation._text import (
    char_edit,
    fix,
    hits_at,
    in_ranges,
    is_cjk,
    is_han,
    marker_at,
    near_clause_start,
    next_index,
    previous_index,
    protected,
)
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="P401",
    name="halfwidth-punctuation",
    summary={
        "zh": "中文语境中使用了半角标点 , . ; : ? ! ( )",
        "en": "half-width , . ; : ? ! ( ) in Chinese text",
    },
    severity="error",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "中文文本使用全角标点，每个点号占一个字的位置（GB/T 15834-2011 5.1.1）。"
            "英文单词之间、数字中（5,000、5.2%、10:30）、网址、代码和书名号内的半角标点不检查。",
            "en": "Chinese text uses full-width punctuation, each mark one character wide "
            "(GB/T 15834-2011 5.1.1).  Marks between Latin words, inside numbers (5,000, 5.2%, "
            "10:30), URLs, code and 《》 titles are left alone.",
        },
        bad="为全面建设社会主义现代化国家而努力奋斗!",
        good="为全面建设社会主义现代化国家而努力奋斗！",
        reference="GB/T 15834-2011 5.1.1",
    ),
)

# (full-width mark, Chinese name, English name)
_FULL = {
    ",": ("，", "逗号", "comma"),
    ".": ("。", "句号", "full stop"),
    ";": ("；", "分号", "semicolon"),
    ":": ("：", "冒号", "colon"),
    "?": ("？", "问号", "question mark"),
    "!": ("！", "叹号", "exclamation mark"),
    "(": ("（", "括号", "bracket"),
    ")": ("）", "括号", "bracket"),
}
_CANDIDATES = ",;:?!()"
_IN_NUMBERS = frozenset(",:")  # 5,000  10:30  1:2
_DIGITS = frozenset("0123456789")
# Inside half-width brackets after Chinese text: an acronym or a number (GDP, 5G, PM2.5, 1).
_ACRONYM = r"[A-Z0-9][A-Z0-9.&+/-]*"
_PAUSES = "?!"
_OWNED_KEY = "punctuation.P401.structure"
# The half-width marks S110 reports at the end of a salutation, and S111 at the end of a title.
_SALUTATION_MARKS = ",.:;!"
_TITLE_MARKS = ",.:;"
# A half-bracket ordinal opening a clause (1) a) 一)): a marker, not a stray bracket.
_HALF_MARKER = r"[0-9A-Za-z]{1,2}|[一二三四五六七八九十]{1,3}"
# Full stops not between two digits: the literal first lets the scan run at C speed.
_FULL_STOPS = r"\.(?:(?<![0-9]\.)|(?![0-9]))"


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report half-width punctuation in Chinese context; a half-width pair () is one finding."""
    text = ctx.text
    # The marks present besides the full stop come from the document's rare-character index;
    # full stops from a scan that skips decimal points (19.5%, the most of them), since a mark
    # shown between two digits shows them beside it.  , and : are told the same way.
    offsets = [
        offset
        for offset in rare_offsets(ctx, _CANDIDATES)
        if not (
            text[offset] in _IN_NUMBERS
            and text[offset - 1 : offset] in _DIGITS
            and text[offset + 1 : offset + 2] in _DIGITS
        )
    ]
    if "." in text:
        offsets = sorted(
            offsets + [match.start() for match in compiled(_FULL_STOPS).finditer(text)]
        )
    for unit_index, index in hits_at(ctx, offsets):
        unit = ctx.units[unit_index]
        if not _wanted(ctx, unit_index, unit.text, index):
            continue
        pair = _half_pair(ctx, unit_index, index)
        if pair is None:
            yield _violation(unit, index)
        elif index == pair.open:  # the closing bracket is fixed with its opening one
            yield _pair_violation(unit, pair)


def _half_pair(ctx: RuleContext, unit_index: int, index: int) -> Pair | None:
    """The pair a half-width bracket belongs to, when both of its brackets are half-width."""
    text = ctx.units[unit_index].text
    if text[index] not in "()":
        return None
    pair = unit_pairs(ctx, unit_index).pair_at(index)
    if pair is None or text[pair.open] != "(" or text[pair.close] != ")":
        return None
    return pair


def _wanted(ctx: RuleContext, unit_index: int, text: str, index: int) -> bool:
    """Whether the half-width mark at ``index`` is in Chinese context and not protected."""
    ch = text[index]
    if ch in ".,:" and _between_digits(text, index):
        return False  # 5,000  5.2%  10:30  1:2
    if in_ranges(protected(ctx, unit_index), index) or _ordinal_owned(text, index):
        return False
    if ch in _structure_owned(ctx).get(ctx.units[unit_index].source_offset(index), ""):
        return False
    # (The unit's pairs are matched here even for a mark whose context rules it out: they are
    # cached for P402/P405, and an irregular unit's pairs matched here, from its visible text,
    # can differ from those matched from the source -- see unit_pairs.)
    pairs = unit_pairs(ctx, unit_index)
    if pairs.in_title(index):
        return False  # a title keeps its own punctuation: 《Hello, World》
    if ch in "()":
        return _bracket_wanted(text, index, pairs.pair_at(index))
    return _point_wanted(text, index)


def _ordinal_owned(text: str, index: int) -> bool:
    """A mark of an ordinal marker opening a clause that N204 judges (一. 1. 一是,).

    When the full-width form of the mark is what B.3 prescribes (第一, 首先,) the finding is
    P401's: N204 leaves it here, so that one slip gets one finding.  The brackets of (一) are
    P401's as well: N204 checks only the mark after them.
    """
    marker = marker_at(text, index)
    if marker is None or text[index] in "()":
        return False
    return _FULL[text[index]][0] != CANONICAL_PUNCTUATION[marker.style]


def _structure_owned(ctx: RuleContext) -> dict[int, str]:
    """End marks that S110 and S111 report, whose fixes differ from P401's: source offset of
    the salutation's, the title's and ——subtitles' last character → the marks owned there."""
    owned: dict[int, str] | None = ctx.cache.get(_OWNED_KEY)
    if owned is None:
        owned = {}
        outline = ctx.outline
        if outline.salutation is not None:
            owned[outline.salutation.end - 1] = _SALUTATION_MARKS
        # S111 looks at titles only in documents of more than one paragraph.
        if outline.title is not None and len(ctx.units) > 1:
            owned[outline.title.end - 1] = _TITLE_MARKS
            limit = outline.salutation.start if outline.salutation else outline.title.end + 1
            for unit in ctx.units[1:5]:
                if outline.title.end <= unit.start < limit and unit.text.startswith("——"):
                    owned[unit.end - 1] = _TITLE_MARKS
        ctx.cache[_OWNED_KEY] = owned
    return owned


def _between_digits(text: str, index: int) -> bool:
    return (
        0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
        and text[index - 1].isascii()
        and text[index + 1].isascii()
    )


def _point_wanted(text: str, index: int) -> bool:
    """Whether a half-width point mark (, . ; : ? !) stands in Chinese context."""
    ch = text[index]
    skip = " \t\u00a0\n" + (_PAUSES if ch in _PAUSES else "")
    before = previous_index(text, index, skip)
    after = next_index(text, index)
    prev_ch = text[before] if before >= 0 else ""
    next_ch = text[after] if after < len(text) else ""
    if ch == ".":
        # An ellipsis (...) or a dot before a letter or digit (报告.docx) is not a full stop.
        if "." in (text[index - 1 : index], text[index + 1 : index + 2]):
            return False
        return (is_cjk(prev_ch) or prev_ch in "%％") and not (
            next_ch.isascii() and next_ch.isalnum()
        )
    if ch == ":" and text.startswith("//", index + 1):
        return False  # a URL scheme
    return is_cjk(prev_ch) or is_han(next_ch)


def _bracket_wanted(text: str, index: int, pair: Pair | None) -> bool:
    """Whether a half-width bracket encloses Chinese (or sits in Chinese text)."""
    if pair is None:
        return _lone_bracket_wanted(text, index)
    other = pair.close if index == pair.open else pair.open
    if text[other] in "（）":
        return True  # a mixed pair: （处)
    inside = text[pair.open + 1 : pair.close]
    if any(is_cjk(ch) for ch in inside):
        return True
    before = previous_index(text, pair.open)
    after = next_index(text, pair.close)
    next_to_chinese = (before >= 0 and is_cjk(text[before])) or (
        after < len(text) and is_han(text[after])
    )
    return next_to_chinese and compiled(_ACRONYM).fullmatch(inside.strip()) is not None


def _lone_bracket_wanted(text: str, index: int) -> bool:
    """An unpaired half-width bracket between Han characters (县(处级); not a 1) marker)."""
    start = near_clause_start(text, index) if text[index] == ")" else None
    if start is not None and compiled(_HALF_MARKER).fullmatch(text, start, index):
        return False
    return is_han(text[index - 1 : index]) and is_han(text[index + 1 : index + 2])


def _violation(unit: Unit, index: int) -> Violation:
    ch = unit.text[index]
    full, zh_name, en_name = _FULL[ch]
    edits = [char_edit(unit, index, full), *_space_edits(unit, index, ch)]
    start = unit.source_offset(index)
    message = {
        "zh": f"中文语境中应使用全角{zh_name}“{full}”",
        "en": f"use the full-width {en_name} “{full}” in Chinese text",
    }
    description = {"zh": f"改为“{full}”", "en": f"replace with “{full}”"}
    return Violation(start, start + 1, message, fix(description, edits))


def _pair_violation(unit: Unit, pair: Pair) -> Violation:
    """One finding for a half-width bracket pair, covering it, fixing both brackets."""
    edits = [
        char_edit(unit, pair.open, "（"),
        *_space_edits(unit, pair.open, "("),
        char_edit(unit, pair.close, "）"),
        *_space_edits(unit, pair.close, ")"),
    ]
    start, end = unit.source_range(pair.open, pair.close + 1)
    message = {
        "zh": "中文语境中应使用全角括号“（）”",
        "en": "use the full-width brackets “（）” in Chinese text",
    }
    description = {"zh": "改为“（）”", "en": "replace with “（）”"}
    return Violation(start, end, message, fix(description, edits))


def _space_edits(unit: Unit, index: int, ch: str) -> list[TextEdit]:
    """Delete the ASCII spaces a full-width mark makes redundant (not at the unit's edges)."""
    text = unit.text
    edits: list[TextEdit] = []
    if ch != ")":
        before = index - 1
        while before >= 0 and text[before] == " ":
            before -= 1
        if before >= 0:
            edits.extend(char_edit(unit, i, "") for i in range(before + 1, index))
    if ch != "(":
        after = index + 1
        while after < len(text) and text[after] == " ":
            after += 1
        if after < len(text):
            edits.extend(char_edit(unit, i, "") for i in range(index + 1, after))
    return edits


RULE = Rule(META, check)
