"""The near-miss index (W501): built once from data/lexicon, cached on disk, loaded in milliseconds.

What the detector looks up:

``pairs``
    every lexicon phrase with one character replaced by :data:`MASK`, indexed for the scan
    (:class:`PairTable`): by the two characters two apart that the substitution leaves intact,
    then by the one other intact character, to the characters that fill the gap.
``masked``
    the same keys as a dict (``"潜\\0默化" → "移"``), rebuilt from ``pairs`` on demand (tests, an
    organisation's phrases).  A character read several ways is followed by the index of its
    reading in the phrase (``"一\\0" + … → "行1"``: the second reading of 行).  A window of text
    one substitution away from a phrase is, with its odd character masked, a key of this dict.
``chars``
    each character's toneless readings in use and log2 weight (:class:`CharTable`).
``shapes``
    each character's visually confusable characters (data/lexicon/shapes.tsv).
``words``
    the word model (:class:`~speechlint.plugins.wording._word_model.WordModel`).

Building takes about half a second; the result is cached in ``$SPEECHLINT_CACHE_DIR`` or the
platform's user cache directory, under a name made of speechlint's version and a stamp of the
data files it was built from (their names, sizes and modification times), so an upgrade or an
edited data file builds a new one.  The cache file is a small marshalled header followed by the
word model's arrays, which are memory-mapped: a cold process reads only the pages its lookups
touch (copying the 1.8 MB into fresh memory cost ~4 ms of page faults, the 32,000 masked keys as
a marshalled dict ~6 ms).  A cache that cannot be written (read-only home, full disk) costs the
build on every run, nothing more.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from _codecs import utf_16_le_decode, utf_16_le_encode
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from speechlint import __version__
from speechlint.plugins.wording._word_model import WordModel, pack
from speechlint.plugins.wording.dictionary import builtin_entries, data_directory

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
    "PairTable",
    "cache_directory",
    "canonical_phrases",
    "is_han",
    "load_index",
]

CACHE_ENV = "SPEECHLINT_CACHE_DIR"
# Bump when the layout of the cache file changes.
FORMAT = 3
# Index files of one version and layout kept side by side: installs that take turns (an
# editor's, a pre-commit environment's, the command line's) each find their own.
KEEP = 4
MASK = "\x00"
PHRASE_LENGTH = 4
# What the cache holds (plain values only, for marshal): (FORMAT, PairTable.state(),
# CharTable.state(), shapes, (word keys, word log2 frequencies, corpus total, extra words)).
Built = tuple[
    int,
    tuple[dict[str, str], str, bytes],
    tuple[str, str, bytes],
    dict[str, str],
    tuple[bytes, bytes, int, dict[str, int]],
]
_FIELDS = 5
# log2 frequency given to canonical phrases jieba does not know (主体责任, 一岗双责): about
# that of a well-known idiom, so that the word model reads them as one word.
CANONICAL_LOG2 = 6
# Separates the entries of a pair's record (never in a phrase or a reading index).
_ITEM = "\x1f"
# One probe of a pair: (delta, probe offset, written offset, masked position, probe char →
# value).  The window starts ``delta`` characters before the pair's first character; offsets
# are from that character.  A pair's probes (Checks) are ordered by delta: those of one window
# are neighbours.
Probe = tuple[int, int, int, int, dict[str, str]]
Checks = tuple[Probe, ...]


def is_han(char: str) -> bool:
    """CJK Unified Ideographs and Extension A: what the lexicon and the word model hold."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


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


class PairTable:
    """The masked keys, indexed by the two intact characters two apart that every key keeps.

    A window ``w`` of four characters with ``w[q]`` masked keeps ``(w[0], w[2])`` intact when
    ``q`` is 1 or 3 and ``(w[1], w[3])`` when ``q`` is 0 or 2 (see near_miss._Scanner).  Each
    such pair has an id and a record listing, per masked position, the other intact character
    (the probe) and the key's value.  The pairs are held as ``firsts``: first character → the
    second characters, ids counting along them (a dict of 2,400 short strings loads in 0.6 ms,
    a dict of the 13,000 pairs in 3 ms).  Records are one string, parsed when a pair is first
    met: a cold process parses the few hundred pairs one speech holds, not 13,000.
    """

    __slots__ = ("_bases", "_offsets", "_records", "firsts", "parsed")

    def __init__(
        self, firsts: dict[str, str], records: str | memoryview, offsets: array[int]
    ) -> None:
        # ``records``: a string, or the string's UTF-16 in the memory-mapped cache file (decoded
        # record by record: a cold process decodes the few hundred it needs, not 117,000
        # characters).
        self.firsts = firsts
        self._bases: dict[str, int] | None = None
        self._records = records
        self._offsets = offsets
        # The records parsed so far, by id (read directly by the scan's inner loop).
        self.parsed: list[Checks | None] = [None] * (len(offsets) - 1)

    @property
    def bases(self) -> dict[str, int]:
        """First character → the id of its first pair."""
        if self._bases is None:
            lengths = accumulate(map(len, self.firsts.values()), initial=0)
            self._bases = dict(zip(self.firsts, lengths, strict=False))  # one length more
        return self._bases

    def pairs(self) -> list[str]:
        """Every pair, in id order."""
        return [first + second for first, seconds in self.firsts.items() for second in seconds]

    def pair_id(self, pair: str) -> int | None:
        """The id of ``pair`` (two characters), if it is one."""
        at = self.firsts.get(pair[0], "").find(pair[1])
        return None if at < 0 else self.bases[pair[0]] + at

    def checks(self, pair_id: int) -> Checks:
        """The probes of pair ``pair_id`` (parsed once)."""
        found = self.parsed[pair_id]
        if found is None:
            start, end = self._offsets[pair_id], self._offsets[pair_id + 1]
            records = self._records
            if isinstance(records, str):
                record = records[start:end]
            else:
                record = utf_16_le_decode(records[2 * start : 2 * end])[0]
            found = self.parsed[pair_id] = _parse(record)
        return found

    def knows(self, phrase: str) -> bool:
        """Whether ``phrase`` (four characters) is one of the phrases the keys come from."""
        pair_id = self.pair_id(phrase[1] + phrase[3])
        if pair_id is None:
            return False
        for _delta, _probe, _written, position, values in self.checks(pair_id):
            if position == 0:
                return phrase[0] in values.get(phrase[2], "")
        return False

    def masked(self) -> dict[str, str]:
        """The keys as ``masked`` key → value (see the module docstring)."""
        masked: dict[str, str] = {}
        for pair_id, pair in enumerate(self.pairs()):
            for delta, probe, _written, _position, values in self.checks(pair_id):
                for char, value in values.items():
                    window = [MASK] * PHRASE_LENGTH
                    window[delta], window[delta + 2] = pair[0], pair[1]
                    window[probe + delta] = char
                    masked["".join(window)] = value
        return masked

    @classmethod
    def from_masked(cls, masked: Mapping[str, str]) -> PairTable:
        """Index ``masked`` keys (four characters, one of them :data:`MASK`)."""
        items: dict[str, dict[str, list[str]]] = {}
        for key, value in masked.items():
            position = key.find(MASK)
            if len(key) != PHRASE_LENGTH or position < 0:
                continue
            if position in (1, 3):
                pair, probe = key[0] + key[2], key[4 - position]
            else:
                pair, probe = key[1] + key[3], key[2 - position]
            seconds = items.setdefault(pair[0], {})
            seconds.setdefault(pair[1], []).append(f"{position}{probe}{value}")
        offsets = array("I", [0])
        records = []
        for seconds in items.values():
            for entries in seconds.values():
                records.append(_ITEM.join(entries))
                offsets.append(offsets[-1] + len(records[-1]))
        firsts = {first: "".join(seconds) for first, seconds in items.items()}
        return cls(firsts, "".join(records), offsets)

    def state(self) -> tuple[dict[str, str], str, bytes]:
        """What the cache stores."""
        records = self._records
        text = records if isinstance(records, str) else utf_16_le_decode(records)[0]
        return self.firsts, text, self._offsets.tobytes()

    @classmethod
    def from_state(
        cls, firsts: dict[str, str], records: str | memoryview, offsets: bytes
    ) -> PairTable:
        """The inverse of :meth:`state`."""
        table = array("I")
        table.frombytes(offsets)
        return cls(firsts, records, table)


def _parse(record: str) -> Checks:
    """A pair's record as probes grouped by window start (see :class:`PairTable`)."""
    by_position: dict[int, dict[str, str]] = {}
    for item in record.split(_ITEM):
        by_position.setdefault(int(item[0]), {})[item[1]] = item[2:]
    probes: list[Probe] = []
    for position, values in by_position.items():
        # The pair is (w[0], w[2]) for positions 1 and 3 (the window starts at the pair), and
        # (w[1], w[3]) for 0 and 2 (it starts one character earlier).
        delta = 0 if position in (1, 3) else 1
        probe = (4 if delta == 0 else 2) - position
        probes.append((delta, probe - delta, position - delta, position, values))
    return tuple(sorted(probes, key=lambda item: item[:4]))


class LexiconIndex:
    """Everything the near-miss detector looks up (see the module docstring)."""

    __slots__ = ("_masked", "chars", "pairs", "shapes", "words")

    def __init__(
        self, pairs: PairTable, chars: CharTable, shapes: Mapping[str, str], words: WordModel
    ) -> None:
        self.pairs = pairs
        self.chars = chars
        self.shapes = shapes
        self.words = words
        self._masked: dict[str, str] | None = None

    @property
    def masked(self) -> Mapping[str, str]:
        """Masked key → the characters filling the gap (rebuilt from :attr:`pairs` once)."""
        if self._masked is None:
            self._masked = self.pairs.masked()
        return self._masked

    def with_phrases(self, phrases: Iterable[str]) -> LexiconIndex:
        """This index plus ``phrases`` (an organisation's own), built in memory."""
        extra = sorted(p for p in set(phrases) if usable(p) and not self.pairs.knows(p))
        if not extra:
            return self
        masked = dict(self.masked)
        for phrase in extra:
            _add_phrase(masked, phrase, [""] * PHRASE_LENGTH, self.chars, {})
        unknown = {p: CANONICAL_LOG2 for p in extra if p not in self.words}
        pairs = PairTable.from_masked(masked)
        return LexiconIndex(pairs, self.chars, self.shapes, self.words.with_extra(unknown))


def usable(phrase: str) -> bool:
    """Whether the detector can look for near misses of ``phrase`` (four Han characters)."""
    return len(phrase) == PHRASE_LENGTH and all(map(is_han, phrase))


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
    lexicon = data_directory() / "lexicon"
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
    pairs = PairTable.from_masked(masked).state()
    return (FORMAT, pairs, chars.state(), shapes, (keys.tobytes(), bytes(buckets), total, extra))


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
    _format, pairs, chars, shapes, (keys, buckets, total, extra) = data
    words = array("Q")
    words.frombytes(keys)
    model = WordModel(words, buckets, total, extra)
    return LexiconIndex(PairTable.from_state(*pairs), CharTable.from_state(*chars), shapes, model)


# -- the on-disk cache -----------------------------------------------------------------------


def cache_directory() -> Path:
    """``lexicon`` in ``$SPEECHLINT_CACHE_DIR`` or in the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override) / "lexicon"
    from speechlint._dirs import user_cache_dir  # XDG without importing platformdirs

    return user_cache_dir() / "lexicon"


def _data_files() -> list[Traversable]:
    data = data_directory()
    items = [*data.iterdir(), *(data / "lexicon").iterdir()]
    return sorted(
        (item for item in items if item.is_file() and item.name.endswith((".tsv", ".txt"))),
        key=lambda item: item.name,
    )


def fingerprint(kind: str = "") -> str:
    """speechlint's version, the layout, and a stamp of every data file the index uses.

    The stamp is each file's name, size and modification time: checksumming the 1.8 MB of data
    cost ~4 ms of every cold start.  (Data files inside a zip archive are checksummed.)  With
    ``kind`` (``"dictionaries-"``), the name of another cached product of the same files.
    """
    checksum = zlib.crc32(f"{__version__}/{FORMAT}/{marshal.version}".encode())
    for item in _data_files():
        if isinstance(item, Path):
            status = item.stat()
            stamp = f"{item.name}:{status.st_size}:{status.st_mtime_ns}".encode()
        else:
            content = item.read_bytes()
            stamp = f"{item.name}:{len(content)}:{zlib.crc32(content)}".encode()
        checksum = zlib.crc32(stamp, checksum)
    return f"{__version__}-{FORMAT}-{kind}{checksum:08x}"


@lru_cache(maxsize=1)
def load_index() -> LexiconIndex:
    """The built-in index: from the on-disk cache, else built (and cached)."""
    path = cache_directory() / f"{fingerprint()}.marshal"
    loaded = _load(path)
    if loaded is not None:
        return loaded
    built = _build()
    _store(path, _serialize(built))
    return _decode(built)


_DICTIONARIES = "dictionaries-"


def cached_rows(build: Callable[[], list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """The built-in dictionaries' entries as rows of strings (see dictionary.builtin_entries):
    from the cache directory, else ``build()`` (and cached).  Reading them took ~1.5 ms."""
    path = cache_directory() / f"{fingerprint(_DICTIONARIES)}.marshal"
    try:
        rows = marshal.loads(path.read_bytes())
        if isinstance(rows, list) and all(isinstance(row, tuple) for row in rows):
            return rows
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing or unreadable: build it
    rows = build()
    _store(path, marshal.dumps(rows))
    return rows


# The cache file: the header's length (8 bytes, little-endian), the marshalled header -- the
# Built tuple without the word arrays and the pairs' records, plus their sizes --, zeros up to a
# multiple of 8, then the word keys (8 bytes each, native order), their log2 frequencies (1 byte
# each) and the records in UTF-16 (little-endian).
_LENGTH = 8


def _serialize(built: Built) -> bytes:
    fmt, (firsts, records, offsets), chars, shapes, (keys, buckets, total, extra) = built
    wide = utf_16_le_encode(records)[0]
    if len(wide) != 2 * len(records):  # beyond the BMP: offsets would not be characters
        pairs, wide = (firsts, records, offsets), b""
    else:
        pairs = (firsts, "", offsets)
    sizes = (len(buckets), len(wide), total, extra)
    header = marshal.dumps((fmt, pairs, chars, shapes, sizes))
    size = len(header).to_bytes(_LENGTH, "little")
    padding = bytes(-(_LENGTH + len(header)) % 8)
    return b"".join((size, header, padding, keys, buckets, wide))


def _load(path: Path) -> LexiconIndex | None:
    """The index in ``path`` (memory-mapped), or ``None`` if missing, unreadable or stale."""
    import mmap

    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty
        return None
    try:
        return _from_mapping(mapped)
    except (EOFError, ValueError, TypeError, IndexError):
        return None  # stale or corrupt (the mapping is closed when no view holds it)


def _from_mapping(mapped: Any) -> LexiconIndex | None:
    view = memoryview(mapped)
    size = int.from_bytes(view[:_LENGTH], "little")
    header = marshal.loads(view[_LENGTH : _LENGTH + size])  # read in place, not copied
    if not (isinstance(header, tuple) and len(header) == _FIELDS and header[0] == FORMAT):
        return None
    _format, (firsts, records, offsets), chars, shapes, (count, wide, total, extra) = header
    start = (_LENGTH + size + 7) // 8 * 8
    if len(mapped) != start + 9 * count + wide:
        return None
    keys = view[start : start + 8 * count].cast("Q")
    buckets = view[start + 8 * count : start + 9 * count]
    pairs = PairTable.from_state(firsts, view[start + 9 * count :] if wide else records, offsets)
    model = WordModel(cast("Any", keys), buckets, total, extra)
    return LexiconIndex(pairs, CharTable.from_state(*chars), shapes, model)


def _store(path: Path, content: bytes) -> None:
    """Write atomically (parallel workers may race); a cache that cannot be written is skipped."""
    import tempfile  # only when building: ~3 ms of a cold start otherwise

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
    """Keep the :data:`KEEP` newest files of this version, layout and kind, ``kept`` among them.

    Files of the same version built from other data are other installs on this machine (the
    editor's language server, a pre-commit environment, the command line: each stamps its own
    data files) or a development checkout's edits.  Deleting them all would make installs that
    take turns rebuild the index each time (~1 s); keeping a few bounds the directory.  Another
    layout belongs to other code (a checkout of another branch) and is left alone.
    """
    prefix = f"{__version__}-{FORMAT}-"
    kind = _DICTIONARIES if kept.name.startswith(prefix + _DICTIONARIES) else ""
    others = []
    for other in kept.parent.glob(f"{prefix}*.marshal"):
        if other != kept and other.name.startswith(prefix + _DICTIONARIES) == bool(kind):
            with contextlib.suppress(OSError):
                others.append((other.stat().st_mtime_ns, other))
    others.sort(reverse=True)
    for _mtime, other in others[KEEP - 1 :]:
        try:
            other.unlink(missing_ok=True)
        except OSError:  # mapped by another process (Windows)
            continue
