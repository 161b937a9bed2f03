"""W501 misspelled-phrase: a misspelled fixed phrase or idiom (港移默化 → 潜移默化).

Two sources, one rule:

- **Curated pairs** from the wording dictionaries (``kind = confusion``): the built-in
  ``data/misspellings.tsv`` -- sourced from 《咬文嚼字》's lists of common misspellings and
  yearly top-ten errors, style guides for official documents and the pairs' other sources --
  plus the files listed in the ``dictionaries`` configuration key and those plugins contribute.
  All pairs are matched in one pass with an Aho–Corasick automaton.  Their fix is safe unless
  the entry says ``fix = unsafe`` (rewordings such as 令人堪忧 → 堪忧).
- **Near misses** of the lexicon's fixed phrases that no list names
  (:mod:`~speechlint.plugins.wording.near_miss`, docs/near-miss.md): four characters one
  likely slip away from an idiom, a set phrase or a canonical political term, which read far
  better corrected.  Their fix is unsafe: the rule is confident, not certain.

Where both fire on the same text, the curated pair wins.  A hit inside a legitimate word is not
reported: the dictionaries' ``allow`` entries (平安祥和 contains 安祥; 勠力同心 is a near miss
of 戮力同心) and the ``allow`` option.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Literal

from speechlint.diagnostics import Message
from speechlint.plugins.wording import near_miss
from speechlint.plugins.wording._lexicon_index import LexiconIndex, load_index
from speechlint.plugins.wording._scan import (
    TITLES,
    Found,
    document_dictionary,
    enclosed,
    hits,
    ignored,
    skipped_spans,
    violation,
)
from speechlint.plugins.wording.dictionary import Dictionary, Entry, load_dictionaries
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation

__all__ = ["META", "RULE", "check", "near_misses"]

NEAR_MISS_SOURCE = "near-miss"
_SLIPS: dict[str, dict[str, str]] = {
    "sound": {"zh": "同音", "en": "same sound"},
    "fuzzy": {"zh": "音近", "en": "similar sound"},
    "shape": {"zh": "形近", "en": "similar shape"},
    "radical": {"zh": "形近", "en": "similar shape"},
    "rare": {"zh": "生僻字", "en": "rare character"},
}

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
        "allow": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Legitimate words: nothing inside them is reported (e.g. 勠力同心).",
        },
        "phrases": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "Fixed phrases of your organisation whose near misses are reported.",
        },
        "near-miss": {
            "type": "boolean",
            "default": True,
            "description": "Also report near misses of fixed phrases that no dictionary names.",
        },
    },
    doc=RuleDoc(
        why={
            "zh": "讲话稿中的错别字损害讲话的严肃性。本规则按词典（《咬文嚼字》常见别字表、"
            "年度十大语文差错、公文写作规范等，见 docs/dictionaries.md）查找写错的固定短语和"
            "成语；词典没有收录的，也查找与成语、固定短语、规范政治表述只差一个同音、音近或"
            "形近字，而按原文又读不通的写法（见 docs/near-miss.md，修复不安全）。错形是更长合法"
            "词语的一部分时（平安祥和、个人材料）不报告。",
            "en": "Misspellings undermine a speech. This rule looks up misspelled fixed phrases "
            "and idioms in the wording dictionaries (《咬文嚼字》's lists of common "
            "misspellings and yearly top-ten errors, style guides for official documents; see "
            "docs/dictionaries.md). Beyond the lists, it reports text one same-sound, similar-"
            "sound or similar-shape character away from an idiom, a set phrase or a canonical "
            "political term that does not read as written (docs/near-miss.md; unsafe fix). "
            "Wrong forms inside a longer legitimate word (平安祥和, 个人材料) are skipped.",
        },
        bad="使党员干部在港移默化中受熏陶、受教育。",
        good="使党员干部在潜移默化中受熏陶、受教育。",
        reference="《咬文嚼字》当代汉语出版物中最常见的100个别字；docs/dictionaries.md；"
        "docs/near-miss.md",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Report every dictionary confusion pair, then the near misses no pair covers."""
    curated = [found for found in hits(ctx, "confusion") if _reported(ctx, found)]
    yield from (_violation(found) for found in curated)
    if ctx.options.get("near-miss", True):
        taken = {(id(found.unit), at) for found in curated for at in range(found.start, found.end)}
        for found in _near_misses(ctx):
            span = range(found.start, found.end)
            if all((id(found.unit), at) not in taken for at in span):
                yield _violation(found)


def near_misses(ctx: RuleContext) -> Iterator[Violation]:
    """The near misses alone, as if no dictionary listed a pair (tests and evaluation)."""
    return (_violation(found) for found in _near_misses(ctx))


def _near_misses(ctx: RuleContext) -> Iterator[Found]:
    units = ctx.units
    found_per_unit = near_miss.find_all([unit.text for unit in units], _index(ctx))
    for unit, candidates in zip(units, found_per_unit, strict=True):
        if not candidates:
            continue
        skipped = skipped_spans(unit)
        for candidate in candidates:
            found = Found(unit, candidate.start, candidate.end, _entry(candidate))
            if skipped.overlaps(found.start, found.end) or enclosed(ctx, found, TITLES):
                continue  # code, URLs, and cited titles (《…》) are quoted as they are
            if _reported(ctx, found):
                yield found


def _entry(candidate: near_miss.Candidate) -> Entry:
    return Entry(
        "confusion",
        candidate.wrong,
        candidate.right,
        source=NEAR_MISS_SOURCE,
        note=candidate.slip,
        fix="unsafe",
    )


def _reported(ctx: RuleContext, found: Found) -> bool:
    """Not ignored and not inside an allowed word (option or dictionary ``allow`` entries)."""
    if found.entry.wrong in ignored(ctx.options):
        return False
    allowed = ignored(ctx.options, "allow")
    if found.entry.source == NEAR_MISS_SOURCE:
        allowed |= _allow_words(document_dictionary(ctx))
    return not _inside_allowed(found.unit.text, found.start, found.end, allowed)


@lru_cache(maxsize=16)
def _allow_words(dictionary: Dictionary) -> frozenset[str]:
    return frozenset(entry.wrong for entry in dictionary.entries if entry.kind == "allow")


def _inside_allowed(text: str, start: int, end: int, allowed: Iterable[str]) -> bool:
    return any(_covers(text, word, start, end) for word in allowed if len(word) >= end - start)


def _covers(text: str, word: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``word`` in ``text`` contains ``text[start:end]``."""
    # Only occurrences starting in [end - len(word), start] can; search no further.
    return text.find(word, max(0, end - len(word)), start + len(word)) != -1


def _index(ctx: RuleContext) -> LexiconIndex:
    """The built-in index plus the organisation's phrases (option and dictionary pairs)."""
    dictionary = document_dictionary(ctx)
    listed = ctx.options.get("phrases")
    if not listed and dictionary is load_dictionaries():
        # The built-in dictionaries' correct forms are in the index by construction
        # (canonical_phrases): looking each up cost ~1 ms of a cold start.
        return load_index()
    forms = _correct_forms(dictionary)
    if not listed:
        return _with_phrases(forms)  # the cached set itself: its hash is computed once
    return _with_phrases(forms | frozenset(str(phrase) for phrase in listed))


@lru_cache(maxsize=16)
def _correct_forms(dictionary: Dictionary) -> frozenset[str]:
    """The correct forms of the pairs and terms: phrases whose near misses are slips too."""
    kinds = ("confusion", "term")
    return frozenset(e.right for e in dictionary.entries if e.kind in kinds and e.right)


@lru_cache(maxsize=8)
def _with_phrases(phrases: frozenset[str]) -> LexiconIndex:
    return load_index().with_phrases(phrases)


def _violation(found: Found) -> Violation:
    entry = found.entry
    if entry.source == NEAR_MISS_SOURCE:
        return violation(found, _near_miss_message(entry), entry.right, applicability="unsafe")
    message = {
        "zh": entry.message or f"“{entry.wrong}”应为“{entry.right}”",
        "en": entry.message_en or f"“{entry.wrong}” is misspelled: write “{entry.right}”",
    }
    applicability: Literal["safe", "unsafe"] = "unsafe" if entry.fix == "unsafe" else "safe"
    return violation(found, message, entry.right, applicability=applicability)


def _near_miss_message(entry: Entry) -> Message:
    reason = _SLIPS[entry.note]
    return {
        "zh": f"“{entry.wrong}”疑为“{entry.right}”之误（{reason['zh']}）",
        "en": f"“{entry.wrong}” looks like a misspelling of “{entry.right}” ({reason['en']})",
    }


RULE = Rule(META, check)
