"""W502 noncanonical-term: an incomplete or variant political term.

Canonical forms (research/domain.md §3.1): 习近平新时代中国特色社会主义思想 in full (not
习近平新时代中国特色社会主义 without 思想, not 习近平总书记新时代…思想), 以习近平同志为核心的党中央,
中央八项规定精神 (八项规定精神 needs 中央 or 党中央 before it), “两个维护” (not 两个坚决维护) and
the exact names of institutions (发展和改革委员会).  The terms are ``kind = term`` entries of the
wording dictionaries.  The short form 新时代中国特色社会主义思想 is correct -- the 19th and 20th
Party Congress reports use it -- and is reported only with ``flag-short-form = true``.  Terms inside
《》 titles are left alone.  The fix writes the canonical form; it is unsafe because the sentence
may need rewording around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from speechlint import _regex
from speechlint.plugins.wording._scan import TITLES, Found, enclosed, hits, ignored, violation
from speechlint.plugins.wording.dictionary import Entry
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

FULL_NAME = "习近平新时代中国特色社会主义思想"


@cache
def _short_form() -> re.Pattern[str]:
    # The short form, unless 习近平 (or 习近平总书记 / 习近平同志, reported as variants) precedes
    # it.  Compiled when the option asks for it.
    return _regex.compile(r"(?<!习近平)(?<!习近平总书记)(?<!习近平同志)新时代中国特色社会主义思想")


_SHORT_ENTRY = Entry(
    "term", "新时代中国特色社会主义思想", FULL_NAME, source="option flag-short-form"
)

META = RuleMeta(
    code="W502",
    name="noncanonical-term",
    summary={"zh": "规范表述不完整或有变体", "en": "an incomplete or variant political term"},
    severity="warning",
    fix="unsafe",
    options={
        "flag-short-form": {
            "type": "boolean",
            "default": False,
            "description": "Also report the short form 新时代中国特色社会主义思想 (correct in the "
            "19th and 20th Party Congress reports, so off by default).",
        },
        "ignore": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Terms (the 'wrong' column of a dictionary entry) not to report.",
        },
    },
    doc=RuleDoc(
        why={
            "zh": "重要政治表述有固定的规范写法，不能随意增减字词：“习近平新时代中国特色社会主义"
            "思想”不能漏掉“思想”，应写“以习近平同志为核心的党中央”“中央八项规定精神”"
            "“两个维护”。简称“新时代中国特色社会主义思想”见于党的十九大、二十大报告，默认不报告"
            "（选项 flag-short-form）。",
            "en": "Political terms have fixed canonical forms: "
            "习近平新时代中国特色社会主义思想 must not drop 思想; write "
            "以习近平同志为核心的党中央, 中央八项规定精神, “两个维护”. The "
            "short form 新时代中国特色社会主义思想 appears in the 19th and 20th Party Congress "
            "reports and is not reported by default (option flag-short-form).",
        },
        bad="深入学习贯彻习近平新时代中国特色社会主义、党的二十大精神。",
        good="深入学习贯彻习近平新时代中国特色社会主义思想、党的二十大精神。",
        reference="十九届六中全会决议；《中国共产党纪律处分条例》(2018)；research/domain.md §3.1",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report variant and incomplete terms, and the short form when asked to."""
    skip = ignored(ctx.options)
    for found in hits(ctx, "term"):
        if found.entry.wrong not in skip and not enclosed(ctx, found, TITLES):
            yield _violation(found)
    if ctx.options.get("flag-short-form"):
        yield from _short_forms(ctx)


def _violation(found: Found) -> Violation:
    entry = found.entry
    message = {
        "zh": entry.message or f"不规范的表述“{entry.wrong}”，应为“{entry.right}”",
        "en": entry.message_en or f"non-canonical term “{entry.wrong}”: write “{entry.right}”",
    }
    return violation(found, message, entry.right, applicability="unsafe")


def _short_forms(ctx: RuleContext) -> Iterator[Violation]:
    message = {
        "zh": f"应使用全称“{FULL_NAME}”",
        "en": f"use the full name “{FULL_NAME}”",
    }
    for unit in ctx.units:
        if "新时代中国特色社会主义思想" not in unit.text:
            continue
        for match in _short_form().finditer(unit.text):
            found = Found(unit, match.start(), match.end(), _SHORT_ENTRY)
            if not enclosed(ctx, found, TITLES):
                yield violation(found, message, FULL_NAME, applicability="unsafe")


RULE = Rule(META, check)
