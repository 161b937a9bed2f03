"""W501 misspelled-phrase: a misspelled fixed phrase or idiom (港移默化 → 潜移默化).

The pairs come from the wording dictionaries (``kind = confusion``): the built-in
``data/misspellings.tsv`` -- sourced from 《咬文嚼字》's lists of common misspellings and
yearly top-ten errors, style guides for official documents and the pairs' other sources -- plus
the files listed in the ``dictionaries`` configuration key and those plugins contribute.  All
pairs are matched in one pass with an Aho–Corasick automaton.  A wrong form inside a longer
legitimate word is not reported (平安祥和 contains 安祥; 个人材料 contains 人材): such words are
``allow`` entries of the dictionaries.  The fix replaces the phrase with its correct form; it is
safe unless the entry says ``fix = unsafe`` (rewordings such as 令人堪忧 → 堪忧).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from speechlint.plugins.wording._scan import Found, hits, ignored, violation
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="W501",
    name="misspelled-phrase",
    summary={"zh": "固定短语或成语写错", "en": "a misspelled fixed phrase or idiom"},
    severity="error",
    fix="safe/unsafe",
    options={
        "ignore": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Wrong forms not to report (e.g. a product name of your organisation).",
        },
    },
    doc=RuleDoc(
        why={
            "zh": "讲话稿中的错别字损害讲话的严肃性。本规则按词典（《咬文嚼字》常见别字表、"
            "年度十大语文差错、公文写作规范等，见 docs/dictionaries.md）查找写错的固定短语和"
            "成语；错形是更长合法词语的一部分时（平安祥和、个人材料）不报告。",
            "en": "Misspellings undermine a speech. This rule looks up misspelled fixed phrases "
            "and idioms in the wording dictionaries (《咬文嚼字》's lists of common "
            "misspellings and yearly top-ten errors, style guides for official documents; see "
            "docs/dictionaries.md) and skips wrong forms that are part of a longer legitimate "
            "word (平安祥和, 个人材料).",
        },
        bad="使党员干部在港移默化中受熏陶、受教育。",
        good="使党员干部在潜移默化中受熏陶、受教育。",
        reference="《咬文嚼字》当代汉语出版物中最常见的100个别字；docs/dictionaries.md",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every dictionary confusion pair found in the document."""
    skip = ignored(ctx.options)
    for found in hits(ctx, "confusion"):
        if found.entry.wrong not in skip:
            yield _violation(found)


def _violation(found: Found) -> Violation:
    entry = found.entry
    message = {
        "zh": entry.message or f"“{entry.wrong}”应为“{entry.right}”",
        "en": entry.message_en or f"“{entry.wrong}” is misspelled: write “{entry.right}”",
    }
    applicability: Literal["safe", "unsafe"] = "unsafe" if entry.fix == "unsafe" else "safe"
    return violation(found, message, entry.right, applicability=applicability)


RULE = Rule(META, check)
