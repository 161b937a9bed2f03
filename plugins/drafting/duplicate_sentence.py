"""D602 duplicate-sentence: the same sentence appears twice in the manuscript.

A sentence pasted twice, or a passage kept in two places after a paragraph was moved, is a typical
drafting leftover.  Every repeat is reported at its own place; the message names the line of the
first occurrence.  Sentences are compared with white space removed and without their final
punctuation.

Short sentences repeat legitimately -- 谢谢大家！, 各位代表！, and the short lead sentences a report
uses once in its review and again in its plan (加强社会保障体系建设。): only sentences of at least
``min-length`` characters (default 15) are compared.  In the 40 published reports every repeated
sentence shorter than 15 characters is such a deliberate repetition.
"""

from __future__ import annotations

from collections.abc import Iterator

from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Sentence, Violation

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="D602",
    name="duplicate-sentence",
    summary={"zh": "句子重复出现", "en": "the same sentence appears twice"},
    severity="warning",
    options={
        "min-length": {
            "type": "integer",
            "minimum": 1,
            "default": 15,
            "description": "只比较不少于此字数的句子（不计空白） / only sentences at least this "
            "many characters long (white space not counted) are compared",
        }
    },
    doc=RuleDoc(
        why={
            "zh": "同一句话出现两次，多是复制粘贴或调整段落时留下的重复，"
            "讲话时会显得啰嗦、不严谨。",
            "en": "A sentence that appears twice is usually left over from copying or moving a "
            "paragraph; read aloud, it sounds careless.",
        },
        bad="要压紧压实各级安全生产责任，确保各项措施落地见效。"
        "要压紧压实各级安全生产责任，确保各项措施落地见效。",
        good="要压紧压实各级安全生产责任，确保各项措施落地见效。",
    ),
)

_END = "。！？!?…；;"


def _key(sentence: Sentence) -> str:
    return "".join(sentence.text.split()).rstrip(_END)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every sentence that repeats an earlier one."""
    min_length = int(ctx.options.get("min-length", 15))
    first_seen: dict[str, Sentence] = {}
    for sentence in ctx.sentences():
        if len(sentence.text) < min_length:
            continue  # cheap pre-check: the key is never longer than the text
        key = _key(sentence)
        if len(key) < min_length:
            continue
        first = first_seen.setdefault(key, sentence)
        if first is not sentence:
            line = ctx.document.position(first.source_start).line + 1
            yield Violation(
                sentence.source_start,
                sentence.source_end,
                {
                    "zh": f"与第 {line} 行的句子重复，请删除或改写",
                    "en": f"this sentence repeats the one on line {line}: remove or rewrite it",
                },
            )


RULE = Rule(META, check)
