"""L702 long-sentence: a sentence too long to deliver in one breath.

A speech is heard, not read: a listener loses the thread of a sentence that runs on for several
lines.  Sentences longer than ``max-length`` characters (white space not counted; default 150)
are reported as information.  The default comes from measurement: in the 40 published Party
congress and government work reports, half the sentences are under 33 characters, 99 % under
142, and 184 of 22,186 sentences exceed 150 -- carefully edited texts, but written to be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, repeat
from operator import attrgetter, gt

from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check"]

DEFAULT_MAX_LENGTH = 150
_text = attrgetter("text")

META = RuleMeta(
    code="L702",
    name="long-sentence",
    summary={"zh": "句子过长", "en": "sentence too long"},
    severity="info",
    options={
        "max-length": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_LENGTH,
            "description": "句子的最大字数（不计空白） / the longest sentence allowed, in "
            "characters (white space not counted)",
        }
    },
    doc=RuleDoc(
        why={
            "zh": "讲话稿是讲给人听的，句子过长，讲的人难以换气，听的人难以抓住要点。"
            "宜把长句拆成几个短句，一句讲清一层意思。",
            "en": "A speech is listened to: a very long sentence leaves the speaker out of "
            "breath and the audience without the point. Split it into shorter sentences, one "
            "idea each.",
        },
        bad="今年以来，全市各级各部门认真贯彻落实党中央、国务院和省委、省政府关于安全生产工作的"
        "决策部署，坚持人民至上、生命至上，统筹发展和安全，深入开展安全生产大检查和重大事故"
        "隐患专项排查整治行动，持续加强重点行业领域安全监管，不断健全完善安全生产责任体系和"
        "工作机制，全市安全生产形势总体保持平稳，生产安全事故起数和死亡人数实现双下降，"
        "为经济社会高质量发展营造了安全稳定的良好环境。",
        good="今年以来，全市安全生产形势总体平稳。生产安全事故起数和死亡人数实现双下降。",
    ),
)


def _length(text: str) -> int:
    """Characters a listener hears: white space does not count."""
    return len(text) - sum(text.count(ch) for ch in " \t\n\u3000")


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every sentence longer than ``max-length``."""
    limit = int(ctx.options.get("max-length", DEFAULT_MAX_LENGTH))
    # Only a paragraph longer than the limit can hold such a sentence (white space only makes
    # the count smaller): the units' lengths are compared at once, in C, and only the long
    # ones' sentences are looked at -- from their spans, without ``ctx.sentences()``.
    units = ctx.units
    lengths = map(len, map(_text, units))
    for unit_index in compress(range(len(units)), map(gt, lengths, repeat(limit))):
        unit = units[unit_index]
        for start, end in unit.sentence_spans():
            if end - start <= limit:
                continue
            length = _length(unit.text[start:end])
            if length > limit:
                source_start, source_end = unit.source_range(start, end)
                yield Violation(
                    source_start,
                    source_end,
                    {
                        "zh": f"句子长达 {length} 字，超过 {limit} 字，宜拆分为几个短句",
                        "en": f"this sentence has {length} characters, more than {limit}: "
                        "split it into shorter ones",
                    },
                )


RULE = Rule(META, check)
