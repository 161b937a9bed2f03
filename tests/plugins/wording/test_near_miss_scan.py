"""W501's document scan finds what looking up every window finds, and ranks it the same way."""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import lru_cache

import pytest

from speechlint.plugins.wording import near_miss
from speechlint.plugins.wording._lexicon_index import MASK, PHRASE_LENGTH, is_han, load_index
from speechlint.plugins.wording.near_miss import Candidate, _Scanner

SPEECH = "同志们，我们要坚持潜移默化，在港移默化中受教育；要一如既往、一如即往地抓好落实。"


@lru_cache(maxsize=1)
def _texts() -> list[str]:
    """Speech text, phrases with one character replaced, punctuation, surrogates, long lines."""
    rng = random.Random(7)
    phrases = sorted({key.replace(MASK, "") for key in load_index().masked})[:400]
    pieces = [*phrases, "，", "。", "“", "”", "a", " ", "\x00", "\n", "\ud800", "𠀀", "要", "的"]
    texts = [SPEECH, "", "潜移", "潜移默化", "港移默化", "\n港移默化\n"]
    for _ in range(60):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 40))]
        text = "".join(words)
        if rng.random() < 0.5 and len(text) > PHRASE_LENGTH:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice("港移即化的") + text[at + 1 :]
        texts.append(text)
    texts.append("".join(rng.choice(phrases) for _ in range(1100)))  # one long paragraph
    return texts


def _window_hits(text: str) -> set[tuple[int, int, str]]:
    """The slow reference: every window with each character masked, looked up."""
    masked = load_index().masked
    found = set()
    for start in range(len(text) - PHRASE_LENGTH + 1):
        window = text[start : start + PHRASE_LENGTH]
        for position in range(PHRASE_LENGTH):
            value = masked.get(window[:position] + MASK + window[position + 1 :])
            written = window[position]
            if value is not None and is_han(written) and written not in value:
                found.add((start, position, value))
    return found


@pytest.fixture(params=["lookups", "automaton", "native"])
def scanner(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> _Scanner:
    """The Python scanner before (dict lookups) and after (Aho–Corasick) it has read enough
    text, and the C search (_near_miss_c.c) when it is built."""
    if request.param == "native":
        pytest.importorskip("speechlint.plugins.wording._near_miss_c")
        return _Scanner(load_index().pairs)
    if request.param == "automaton":
        monkeypatch.setattr(near_miss, "BUILD_AFTER", 0)
    return _Scanner(load_index().pairs, native=False)


def test_the_scanner_finds_what_the_window_lookups_find(scanner: _Scanner) -> None:
    texts = _texts()
    found: list[set[tuple[int, int, str]]] = [set() for _text in texts]
    for unit, start, position, value in scanner.hits(texts):
        found[unit].add((start, position, value))
    assert found == [_window_hits(text) for text in texts]
    if scanner.native is None:
        assert (scanner.automaton is not None) == (near_miss.BUILD_AFTER == 0)
    else:
        assert scanner.automaton is None  # the C search needs none


def test_each_text_alone_gives_the_same_hits(scanner: _Scanner) -> None:
    for text in _texts()[:20]:
        alone = {(start, position, value) for _u, start, position, value in scanner.hits([text])}
        assert alone == _window_hits(text)


def _reference_find(text: str) -> list[Candidate]:
    """The ranking before the document scan: candidates in window-lookup order (chunk of 4,096
    characters, residue of the masked position, start), stably sorted by score then start."""
    index = load_index()
    hits = sorted(_window_hits(text), key=lambda h: (h[0] // 4096, (h[0] + h[1]) % 4, h[0]))
    scored: list[Candidate] = []
    for start, position, value in hits:
        wrong = text[start : start + PHRASE_LENGTH]
        if wrong in index.words:
            continue
        for char, readings in near_miss._entries(value, index):
            kind = near_miss.slip(wrong[position], char, readings, index)
            if kind is not None:
                right = wrong[:position] + char + wrong[position + 1 :]
                gain = near_miss.gain(text, start, right, index)
                scored.append(Candidate(start, start + 4, wrong, right, kind, gain))
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for candidate in sorted(scored, key=lambda c: (-c.score, c.start)):
        if candidate.score < near_miss.THRESHOLD:
            break
        if taken.isdisjoint(range(candidate.start, candidate.end)):
            chosen.append(candidate)
            taken.update(range(candidate.start, candidate.end))
    return sorted(chosen, key=lambda c: c.start)


def _misspelled() -> Iterator[str]:
    """Paragraphs with overlapping near misses of equal scores (ties must break the same way)."""
    yield SPEECH
    yield "惩前恶后，港移默化，一如即往，贯沏落实，不拆不扣，迫在眉捷，攻艰克难"
    yield "港移默化港移默化潜移墨化潜移默话港移墨化"
    rng = random.Random(3)
    wrong = ["港移默化", "惩前恶后", "一以惯之", "脚踏石地", "刻不荣缓", "精义求精", "举一返三"]
    for _ in range(20):
        yield "".join(rng.choice([*wrong, "，", "的", "要", "发展"]) for _ in range(30))


@pytest.mark.parametrize("text", list(_misspelled()))
def test_find_ranks_as_the_window_lookups_did(text: str) -> None:
    assert near_miss.find(text, load_index()) == _reference_find(text)


def test_find_all_scans_a_document_once_with_the_same_results() -> None:
    texts = list(_misspelled())
    index = load_index()
    assert near_miss.find_all(texts, index) == [near_miss.find(text, index) for text in texts]


def test_every_phrase_is_a_word_so_a_window_equal_to_one_is_skipped() -> None:
    """The scan drops a window that is a phrase without asking the word model: sound only
    because every phrase of the index, built in or added, is in its word model."""
    for index in (load_index(), load_index().with_phrases(["亲清政商", "三不腐败"])):
        phrases = {
            key.replace(MASK, char)
            for key, value in index.masked.items()
            for char in value
            if not char.isdigit()
        }
        assert phrases and all(phrase in index.words for phrase in phrases)
