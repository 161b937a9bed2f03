"""The result cache: a file's diagnostics, stored under a key of everything that decides them.

The key is a BLAKE2b digest of the file's bytes and absolute path (``per-file-ignores`` depend
on it), a fingerprint of the :class:`Settings` that apply (with the size and modification time
of the dictionaries and the form schema file they name), and a fingerprint of the run:
speechlint's version, the size and modification time of its own installed files (so that a
development checkout whose version never changes still invalidates), the plugins with their
distribution versions, and the form and dictionary files the plugins contribute.  A hit skips
parsing and every rule: the run only reads, hashes and decodes the file.

Entries live in ``$SPEECHLINT_CACHE_DIR`` or the platform's user cache directory
(``platformdirs.user_cache_dir("speechlint")``), one small JSON file per key, written atomically;
an unreadable or malformed entry counts as a miss.  Plugins passed in as objects (embedding,
tests) have no version to key on, so a run with such plugins does not use the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from speechlint import __version__
from speechlint._dirs import CACHE_ENV, cache_root, user_cache_dir
from speechlint._pluginmanager import BUILTIN_PACKS, Registry
from speechlint.diagnostics import SEVERITY_RANK, Diagnostic, Fix, Range, TextEdit
from speechlint.settings import Settings

__all__ = [
    "CACHE_ENV",
    "ResultCache",
    "Row",
    "cache_root",
    "clean",
    "decode_rows",
    "encode_rows",
    "unversioned_plugins",
    "user_cache_dir",
]

# Bump when the layout of an entry changes: old entries are then simply never looked up.
ENTRIES = "results-v1"
TAG_NAME = "CACHEDIR.TAG"
# https://bford.info/cachedir/ -- backup tools skip directories holding this file.
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# A result cache created by speechlint.\n"

# One diagnostic without its path: code, rule, severity, message, start, end, fix
# (fix: description, applicability, [[start, end, new text], …]).
Row = list[Any]


# -- serialising diagnostics ----------------------------------------------------------------


def _fix_row(fix: Fix | None) -> list[Any] | None:
    if fix is None:
        return None
    edits = [[edit.range.start, edit.range.end, edit.new_text] for edit in fix.edits]
    description = fix.description if isinstance(fix.description, str) else dict(fix.description)
    return [description, fix.applicability, edits]


def encode_rows(diagnostics: Iterable[Diagnostic]) -> list[Row]:
    """Diagnostics as plain JSON values (also what worker processes send back)."""
    return [
        [d.code, d.rule, d.severity, d.message, d.range.start, d.range.end, _fix_row(d.fix)]
        for d in diagnostics
    ]


def _fix(row: list[Any] | None) -> Fix | None:
    if row is None:
        return None
    description, applicability, edits = row
    changes = tuple(TextEdit(Range(start, end), text) for start, end, text in edits)
    return Fix(description, changes, applicability)


def decode_rows(path: str, rows: Sequence[Row]) -> list[Diagnostic]:
    """The diagnostics of :func:`encode_rows`, reported under ``path``."""
    return [
        Diagnostic(path, code, rule, severity, message, Range(start, end), _fix(fix))
        for code, rule, severity, message, start, end, fix in rows
    ]


# -- fingerprints ---------------------------------------------------------------------------


def _stat(path: Path | str) -> list[int]:
    try:
        found = os.stat(path)
    except OSError:
        return [-1, -1]
    return [found.st_size, found.st_mtime_ns]


def _installed_files() -> list[list[Any]]:
    """Size and mtime of every file of the installed package (plugins and schemas included)."""
    package = os.path.dirname(os.path.abspath(__file__))
    found: list[list[Any]] = []
    for directory, subdirs, files in os.walk(package, followlinks=True):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        relative = os.path.relpath(directory, package)
        found.extend([relative, name, *_stat(os.path.join(directory, name))] for name in files)
    return sorted(found)


def unversioned_plugins(registry: Registry) -> list[str]:
    """Plugins that are neither built-in packs nor installed distributions' entry points."""
    others = [name for name in registry.plugins if name not in BUILTIN_PACKS]
    if not others:
        return []
    from speechlint._pluginmanager import installed_entry_points

    versioned = {point.name for point in installed_entry_points("speechlint") if point.dist_name}
    return [name for name in others if name not in versioned]


def run_fingerprint(registry: Registry) -> str:
    """What every result of a run depends on besides the file and its settings."""
    contributed = [
        sorted([name, str(path), *_stat(path)] for name, path in registry.forms.items()),
        [[str(path), *_stat(path)] for path in registry.dictionaries],
    ]
    parts = [
        __version__,
        _installed_files(),
        sorted(registry.plugins),
        sorted(registry.versions.items()),
        contributed,
    ]
    return hashlib.blake2b(_canonical(parts).encode(), digest_size=20).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    """What JSON cannot write: read-only mappings as objects, paths and the rest as text."""
    return dict(value) if isinstance(value, Mapping) else str(value)


def settings_fingerprint(settings: Settings) -> str:
    """The settings in force, with the files they name (by size and modification time)."""
    fields = settings._asdict()
    named: list[Path] = list(settings.dictionaries)
    form = settings.form or ""
    if form.lower().endswith(".json"):
        named.append(Path(settings.root or ".") / Path(form).expanduser())
    files = [[str(path), *_stat(path)] for path in named]
    return hashlib.blake2b(_canonical([fields, files]).encode(), digest_size=20).hexdigest()


# -- the cache ------------------------------------------------------------------------------


class ResultCache:
    """Diagnostics by key in ``root`` for one run (one registry)."""

    def __init__(self, root: Path, registry: Registry) -> None:
        self.root = root
        self.directory = root / ENTRIES
        self.run = run_fingerprint(registry)
        self._settings: dict[int, tuple[Settings, str]] = {}
        self._writable = True

    def key(self, path: str, data: bytes, settings: Settings) -> str:
        """The key of ``data`` read from ``path`` and linted under ``settings``."""
        digest = hashlib.blake2b(digest_size=20)
        for part in (self.run, self._settings_key(settings), os.path.abspath(path)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _settings_key(self, settings: Settings) -> str:
        # Keyed by identity: the resolver hands out one Settings object per configuration.
        # The object is kept alongside, so that its id cannot be reused by another one.
        known = self._settings.get(id(settings))
        if known is None:
            known = (settings, settings_fingerprint(settings))
            self._settings[id(settings)] = known
        return known[1]

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def load(self, key: str, path: str) -> list[Diagnostic] | None:
        """The diagnostics stored under ``key``, reported under ``path``; None for a miss.

        An entry that cannot be read or does not have the expected shape is a miss too.
        """
        try:
            with open(self._entry(key), "rb") as stream:
                found = decode_rows(path, json.loads(stream.read()))
        except (OSError, ValueError, TypeError):
            return None
        return found if all(d.severity in SEVERITY_RANK for d in found) else None

    def store(self, key: str, rows: list[Row]) -> None:
        """Store ``rows`` under ``key`` atomically; a cache that cannot be written is skipped."""
        if not self._writable:
            return
        entry = self._entry(key)
        try:
            if not entry.parent.is_dir():
                self._create(entry.parent)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=entry.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
            os.replace(temporary, entry)
        except OSError:
            self._writable = False  # read-only or full: lint on without caching

    def _create(self, shard: Path) -> None:
        shard.mkdir(parents=True, exist_ok=True)
        tag = self.root / TAG_NAME
        if not tag.exists():
            tag.write_text(TAG, encoding="utf-8")


def clean(root: Path) -> list[Path]:
    """Remove speechlint's entries (and its tag) from ``root``; return what was removed.

    Only what speechlint itself writes is removed, so a ``SPEECHLINT_CACHE_DIR`` pointing at a
    directory holding other files leaves those files alone.
    """
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for entry in sorted(root.iterdir()):
        # results-v*: lint results; lexicon: the W501 near-miss index; schemas: the codes of
        # checked built-in form schemas (all rebuilt on demand).
        if entry.is_dir() and (
            entry.name.startswith("results-v") or entry.name in ("lexicon", "schemas")
        ):
            shutil.rmtree(entry)
            removed.append(entry)
        elif entry.name == TAG_NAME:
            entry.unlink()
            removed.append(entry)
    try:
        root.rmdir()  # only when nothing else is left in it
        removed.append(root)
    except OSError:
        pass
    return removed
