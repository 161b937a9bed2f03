"""D601 placeholder: a placeholder left unfilled in the manuscript.

Drafts mark what is still missing with XX / ××× (a number, a name, a date), ＊ or * in place of a
name (刚才*负责人), 某某, ○○ and □□, empty or 待补充 brackets (【待补充】 ［ ］ （待定）),
runs of underscores (＿＿＿) and TODO / TBD / FIXME.  Any of them reaching the lectern is an
embarrassment, so this is an error.

Left alone: X or × next to Latin letters or digits (X5, 3×4, XXL), X射线 and similar terms, ○ and
〇 written as the digit zero (二○○○年, 一九八○年), 某些 / 某种 / 某个 (a single 某 is
legitimate), Markdown emphasis and list bullets (not part of the visible text), code spans and URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from speechlint.diagnostics import Message
from speechlint.parse import Unit
from speechlint.plugins.drafting._prose import NotProse, not_prose
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="D601",
    name="placeholder",
    summary={"zh": "未填写的占位符", "en": "unfilled placeholder"},
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "起草时用 XX、××、*、某某、【待补充】、TODO 等标记暂缺的姓名、数字和内容；"
            "定稿前必须全部替换为实际内容，否则会被照读出来。",
            "en": "Drafts mark a missing name, number or passage with XX, ××, *, 某某, 【待补充】 "
            "or TODO; every one must be filled in before the speech is delivered, or it will "
            "be read out as it stands.",
        },
        bad="刚才*负责人汇报了上半年工作情况，全年完成投资XX亿元。",
        good="刚才王明同志汇报了上半年工作情况，全年完成投资12亿元。",
        reference="《党政机关公文处理工作条例》第二十条（文稿审核）",
    ),
)

# Titles and forms of address that follow a name: a * right before one stands for that name.
_ROLES = (
    "负责人|同志|主任|书记|局长|处长|科长|部长|厅长|省长|市长|县长|区长|镇长|乡长|村长|主席|"
    "委员|秘书长|总经理|经理|董事长|院长|校长|所长|站长|队长|组长|专员|先生|女士|老师|教授|代表"
)
# What a bracketed gap holds: nothing, a 待… note, a draft keyword or placeholder characters.
_NOTE = r"待(?:补充?|定|填写?|核实?|核定|查|确认|完善|更新|修改|商榷|议)|TODO|TBD|FIXME"
_FILL = rf"{_NOTE}|[XxＸｘ×○〇□_＿…]+"
_PATTERN = re.compile(
    # Full-width brackets may also be empty; half-width ones only with a note ([ ] is a task box).
    rf"(?P<bracket>[【［〔（]\s*(?:{_FILL})?\s*[】］〕）]|[\[(]\s*(?:{_NOTE})\s*[\])])"
    rf"|(?P<star>[*＊]{{1,3}}(?:某+|(?:常务)?副?(?:{_ROLES})))"
    r"|(?P<mou>某{2,})"
    r"|(?P<note>(?<![A-Za-z0-9_])(?:TODO|TBD|FIXME)(?![A-Za-z0-9_]))"
    r"|(?P<run>[XＸ×✕╳]{2,}|[xｘ]{2,})"
    r"|(?P<lone>[XＸ×])"
    r"|(?P<circle>[○〇◯]+)"
    r"|(?P<box>□{2,})"
    r"|(?P<blank>[_＿]{3,})"
)
# Every character a placeholder can start with (the first characters of _PATTERN's branches).
_FIRST = re.compile(r"[【［〔（\[(*＊某TFXＸ×✕╳xｘ○〇◯□_＿]")
# Established terms with a single X (X射线, X光片, X型): not a placeholder.
_X_TERMS = re.compile(r"射线|光|线|型|轴|染色体|刀|战警|因子|一?代|形|字")
# Next to a Chinese numeral, ○ and 〇 are the digit zero (二○○○年).
_NUMERALS = frozenset("零〇○一二三四五六七八九十百千万亿两")
_DATE_UNITS = frozenset("年月日号")
_SPACE = " \t\u3000"


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The nearest non-space characters before ``start`` and from ``end`` ('' at the edges)."""
    before = start - 1
    while before >= 0 and text[before] in _SPACE:
        before -= 1
    after = end
    while after < len(text) and text[after] in _SPACE:
        after += 1
    return (text[before] if before >= 0 else ""), (text[after] if after < len(text) else "")


def _x_run(text: str, start: int, end: int) -> bool:
    # Digits may touch a run (20XX年 is a placeholder year); Latin letters make a run of X a
    # word (XXL), but not a run of × (××G基站 is a placeholder for 5G).
    if "×" in text[start:end]:
        return True
    before, after = _neighbours(text, start, end)
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


def _lone_x(text: str, start: int, end: int) -> bool:
    before, after = _neighbours(text, start, end)
    if _is_latin(before) or _is_latin(after) or after == "-":
        return False  # X5, 3×4, iPhone X, X-ray
    if not (_is_cjk(before) or _is_cjk(after)):
        return False  # a lone X outside Chinese text is not a gap in a Chinese sentence
    return text[start] == "×" or _X_TERMS.match(text, end) is None


def _circle(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in _NUMERALS or after in _NUMERALS:
        return False
    return end - start >= 2 or after in _DATE_UNITS


def _blank(text: str, start: int, end: int) -> bool:
    before, after = _neighbours(text, start, end)
    return not (_is_latin(before) or _is_latin(after))  # snake_case_names


# A single * between two Chinese characters may pair with another one as Markdown emphasis
# (王*副局长牵头，会同*某同志 renders 副局长牵头，会同 in italics); before a title, right after a
# Chinese character, it is far more likely a name left out than italics, so the source is
# searched too.
_SOURCE_STAR = re.compile(rf"(?<=[\u4e00-\u9fff])\*(?!\*)(?:某+|(?:常务)?副?(?:{_ROLES}))")

_VALIDATORS = {"run": _x_run, "lone": _lone_x, "circle": _circle, "blank": _blank}


def _message(kind: str, found: str) -> Message:
    if kind == "star":
        return {
            "zh": f"“{found}”中的“{found[0]}”代替了姓名，请填写实际姓名",
            "en": f"the “{found[0]}” in “{found}” stands for a name: write the actual name",
        }
    if kind in ("bracket", "note"):
        return {
            "zh": f"待补充的内容“{found}”尚未完成，请补写或删除",
            "en": f"the draft note “{found}” is still there: complete the passage or remove it",
        }
    return {
        "zh": f"未填写的占位符“{found}”，请替换为实际内容",
        "en": f"unfilled placeholder “{found}”: replace it with the actual content",
    }


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_PATTERN.finditer(text)``, fast: the engine cannot skip ahead over an alternation of
    groups, so a one-character class (scanned in C) finds where a match may start."""
    resume = 0
    for candidate in _FIRST.finditer(text):
        position = candidate.start()
        if position < resume:
            continue
        match = _PATTERN.match(text, position)
        if match is not None:
            resume = match.end()
            yield match


def _unit_placeholders(unit: Unit) -> Iterator[tuple[int, int, str]]:
    text = unit.text
    skip: NotProse | None = None  # built on the first candidate only: most units have none
    for match in _matches(text):
        kind = match.lastgroup or ""
        start, end = match.span()
        validate = _VALIDATORS.get(kind)
        if validate is not None and not validate(text, start, end):
            continue
        skip = skip or not_prose(unit)
        if not skip.overlaps(start, end):
            yield start, end, kind


def _emphasis_stars(ctx: RuleContext, unit: Unit, reported: set[int]) -> Iterator[tuple[int, int]]:
    """Source ranges of ``*`` + title consumed as emphasis markup (not visible text)."""
    code = [unit.source_range(start, end) for start, end in unit.verbatim]
    for match in _SOURCE_STAR.finditer(ctx.text, unit.start, unit.end):
        start, end = match.span()
        if start not in reported and not any(lo <= start < hi for lo, hi in code):
            yield start, end


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every unfilled placeholder."""
    stars = "*" in ctx.text
    for unit in ctx.units:
        reported: set[int] = set()
        if _FIRST.search(unit.text) is not None:  # one C-speed scan settles most units
            for start, end, kind in _unit_placeholders(unit):
                found = unit.text[start:end]
                violation = ctx.unit_violation(unit, start, end, _message(kind, found))
                reported.add(violation.start)
                yield violation
        if stars and ctx.text.find("*", unit.start, unit.end) != -1:
            for start, end in _emphasis_stars(ctx, unit, reported):
                yield Violation(start, end, _message("star", ctx.text[start:end]))


RULE = Rule(META, check)
