"""W503 unquoted-term: numbered formulas take quotation marks (“两个确立” “四个意识”).

Numbered summary formulas are written in quotation marks in official texts.  Built in
(``kind = quote`` entries of ``data/political.tsv``): “两个确立” “两个维护” “四个意识” “四个自信”
“四个全面” “五位一体”, and -- because the 40 published reports quote every occurrence --
“三个代表” “两个一百年” “三严三实” “两学一做” “两个毫不动摇” “四风”.  A formula already inside
quotation marks (“…‘四个意识’…”) or a 《》 title is fine.  ``extend-terms`` adds formulas;
``ignore`` removes some.  The fix adds the quotation marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from speechlint import _regex
from speechlint.plugins.wording._scan import (
    QUOTES,
    TITLES,
    Found,
    enclosed,
    hits,
    ignored,
    scan,
    violation,
)
from speechlint.plugins.wording.dictionary import extra_dictionary
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

_ENCLOSING = QUOTES | TITLES

META = RuleMeta(
    code="W503",
    name="unquoted-term",
    summary={
        "zh": "数字概括的固定提法未加引号",
        "en": "a numbered formula without quotation marks",
    },
    severity="warning",
    fix="safe",
    options={
        "extend-terms": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "More formulas that take quotation marks (e.g. 一岗双责).",
        },
        "ignore": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Built-in formulas not to report.",
        },
    },
    doc=RuleDoc(
        why={
            "zh": "“两个确立”“两个维护”“四个意识”“四个自信”等数字概括的固定提法，在正式文稿中"
            "一律加引号（GB/T 15834-2011 4.8.3：引号标示具有特殊含义的成分，如简称）。"
            "所列提法在 40 篇已发表报告中均加引号（仅 2012 年首次提出“五位一体”时 2 处未加）。",
            "en": "Numbered formulas such as “两个确立” “两个维护” “四个意识” “四个自信” are "
            "always quoted in official texts (GB/T 15834-2011 4.8.3: quotation marks set off "
            "words with a special meaning, such as abbreviations). The 40 published reports "
            "quote every occurrence "
            "(except 2× 五位一体 in 2012, when the formula was introduced).",
        },
        bad="要牢固树立四个意识，坚定四个自信。",
        good="要牢固树立“四个意识”，坚定“四个自信”。",
        reference="GB/T 15834-2011 4.8.3；research/domain.md §3.1",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report formulas that are not inside quotation marks or a title."""
    skip = ignored(ctx.options)
    for found in _candidates(ctx):
        if found.entry.wrong in skip or enclosed(ctx, found, _ENCLOSING):
            continue
        if not _spelled_out(found):
            yield _violation(found)


@cache
def _enumeration() -> re.Pattern[str]:
    # A formula right after the items it sums up (经济建设、政治建设、……生态文明建设五位一体) is
    # being defined, not cited -- as when the 2012 report introduced 五位一体.  Compiled on first
    # use: the class of all unified ideographs costs ~1.5 ms to compile.
    return _regex.compile(r"(?:[\u4e00-\u9fff]{2,8}、){2,}[\u4e00-\u9fff]{2,8}$")


def _spelled_out(found: Found) -> bool:
    before = found.unit.text[max(0, found.start - 60) : found.start]
    return "、" in before and _enumeration().search(before) is not None


def _candidates(ctx: RuleContext) -> list[Found]:
    found = hits(ctx, "quote")
    extra = tuple(str(term) for term in ctx.options.get("extend-terms") or ())
    if extra:
        dictionary = extra_dictionary("quote", extra, "[rules.W503] extend-terms")
        found = sorted([*found, *scan(ctx.units, dictionary)], key=lambda f: f.unit.start)
    return found


def _violation(found: Found) -> Violation:
    term = found.entry.wrong
    message = {
        "zh": f"固定提法{term}应加引号：“{term}”",
        "en": f"the formula {term} takes quotation marks: “{term}”",
    }
    return violation(found, message, f"“{term}”")


RULE = Rule(META, check)
