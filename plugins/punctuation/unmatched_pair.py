"""P402 unmatched-pair: a quote or bracket without its partner in the paragraph.

“” ‘’ 《》 （） 【】 (and 「」 『』 〈〉 〔〕) must pair within a paragraph; the unmatched mark is
reported.  Not reported: a quotation running over several paragraphs (each paragraph opens
with “ and only the last one closes, GB/T 15834-2011 4.8), an apostrophe written ’ (’99
昆明世界园艺博览会), a half-bracket ordinal opening a clause (``1）``), and half-width
parentheses (P401 checks those).
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.plugins._index import compiled
from speechlint.plugins.punctuation._pairs import PARTNER, all_paired, suspect_pairs
from speechlint.plugins.punctuation._text import near_clause_start
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="P402",
    name="unmatched-pair",
    summary={
        "zh": "引号、书名号、括号在段内不成对",
        "en": "a quote or bracket has no partner in the paragraph",
    },
    severity="error",
    doc=RuleDoc(
        why={
            "zh": "引号、书名号、括号等标号必须成对使用（GB/T 15834-2011 4.8、4.9、4.15）。"
            "缺失的一半通常是删改时误删的。跨段引用时，每段开头用前引号、只在最后一段末尾用后引号，"
            "这种情况不报告。",
            "en": "Quotes, title marks and brackets come in pairs (GB/T 15834-2011 4.8, 4.9, "
            "4.15); a missing half is usually lost in editing.  A quotation spanning "
            "paragraphs (each opening with “, only the last closing) is not reported.",
        },
        bad="深入学习《习近平谈治国理政第四卷，坚定“四个自信”。",
        good="深入学习《习近平谈治国理政》第四卷，坚定“四个自信”。",
        reference="GB/T 15834-2011 4.8, 4.9, 4.15",
    ),
)

# Chinese and English names of each mark, for messages that would be unreadable with the
# marks themselves in quotes (“”” has no matching “““).
_NAMES = {
    "“": ("前引号", "opening quote"), "”": ("后引号", "closing quote"),
    "‘": ("前单引号", "opening single quote"), "’": ("后单引号", "closing single quote"),
    "《": ("前书名号", "opening title mark"), "》": ("后书名号", "closing title mark"),
    "〈": ("前单书名号", "opening title mark"), "〉": ("后单书名号", "closing title mark"),
    "（": ("前括号", "opening bracket"), "）": ("后括号", "closing bracket"),
    "【": ("前方头括号", "opening bracket"), "】": ("后方头括号", "closing bracket"),
    "〔": ("前六角括号", "opening bracket"), "〕": ("后六角括号", "closing bracket"),
    "「": ("前直角引号", "opening corner quote"), "」": ("后直角引号", "closing corner quote"),
    "『": ("前直角引号", "opening corner quote"), "』": ("后直角引号", "closing corner quote"),
}  # fmt: skip
_HALF_MARKER = r"[0-9A-Za-z]{1,2}|[一二三四五六七八九十]{1,3}"
_SPACE = " \t\u3000\u00a0\n"


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every quote or bracket left without its partner."""
    if all_paired(ctx):
        return
    for index, pairs in suspect_pairs(ctx).items():
        unit = ctx.units[index]
        for mark in pairs.unmatched:
            ch = unit.text[mark]
            if ch in "()" or _excused(ctx, index, mark):
                continue  # half-width brackets are P401's
            yield ctx.unit_violation(unit, mark, mark + 1, _message(ch))


def _message(ch: str) -> dict[str, str]:
    (zh_name, en_name), partner = _NAMES[ch], PARTNER[ch]
    zh_partner, en_partner = _NAMES[partner]
    return {
        "zh": f"{zh_name}{ch}在本段中没有与之配对的{zh_partner}{partner}",
        "en": f"{en_name} {ch} has no matching {en_partner} {partner} in this paragraph",
    }


def _excused(ctx: RuleContext, unit_index: int, mark: int) -> bool:
    """Unmatched by design: a multi-paragraph quotation, ’99, or a half-bracket ordinal."""
    text = ctx.units[unit_index].text
    ch = text[mark]
    if ch in "“‘":
        return _quotation_continues(ctx, unit_index, ch) or (
            ch == "‘" and text[mark + 1 : mark + 2].isdigit()
        )
    if ch == "）":
        start = near_clause_start(text, mark)
        return start is not None and compiled(_HALF_MARKER).fullmatch(text, start, mark) is not None
    return False


def _quotation_continues(ctx: RuleContext, unit_index: int, ch: str) -> bool:
    """Whether the next paragraph opens with the same quote (a quotation over paragraphs)."""
    if unit_index + 1 >= len(ctx.units):
        return False
    return ctx.units[unit_index + 1].text.lstrip(_SPACE).startswith(ch)


RULE = Rule(META, check)
