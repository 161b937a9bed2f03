"""Build the near-miss lexicon data (W501) from jieba's dictionary and pypinyin -- run by hand.

The near-miss detector (plugins/wording/near_miss.py, docs/near-miss.md) needs four data files
in plugins/wording/data/lexicon/.  This script extracts them at development time, so that
neither jieba nor pypinyin is a runtime dependency of speechlint:

``phrases.tsv``
    jieba's four-character idioms (tag ``i``) and set phrases (tag ``l``) attested in its
    corpus (frequency above jieba's default of 3), with the reading of each character *in the
    phrase* (pypinyin's phrase dictionary resolves 多音字: 一行 → xing/hang).
``words.txt``
    jieba's general word list for the literal-reading test: every single character, the words
    of two to four characters attested (frequency above 3), and the unattested four-character
    words one substitution away from a lexicon phrase (see :func:`general_words`), each with
    its frequency rounded to a power of two (the word model needs no more precision).
``chars.tsv``
    for each character of GB 2312 and of the word list: its toneless readings as found in
    attested words (pypinyin), and how common it is (log2 of the summed frequency of the words
    containing it).  Readings only met in rare words (居 as jī) are left out: an input method
    offers a character under the readings people use.

``shapes.tsv`` (visually confusable characters) is curated by hand, not built here.

Usage (a one-off in a scratch virtual environment; nothing is installed into speechlint's)::

    pip download jieba==0.42.1 --no-deps -d /tmp/jieba
    pip install --target /tmp/devdeps "pypinyin==0.55.0"
    PYTHONPATH=/tmp/devdeps python tools/build_lexicon.py /tmp/jieba/jieba-0.42.1.tar.gz

The output is deterministic for a given jieba and pypinyin version (sorted, no timestamps).
jieba is MIT-licensed (Copyright (c) 2013 Sun Junyi); pypinyin is MIT-licensed (Copyright (c)
2016 mozillazg, 闲耘); the notices are repeated in the header of each generated file and in
data/lexicon/README.md.
"""

from __future__ import annotations

import argparse
import math
import re
import tarfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "plugins" / "wording" / "data" / "lexicon"
Pinyin = Callable[[str], list[str]]
JIEBA_MEMBER = re.compile(r"^jieba-[0-9.]+/jieba/dict\.txt$")
# CJK Unified Ideographs and Extension A, BMP only: the index packs characters in 16 bits.
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")
# jieba gives 3 to entries it never observed in its corpus: "attested" means more than that.
ATTESTED = 4
# The word model reads words of up to four characters.
MAX_WORD = 4
# Words at least this frequent decide which readings of a character are in use.
READING_EVIDENCE = 50
WRAP = 96

JIEBA_NOTICE = """\
# Derived from jieba 0.42.1, jieba/dict.txt (https://github.com/fxsjy/jieba), MIT License:
#   Copyright (c) 2013 Sun Junyi
#   Permission is hereby granted, free of charge, to any person obtaining a copy of this software
#   and associated documentation files (the "Software"), to deal in the Software without
#   restriction, including without limitation the rights to use, copy, modify, merge, publish,
#   distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
#   Software is furnished to do so, subject to the following conditions: The above copyright
#   notice and this permission notice shall be included in all copies or substantial portions of
#   the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND (full text of
#   the licence and its disclaimer: data/lexicon/README.md).
"""
PYPINYIN_NOTICE = """\
# Readings from pypinyin {version} (https://github.com/mozillazg/python-pinyin), MIT License:
#   Copyright (c) 2016 mozillazg, 闲耘 <hotoo.cn@gmail.com> (same permission notice as above).
"""


def read_jieba(sdist: Path) -> dict[str, tuple[int, str]]:
    """``word → (frequency, tag)`` from the dict.txt inside jieba's source distribution."""
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if JIEBA_MEMBER.match(m.name))
        handle = archive.extractfile(member)
        assert handle is not None
        text = handle.read().decode("utf-8")
    words: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        word, frequency, tag = line.split(" ")
        if HAN.match(word):
            words[word] = (int(frequency), tag)
    return words


def gb2312_hanzi() -> list[str]:
    """The 6,763 characters of GB 2312 (rows 16-87), in code order."""
    found = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the five unassigned cells at the end of row 55
    return found


def phrases(words: dict[str, tuple[int, str]]) -> list[tuple[str, int, str]]:
    """Attested four-character idioms and set phrases."""
    return sorted(
        (word, frequency, tag)
        for word, (frequency, tag) in words.items()
        if tag in ("i", "l") and len(word) == 4 and frequency >= ATTESTED
    )


def general_words(words: dict[str, tuple[int, str]], phrases: Iterable[str]) -> dict[str, int]:
    """The word model's vocabulary: ``word → log2 frequency`` (rounded).

    Every single character and every attested word of two to four characters -- and the
    unattested four-character words one substitution away from a lexicon phrase: jieba lists
    rare legitimate variants (不孚众望, 墨守陈规) exactly like common misspellings (再接再励),
    so "not a known word" must not be decided by frequency; the curated pairs name the
    misspellings.  Other unattested words barely move a segmentation's score.
    """
    near = {masked(p, i) for p in phrases for i in range(MAX_WORD)}
    kept = {}
    for word, (frequency, _tag) in words.items():
        if len(word) > MAX_WORD:
            continue
        attested = len(word) == 1 or frequency >= ATTESTED
        if attested or (len(word) == MAX_WORD and _near(word, near)):
            kept[word] = round(math.log2(frequency))
    return kept


def masked(word: str, position: int) -> str:
    """``word`` with the character at ``position`` replaced by a wildcard."""
    return word[:position] + "?" + word[position + 1 :]


def _near(word: str, keys: set[str]) -> bool:
    return any(masked(word, i) in keys for i in range(len(word)))


def dictionary_phrases(data: Path) -> list[str]:
    """Four-character correct forms of the built-in W501–W503 dictionaries (data/*.tsv)."""
    found = []
    for path in sorted(data.glob("*.tsv")):
        lines = [line for line in path.read_text("utf-8").splitlines() if line[:1] != "#"]
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, line.split("\t"), strict=False))
            phrase = row.get("wrong", "") if row.get("kind") == "quote" else row.get("right", "")
            if row.get("kind") in ("confusion", "term", "quote") and len(phrase) == MAX_WORD:
                found.append(phrase)
    return found


def char_table(
    words: dict[str, tuple[int, str]], lazy_pinyin: Pinyin, characters: Iterable[str]
) -> dict[str, tuple[list[str], int]]:
    """``character → (readings in use, log2 weight)``."""
    readings: dict[str, set[str]] = defaultdict(set)
    weight: dict[str, int] = defaultdict(int)
    for word, (frequency, _tag) in words.items():
        for char in set(word):
            weight[char] += frequency
        if frequency >= READING_EVIDENCE:
            for char, reading in zip(word, lazy_pinyin(word), strict=True):
                readings[char].add(reading)
    table = {}
    for char in sorted(set(characters)):
        own = lazy_pinyin(char)[0]
        found = sorted(readings[char] | {own})
        table[char] = ([r for r in found if r.isalpha()], round(math.log2(weight[char] or 1)))
    return table


def wrapped(words: list[str]) -> Iterator[str]:
    """Space-separated words in lines of about ``WRAP`` characters."""
    line: list[str] = []
    width = 0
    for word in words:
        if line and width + len(word) + 1 > WRAP:
            yield " ".join(line)
            line, width = [], 0
        line.append(word)
        width += len(word) + 1
    if line:
        yield " ".join(line)


def write_phrases(path: Path, rows: list[tuple[str, int, str]], lazy_pinyin: Pinyin) -> None:
    lines = [
        "# Near-miss lexicon (W501): attested four-character idioms (i) and set phrases (l).",
        "# Built by tools/build_lexicon.py -- do not edit; see data/lexicon/README.md.",
        JIEBA_NOTICE.rstrip("\n"),
        "phrase\tfrequency\ttag\tpinyin",
    ]
    for phrase, frequency, tag in rows:
        reading = " ".join(lazy_pinyin(phrase))
        lines.append(f"{phrase}\t{frequency}\t{tag}\t{reading}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_words(path: Path, words: dict[str, int], total: int) -> None:
    by_bucket: dict[int, list[str]] = defaultdict(list)
    for word, bucket in words.items():
        by_bucket[bucket].append(word)
    lines = [
        "# Near-miss word model (W501): jieba's words, grouped by log2 of their frequency.",
        "# Built by tools/build_lexicon.py -- do not edit; see data/lexicon/README.md.",
        "# Each line: <log2 frequency> TAB <space-separated words>.",
        JIEBA_NOTICE.rstrip("\n"),
        f"total\t{total}",
    ]
    for bucket in sorted(by_bucket):
        lines.extend(f"{bucket}\t{line}" for line in wrapped(sorted(by_bucket[bucket])))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_chars(path: Path, table: dict[str, tuple[list[str], int]], version: str) -> None:
    lines = [
        "# Near-miss characters (W501): toneless readings in use and log2 weight (how common).",
        "# Built by tools/build_lexicon.py -- do not edit; see data/lexicon/README.md.",
        JIEBA_NOTICE.rstrip("\n"),
        PYPINYIN_NOTICE.format(version=version).rstrip("\n"),
        "char\treadings\tweight",
    ]
    for char, (readings, weight) in table.items():
        lines.append(f"{char}\t{','.join(readings)}\t{weight}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sdist", type=Path, help="jieba-0.42.1.tar.gz from `pip download`")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output directory ({OUT})")
    args = parser.parse_args()
    try:
        import pypinyin
        from pypinyin import lazy_pinyin
    except ImportError as exc:  # a development-time tool: say how to get it
        raise SystemExit("pypinyin is needed: pip install --target /tmp/devdeps pypinyin") from exc
    words = read_jieba(args.sdist)
    total = sum(frequency for frequency, _tag in words.values())
    args.out.mkdir(parents=True, exist_ok=True)
    rows = phrases(words)
    lexicon = [row[0] for row in rows] + dictionary_phrases(OUT.parent)
    vocabulary = general_words(words, lexicon)
    write_phrases(args.out / "phrases.tsv", rows, lazy_pinyin)
    write_words(args.out / "words.txt", vocabulary, total)
    characters = set(gb2312_hanzi()) | {c for word in vocabulary for c in word}
    table = char_table(words, lazy_pinyin, characters)
    write_chars(args.out / "chars.tsv", table, pypinyin.__version__)
    print(f"{len(rows)} phrases, {len(vocabulary)} words, {len(table)} characters → {args.out}")


if __name__ == "__main__":
    main()
