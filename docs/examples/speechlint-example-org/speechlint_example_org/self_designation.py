"""ORG101 self-designation: in this organisation's papers 本单位 is written 我局.

The organisation (a bureau, 局) refers to itself as 我局 in speeches; the generic 本单位 is
replaced.  Text inside code spans and inside 《》 titles (the exact name of a document) is left
alone.  The fix is safe: it changes exactly the three characters of 本单位.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from speechlint.parse import Unit
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation, replace

__all__ = ["META", "RULE", "check"]

WRONG = "本单位"
RIGHT = "我局"

META = RuleMeta(
    code="ORG101",
    name="self-designation",
    summary={"zh": "本单位应写作“我局”", "en": "write 我局, not 本单位"},
    severity="warning",
    fix="safe",
    doc=RuleDoc(
        why={
            "zh": "按本局文稿规范，讲话稿中本单位一律称“我局”。",
            "en": "The organisation's style guide: speeches call the bureau 我局, never the "
            "generic 本单位.",
        },
        bad="本单位今年要重点抓好三项工作。",
        good="我局今年要重点抓好三项工作。",
        reference="示例单位公文写作规范（虚构） / the example organisation's style guide",
    ),
)

_WRONG = re.compile(WRONG)
_TITLE = re.compile(r"《[^《》]*》")


def _titles(unit: Unit) -> list[tuple[int, int]]:
    """Visible ranges of 《》 titles and code spans: quoted names are not rewritten."""
    return [match.span() for match in _TITLE.finditer(unit.text)] + list(unit.verbatim)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every 本单位 outside titles and code, with the fix 本单位 → 我局."""
    for unit in ctx.units:
        if WRONG not in unit.text:
            continue
        skip = _titles(unit)
        for match in _WRONG.finditer(unit.text):
            start, end = match.span()
            if any(lo < end and start < hi for lo, hi in skip):
                continue
            source_start, source_end = unit.source_range(start, end)
            fix = None
            if source_end - source_start == len(WRONG):  # no markup inside: safe to replace
                fix = replace(
                    source_start,
                    source_end,
                    RIGHT,
                    {"zh": f"改为“{RIGHT}”", "en": f"replace with {RIGHT}"},
                )
            yield Violation(
                source_start,
                source_end,
                {
                    "zh": f"本局文稿中“{WRONG}”应写作“{RIGHT}”",
                    "en": f"this organisation writes “{RIGHT}”, not “{WRONG}”",
                },
                fix,
            )


RULE = Rule(META, check)
