"""Resolved settings for one file: which codes run, at what severity, with which options.

:mod:`speechlint._config` builds these from configuration files and command-line options; the
engine only reads them.  Selection follows ruff: ``select`` replaces the default set (all
codes), ``extend-select`` adds to it, ``ignore`` removes; codes match by prefix, and where a
select and an ignore prefix both match, the longer (more specific) one wins.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Severity

__all__ = ["Settings", "code_matches"]

DEFAULT_FORM = "meeting-speech"
# The default of every mapping field, shared by all settings (a field's type is a read-only
# Mapping; a mappingproxy would be truly read-only, but cannot be sent to --jobs workers).
_NONE: Mapping[str, Any] = {}


def code_matches(selector: str, code: str) -> bool:
    """Whether ``selector`` (a code, a prefix, or ``ALL``) selects ``code``."""
    return selector == "ALL" or code.startswith(selector.upper())


def _specificity(selectors: tuple[str, ...], code: str) -> int:
    """Length of the longest selector matching ``code`` (-1 if none; ``ALL`` counts 0)."""
    best = -1
    for selector in selectors:
        if code_matches(selector, code):
            best = max(best, 0 if selector == "ALL" else len(selector))
    return best


class Settings(NamedTuple):
    """Configuration in force for one file.

    A named tuple, immutable like the frozen dataclass it was and a tenth of its cost to
    define, which a cold start pays (``_replace`` and ``_fields`` stand in for
    ``dataclasses.replace`` and ``dataclasses.fields``).
    """

    form: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = _NONE
    rules: Mapping[str, Mapping[str, Any]] = _NONE
    per_file_ignores: Mapping[str, tuple[str, ...]] = _NONE
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    lang: str = "zh"
    dictionaries: tuple[Path, ...] = ()
    chars_per_minute: float = 220.0
    outline: Mapping[str, tuple[str, ...]] = _NONE
    encoding: str | None = None
    root: Path | None = None  # the directory of the configuration file
    source: Path | None = None  # the configuration file itself

    def is_enabled(self, code: str, path: str | None = None) -> bool:
        """Whether ``code`` is selected (and not ignored for ``path``)."""
        selected = (("ALL",) if self.select is None else self.select) + self.extend_select
        chosen = _specificity(selected, code)
        if chosen < 0:
            return False
        ignored = self.ignore + (self.ignores_for(path) if path else ())
        # On a tie the ignore wins, as in ruff.
        return _specificity(ignored, code) < chosen

    def ignores_for(self, path: str) -> tuple[str, ...]:
        """Codes ignored for ``path`` by ``per-file-ignores`` (globs relative to the config)."""
        if not self.per_file_ignores:
            return ()
        candidate = self._relative(path)
        found: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(candidate, pattern) or PurePosixPath(candidate).match(pattern):
                found.extend(codes)
        return tuple(found)

    def _relative(self, path: str) -> str:
        resolved = Path(path)
        if self.root is not None:
            try:
                return resolved.resolve().relative_to(self.root.resolve()).as_posix()
            except (ValueError, OSError):
                pass
        return resolved.as_posix()

    def severity_for(self, code: str, default: Severity) -> Severity:
        """The configured severity of ``code`` (by code or longest prefix), else ``default``."""
        if code in self.severity:
            return self.severity[code]
        best = ""
        for selector in self.severity:
            if code_matches(selector, code) and len(selector) > len(best):
                best = selector
        return self.severity[best] if best else default

    def options_for(self, code: str, name: str, defaults: Mapping[str, Any]) -> dict[str, Any]:
        """A rule's options: its defaults updated by ``[rules.<code>]`` or ``[rules.<name>]``."""
        options = dict(defaults)
        options.update(self.rules.get(name, {}))
        options.update(self.rules.get(code, {}))
        return options

    @property
    def form_name(self) -> str:
        """The configured form, or the default ``meeting-speech``."""
        return self.form or DEFAULT_FORM
