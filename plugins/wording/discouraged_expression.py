"""W504 discouraged-expression: expressions that style guides discourage.

The built-in list (``kind = discouraged`` entries of ``data/political.tsv``) is small and
precise: usages 新华社《新闻信息报道中的禁用词和慎用词》(2016) and publishers' norms for Hong Kong,
Macao and Taiwan rule out (“一带一路”战略 → 倡议, 北朝鲜 → 朝鲜, 香港政府 → 香港特区政府,
省省委书记 …).  Deliberately not built in, because correct texts use them: 亲自 (the 2021 report
writes 习近平总书记亲自指挥、亲自部署), 隆重召开 (right for major meetings), 老板 (right for
business owners), 政府报告 (verb use: 向市政府报告).  Organisations add entries through
dictionaries or the ``extend`` option and remove them with ``ignore``.  There is no fix: the
right wording depends on the sentence.  Expressions inside 《》 titles are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from speechlint.diagnostics import Severity
from speechlint.plugins.wording._scan import TITLES, Found, enclosed, hits, ignored, scan, violation
from speechlint.plugins.wording.dictionary import extra_dictionary
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="W504",
    name="discouraged-expression",
    summary={"zh": "不提倡使用的表述", "en": "an expression style guides discourage"},
    severity="warning",
    options={
        "extend": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "More expressions to discourage (e.g. 隆重召开 for an organisation "
            "that holds no major meetings).",
        },
        "ignore": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Expressions of the dictionaries not to report.",
        },
    },
    doc=RuleDoc(
        why={
            "zh": "新华社《新闻信息报道中的禁用词和慎用词》（2016 年修订）等规范明确不使用某些"
            "表述，例如“一带一路”应称“倡议”而非“战略”，“北朝鲜”应称“朝鲜”，涉港澳台"
            "称谓有固定说法。内置清单只收录这类明确、不依赖语境的条目；单位可用词典或 extend "
            "选项补充。",
            "en": "Style guides such as Xinhua's list of banned and cautioned words (2016) rule "
            "out some expressions: the Belt and Road is an initiative (倡议), not a strategy "
            "(战略); write 朝鲜, not 北朝鲜; Hong Kong, Macao and Taiwan have fixed usages. The "
            "built-in list holds only such context-free entries; organisations add their own "
            "through dictionaries or the extend option.",
        },
        bad="积极参与“一带一路”战略。",
        good="积极参与共建“一带一路”倡议。",
        reference="新华社新闻信息报道中的禁用词和慎用词（2016年7月修订）；docs/dictionaries.md",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report discouraged expressions outside 《》 titles."""
    skip = ignored(ctx.options)
    for found in _candidates(ctx):
        if found.entry.wrong not in skip and not enclosed(ctx, found, TITLES):
            yield _violation(found)


def _candidates(ctx: RuleContext) -> list[Found]:
    found = hits(ctx, "discouraged")
    extra = tuple(str(word) for word in ctx.options.get("extend") or ())
    if extra:
        dictionary = extra_dictionary("discouraged", extra, "[rules.W504] extend")
        found = sorted([*found, *scan(ctx.units, dictionary)], key=lambda f: f.unit.start)
    return found


def _violation(found: Found) -> Violation:
    entry = found.entry
    reason = entry.note or "本单位配置的不提倡表述"
    suggestion = f"，宜作“{entry.right}”" if entry.right and entry.right not in reason else ""
    english = f"; write “{entry.right}”" if entry.right else ""
    message = {
        "zh": entry.message or f"不提倡使用“{entry.wrong}”：{reason}{suggestion}",
        "en": entry.message_en or f"“{entry.wrong}” is discouraged{english}",
    }
    result = violation(found, message)
    if entry.severity:
        return Violation(result.start, result.end, message, severity=cast(Severity, entry.severity))
    return result


RULE = Rule(META, check)
