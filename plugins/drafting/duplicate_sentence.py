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

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import compress, repeat
from operator import attrgetter, ne

from speechlint.plugins._index import (
    SPACES,
    irregular_units,
    rare_offsets,
    sentence_texts,
    unit_at,
)
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
_unit_index = attrgetter("unit_index")
_text = attrgetter("text")


def _key(text: str) -> str:
    return "".join(text.split()).rstrip(_END)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every sentence that repeats an earlier one."""
    min_length = int(ctx.options.get("min-length", 15))
    sentences = ctx.sentences()
    for index, first_index in _repeats(_keys(ctx), min_length):
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


def _keys(ctx: RuleContext) -> list[str]:
    """The key of every sentence: a C-level map of ``rstrip`` (a key per sentence in Python
    cost ~50 us a speech), and :func:`_key` for the few sentences that may hold white space."""
    texts = sentence_texts(ctx)
    keys = list(map(str.rstrip, texts, repeat(_END, len(texts))))
    for index in _spaced(ctx):
        keys[index] = _key(texts[index])
    return keys


def _spaced(ctx: RuleContext) -> list[int]:
    """Indices of the sentences whose text may hold white space: those of the units that show
    white space of the source (the document's rare-character index says which white space the
    source holds at all, ``str.find`` where), of irregular units and of paragraphs over
    several lines."""
    units = ctx.units
    whole = set(irregular_units(ctx))
    if not ctx.parsed.line_mode:
        lines = map(str.__contains__, map(_text, units), repeat("\n"))
        whole.update(compress(range(len(units)), lines))
    for offset in rare_offsets(ctx, SPACES):
        unit_index = unit_at(ctx, offset)
        if unit_index is None:
            continue
        # A regular unit shows its source from ``shift`` on: the space of ``## `` before a
        # heading is markup, not the heading's.
        shift = units[unit_index].shift
        if shift is None or shift <= offset:
            whole.add(unit_index)
    # Sentences are in unit order: each unit's are found by bisection.
    sentences = ctx.sentences()
    found: list[int] = []
    for unit_index in whole:
        first = bisect_left(sentences, unit_index, key=_unit_index)
        found.extend(range(first, bisect_right(sentences, unit_index, first, key=_unit_index)))
    return found


def _repeats(keys: list[str], min_length: int) -> list[tuple[int, int]]:
    """``(index, index of the first occurrence)`` of each key at least ``min_length`` long
    already seen.

    C-level maps over the whole list: a dict from each key to its first index (built in
    reverse, so that the first occurrence wins), and the indices whose first index is not
    their own.  (Filtering by length after matching finds what filtering before would: equal
    keys have one length.)
    """
    count = len(keys)
    first = dict(zip(reversed(keys), range(count - 1, -1, -1), strict=True))
    if len(first) == count:
        return []  # every sentence once
    firsts = list(map(first.__getitem__, keys))
    repeated = compress(range(count), map(ne, firsts, range(count)))
    return [(index, firsts[index]) for index in repeated if len(keys[index]) >= min_length]


RULE = Rule(META, check)
