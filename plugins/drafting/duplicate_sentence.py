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

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate, compress, count, repeat
from operator import attrgetter, ne

from speechlint.plugins._index import SPACES, irregular_units, rare_offsets, unit_at
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

try:  # the search in C (optional: built when a compiler is at hand)
    from speechlint._speedups import repeated_sentences as _native
except ImportError:  # pragma: no cover - depends on the build
    _native = None  # type: ignore[assignment]

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
_text = attrgetter("text")


def _key(text: str) -> str:
    return "".join(text.split()).rstrip(_END)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every sentence that repeats an earlier one."""
    min_length = int(ctx.options.get("min-length", 15))
    spans = [unit.sentence_spans() for unit in ctx.units]  # (split once, by the outline)
    # The index of each unit's first sentence, sentences numbered across the units.
    firsts = list(accumulate(map(len, spans), initial=0))[:-1]
    for index, first_index in _repeated(ctx, spans, min_length):
        start, end = _source_range(ctx, firsts, index)
        line = ctx.document.position(_source_range(ctx, firsts, first_index)[0]).line + 1
        yield Violation(
            start,
            end,
            {
                "zh": f"与第 {line} 行的句子重复，请删除或改写",
                "en": f"this sentence repeats the one on line {line}: remove or rewrite it",
            },
        )


def _repeated(
    ctx: RuleContext, spans: list[tuple[tuple[int, int], ...]], min_length: int
) -> list[tuple[int, int]]:
    """``(index, index of the first occurrence)`` of each sentence whose key (see
    :func:`_key`) of at least ``min_length`` characters was seen before."""
    texts = list(map(_text, ctx.units))
    spaced_units = _spaced(ctx)
    spaced = [index in spaced_units for index in range(len(texts))]
    search = _native if _native is not None else _python_repeated
    return search(texts, spans, spaced, min_length)


def _python_repeated(
    texts: list[str],
    spans: list[tuple[tuple[int, int], ...]],
    spaced: list[bool],
    min_length: int,
) -> list[tuple[int, int]]:
    """:func:`_repeated` in Python (``speechlint._speedups.repeated_sentences`` is its C)."""
    return _repeats(_keys(texts, spans, spaced), min_length)


def _keys(
    texts: list[str], spans: list[tuple[tuple[int, int], ...]], spaced: list[bool]
) -> list[str]:
    """The key of every sentence, in document order.

    Cut from each unit's text by its sentence spans, without ``ctx.sentences()``: its named
    tuples cost 0.43 M instructions a speech, the keys cut here 0.3 M.  :func:`_key` (white
    space removed) only for the units that may hold white space.
    """
    keys: list[str] = []
    for text, unit_spans, with_space in zip(texts, spans, spaced, strict=True):
        if with_space:
            keys += [_key(text[start:end]) for start, end in unit_spans]
        else:
            keys += [text[start:end].rstrip(_END) for start, end in unit_spans]
    return keys


def _source_range(ctx: RuleContext, firsts: list[int], index: int) -> tuple[int, int]:
    """The source range of sentence ``index`` (as ``ctx.sentences()`` gives it)."""
    unit_index = bisect_right(firsts, index) - 1  # (a unit without sentences shares its first)
    unit = ctx.units[unit_index]
    return unit.source_range(*unit.sentence_spans()[index - firsts[unit_index]])


def _spaced(ctx: RuleContext) -> set[int]:
    """The units whose text may hold white space: those that show white space of the source
    (the document's rare-character index says where the source holds any), irregular units
    and paragraphs over several lines."""
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
    return whole


def _repeats(keys: list[str], min_length: int) -> list[tuple[int, int]]:
    """``(index, index of the first occurrence)`` of each key at least ``min_length`` long
    already seen.

    C-level maps over the whole list: ``setdefault`` of each key gives the index of its first
    occurrence, and the indices whose first index is not their own repeat one.  (Filtering by
    length after matching finds what filtering before would: equal keys have one length.)
    """
    seen: dict[str, int] = {}
    firsts = list(map(seen.setdefault, keys, count()))
    if len(seen) == len(firsts):
        return []  # every sentence once
    repeated = compress(range(len(firsts)), map(ne, firsts, count()))
    return [(index, firsts[index]) for index in repeated if len(keys[index]) >= min_length]


RULE = Rule(META, check)
