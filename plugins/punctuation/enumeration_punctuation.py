"""P406 enumeration-punctuation: a pause mark before 等 closing a 顿号 list; 顿号 between titles.

- No 顿号 or other pause mark before 等 / 等等 that closes a list whose items are separated by
  顿号 (GB/T 15834-2011 B.1.2): 苹果、香蕉、等 → 苹果、香蕉等.  After a list separated by
  commas or semicolons, “，等等” is correct and is left alone (the 40 published reports use it).
- With ``titled-items`` / ``quoted-items``: no 顿号 between items each in 《》 or “”
  (4.5.3.5): 《史记》、《汉书》 → 《史记》《汉书》.  A 顿号 stays when a 括注 follows a title
  (《史记》（节选）、《汉书》).  Both are off by default: the standard says “通常不用”, and
  official documents keep the 顿号 -- 102 of the 106 adjacent quoted or titled items in the 40
  published reports have one (“六稳”、“六保”, 《建筑法》、《招标投标法》).
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.parse import Unit
from speechlint.plugins._index import compiled, rare_offsets
from speechlint.plugins.punctuation._text import (
    char_edit,
    fix,
    hits_at,
    in_ranges,
    protected,
    source_hits,
)
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="P406",
    name="enumeration-punctuation",
    summary={
        "zh": "“等”前用了顿号等点号；书名号、引号并列成分之间用了顿号",
        "en": "a pause mark before 等 closing a list; 顿号 between titled or quoted items",
    },
    severity="warning",
    fix="safe",
    options={
        "titled-items": {
            "type": "boolean",
            "default": False,
            "description": "report 顿号 between adjacent items in 《》 (《史记》、《汉书》)",
        },
        "quoted-items": {
            "type": "boolean",
            "default": False,
            "description": "report 顿号 between adjacent items in “” (“六稳”、“六保”)",
        },
    },
    doc=RuleDoc(
        why={
            "zh": "并列成分之间用顿号、末尾用“等”“等等”时，“等”前不用顿号或其他点号"
            "（GB/T 15834-2011 B.1.2）。标有书名号、引号的并列成分之间通常不用顿号（4.5.3.5），"
            "但公文习惯保留顿号，故这一项默认不检查，可用选项 titled-items、quoted-items 开启。",
            "en": "When items separated by 顿号 end with 等 or 等等, no pause mark goes before "
            "等 (GB/T 15834-2011 B.1.2).  Items in 《》 or “” usually take no 顿号 between them "
            "(4.5.3.5), but official documents keep it, so that check is opt-in "
            "(titled-items, quoted-items).",
        },
        bad="要加强对食品、药品、等重点产品的监管。",
        good="要加强对食品、药品等重点产品的监管。",
        reference="GB/T 15834-2011 B.1.2, 4.5.3.5",
    ),
)

# After a comma, 等 closes a list only as 等等 or before a pause, the end, or a count
# (，等等。 ，等三个方面); otherwise it is the verb (，等上级安排 ，等两天再说).  After a 顿号
# it closes the list unless it starts a word that can be a list item itself (公平、等价交换).
_DENG_CLOSES = (
    r"等(?:等|[一二三四五六七八九十两几多数各0-9](?![一二三四五六七八九十两几0-9]*(?:个月|天|年|周|"
    r"小时|分钟|日))|[。，；：、！？”’）》…]|$)"
)
_DENG_WORDS = frozenset("级待同于候价量额效距高比腰身差离到闲分外号式次第值温线压速角边")
_CLAUSE_BREAKS = "，；。：！？,;:!?"
# Per option: the string looked for in the source, and the pattern checked on the visible text
# from the closing mark on.  A title or quotation followed by a 括注 keeps its 顿号.
_BETWEEN = {
    "titled-items": ("》、《", r"》、《[^》]*》(?![（(])"),
    "quoted-items": ("”、“", r"”、“[^”]*”(?![（(])"),
}


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report pause marks before 等 and, if enabled, 顿号 between titled or quoted items."""
    for unit_index, deng in hits_at(ctx, rare_offsets(ctx, "等")):
        unit = ctx.units[unit_index]
        index = deng - 1
        if (
            index >= 0
            and unit.text[index] in "、，；"
            and _closes_list(unit.text, deng)
            and _closes_dun_list(unit.text, index)
            and not in_ranges(protected(ctx, unit_index), index)
        ):
            yield _before_deng(ctx, unit, index)
    for name, (hint, pattern) in _BETWEEN.items():
        if not ctx.options.get(name):
            continue
        for unit_index, index in source_hits(ctx, (hint,)):
            unit = ctx.units[unit_index]
            if compiled(pattern).match(unit.text, index) and not in_ranges(
                protected(ctx, unit_index), index + 1
            ):
                yield _between(ctx, unit, index + 1)


def _closes_list(text: str, deng: int) -> bool:
    """Whether the 等 at ``deng`` closes a list rather than starting a word or a verb phrase."""
    if text[deng - 1] == "、":
        return text[deng + 1 : deng + 2] not in _DENG_WORDS or text.startswith("等等", deng)
    return compiled(_DENG_CLOSES).match(text, deng) is not None


def _closes_dun_list(text: str, index: int) -> bool:
    """Whether the mark at ``index`` ends a list whose items are separated by 顿号.

    A 顿号 right before 等 always does.  A comma or semicolon does only when the clause before
    it is a 顿号 list standing on its own (not one item of a list separated by commas).
    """
    if text[index] == "、":
        return True
    start = max(text.rfind(ch, 0, index) for ch in _CLAUSE_BREAKS)
    if "、" not in text[start + 1 : index]:
        return False
    return start < 0 or text[start] not in "，；,;"


def _before_deng(ctx: RuleContext, unit: Unit, index: int) -> Violation:
    mark = unit.text[index]
    message = {
        "zh": f"列举末尾的“等”前不用“{mark}”",
        "en": f"no “{mark}” before 等 closing a list",
    }
    description = {"zh": f"删除“{mark}”", "en": f"delete “{mark}”"}
    edit = char_edit(unit, index, "")
    return ctx.unit_violation(unit, index, index + 1, message, fix(description, [edit]))


def _between(ctx: RuleContext, unit: Unit, index: int) -> Violation:
    message = {
        "zh": "标有书名号或引号的并列成分之间通常不用顿号",
        "en": "no 顿号 between items that each stand in 《》 or “”",
    }
    description = {"zh": "删除顿号", "en": "delete the 顿号"}
    edit = char_edit(unit, index, "")
    return ctx.unit_violation(unit, index, index + 1, message, fix(description, [edit]))


RULE = Rule(META, check)
