"""The Aho–Corasick automaton behind the wording dictionaries (ahocorasick_rs).

One pass over a document finds every occurrence of every key, overlapping ones included, at a
cost that does not grow with the dictionary.  Why ahocorasick_rs (Rust, a DFA) rather than
pyahocorasick: pyahocorasick looks a character up among a trie node's children by linear search,
and a Chinese dictionary's root has hundreds of distinct first characters, so its cost grows
with the dictionary -- measured over the 40 published reports, 580 µs per 10,000 characters with
the 288 built-in keys and 4,900 µs with 5,288 keys, against 120–240 µs for ahocorasick_rs.

The text is searched as UTF-16 bytes: for a ``str`` the library maps byte offsets back to code
points through a table as long as the UTF-8 text (~60 % of its time on a speech), while in
UTF-16 a code point of the Basic Multilingual Plane is two bytes.  A document's paragraphs are
joined and searched in one call.  Measured per speech with the built-in keys: 0.089 ms for each
paragraph's ``str`` in turn, 0.033 ms for the joined paragraphs' UTF-16.  This module is the only
one that touches the library.

When the optional C module ``speechlint._speedups`` is built, its ``Literals`` does the search
instead: keys looked up by their first two characters behind a bitmap of first characters, a
fifth of the DFA's time on a speech in a run, with nothing to build as the run goes on (and the
library not imported).  tests/plugins/wording/test_dictionaries.py holds both to the same hits.
"""

from __future__ import annotations

import re
from _codecs import utf_16_be_encode
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING

from speechlint import _regex

if TYPE_CHECKING:
    import ahocorasick_rs

try:  # the search in C (optional: built when a compiler is at hand)
    from speechlint._speedups import Literals as _Literals
except ImportError:  # pragma: no cover - depends on the build
    _Literals = None  # type: ignore[assignment,misc]

__all__ = ["Automaton", "utf16"]

# A full DFA is the fastest to search; past this many keys its construction time and memory
# stop paying off and the library's default (a contiguous NFA) is used.
_DFA_LIMIT = 20_000
# A DFA takes longer to build (1.5 ms for the 289 built-in keys, against 0.35 ms) and searches a
# speech faster (0.033 ms against 0.062): it is built once a run has searched this many
# characters with the contiguous NFA, so a one-file run never pays for it.
DFA_AFTER = 200_000
# Joins a document's paragraphs: no key may contain it (else paragraphs are searched apart).
SEPARATOR = "\n"


@cache
def _lone_surrogate() -> re.Pattern[str]:
    # (re reads the escapes: a compiled module may hold no lone surrogate in a literal)
    return _regex.compile(r"[\ud800-\udfff]")


def utf16(text: str) -> bytes | None:
    """``text`` as UTF-16 (big-endian), two bytes per character; ``None`` if it cannot be.

    Characters beyond the Basic Multilingual Plane take four bytes, and a lone surrogate (an
    editor's half of a pair, sent through the language server) none at all: the offsets would
    no longer be code points.
    """
    try:
        # The codec function itself: str.encode("utf-16-be") first looks the codec up, which
        # imports encodings.utf_16_be (0.3 ms of a cold start).
        data = utf_16_be_encode(text)[0]
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 * len(text) else None


class Automaton:
    """Finds every occurrence of every key (overlapping ones included) in one pass."""

    def __init__(self, keys: Mapping[str, tuple[int, ...]]) -> None:
        self._keys = [key for key in keys if key]
        self._values = [keys[key] for key in self._keys]
        self._joinable = not any(SEPARATOR in key for key in self._keys)
        self._wide: ahocorasick_rs.BytesAhoCorasick | None = None
        self._wide_is_dfa = False
        self._searched = 0
        self._narrow: ahocorasick_rs.AhoCorasick | None = None
        self._native = _Literals(self._keys) if _Literals is not None else None

    def __bool__(self) -> bool:
        return bool(self._keys)

    def iter(self, text: str) -> Iterator[tuple[int, int, tuple[int, ...]]]:
        """Yield ``(start, end, values)`` for every key in ``text`` (code-point offsets)."""
        for _index, start, end, values in self.iter_many((text,)):
            yield start, end, values

    def iter_many(self, texts: Sequence[str]) -> Iterator[tuple[int, int, int, tuple[int, ...]]]:
        """Yield ``(text index, start, end, values)`` for every key in each of ``texts``."""
        if self._native is None:  # pragma: no cover - depends on the build
            return self._python_iter_many(texts)
        return self._native_iter_many(self._native, texts)

    def _native_iter_many(
        self, native: _Literals, texts: Sequence[str]
    ) -> Iterator[tuple[int, int, int, tuple[int, ...]]]:
        """:meth:`iter_many` by ``speechlint._speedups``: the joined texts searched at once."""
        if not self._keys:
            return
        values = self._values
        if not self._joinable:
            for index, text in enumerate(texts):
                for key, start, end in native.find(text):
                    yield index, start, end, values[key]
            return
        found = native.find(SEPARATOR.join(texts))
        if not found:
            return
        starts = [0, *accumulate(len(text) + 1 for text in texts)]
        index = 0
        for key, start, end in found:  # (in order of their starts)
            while start >= starts[index + 1]:
                index += 1
            offset = starts[index]
            yield index, start - offset, end - offset, values[key]

    def _python_iter_many(
        self, texts: Sequence[str]
    ) -> Iterator[tuple[int, int, int, tuple[int, ...]]]:
        """:meth:`iter_many` by ahocorasick_rs."""
        if not self._keys:
            return
        joined = SEPARATOR.join(texts) if self._joinable else None
        data = utf16(joined) if joined is not None else None
        if data is None:
            for index, text in enumerate(texts):
                for start, end, values in self._narrow_matches(text):
                    yield index, start, end, values
            return
        starts = [0, *accumulate(len(text) + 1 for text in texts)]
        found = self._wide_automaton(len(joined or "")).find_matches_as_indexes(
            data, overlapping=True
        )
        index = 0
        for key, start, end in found:
            if start & 1:
                continue  # straddles two characters
            start //= 2
            while start >= starts[index + 1]:
                index += 1
            while start < starts[index]:
                index -= 1
            offset = starts[index]
            yield index, start - offset, end // 2 - offset, self._values[key]

    def _wide_automaton(self, size: int) -> ahocorasick_rs.BytesAhoCorasick:
        import ahocorasick_rs

        self._searched += size
        if self._wide is None or (not self._wide_is_dfa and self._searched >= DFA_AFTER):
            dfa = self._searched >= DFA_AFTER and len(self._keys) <= _DFA_LIMIT
            implementation = (
                ahocorasick_rs.Implementation.DFA
                if dfa
                else ahocorasick_rs.Implementation.ContiguousNFA
            )
            patterns = [utf_16_be_encode(key, "surrogatepass")[0] for key in self._keys]
            self._wide = ahocorasick_rs.BytesAhoCorasick(patterns, implementation=implementation)
            self._wide_is_dfa = dfa or len(self._keys) > _DFA_LIMIT
        return self._wide

    def _narrow_matches(self, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
        """The matches in ``text`` searched as a ``str`` (any text, slower)."""
        if not text:
            return []
        if self._narrow is None:
            import ahocorasick_rs

            dfa = ahocorasick_rs.Implementation.DFA if len(self._keys) <= _DFA_LIMIT else None
            self._narrow = ahocorasick_rs.AhoCorasick(self._keys, implementation=dfa)
        try:
            found = self._narrow.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            # A lone surrogate cannot cross into Rust; U+FFFD takes its place, one code point
            # for one, so every offset stays the same, and no key contains either.
            searched = _lone_surrogate().sub("\ufffd", text)
            found = self._narrow.find_matches_as_indexes(searched, overlapping=True)
        return [(start, end, self._values[key]) for key, start, end in found]
