"""The near-miss index (W501): built once from data/lexicon, cached on disk, loaded in milliseconds.

What the detector looks up:

``masked``
    every lexicon phrase with one character replaced by :data:`MASK` → the characters that
    fill the gap (``"潜\\0默化" → "移"``).  A character read several ways is followed by the
    index of its reading in the phrase (``"一\\0" + … → "行1"``: the second reading of 行).
    A window of text one substitution away from a phrase is, with its odd character masked,
    a key of this dict.
``chars``
    each character's toneless readings in use and log2 weight (:class:`CharTable`).
``shapes``
    each character's visually confusable characters (data/lexicon/shapes.tsv).
``words``
    the word model (:class:`~speechlint.plugins.wording._word_model.WordModel`).

Building takes about half a second; the result is marshalled into ``$SPEECHLINT_CACHE_DIR`` or
the platform's user cache directory, under a name made of speechlint's version and a checksum
of the data files it was built from, so an upgrade or an edited data file builds a new one.
Loading it is dominated by re-creating the 32,000 keys of ``masked`` (the values are shared
strings, and everything else is flat: strings, bytes, arrays).  A cache that cannot be written
(read-only home, full disk) costs the build on every run, nothing more.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import tempfile
import zlib
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, cast

from speechlint import __version__
from speechlint.plugins.wording._word_model import WordModel, pack
from speechlint.plugins.wording.dictionary import builtin_entries

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = [
    "CACHE_ENV",
    "MASK",
    "PHRASE_LENGTH",
    "CharTable",
    "LexiconIndex",
    "cache_directory",
    "canonical_phrases",
    "load_index",
]

CACHE_ENV = "SPEECHLINT_CACHE_DIR"
# Bump when the layout of the cached tuple changes.
FORMAT = 2
MASK = "\x00"
PHRASE_LENGTH = 4
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# What the cache holds: (FORMAT, masked, CharTable.state(), shapes, (word keys, word log2
# frequencies, corpus total, extra words)) -- plain values only, for marshal.
Built = tuple[
    int,
    dict[str, str],
    tuple[str, str, bytes],
    dict[str, str],
    tuple[bytes, bytes, int, dict[str, int]],
]
_FIELDS = 5
# log2 frequency given to canonical phrases jieba does not know (主体责任, 一岗双责): about
# that of a well-known idiom, so that the word model reads them as one word.
CANONICAL_LOG2 = 6


class CharTable:
    """Readings and weights of characters, held flat: a sorted string and one record string."""

    def __init__(self, keys: str, records: str, offsets: array[int]) -> None:
        self._keys = keys
        self._records = records
        self._offsets = offsets

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, int]]) -> CharTable:
        """From ``(character, comma-separated readings, log2 weight)`` rows."""
        ordered = sorted(rows)
        offsets = array("I", [0])
        records = []
        for _char, readings, weight in ordered:
            records.append(f"{readings} {weight}")
            offsets.append(offsets[-1] + len(records[-1]))
        return cls("".join(r[0] for r in ordered), "".join(records), offsets)

    def _record(self, char: str) -> str:
        index = bisect_left(self._keys, char)
        if index == len(self._keys) or self._keys[index] != char:
            return ""
        return self._records[self._offsets[index] : self._offsets[index + 1]]

    def readings(self, char: str) -> tuple[str, ...]:
        """The character's toneless readings in use (empty if unknown)."""
        record = self._record(char)
        readings = record.partition(" ")[0]
        return tuple(readings.split(",")) if readings else ()

    def weight(self, char: str) -> int:
        """log2 of how common the character is (0 if unknown)."""
        record = self._record(char)
        return int(record.rpartition(" ")[2]) if record else 0

    def state(self) -> tuple[str, str, bytes]:
        """What the cache stores."""
        return self._keys, self._records, self._offsets.tobytes()

    @classmethod
    def from_state(cls, keys: str, records: str, offsets: bytes) -> CharTable:
        """The inverse of :meth:`state`."""
        table = array("I")
        table.frombytes(offsets)
        return cls(keys, records, table)


@dataclass(frozen=True)
class LexiconIndex:
    """Everything the near-miss detector looks up (see the module docstring)."""

    masked: Mapping[str, str]
    chars: CharTable
    shapes: Mapping[str, str]
    words: WordModel

    def with_phrases(self, phrases: Iterable[str]) -> LexiconIndex:
        """This index plus ``phrases`` (an organisation's own), built in memory."""
        extra = sorted(p for p in set(phrases) if usable(p) and not _known(self.masked, p))
        if not extra:
            return self
        masked = dict(self.masked)
        for phrase in extra:
            _add_phrase(masked, phrase, [""] * PHRASE_LENGTH, self.chars, {})
        unknown = {p: CANONICAL_LOG2 for p in extra if p not in self.words}
        return LexiconIndex(masked, self.chars, self.shapes, self.words.with_extra(unknown))


def usable(phrase: str) -> bool:
    """Whether the detector can look for near misses of ``phrase`` (four Han characters)."""
    return len(phrase) == PHRASE_LENGTH and HAN.fullmatch(phrase) is not None


def _known(masked: Mapping[str, str], phrase: str) -> bool:
    return phrase[0] in masked.get(MASK + phrase[1:], "")


def _add_phrase(
    masked: dict[str, str],
    phrase: str,
    readings: list[str],
    chars: CharTable,
    shared: dict[str, str],
) -> None:
    """Add the masked keys of ``phrase`` (its characters read ``readings`` in it)."""
    for position, char in enumerate(phrase):
        key = phrase[:position] + MASK + phrase[position + 1 :]
        entry = char + _reading_index(chars.readings(char), readings[position])
        if entry in masked.get(key, ""):
            continue
        value = masked.get(key, "") + entry
        # Equal values are one object, so marshal writes each once and loading is faster.
        masked[key] = shared.setdefault(value, value)


def _reading_index(readings: tuple[str, ...], reading: str) -> str:
    """The index of ``reading`` among a heteronym's readings ("" if it has one, or unknown)."""
    if len(readings) > 1 and reading in readings:
        return str(readings.index(reading))
    return ""


# -- the data files --------------------------------------------------------------------------


def _data() -> Traversable:
    return resources.files("speechlint.plugins.wording") / "data"


def _lines(item: Traversable) -> Iterator[list[str]]:
    """Tab-separated cells of the non-comment lines of a data file."""
    for line in item.read_text("utf-8").splitlines():
        if line and line[0] != "#":
            yield line.split("\t")


def _rows(item: Traversable) -> Iterator[list[str]]:
    """Like :func:`_lines`, without the header line."""
    lines = _lines(item)
    next(lines, None)
    return lines


def canonical_phrases() -> list[str]:
    """Correct forms in the built-in dictionaries (curated pairs, political terms, formulas)."""
    found = set()
    for entry in builtin_entries():
        if entry.kind in ("confusion", "term") and usable(entry.right):
            found.add(entry.right)
        elif entry.kind == "quote" and usable(entry.wrong):
            found.add(entry.wrong)
    return sorted(found)


def _build() -> Built:
    lexicon = _data() / "lexicon"
    chars = CharTable.from_rows((c, r, int(w)) for c, r, w in _rows(lexicon / "chars.tsv"))
    masked: dict[str, str] = {}
    shared: dict[str, str] = {}
    known = set()
    for phrase, _frequency, _tag, reading in _rows(lexicon / "phrases.tsv"):
        _add_phrase(masked, phrase, reading.split(" "), chars, shared)
        known.add(phrase)
    keys, buckets, total = _words(lexicon / "words.txt")
    extra: dict[str, int] = {}
    for phrase in canonical_phrases():
        if phrase not in known:
            _add_phrase(masked, phrase, [""] * PHRASE_LENGTH, chars, shared)
            if _find(keys, pack(phrase)) is None:
                extra[phrase] = CANONICAL_LOG2
    shapes = _shapes(lexicon / "shapes.tsv")
    return (FORMAT, masked, chars.state(), shapes, (keys.tobytes(), bytes(buckets), total, extra))


def _words(item: Traversable) -> tuple[array[int], bytearray, int]:
    total = 0
    packed: dict[int, int] = {}
    for cells in _lines(item):
        if cells[0] == "total":
            total = int(cells[1])
            continue
        bucket = int(cells[0])
        for word in cells[1].split(" "):
            key = pack(word)
            if key:
                packed[key] = max(bucket, packed.get(key, 0))
    ordered = sorted(packed)
    return array("Q", ordered), bytearray(packed[k] for k in ordered), total


def _find(keys: array[int], key: int) -> int | None:
    index = bisect_left(keys, key)
    return index if key and index < len(keys) and keys[index] == key else None


def _shapes(item: Traversable) -> dict[str, str]:
    similar: dict[str, set[str]] = defaultdict(set)
    for cells in _rows(item):
        group = cells[0].split(" ")
        for char in group:
            similar[char].update(c for c in group if c != char)
    return {char: "".join(sorted(others)) for char, others in sorted(similar.items())}


def _decode(data: Built) -> LexiconIndex:
    _format, masked, chars, shapes, (keys, buckets, total, extra) = data
    words = array("Q")
    words.frombytes(keys)
    model = WordModel(words, buckets, total, extra)
    return LexiconIndex(masked, CharTable.from_state(*chars), shapes, model)


# -- the on-disk cache -----------------------------------------------------------------------


def cache_directory() -> Path:
    """``lexicon`` in ``$SPEECHLINT_CACHE_DIR`` or in the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override) / "lexicon"
    from speechlint._cache import user_cache_dir  # XDG without importing platformdirs

    return user_cache_dir() / "lexicon"


def _data_files() -> list[Traversable]:
    data = _data()
    items = [*data.iterdir(), *(data / "lexicon").iterdir()]
    return sorted(
        (item for item in items if item.is_file() and item.name.endswith((".tsv", ".txt"))),
        key=lambda item: item.name,
    )


def fingerprint() -> str:
    """speechlint's version, the layout, and a checksum of every data file the index uses."""
    checksum = zlib.crc32(f"{__version__}/{FORMAT}/{marshal.version}".encode())
    for item in _data_files():
        content = item.read_bytes()
        checksum = zlib.crc32(f"{item.name}:{len(content)}".encode(), checksum)
        checksum = zlib.crc32(content, checksum)
    return f"{__version__}-{FORMAT}-{checksum:08x}"


@lru_cache(maxsize=1)
def load_index() -> LexiconIndex:
    """The built-in index: from the on-disk cache, else built (and cached)."""
    path = cache_directory() / f"{fingerprint()}.marshal"
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, tuple) and len(data) == _FIELDS and data[0] == FORMAT:
            return _decode(cast(Built, data))
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing or unreadable: build it
    built = _build()
    _store(path, marshal.dumps(built))
    return _decode(built)


def _store(path: Path, content: bytes) -> None:
    """Write atomically (parallel workers may race); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(name, path)
    except OSError:
        return
    _prune(path)


def _prune(kept: Path) -> None:
    """Remove indexes of this version built from other data (a development checkout's edits)."""
    prefix = f"{__version__}-"
    for other in kept.parent.glob(f"{prefix}*.marshal"):
        if other != kept:
            other.unlink(missing_ok=True)
