"""P405 quote-style: straight quotes in Chinese text; quotes nested the wrong way.

Chinese text uses curly quotes, double outside and single inside: “……‘……’……”
(GB/T 15834-2011 4.8.3; a third level is double again).  The rule reports

- straight quotes ``"…"`` and ``'…'`` that enclose or touch Chinese text, paired by position
  and replaced by the curly quotes their depth calls for;
- a double quote directly inside a double quote (or a single quote outside any double
  quote), swapped for the other kind;
- 「」 and 『』, the corner brackets of vertical and traditional-script text, which
  mainland horizontal text does not use (an unsafe fix: a quotation from a Hong Kong or
  Taiwan source may keep them).  Set ``allow-corner-brackets`` to accept them.

Apostrophes (it's, '99) are not quotes.  Paragraphs with an unmatched quote are left to P402.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Applicability, Message
from speechlint.parse import Unit
from speechlint.plugins._index import irregular_units, rare_offsets
from speechlint.plugins.punctuation._pairs import (
    KIND,
    Pair,
    all_paired,
    nested_double_quotes,
    suspect_pairs,
    unit_pairs,
)
from speechlint.plugins.punctuation._text import (
    char_edit,
    fix,
    hits_at,
    in_ranges,
    is_cjk,
    is_han,
    next_index,
    previous_index,
    protected,
)
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="P405",
    name="quote-style",
    summary={
        "zh": "直引号、引号嵌套不是外双内单、竖排引号「」",
        "en": "straight quotes, nesting other than double-outside-single-inside, 「」",
    },
    severity="warning",
    fix="safe",
    options={
        "allow-corner-brackets": {
            "type": "boolean",
            "default": False,
            "description": "accept 「」『』 (vertical or traditional-script text) as quotes",
        }
    },
    doc=RuleDoc(
        why={
            "zh": "横排中文使用弯引号“”‘’，引号里面还要用引号时外面用双引号、里面用单引号"
            "（GB/T 15834-2011 4.8.3）。直引号\"\"''是西文符号；「」『』用于竖排文本。",
            "en": "Horizontal Chinese text uses curly quotes; a quotation inside a quotation "
            "takes single quotes inside double ones (GB/T 15834-2011 4.8.3).  Straight quotes "
            "are Western; 「」『』 belong to vertical text.",
        },
        bad="他强调：“要牢记“三个务必”，敢于斗争。”",
        good="他强调：“要牢记‘三个务必’，敢于斗争。”",
        reference="GB/T 15834-2011 4.8.3",
    ),
)

_STRAIGHT = "\"'"
_SUSPECTS = _STRAIGHT + "‘「『"
_QUOTE_KINDS = frozenset("“‘「『")
# (opening, closing) by depth parity: double quotes outside, single quotes inside.
_BY_DEPTH = (("“", "”"), ("‘", "’"))


class _Quote(NamedTuple):
    """A pair of quote marks in a unit: straight, curly or corner."""

    kind: str  # '"', "'", or the opening curly / corner mark
    open: int
    close: int


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report straight quotes, wrongly nested quotes and corner brackets."""
    allow_corner = bool(ctx.options.get("allow-corner-brackets", False))
    for unit_index in _candidates(ctx):
        unit = ctx.units[unit_index]
        quotes, stray = _quotes(ctx, unit_index)
        if quotes is None:
            continue
        yield from _check_quotes(ctx, unit, quotes, allow_corner)
        yield from _stray_straight(ctx, unit, stray)


def _candidates(ctx: RuleContext) -> list[int]:
    """Units that may hold a quote problem.

    When every mark of the document pairs up and no double quote opens inside another, only
    units with a straight quote, a single quote or a corner bracket can be wrong; otherwise
    the units with a quote among those whose marks may not pair up or nest (suspect_pairs).
    """
    if all_paired(ctx) and not nested_double_quotes(ctx):
        suspects = hits_at(ctx, rare_offsets(ctx, _SUSPECTS))
        return sorted({unit_index for unit_index, _ in suspects})
    candidates = {unit_index for unit_index, _ in hits_at(ctx, rare_offsets(ctx, _STRAIGHT))}
    irregular = set(irregular_units(ctx))
    for unit_index, pairs in suspect_pairs(ctx).items():
        quotes = [pair for pair in pairs.pairs if pair.kind in _QUOTE_KINDS]
        if quotes and (unit_index in irregular or not _plainly_quoted(quotes)):
            candidates.add(unit_index)
    return sorted(candidates)


def _plainly_quoted(quotes: list[Pair]) -> bool:
    """Whether a unit's quote pairs (in order of opening) are “” pairs one after the other.

    Such a unit, showing its source as it is and without straight quotes (they make it a
    candidate of their own), has nothing to report: every quote is double and outermost.
    """
    return all(pair.kind == "“" for pair in quotes) and all(
        before.close < after.open for before, after in pairwise(quotes)
    )


def _quotes(ctx: RuleContext, unit_index: int) -> tuple[list[_Quote] | None, list[int]]:
    """Every quote pair of the unit, and straight quotes that could not be paired.

    ``None`` when a curly quote is unmatched: P402 reports it, and depths cannot be trusted.
    """
    text = ctx.units[unit_index].text
    pairs = unit_pairs(ctx, unit_index)
    if any(KIND[text[i]] in _QUOTE_KINDS for i in pairs.unmatched if text[i] in KIND):
        return None, []
    quotes = [_Quote(p.kind, p.open, p.close) for p in pairs.pairs if p.kind in _QUOTE_KINDS]
    stray: list[int] = []
    skip = protected(ctx, unit_index)
    for mark in "\"'":
        found = [
            i for i in _find_all(text, mark) if not in_ranges(skip, i) and not _apostrophe(text, i)
        ]
        if len(found) % 2:
            stray.extend(i for i in found if _touches_chinese(text, i, i))
            continue
        quotes.extend(
            _Quote(mark, a, b)
            for a, b in zip(found[::2], found[1::2], strict=True)
            if _touches_chinese(text, a, b)
        )
    quotes.sort(key=lambda quote: quote.open)
    return quotes, stray


def _find_all(text: str, mark: str) -> list[int]:
    found: list[int] = []
    index = text.find(mark)
    while index != -1:
        found.append(index)
        index = text.find(mark, index + 1)
    return found


def _apostrophe(text: str, index: int) -> bool:
    """it's, '99: a straight single quote that is an apostrophe."""
    if text[index] != "'":
        return False
    before, after = text[index - 1 : index], text[index + 1 : index + 3]
    if before.isascii() and before.isalpha() and after[:1].isascii() and after[:1].isalpha():
        return True
    return len(after) == 2 and after.isascii() and after.isdigit() and not before.isalnum()


def _touches_chinese(text: str, open_index: int, close_index: int) -> bool:
    """Whether a quote pair encloses Chinese or stands next to it."""
    if any(is_cjk(ch) for ch in text[open_index + 1 : close_index]):
        return True
    before = previous_index(text, open_index)
    after = next_index(text, close_index)
    return (before >= 0 and is_cjk(text[before])) or (after < len(text) and is_han(text[after]))


def _check_quotes(
    ctx: RuleContext, unit: Unit, quotes: list[_Quote], allow_corner: bool
) -> Iterator[Violation]:
    enclosing: list[int] = []  # close indices of the quotes around the current one
    for quote in quotes:
        while enclosing and enclosing[-1] < quote.open:
            enclosing.pop()
        depth = len(enclosing)
        enclosing.append(quote.close)
        problem = _problem(quote.kind, depth, allow_corner)
        if problem is not None:
            message, applicability = problem
            yield from _pair_violations(ctx, unit, quote, depth, message, applicability)


def _problem(kind: str, depth: int, allow_corner: bool) -> tuple[Message, Applicability] | None:
    """What is wrong with a quote of ``kind`` at ``depth``, and how sure the fix is."""
    inner = depth % 2 == 1
    opening, closing = _BY_DEPTH[inner]
    if kind in "\"'":
        return {
            "zh": f"中文中应使用弯引号{opening}{closing}，不用直引号",
            "en": f"use curly quotes {opening}{closing} in Chinese text, not straight quotes",
        }, "safe"
    if kind in "「『" and not allow_corner:
        return {
            "zh": f"横排中文使用引号{opening}{closing}，「」『』用于竖排文本",
            "en": f"horizontal Chinese text uses {opening}{closing}; "
            "「」『』 are for vertical text",
        }, "unsafe"
    if (kind in "“「") == inner:
        where = ("外层", "outer") if not inner else ("里层", "inner")
        return {
            "zh": f"引号嵌套应外双内单：{where[0]}引号应为{opening}{closing}",
            "en": f"nested quotes go double outside, single inside: use {opening}{closing} "
            f"for the {where[1]} quote",
        }, "safe"
    return None


def _pair_violations(
    ctx: RuleContext,
    unit: Unit,
    quote: _Quote,
    depth: int,
    message: Message,
    applicability: Applicability,
) -> Iterator[Violation]:
    """One finding per pair, covering it, whose fix changes both marks together."""
    opening, closing = _BY_DEPTH[depth % 2]
    edits = [char_edit(unit, quote.open, opening), char_edit(unit, quote.close, closing)]
    description = {"zh": f"改为{opening}{closing}", "en": f"replace with {opening}{closing}"}
    pair_fix = fix(description, edits, applicability)
    yield ctx.unit_violation(unit, quote.open, quote.close + 1, message, pair_fix)


def _stray_straight(ctx: RuleContext, unit: Unit, stray: list[int]) -> Iterator[Violation]:
    """Straight quotes that cannot be paired: reported without a fix."""
    for mark in stray:
        message = {
            "zh": "中文中应使用弯引号，不用直引号（本段直引号数目为单数，无法自动配对）",
            "en": "use curly quotes in Chinese text (an odd number of straight quotes here: "
            "they cannot be paired automatically)",
        }
        yield ctx.unit_violation(unit, mark, mark + 1, message)


RULE = Rule(META, check)
