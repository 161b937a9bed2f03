"""P403 repeated-punctuation: the same pause mark twice in a row (。。 ，， 、、 ；； ：：).

A doubled 句号、逗号、顿号、分号 or 冒号 is a slip of the keyboard; one is deleted.  Not
flagged: ？？ ！！ and ？！ (GB/T 15834-2011 allows repeated question and exclamation marks for
emphasis, 4.2, 4.3), and …… —— which are single marks two characters wide.  Three or more
句号 (。。。) stand for an ellipsis: the rule suggests ……, an unsafe fix since the writer may
have meant a plain full stop.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.parse import Unit
from speechlint.plugins._index import PAUSE_MARKS, doubled
from speechlint.plugins.punctuation._text import char_edit, fix, hits_at, in_ranges, protected
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="P403",
    name="repeated-punctuation",
    summary={
        "zh": "同一点号连用（。。 ，， 、、 ；； ：：）",
        "en": "the same pause mark twice (。。 ，， 、、 ；； ：：)",
    },
    severity="warning",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "句号、逗号、顿号、分号、冒号各表示一次停顿，重复使用多为录入错误。"
            "问号、叹号可以叠用以加强语气（GB/T 15834-2011 4.2、4.3），不在此列；"
            "省略号应写作“……”（4.11），不用“。。。”。",
            "en": "Each of 。，、；： marks one pause; doubling one is a typing slip.  Repeated "
            "？ and ！ are allowed for emphasis (GB/T 15834-2011 4.2, 4.3); an ellipsis is "
            "written …… (4.11), not 。。。.",
        },
        bad="我们要坚定信心，，迎难而上。",
        good="我们要坚定信心，迎难而上。",
        reference="GB/T 15834-2011 4.2, 4.3, 4.11",
    ),
)

_NAMES = {
    "。": ("句号", "full stop"),
    "，": ("逗号", "comma"),
    "、": ("顿号", "enumeration comma"),
    "；": ("分号", "semicolon"),
    "：": ("冒号", "colon"),
}
_PAUSES = frozenset(PAUSE_MARKS)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report runs of one repeated pause mark."""
    # The doubled characters of the source, found by one scan shared with D603 (的的).
    text = ctx.text
    offsets = [offset for offset in doubled(ctx) if text[offset] in _PAUSES]
    for unit_index, index in hits_at(ctx, offsets):
        unit = ctx.units[unit_index]
        # A run is reported once, from its first mark (the source may hold a longer run).  That
        # test comes first: measuring the run from every hit inside it would be quadratic.
        if index and unit.text[index - 1] == unit.text[index]:
            continue
        end = _run_end(unit.text, index)
        if end - index < 2:
            continue
        if not in_ranges(protected(ctx, unit_index), index):
            yield _violation(ctx, unit, index, end)


def _run_end(text: str, index: int) -> int:
    """Where the run of the mark at ``index`` ends (the run is short: a typing slip)."""
    end = index + 1
    while end < len(text) and text[end] == text[index]:
        end += 1
    return end


def _violation(ctx: RuleContext, unit: Unit, start: int, end: int) -> Violation:
    ch = unit.text[start]
    zh_name, en_name = _NAMES[ch]
    if ch == "。" and end - start >= 3:
        edits = [
            char_edit(unit, start, "……"),
            *(char_edit(unit, i, "") for i in range(start + 1, end)),
        ]
        message = {
            "zh": "连用的句号应改为省略号“……”",
            "en": "use the ellipsis “……” instead of repeated full stops",
        }
        description = {"zh": "改为“……”", "en": "replace with “……”"}
        return ctx.unit_violation(unit, start, end, message, fix(description, edits, "unsafe"))
    edits = [char_edit(unit, i, "") for i in range(start + 1, end)]
    message = {
        "zh": f"{zh_name}“{ch}”重复，只保留一个",
        "en": f"repeated {en_name} “{ch}”: keep one",
    }
    description = {"zh": f"保留一个“{ch}”", "en": f"keep one “{ch}”"}
    return ctx.unit_violation(unit, start, end, message, fix(description, edits))


RULE = Rule(META, check)
