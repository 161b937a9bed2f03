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
from collections.abc import Iterable, Iterator
from functools import cache

from speechlint import _regex
from speechlint.diagnostics import Message
from speechlint.parse import Unit
from speechlint.plugins._index import (
    PLACEHOLDER_STARTS,
    irregular_units,
    present,
    rare_offsets,
    unit_at,
)
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
# The kinds of placeholder, in the order they are tried at a position, each a pattern of its
# own compiled on first use: one alternation of them all cost 1 ms to compile, and most
# documents need none of them (a 《（2021年7月17日）》 date line is ruled out without one).
# Full-width brackets may also be empty; half-width ones only with a note ([ ] is a task box).
_BRANCHES = {
    "bracket": rf"[【［〔（]\s*(?:{_FILL})?\s*[】］〕）]",
    "half-bracket": rf"[\[(]\s*(?:{_NOTE})\s*[\])]",
    "star": rf"[*＊]{{1,3}}(?:某+|(?:常务)?副?(?:{_ROLES}))",
    "mou": r"某{2,}",
    "note": r"(?<![A-Za-z0-9_])(?:TODO|TBD|FIXME)(?![A-Za-z0-9_])",
    "run": r"[XＸ×✕╳]{2,}|[xｘ]{2,}",
    "lone": r"[XＸ×]",
    "circle": r"[○〇◯]+",
    "box": r"□{2,}",
    "blank": r"[_＿]{3,}",
}
# The branches that can match at each character (every character of PLACEHOLDER_STARTS).
_BY_FIRST = {
    **dict.fromkeys("【［〔（", ("bracket",)),
    **dict.fromkeys("[(", ("half-bracket",)),
    **dict.fromkeys("*＊", ("star",)),
    "某": ("mou",),
    **dict.fromkeys("TF", ("note",)),
    **dict.fromkeys("XＸ×", ("run", "lone")),
    **dict.fromkeys("✕╳xｘ", ("run",)),
    **dict.fromkeys("○〇◯", ("circle",)),
    "□": ("box",),
    **dict.fromkeys("_＿", ("blank",)),
}  # fmt: skip
# What may follow a bracket (and white space) in a bracketed gap: a note, a placeholder
# character or the closing bracket.
_IN_BRACKETS = frozenset("待TFXxＸｘ×○〇□_＿…】］〕）])")
# Established terms with a single X (X射线, X光片, X型): not a placeholder.
_X_TERMS = r"射线|光|线|型|轴|染色体|刀|战警|因子|一?代|形|字"
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
    return text[start] == "×" or _pattern("x-terms").match(text, end) is None


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
# searched too.  (The Chinese character before it is tested in Python: as a look-behind,
# [\u4e00-\u9fff] cost 1.2 ms to compile.)
_SOURCE_STAR = rf"\*(?!\*)(?:某+|(?:常务)?副?(?:{_ROLES}))"


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """A branch of the placeholder pattern (or another pattern of this rule), compiled once."""
    others = {"x-terms": _X_TERMS, "source-star": _SOURCE_STAR, "spaces": r"\s*"}
    source = others.get(name) or _BRANCHES[name]
    return _regex.compile(source)


@cache
def _first() -> re.Pattern[str]:
    return _regex.compile(f"[{re.escape(PLACEHOLDER_STARTS)}]")


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


def _match_at(text: str, position: int) -> tuple[int, int, str] | None:
    """The placeholder starting at ``position`` (the first kind that matches), if any."""
    for kind in _BY_FIRST.get(text[position], ()):
        if kind == "bracket" and not _may_close(text, position):
            continue
        match = _pattern(kind).match(text, position)
        if match is not None:
            return position, match.end(), "bracket" if kind == "half-bracket" else kind
    return None


def _may_close(text: str, position: int) -> bool:
    """Whether the bracket at ``position`` may open a gap (a cheap test before the pattern)."""
    spaces = _pattern("spaces").match(text, position + 1)  # \s*: matches (maybe nothing)
    after = spaces.end() if spaces is not None else position + 1
    return text[after : after + 1] in _IN_BRACKETS


def _matches(text: str, positions: Iterable[int]) -> Iterator[tuple[int, int, str]]:
    """Placeholders found left to right from the ``positions`` where one may start (every
    placeholder start in ``text``, in order), without overlap."""
    resume = 0
    for position in positions:
        if position < resume:
            continue
        found = _match_at(text, position)
        if found is not None:
            resume = found[1]
            yield found


def _unit_placeholders(unit: Unit, positions: Iterable[int]) -> Iterator[tuple[int, int, str]]:
    text = unit.text
    skip: NotProse | None = None  # built on the first candidate only: most units have none
    for start, end, kind in _matches(text, positions):
        validate = _VALIDATORS.get(kind)
        if validate is not None and not validate(text, start, end):
            continue
        skip = skip or not_prose(unit)
        if not skip.overlaps(start, end):
            yield start, end, kind


def _emphasis_stars(ctx: RuleContext, unit: Unit, reported: set[int]) -> Iterator[tuple[int, int]]:
    """Source ranges of ``*`` + title consumed as emphasis markup (not visible text)."""
    code = [unit.source_range(start, end) for start, end in unit.verbatim]
    text, stop = ctx.text, unit.end
    position = text.find("*", unit.start, stop)
    while position != -1:
        match = None
        if position and "\u4e00" <= text[position - 1] <= "\u9fff":
            match = _pattern("source-star").match(text, position, stop)
        if match is None:
            position = text.find("*", position + 1, stop)
            continue
        start, end = match.span()
        if start not in reported and not any(lo <= start < hi for lo, hi in code):
            yield start, end
        position = text.find("*", end, stop)


def _candidates(ctx: RuleContext) -> Iterator[tuple[int, list[int]]]:
    """Units that may hold a placeholder, with the visible indices where one may start.

    The document's index of rare characters says which placeholder starts the source holds
    (usually none, or the brackets of a date line); only the units showing them are looked
    at, and the units whose visible text the source does not show as it is.
    """
    starts = present(ctx, PLACEHOLDER_STARTS)
    irregular = irregular_units(ctx)
    if not starts and not irregular:
        return
    hits: dict[int, list[int]] = {index: [] for index in irregular}
    for offset in rare_offsets(ctx, starts):
        unit_index = unit_at(ctx, offset)
        if unit_index is not None:
            hits.setdefault(unit_index, []).append(offset)
    for unit_index in sorted(hits):
        unit = ctx.units[unit_index]
        start = unit.shift
        if start is None:  # an irregular unit
            yield unit_index, [match.start() for match in _first().finditer(unit.text)]
            continue
        # A regular unit shows source[start:start + len(text)]: its own hits are those there.
        yield unit_index, [offset - start for offset in hits[unit_index] if offset >= start]


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every unfilled placeholder."""
    return _check_units(ctx, _candidates(ctx))


def _check_units(
    ctx: RuleContext, candidates: Iterable[tuple[int, list[int]]]
) -> Iterator[Violation]:
    stars = "*" in ctx.text
    for unit_index, positions in candidates:
        unit = ctx.units[unit_index]
        reported: set[int] = set()
        if positions:
            for start, end, kind in _unit_placeholders(unit, positions):
                found = unit.text[start:end]
                violation = ctx.unit_violation(unit, start, end, _message(kind, found))
                reported.add(violation.start)
                yield violation
        if stars and ctx.text.find("*", unit.start, unit.end) != -1:
            for start, end in _emphasis_stars(ctx, unit, reported):
                yield Violation(start, end, _message("star", ctx.text[start:end]))


RULE = Rule(META, check)
