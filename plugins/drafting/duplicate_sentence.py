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
from itertools import compress, repeat
from operator import ne

from speechlint.plugins._index import sentence_texts
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

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


def _key(text: str) -> str:
    return "".join(text.split()).rstrip(_END)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every sentence that repeats an earlier one."""
    min_length = int(ctx.options.get("min-length", 15))
    sentences = ctx.sentences()
    for index, first_index in _repeats(sentence_texts(ctx), min_length):
        sentence, first = sentences[index], sentences[first_index]
        line = ctx.document.position(first.source_start).line + 1
        yield Violation(
            sentence.source_start,
            sentence.source_end,
            {
                "zh": f"与第 {line} 行的句子重复，请删除或改写",
                "en": f"this sentence repeats the one on line {line}: remove or rewrite it",
            },
        )


def _repeats(texts: list[str], min_length: int) -> list[tuple[int, int]]:
    """``(index, index of the first occurrence)`` of each sentence whose key (white space
    removed, final punctuation dropped) is at least ``min_length`` long and already seen.

    Done with C-level maps over the whole list -- a speech has a few hundred sentences, and
    a Python loop with a key per sentence cost ~100 us: keys, a dict from each key to its
    first index (built in reverse, so the first occurrence wins), and the indices whose
    first index is not their own.  (Keys of one text have one length, so filtering by
    length after matching finds what filtering before would.)
    """
    count = len(texts)
    joined = "".join(texts)
    if len("".join(joined.split())) == len(joined):  # no white space: the key is a strip
        keys = list(map(str.rstrip, texts, repeat(_END, count)))
    else:
        keys = list(map(_key, texts))
    first = dict(zip(reversed(keys), range(count - 1, -1, -1), strict=True))
    if len(first) == count:
        return []  # every sentence once
    firsts = list(map(first.__getitem__, keys))
    repeated = compress(range(count), map(ne, firsts, range(count)))
    return [(index, firsts[index]) for index in repeated if len(keys[index]) >= min_length]


RULE = Rule(META, check)
