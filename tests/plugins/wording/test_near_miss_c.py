"""The C candidate search (_near_miss_c.c) finds what near_miss.py's own search finds: on the
published reports, generated speeches, the seed speech and random text, through both the
automaton and the dict lookups it stands in for."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.plugins.wording import near_miss
from speechlint.plugins.wording._lexicon_index import load_index

_near_miss_c = pytest.importorskip("speechlint.plugins.wording._near_miss_c")

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def _python_hits(texts: list[str], *, automaton: bool) -> list[tuple[int, int, int, str]]:
    scanner = near_miss._Scanner(load_index().pairs, native=False)
    if automaton:
        scanner.read = near_miss.BUILD_AFTER  # the next call builds the automaton
    return sorted(scanner.hits(texts))


def _native_hits(texts: list[str]) -> list[tuple[int, int, int, str]]:
    scanner = near_miss._Scanner(load_index().pairs)
    assert scanner.native is not None
    return sorted(scanner.hits(texts))


def _agree(texts: list[str]) -> int:
    native = _native_hits(texts)
    assert native == _python_hits(texts, automaton=False)
    assert native == _python_hits(texts, automaton=True)
    return len(native)


def _paragraphs(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/corpus")
def test_the_published_reports_and_the_seed_speech() -> None:
    files = [*sorted((SHARED / "public").glob("*.txt")), SHARED / "seed.txt"]
    found = sum(_agree(_paragraphs(path)) for path in files)
    assert found > 0


def test_misspelled_idioms_in_context() -> None:
    texts = [
        "我们要港移默化地影响群众，按步就班推进工作。",
        "要坚持惩前毖后、治病救人，绝不能敷衍塞责。",
        "潜移默化",
        "",
        "重要条件，充要条件。",
    ]
    assert _agree(texts) > 0


def _phrases() -> list[str]:
    """Phrases of the index: each masked key with its mask filled by its first value."""
    found = set()
    for key, value in load_index().masked.items():
        char = next((ch for ch in value if not ch.isdigit()), "")
        if char:
            found.add(key.replace("\x00", char))
    return sorted(found)[::7]  # a spread-out sample


_PHRASES = _phrases()
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@st.composite
def _piece(draw: st.DrawFn) -> str:
    """A phrase, a phrase with one character replaced, or anything."""
    kind = draw(st.integers(0, 2))
    if kind == 2:
        return draw(
            st.text(st.one_of(_HAN, st.sampled_from("，。、\n 1a😀"), st.characters()), max_size=6)
        )
    phrase = draw(st.sampled_from(_PHRASES))
    if kind == 0:
        return phrase
    at = draw(st.integers(0, len(phrase) - 1))
    return phrase[:at] + draw(st.one_of(_HAN, st.sampled_from("\ud800😀，"))) + phrase[at + 1 :]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_piece(), max_size=8).map("".join), max_size=4))
def test_generated_text(texts: list[str]) -> None:
    _agree(texts)


@pytest.mark.parametrize(
    "record",
    [
        [(0, 1, 2, 1)],  # a probe of four items
        [(0, 1, 2, 1, ["甲"])],  # values not a dict
        [(0, 1, 2, 1, {"甲乙": "丙"})],  # a key of two characters
        [(0, 1, 2, 1, {"甲": 3})],  # a value not a str
        [("0", 1, 2, 1, {"甲": "丙"})],  # a delta not an int
        3,  # not a sequence
    ],
)
def test_a_malformed_record_is_a_type_error(record: object) -> None:
    index = _near_miss_c.PairIndex({"甲": "乙"})
    with pytest.raises(TypeError):
        index.probe("\n甲丙乙丁\n", 1, [None], lambda pair_id: record, [])


def test_a_record_is_compiled_once() -> None:
    index = _near_miss_c.PairIndex({"甲": "乙"})
    calls: list[int] = []

    def parse(pair_id: int) -> list[tuple[int, int, int, int, dict[str, str]]]:
        calls.append(pair_id)
        return [(0, 1, 3, 3, {"丙": "戊己庚辛"})]  # a long value: looked up in the str

    found: list[tuple[int, int, str]] = []
    for _ in range(3):
        index.probe("甲丙乙丁", 0, [None], parse, found)
    assert calls == [0]
    assert found == [(0, 3, "戊己庚辛")] * 3
