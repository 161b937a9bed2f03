"""The per-document scans shared by the packs give the answers of the per-unit scans they replace.

Rules that judge visible text (D601, D603) look only at the units that the source scan says
may hold a candidate, plus the units whose text is not a slice of the source; each is checked
here against the same rule run on every unit, over generated Markdown that mixes candidates
with the markup that makes units irregular (emphasis, code, entities, links).  The character
tests and the placeholder dispatch are checked against the regular expressions they replace.
"""

from __future__ import annotations

import re
from _codecs import utf_16_le_encode
from itertools import accumulate

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from speechlint.document import Document
from speechlint.outline import build_outline
from speechlint.parse import parse
from speechlint.plugins import _index
from speechlint.plugins._index import (
    FUNCTION_WORDS,
    PAIRED_MARKS,
    PAUSE_MARKS,
    PLACEHOLDER_STARTS,
    RARE,
    SPACES,
    irregular_units,
    points,
    unit_at,
    unit_ends,
)
from speechlint.plugins.drafting import duplicate_sentence, placeholder, repeated_word
from speechlint.plugins.length import long_sentence
from speechlint.plugins.punctuation import _pairs, quote_style, repeated_punctuation, unmatched_pair
from speechlint.plugins.punctuation._pairs import KIND
from speechlint.plugins.punctuation._text import (
    HAN,
    in_ranges,
    is_cjk,
    is_han,
    protected,
    source_hits,
)
from speechlint.plugins.structure import announced_count, misplaced_element
from speechlint.rules import RuleContext, Sentence, Violation
from speechlint.sentences import split_sentences
from speechlint.textscan import find_all

MANY = settings(derandomize=True, deadline=None, max_examples=300)

# Pieces of Markdown: prose, candidates of the three rules, and markup.
PIECES = [
    "的", "的的", "在", "实实在在", "和", "和谐", "了了", "是是非非", "。", "。。", "，，",
    "、、、",
    "X", "XX", "×", "（", "）", "（待定）", "【】", "某某", "*", "**", "*负责人", "`", "&amp;",
    "&#30340;", "[", "](http://a.cn/x)", "\n", "\n\n", "## ", "- ", "> ", " ", "同志", "TODO",
    "○○", "二○○", "___", "□□", "要抓落实。", "要 抓落实。", "要\u3000抓落实！", "&#32;", "\t",
    "谢谢大家！", "谢**谢**", "刚才，张三同志作了发言。", "下面，我讲三点意见。",
    "第一，要抓落实。", "同志们：", "接下来", "\u3000刚才，", "\n```\n的的\n```\n", "<!-- 的的 -->",
    "“", "”", "‘", "’", "「", "」", "\"", "&quot;",
]  # fmt: skip
markdown = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def _context(text: str) -> RuleContext:
    parsed = parse(Document("t.md", text))
    return RuleContext(parsed, build_outline(parsed), form="speech")


def test_character_sets_agree_with_the_packs() -> None:
    assert set(PAIRED_MARKS) == set(KIND)
    assert set(repeated_word._FUNCTION_WORDS) == set(FUNCTION_WORDS)
    assert set(PAUSE_MARKS) == set("。，、；：")
    assert set(PLACEHOLDER_STARTS) == set(placeholder._BY_FIRST)
    assert set(SPACES) == {chr(code) for code in range(0x110000) if chr(code).isspace()} - {"\n"}
    assert set(SPACES) <= set(RARE)


def test_han_and_cjk_tests_match_the_character_classes() -> None:
    han = re.compile(f"[{HAN}]")
    cjk = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014\u00b7]")
    for code in (*range(0x10000), *range(0x1FFF0, 0x20010), *range(0x31340, 0x31360)):
        ch = chr(code)
        assert is_han(ch) == (han.match(ch) is not None), hex(code)
        assert is_cjk(ch) == (cjk.match(ch) is not None), hex(code)
    assert not is_han("") and not is_cjk("")


def test_placeholder_dispatch_matches_the_alternation() -> None:
    branches = placeholder._BRANCHES
    alternation = re.compile(
        f"(?P<bracket>{branches['bracket']}|{branches['half-bracket']})"
        + "".join(f"|(?P<{kind}>{branches[kind]})" for kind in list(branches)[2:])
    )
    alphabet = "【［〔（[(*＊某TFXxＸ×○〇□_＿ 待定补充ODB】］〕）])负责人同志Ea1"
    texts = st.text(st.sampled_from(alphabet), max_size=12)

    @MANY
    @given(texts)
    def check(text: str) -> None:
        for position, ch in enumerate(text):
            if ch not in placeholder._BY_FIRST:
                continue
            match = alternation.match(text, position)
            expected = (position, match.end(), match.lastgroup) if match else None
            assert placeholder._match_at(text, position) == expected

    check()


def _straddlers(chars: str) -> str:
    """Characters whose UTF-16 bytes, next to one another, spell one of ``chars`` at an odd
    offset: ``x`` ending in the character's first byte, ``y`` starting with its second."""
    found = []
    for ch in chars:
        low, high = ord(ch) & 0xFF, ord(ch) >> 8
        found += [chr(low << 8 | 0x41), chr(0x4E00 | high) if high else "\u4e00"]
    return "".join(found)


SCANNED = _index._RARE_LINES + _index._DOUBLING
SCAN_ALPHABET = SCANNED + SCANNED + _straddlers(SCANNED[::7]) + "中文a1\U00020000\ud800"


@pytest.mark.parametrize("dfa", [False, True])
def test_scan_finds_what_the_patterns_find(dfa: bool) -> None:
    automaton = _index._build(dfa=dfa)

    @MANY
    @given(st.text(st.sampled_from(SCAN_ALPHABET), max_size=40))
    def check(text: str) -> None:
        assert _index._python_scan_text(text) == _index._scan_by_patterns(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_index, "_automaton", lambda size: automaton)
        check()
        # A match straddling two characters (here 〈 and 的的 spelled across them) hides no
        # real one.
        text = _straddlers("〈") + "〈〈" + _straddlers("的") + "的的的" + _straddlers("的")
        straddling = automaton.find_matches_as_indexes(utf_16_le_encode(text)[0], overlapping=True)
        assert any(start & 1 for _key, start, _end in straddling)
        key = _index._RARE_LINES.index("〈")
        assert _index._python_scan_text(text) == (bytes([key, key]), {"〈": [2, 3]}, [6])


@MANY
@given(st.text(st.sampled_from(SCAN_ALPHABET), max_size=40), st.sampled_from(sorted(RARE)))
def test_rare_characters_looked_up_in_the_scan(text: str, extra: str) -> None:
    ctx = _context(text)
    for chars in (PAIRED_MARKS, SPACES, PLACEHOLDER_STARTS, extra, extra + "\n"):
        assert _index.rare_offsets(ctx, chars) == find_all(text, chars)
        assert sorted(_index.present(ctx, chars)) == sorted(set(chars) & set(text))
        assert _index.rare_sequence(ctx, chars) == "".join(ch for ch in text if ch in chars)
    assert _index.rare_sequence(ctx) == "".join(ch for ch in text if ch in RARE + "\n")


@MANY
@given(markdown)
def test_unit_lookup_and_irregular_units(text: str) -> None:
    ctx = _context(text)
    ends = unit_ends(ctx)
    run_ends = [unit.runs[-1][1] + unit.runs[-1][2] if unit.runs else 0 for unit in ctx.units]
    assert ends == list(accumulate(run_ends, max, initial=0))[1:]
    for index, unit in enumerate(ctx.units):
        regular = len(unit.runs) == 1 and unit.runs[0][0] == 0 and unit.runs[0][2] == len(unit.text)
        assert (index in irregular_units(ctx)) == (not regular)
        if regular:
            start = unit.runs[0][1]
            assert ctx.text[start : start + len(unit.text)] == unit.text
            assert unit_at(ctx, start) == index
    assert points(ctx) == ctx.outline.walk_points()


@MANY
@given(markdown)
def test_placeholders_found_as_on_every_unit(text: str) -> None:
    ctx = _context(text)
    every = [
        (index, [match.start() for match in placeholder._first().finditer(unit.text)])
        for index, unit in enumerate(ctx.units)
    ]
    assert list(placeholder.check(ctx)) == list(placeholder._check_units(ctx, every))


@MANY
@given(markdown)
def test_doubled_words_found_as_on_every_unit(text: str) -> None:
    ctx = _context(text)
    every = [(index, None) for index in range(len(ctx.units))]
    assert list(repeated_word.check(ctx)) == list(repeated_word._check_units(ctx, every))


def _repeated_marks_by_regex(ctx: RuleContext) -> list[Violation]:
    """P403 as it was: its own scan of the source and a regex for the run."""
    doubled = re.compile(r"([。，、；：])\1")
    repeated = re.compile(r"([。，、；：])\1+")
    found = []
    for unit_index, index in source_hits(ctx, doubled):
        unit = ctx.units[unit_index]
        if index and unit.text[index - 1] == unit.text[index]:
            continue
        run = repeated.match(unit.text, index)
        if run is not None and not in_ranges(protected(ctx, unit_index), index):
            found.append(repeated_punctuation._violation(ctx, unit, index, run.end()))
    return found


@MANY
@given(markdown)
def test_repeated_marks_found_as_by_their_own_scan(text: str) -> None:
    ctx = _context(text)
    assert list(repeated_punctuation.check(ctx)) == _repeated_marks_by_regex(ctx)


def _repeats_by_loop(ctx: RuleContext, min_length: int) -> list[tuple[int, int]]:
    """D602 as it was: a key per sentence, the first occurrence kept in a dict."""
    first_seen: dict[str, int] = {}
    found = []
    for index, sentence in enumerate(ctx.sentences()):
        key = duplicate_sentence._key(sentence.text)
        if len(sentence.text) < min_length or len(key) < min_length:
            continue
        first = first_seen.setdefault(key, index)
        if first != index:
            found.append((index, first))
    return found


@MANY
@given(markdown, st.integers(1, 6))
def test_repeated_sentences_found_as_by_the_loop(text: str, min_length: int) -> None:
    ctx = _context(text)
    texts = [unit.text for unit in ctx.units]
    spans = [unit.sentence_spans() for unit in ctx.units]
    spaced_units = duplicate_sentence._spaced(ctx)
    spaced = [index in spaced_units for index in range(len(texts))]
    keys = duplicate_sentence._keys(texts, spans, spaced)
    firsts = list(accumulate(map(len, spans), initial=0))[:-1]
    sentences = ctx.sentences()
    assert keys == [duplicate_sentence._key(sentence.text) for sentence in sentences]
    assert [duplicate_sentence._source_range(ctx, firsts, index) for index in range(len(keys))] == [
        (sentence.source_start, sentence.source_end) for sentence in sentences
    ]
    expected = _repeats_by_loop(ctx, min_length)
    assert duplicate_sentence._python_repeated(texts, spans, spaced, min_length) == expected
    # The search in C (core/_speedups.c), when it is built.
    assert duplicate_sentence._repeated(ctx, spans, min_length) == expected


def _long_sentences_by_loop(ctx: RuleContext, limit: int) -> list[tuple[int, int, int]]:
    """L702 as it was: every sentence of ``ctx.sentences()`` measured."""
    found = []
    for sentence in ctx.sentences():
        length = len(sentence.text) - sum(sentence.text.count(ch) for ch in " \t\n\u3000")
        if length > limit:
            found.append((sentence.source_start, sentence.source_end, length))
    return found


@MANY
@given(markdown, st.integers(1, 12))
def test_long_sentences_found_as_by_the_loop(text: str, limit: int) -> None:
    ctx = _context(text).for_rule({"max-length": limit})
    found = [(v.start, v.end, int(v.message["en"].split()[3])) for v in long_sentence.check(ctx)]
    assert found == _long_sentences_by_loop(ctx, limit)


@MANY
@given(markdown)
def test_misplaced_thanks_found_as_on_every_unit(text: str) -> None:
    found = list(misplaced_element.check(_context(text)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(misplaced_element, "_thanking_units", lambda ctx: range(len(ctx.units)))
        assert list(misplaced_element.check(_context(text))) == found


@MANY
@given(st.text(st.sampled_from("一二两三十个点方面问题条讲几"), max_size=16))
def test_count_words_found_as_by_the_pattern(text: str) -> None:
    pattern = re.compile(announced_count._COUNT)
    expected = [
        (match.group("num"), match.start(), match.end()) for match in pattern.finditer(text)
    ]
    assert list(announced_count._count_words(text)) == expected


def _openers_by_loop(ctx: RuleContext, first_unit: int) -> list[Sentence]:
    """S109's paragraph openers as they were found: each later unit looked at in turn."""
    found = []
    for index in range(first_unit + 1, len(ctx.units)):
        text = ctx.units[index].text
        start = len(text) - len(text.lstrip(" \t\u3000"))
        if text.startswith(misplaced_element._OPENER_WORDS, start):
            spans = split_sentences(text, start)
            if spans:
                found.append(misplaced_element._sentence(ctx, index, *spans[0]))
    return found


@MANY
@given(markdown)
def test_paragraph_openers_found_as_by_the_loop(text: str) -> None:
    ctx = _context(text)
    for first_unit in range(-1, len(ctx.units)):
        found = list(misplaced_element._paragraph_openers(ctx, first_unit))
        assert found == _openers_by_loop(ctx, first_unit)


@MANY
@given(markdown.map(lambda text: text + "\n\n“未完"))  # an unmatched mark: every unit matched
def test_quote_units_skipped_only_when_nothing_to_report(text: str) -> None:
    found = list(quote_style.check(_context(text)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quote_style, "_plainly_quoted", lambda quotes: False)
        assert list(quote_style.check(_context(text))) == found


# Marks over several lines and units, with what makes a unit's visible marks pair otherwise
# than the source's: apostrophes, code spans, URLs, entities.
MARKS = [
    "“", "”", "‘", "’", "《", "》", "（", "）", "(", ")", "「", "」", "〈", "〉", "【", "】",
    "要抓落实", "。", "\n", "\n\n", "it’s", "’99", "`“`", "`）`", "http://a.cn/“x”", "&ldquo;",
    "**", "- ", "## ", "“a“b”c”", "《a（b）》",
]  # fmt: skip
marked = st.lists(st.sampled_from(MARKS), max_size=30).map("".join)


@MANY
@given(st.one_of(marked, marked.map(lambda text: text + "\n\n“未完")))  # “未完: matched
@example("前`“`后”\n\n“未完")  # the code span's “ is not a mark: ” does not pair
@example("说“好”和“坏”\n\n“未完")
def test_pairs_matched_only_where_they_may_not_pair(text: str) -> None:
    found = [list(rule.check(_context(text))) for rule in (unmatched_pair, quote_style)]
    with pytest.MonkeyPatch.context() as patch:
        for rule in (unmatched_pair, quote_style):
            patch.setattr(rule, "suspect_pairs", _pairs.document_pairs)
        assert [list(rule.check(_context(text))) for rule in (unmatched_pair, quote_style)] == found
