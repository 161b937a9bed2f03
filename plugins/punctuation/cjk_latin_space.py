"""P404 cjk-latin-space: a space between a Chinese character and a digit or Latin letter.

Official documents set Chinese and Western characters solid: 增长5.2%, 2023年, C919投入商业运营.
A space there (又有 2897万) is left over from copying or typing; the fix deletes it.  This is
the opposite of tech-writing guides (and of autocorrect and zhlint defaults), which insert one.

Left alone: spaces next to code spans, URLs and e-mail addresses; a section number and the
space after it opening a line (``3.1 生理停顿``, GB/T 15834-2011 B.3.5–B.3.6); spaces between
Chinese characters (``习　近　平``) and inside Latin text; and runs wider than two half-width
spaces (three spaces, two ideographic spaces), which align columns rather than slip in.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.diagnostics import Applicability
from speechlint.parse import Unit
from speechlint.plugins._index import compiled, rare_offsets
from speechlint.plugins.punctuation._text import (
    char_edit,
    fix,
    hits_at,
    in_ranges,
    is_han,
    protected,
)
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="P404",
    name="cjk-latin-space",
    summary={
        "zh": "汉字与数字、字母之间有空格",
        "en": "a space between a Chinese character and a digit or Latin letter",
    },
    severity="warning",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "公文和讲话稿中汉字与阿拉伯数字、外文字母之间不加空格（增长5.2%、2023年、"
            "C919投入商业运营）。中西文间距由排版软件处理，手工空格多为复制粘贴遗留。",
            "en": "Official Chinese documents set Chinese, digits and Latin letters solid "
            "(增长5.2%, 2023年); the gap between scripts is the typesetter's job.  A typed "
            "space there is usually left over from copying.",
        },
        bad="今年又有 2897万农村贫困人口摆脱贫困。",
        good="今年又有2897万农村贫困人口摆脱贫困。",
        reference="W3C clreq 3.2.2; published government work reports",
    ),
)

_SPACE = " \u3000\u00a0"
_SPACES = f"[{_SPACE}]+"
_LATIN = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
)
# A number may end in a unit sign: 70% 以上 is the same slip as 70 以上.
_LATIN_BEFORE = _LATIN | frozenset("%％‰℃")
# A section number opening a line: 3.1 生理停顿, 1 总则, A 级 headings in numbered documents.
_SECTION = r"(?:[0-9]{1,2}|[A-Za-z])(?:[.．][0-9]{1,3})*"
_MAX_WIDTH = 2  # in half-width columns: " ", "  " or one "　"


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report spaces between Chinese characters and digits or Latin letters."""
    for unit_index, start in hits_at(ctx, rare_offsets(ctx, _SPACE)):
        unit = ctx.units[unit_index]
        text = unit.text
        if start == 0 or text[start - 1] in _SPACE:
            continue  # the run is judged from its first space
        run = compiled(_SPACES).match(text, start)
        if run is None or not _between_scripts(text, start, run.end()):
            continue
        end = run.end()
        if _width(run.group()) > _MAX_WIDTH or _excused(ctx, unit_index, unit, start, end):
            continue
        yield _violation(ctx, unit, start, end)


def _between_scripts(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` separates a Han character from a digit or Latin letter."""
    if end >= len(text):
        return False
    before, after = text[start - 1], text[end]
    return (is_han(before) and after in _LATIN) or (before in _LATIN_BEFORE and is_han(after))


def _width(spaces: str) -> int:
    return sum(2 if ch == "\u3000" else 1 for ch in spaces)


def _excused(ctx: RuleContext, unit_index: int, unit: Unit, start: int, end: int) -> bool:
    """Spaces beside code, URLs or e-mail, or after a section number opening the unit."""
    skip = protected(ctx, unit_index)
    if skip and (in_ranges(skip, start - 1) or in_ranges(skip, end)):
        return True
    return compiled(_SECTION).fullmatch(unit.text, 0, start) is not None


def _violation(ctx: RuleContext, unit: Unit, start: int, end: int) -> Violation:
    edits = [char_edit(unit, i, "") for i in range(start, end)]
    message = {
        "zh": "汉字与数字、字母之间不加空格",
        "en": "no space between Chinese characters and digits or Latin letters",
    }
    description = {"zh": "删除空格", "en": "delete the space"}
    # Next to Markdown markup (**5%** 以上) deleting the space can change how the emphasis
    # renders, so the fix then needs confirming.
    applicability: Applicability = "safe" if _solid(unit, start - 1, end + 1) else "unsafe"
    return ctx.unit_violation(unit, start, end, message, fix(description, edits, applicability))


def _solid(unit: Unit, start: int, end: int) -> bool:
    """Whether visible ``[start, end)`` is one stretch of source, with no markup inside."""
    return unit.source_offset(end - 1) - unit.source_offset(start) == end - 1 - start


RULE = Rule(META, check)
