"""Wording dictionaries: the file format, loading, validation and matching (docs/dictionaries.md).

A dictionary is a UTF-8 TSV file.  Lines starting with ``#`` and blank lines are ignored; the
first other line is the header naming the columns (any order, any subset of :data:`COLUMNS`
that includes ``kind``, ``wrong``, ``source`` and ``example``).  Each further line is one entry:

========== ============================================================================
kind       ``confusion`` (W501) · ``term`` (W502) · ``quote`` (W503) · ``discouraged`` (W504)
           · ``pattern`` (W505) · ``allow`` (a legitimate word containing a wrong form)
wrong      the wrong form, the term, the expression -- or, for ``pattern``, a regex
right      the correct form (``confusion``, ``term``), a suggestion (``discouraged``), or a
           replacement template (``pattern``, optional)
source     where the entry comes from (required)
example    a sentence the entry fires on (required; tested automatically)
note       why (``discouraged``: the reason shown in the message)
before     regex that must match just before the hit, e.g. ``(?<!中央)``
after      regex that must match just after the hit, e.g. ``(?!思想)``
fix        ``safe`` · ``unsafe`` · ``display``
severity   ``error`` · ``warning`` · ``info`` (``pattern`` and ``discouraged``)
message    message in Chinese (required for ``pattern``); message_en in English
========== ============================================================================

All literal entries of all dictionaries go into one Aho–Corasick automaton, so one pass over a
paragraph finds every hit whatever the dictionary's size.  A hit covered by an ``allow`` word
(农村长远 covers 村长) or by an entry's own correct form is dropped.  Invalid files raise
:class:`~speechlint.errors.ConfigError` naming the file, the line and the problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from speechlint._namedtuple import NamedTuple
from speechlint.errors import ConfigError
from speechlint.plugins.wording._automaton import Automaton
from speechlint.plugins.wording._bounded import CONSTRAINT_TIMEOUT, BoundedPattern, PatternError

if TYPE_CHECKING:
    import sys

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = [
    "COLUMNS",
    "KINDS",
    "Dictionary",
    "Entry",
    "Hit",
    "builtin_entries",
    "data_directory",
    "entry_from_row",
    "example_problems",
    "extra_dictionary",
    "load_dictionaries",
    "load_dictionary",
    "parse_dictionary",
]

Kind = Literal["confusion", "term", "quote", "discouraged", "pattern", "allow"]
KINDS: tuple[Kind, ...] = ("confusion", "term", "quote", "discouraged", "pattern", "allow")
COLUMNS = (
    "kind",
    "wrong",
    "right",
    "source",
    "example",
    "note",
    "before",
    "after",
    "fix",
    "severity",
    "message",
    "message_en",
)
_REQUIRED = ("kind", "wrong", "source", "example")
_FIXES = {
    "confusion": ("safe", "unsafe"),
    "term": ("safe", "unsafe"),
    "pattern": ("safe", "unsafe", "display"),
}
_DEFAULT_FIX = {"confusion": "safe", "term": "unsafe", "pattern": "unsafe"}
_SEVERITIES = ("error", "warning", "info")
# How far back a ``before`` regex may look: enough for any lookbehind a term needs.
_BEFORE_WINDOW = 32
# Seconds a pattern may take on its own example (and on the empty string) when it is loaded.
_LOAD_TIMEOUT = 0.25


class Entry(NamedTuple):
    """One dictionary entry; ``origin`` is ``file:line`` for messages."""

    kind: Kind
    wrong: str
    right: str = ""
    source: str = ""
    example: str = ""
    note: str = ""
    before: BoundedPattern | None = None
    after: BoundedPattern | None = None
    fix: str = ""
    severity: str = ""
    message: str = ""
    message_en: str = ""
    pattern: BoundedPattern | None = None
    origin: str = ""

    def applies(self, text: str, start: int, end: int) -> bool:
        """Whether the ``before`` and ``after`` constraints hold for a hit at ``[start, end)``."""
        window = max(0, start - _BEFORE_WINDOW)
        if self.before is not None:
            found = self.before.search(text, window, start, timeout=CONSTRAINT_TIMEOUT)
            if found is None:
                return False
        return self.after is None or (
            self.after.match(text, end, timeout=CONSTRAINT_TIMEOUT) is not None
        )


class Hit(NamedTuple):
    """An entry found at ``text[start:end]``."""

    start: int
    end: int
    entry: Entry


class Dictionary:
    """Entries merged from several files (later files win) and their automaton."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        merged: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            merged[(entry.kind, entry.wrong)] = entry
        self.entries: tuple[Entry, ...] = tuple(merged.values())
        self.patterns = tuple(e for e in self.entries if e.kind == "pattern")
        self._literal = [e for e in self.entries if e.kind != "pattern"]
        self._literal.extend(_own_right_forms(self._literal))
        keys: dict[str, tuple[int, ...]] = {}
        for index, entry in enumerate(self._literal):
            keys[entry.wrong] = (*keys.get(entry.wrong, ()), index)
        self._automaton = Automaton(keys)

    def scan(self, text: str) -> list[Hit]:
        """Every literal hit in ``text``, constraints applied, allowed words and overlaps out."""
        return self.scan_many((text,))[0]

    def scan_many(self, texts: Sequence[str]) -> list[list[Hit]]:
        """:meth:`scan` of each of ``texts`` (a document's paragraphs), searched in one pass."""
        matches: dict[int, list[tuple[int, int, tuple[int, ...]]]] = {}
        for index, start, end, values in self._automaton.iter_many(texts):
            matches.setdefault(index, []).append((start, end, values))
        found: list[list[Hit]] = [[] for _text in texts]
        for index, unit_matches in matches.items():
            found[index] = self._hits(texts[index], unit_matches)
        return found

    def _hits(self, text: str, matches: list[tuple[int, int, tuple[int, ...]]]) -> list[Hit]:
        allowed: list[tuple[int, int]] = []
        found: list[Hit] = []
        for start, end, indices in matches:
            for index in indices:
                entry = self._literal[index]
                if entry.kind == "allow":
                    allowed.append((start, end))
                elif entry.applies(text, start, end):
                    found.append(Hit(start, end, entry))
        if allowed:
            found = [hit for hit in found if not _covered(hit, allowed)]
        return _leftmost_longest(found)


def _own_right_forms(entries: Sequence[Entry]) -> list[Entry]:
    """A correct form that contains its wrong form is a legitimate word: never a hit."""
    return [
        Entry("allow", entry.right, origin=entry.origin)
        for entry in entries
        if entry.kind in ("confusion", "term", "discouraged")
        and entry.wrong in entry.right
        and entry.wrong != entry.right
    ]


def _covered(hit: Hit, allowed: Sequence[tuple[int, int]]) -> bool:
    return any(start <= hit.start and hit.end <= end for start, end in allowed)


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    """Per kind, keep the leftmost-longest of overlapping hits (食不裹腹 over 裹腹)."""
    hits.sort(key=lambda hit: (hit.start, hit.start - hit.end))
    kept: list[Hit] = []
    reach: dict[str, int] = {}
    for hit in hits:
        if hit.start >= reach.get(hit.entry.kind, 0):
            kept.append(hit)
            reach[hit.entry.kind] = hit.end
    return kept


# -- parsing -------------------------------------------------------------------------------


def parse_dictionary(text: str, name: str, *, trusted: bool = False) -> tuple[Entry, ...]:
    """Parse dictionary ``text``; ``name`` (the file) appears in every error message.

    A ``trusted`` dictionary (a built-in one, which the test suite validates as any other) is
    not validated again, and its regular expressions are compiled when first searched: parsing
    the built-in dictionaries took ~2 ms of every cold start.
    """
    header: list[str] | None = None
    entries: list[Entry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = _header(cells, f"{name}:{number}")
        elif trusted:
            entries.append(
                _trusted_entry(dict(zip(header, cells, strict=False)), f"{name}:{number}")
            )
        else:
            entries.append(_entry(header, cells, f"{name}:{number}"))
    if header is None:
        raise ConfigError(f"{name}: no header line (expected columns {', '.join(_REQUIRED)})")
    return tuple(entries)


def _header(cells: list[str], where: str) -> list[str]:
    unknown = [cell for cell in cells if cell not in COLUMNS]
    if unknown:
        raise ConfigError(
            f"{where}: unknown column {unknown[0]!r} in the header "
            f"(expected tab-separated names from: {', '.join(COLUMNS)})"
        )
    missing = [column for column in _REQUIRED if column not in cells]
    if missing:
        raise ConfigError(f"{where}: the header lacks the column {missing[0]!r}")
    return cells


def _entry(header: list[str], cells: list[str], where: str) -> Entry:
    if len(cells) > len(header):
        raise ConfigError(
            f"{where}: {len(cells)} tab-separated cells, but the header names {len(header)}"
        )
    return entry_from_row(dict(zip(header, cells, strict=False)), where)


def _trusted_entry(row: dict[str, str], where: str) -> Entry:
    """The entry :func:`entry_from_row` makes of a valid ``row``, without checking it."""
    kind: Kind = row["kind"]  # type: ignore[assignment]
    before, after = row.get("before"), row.get("after")
    return Entry(
        kind,
        row["wrong"],
        row.get("right", ""),
        row.get("source", ""),
        row.get("example", ""),
        row.get("note", ""),
        _regex(before, where, _COLUMN_LABELS, "before", r"\Z", True) if before else None,
        _regex(after, where, _COLUMN_LABELS, "after", "", True) if after else None,
        row.get("fix", "") or _DEFAULT_FIX.get(kind, ""),
        row.get("severity", ""),
        row.get("message", ""),
        row.get("message_en", ""),
        _pattern(row, where, _COLUMN_LABELS) if kind == "pattern" else None,
        where,
    )


def entry_from_row(
    row: Mapping[str, str],
    where: str,
    required: Sequence[str] = _REQUIRED,
    labels: Mapping[str, str] | None = None,
) -> Entry:
    """Validate one entry given as ``column → value``.

    ``where`` names the entry in errors; ``labels`` renames columns in them (a configuration
    option calls the ``wrong`` column ``pattern``).
    """
    label = _Labels(labels) if labels else _COLUMN_LABELS
    for column in required:
        if not row.get(column):
            raise ConfigError(f"{where}: {label[column]} is empty (every entry needs it)")
    kind = row.get("kind", "")
    if kind not in KINDS:
        raise ConfigError(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    _check_kind(kind, row, where)
    return Entry(
        kind=kind,
        wrong=row["wrong"],
        right=row.get("right", ""),
        source=row.get("source", ""),
        example=row.get("example", ""),
        note=row.get("note", ""),
        before=_regex(row.get("before", ""), where, label, "before", r"\Z"),
        after=_regex(row.get("after", ""), where, label, "after"),
        fix=row.get("fix", "") or _DEFAULT_FIX.get(kind, ""),
        severity=row.get("severity", ""),
        message=row.get("message", ""),
        message_en=row.get("message_en", ""),
        pattern=_pattern(row, where, label) if kind == "pattern" else None,
        origin=where,
    )


class _Labels(dict[str, str]):
    """How errors name each column (``column 'wrong'``, or an option's own name), formatted
    only when asked: a dictionary row is parsed without formatting twelve labels."""

    def __init__(self, names: Mapping[str, str]) -> None:
        super().__init__()
        self._names = names

    def __missing__(self, column: str) -> str:
        name = self._names.get(column)
        return repr(name) if name is not None else f"column {column!r}"


_COLUMN_LABELS = _Labels({})


def _check_kind(kind: Kind, row: Mapping[str, str], where: str) -> None:
    if kind in ("confusion", "term") and not row.get("right"):
        raise ConfigError(f"{where}: a {kind!r} entry needs the correct form in 'right'")
    if kind in ("confusion", "term") and row["right"] == row["wrong"]:
        raise ConfigError(f"{where}: 'right' is the same as 'wrong' ({row['wrong']!r})")
    if kind == "discouraged" and not (row.get("note") or row.get("message")):
        raise ConfigError(f"{where}: a 'discouraged' entry needs a reason in 'note' or 'message'")
    if kind == "pattern" and not row.get("message"):
        raise ConfigError(f"{where}: a 'pattern' entry needs a message in 'message'")
    fix = row.get("fix", "")
    if fix and fix not in _FIXES.get(kind, ()):
        allowed = ", ".join(_FIXES.get(kind, ())) or "nothing (this kind has no fix)"
        raise ConfigError(f"{where}: fix {fix!r} is not valid for {kind!r} (expected {allowed})")
    severity = row.get("severity", "")
    if severity and severity not in _SEVERITIES:
        raise ConfigError(f"{where}: severity {severity!r} is not one of {', '.join(_SEVERITIES)}")


def _regex(
    source: str, where: str, labels: _Labels, column: str, suffix: str = "", lazy: bool = False
) -> BoundedPattern | None:
    if not source:
        return None
    label = labels[column]
    try:
        return BoundedPattern(source, where=where, label=label, suffix=suffix, lazy=lazy)
    except PatternError as exc:
        raise ConfigError(
            f"{where}: {label} is not a valid regular expression: {exc} "
            f"(in {source!r}; expected Python `re` syntax)"
        ) from exc


def _pattern(row: Mapping[str, str], where: str, label: _Labels) -> BoundedPattern:
    pattern = _regex(row["wrong"], where, label, "wrong")
    assert pattern is not None
    if pattern.fullmatch("", timeout=_LOAD_TIMEOUT):
        raise ConfigError(f"{where}: the pattern {row['wrong']!r} matches the empty string")
    replacement = row.get("right", "")
    match = pattern.search(row.get("example", ""), timeout=_LOAD_TIMEOUT)
    if replacement and match is not None:
        try:
            pattern.check_template(match, replacement)
        except PatternError as exc:
            raise ConfigError(
                f"{where}: {label['right']} ({replacement!r}) is not a valid replacement for "
                f"the pattern: {exc}"
            ) from exc
    return pattern


# -- loading -------------------------------------------------------------------------------


def load_dictionary(path: Path) -> tuple[Entry, ...]:
    """Read and parse one dictionary file."""
    try:
        text = path.read_text("utf-8-sig")  # spreadsheet exports often start with a BOM
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: dictionary file not found (listed in `dictionaries`)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the dictionary (expected UTF-8): {exc}") from exc
    return parse_dictionary(text, str(path))


def data_directory() -> Traversable:
    """``speechlint/plugins/wording/data``: a directory beside this module, else (a zipped
    install) the package's resource -- importlib.resources costs ~5 ms of a cold start."""
    here = Path(__file__).with_name("data")
    if here.is_dir():
        return here
    from importlib import resources

    return resources.files("speechlint.plugins.wording") / "data"


@lru_cache(maxsize=1)
def builtin_entries() -> tuple[Entry, ...]:
    """The entries of the dictionaries shipped in ``speechlint/plugins/wording/data``.

    Cached as rows of strings beside the near-miss index (keyed by the same file stamps): an
    entry is made from its row without parsing or checking the files again.
    """
    from speechlint.plugins.wording._lexicon_index import cached_rows  # it imports this module

    return tuple(_entry_of_row(row) for row in cached_rows(_builtin_rows))


# The fields of an entry as a cached row; its patterns as their sources.
_ROW = (
    "kind", "wrong", "right", "source", "example", "note", "before", "after", "fix", "severity",
    "message", "message_en", "pattern", "origin",
)  # fmt: skip


def _builtin_rows() -> list[tuple[str, ...]]:
    data = data_directory()
    rows: list[tuple[str, ...]] = []
    for item in sorted(data.iterdir(), key=lambda item: item.name):
        if item.name.endswith(".tsv"):
            entries = parse_dictionary(item.read_text("utf-8"), f"data/{item.name}", trusted=True)
            rows.extend(_row_of_entry(entry) for entry in entries)
    return rows


def _row_of_entry(entry: Entry) -> tuple[str, ...]:
    values = (getattr(entry, field) for field in _ROW)
    return tuple(
        value.source if isinstance(value, BoundedPattern) else value or "" for value in values
    )


def _entry_of_row(row: tuple[str, ...]) -> Entry:
    """The inverse of :func:`_row_of_entry` (patterns compiled when first searched)."""
    (kind, wrong, right, source, example, note, before, after, fix, severity, message,
     message_en, pattern, origin) = row  # fmt: skip
    return Entry(
        kind,  # type: ignore[arg-type]
        wrong,
        right,
        source,
        example,
        note,
        _regex(before, origin, _COLUMN_LABELS, "before", r"\Z", True),
        _regex(after, origin, _COLUMN_LABELS, "after", "", True),
        fix,
        severity,
        message,
        message_en,
        _regex(pattern, origin, _COLUMN_LABELS, "wrong", "", True),
        origin,
    )


def load_dictionaries(paths: Iterable[Path] = ()) -> Dictionary:
    """The built-in dictionaries plus ``paths`` (later ones win), cached per process.

    The cache key holds each file's modification time and size, so an edited dictionary is
    reloaded (the language server runs for hours) while unchanged ones are parsed once.
    """
    return _dictionary(tuple(_stamp(Path(path)) for path in paths))


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        status = os.stat(path)
    except OSError as exc:
        raise ConfigError(f"{path}: dictionary file not found (listed in `dictionaries`)") from exc
    return str(path), status.st_mtime_ns, status.st_size


@lru_cache(maxsize=16)
def _dictionary(stamps: tuple[tuple[str, int, int], ...]) -> Dictionary:
    entries = list(builtin_entries())
    for path, _mtime, _size in stamps:
        entries.extend(load_dictionary(Path(path)))
    return Dictionary(entries)


@lru_cache(maxsize=32)
def extra_dictionary(kind: Kind, words: tuple[str, ...], source: str) -> Dictionary:
    """A small dictionary of ``words`` of one kind (rule options such as ``extend``)."""
    return Dictionary(Entry(kind, word, source=source, example=word) for word in words)


# -- examples ------------------------------------------------------------------------------


def example_problems(dictionary: Dictionary, origin: str = "") -> list[str]:
    """Entries whose example does not behave: a hit must fire on it, an allow word must not.

    ``origin`` limits the check to the entries of one file (an organisation's allow words may
    switch off built-in pairs on purpose).  Only the dictionary's own matching is checked here
    (constraints, allow words, overlaps); the rule tests also run the examples through the
    engine.
    """
    problems = []
    for entry in dictionary.entries:
        if not entry.origin.startswith(origin):
            continue
        problem = _example_problem(dictionary, entry)
        if problem:
            problems.append(f"{entry.origin}: {entry.wrong!r}: {problem}")
    return problems


def _example_problem(dictionary: Dictionary, entry: Entry) -> str:
    if entry.kind == "pattern":
        assert entry.pattern is not None
        found = entry.pattern.search(entry.example, timeout=_LOAD_TIMEOUT)
        return "" if found else "the pattern does not match"
    where = entry.example.find(entry.wrong)
    if where == -1:
        return f"the example {entry.example!r} does not contain it"
    hits = dictionary.scan(entry.example)
    if entry.kind == "allow":
        inside = [h for h in hits if where <= h.start and h.end <= where + len(entry.wrong)]
        return f"{inside[0].entry.wrong!r} still fires inside it" if inside else ""
    if any(hit.entry == entry for hit in hits):
        return ""
    return f"does not fire on its example {entry.example!r}"
