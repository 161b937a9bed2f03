"""W501's two candidate scans find the same windows, in the same order."""

from __future__ import annotations

import random
from functools import lru_cache

import pytest

from speechlint.plugins.wording import near_miss
from speechlint.plugins.wording._lexicon_index import MASK, PHRASE_LENGTH, load_index
from speechlint.plugins.wording.near_miss import _masked_hits, _Scanner, _window_hits

SPEECH = "同志们，我们要坚持潜移默化，在港移默化中受教育；要一如既往、一如即往地抓好落实。"


def _texts() -> list[str]:
    """Speech text, phrases with one character replaced, punctuation, surrogates, long lines."""
    rng = random.Random(7)
    phrases = sorted({key.replace(MASK, "") for key in load_index().masked})[:400]
    pieces = [*phrases, "，", "。", "“", "”", "a", " ", "\x00", "\ud800", "要", "的"]
    texts = [SPEECH, "", "潜移", "潜移默化"]
    for _ in range(60):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 40))]
        text = "".join(words)
        if rng.random() < 0.5 and len(text) > PHRASE_LENGTH:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice("港移即化的") + text[at + 1 :]
        texts.append(text)
    # Past the chunk size, windows across the chunk boundary must be found once.
    texts.append("".join(rng.choice(phrases) for _ in range(1100)))
    return texts


@lru_cache(maxsize=1)
def _scanner() -> _Scanner:
    return _Scanner(load_index().masked)


@pytest.mark.parametrize("text", _texts())
def test_scanner_finds_what_the_window_lookups_find_in_their_order(text: str) -> None:
    masked = load_index().masked
    expected = list(_window_hits(text, masked))
    found = _scanner().hits(text)
    found.sort(key=lambda hit: (hit[0] // 4096, (hit[0] + hit[1]) % PHRASE_LENGTH, hit[0]))
    assert found == expected


def test_the_scanner_is_built_only_after_enough_text(monkeypatch: pytest.MonkeyPatch) -> None:
    masked = dict(load_index().masked)  # a fresh mapping: no scanner yet
    monkeypatch.setattr(near_miss, "BUILD_AFTER", 2 * len(SPEECH))
    first = _masked_hits(SPEECH, masked)
    assert id(masked) not in near_miss._SCANNERS
    assert _masked_hits(SPEECH, masked) == first  # now past the threshold: the scanner
    assert near_miss._SCANNERS[id(masked)].masked is masked
    assert first
