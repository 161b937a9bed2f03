"""Findings as values: ranges, text edits, fixes and diagnostics (DESIGN §3).

Internally every position is an absolute offset into :attr:`Document.text` (code points).
:meth:`Diagnostic.to_json` produces the public 1-based line/column form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from speechlint.document import Document

__all__ = [
    "Applicability",
    "Diagnostic",
    "Fix",
    "Message",
    "Range",
    "Severity",
    "TextEdit",
    "localize",
]

Severity = Literal["error", "warning", "info"]
Applicability = Literal["safe", "unsafe", "display"]
# A user-facing message: one string, or one per language ({"zh": …, "en": …}).
Message = str | Mapping[str, str]
SEVERITY_RANK: Mapping[str, int] = {"info": 0, "warning": 1, "error": 2}


def localize(message: Message, lang: str) -> str:
    """Pick ``lang`` from a message, falling back to Chinese, then to any language."""
    if isinstance(message, str):
        return message
    return message.get(lang) or message.get("zh") or next(iter(message.values()), "")


@dataclass(frozen=True, slots=True)
class Range:
    """A half-open range of absolute offsets ``[start, end)``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"range end {self.end} before start {self.start}")

    def overlaps(self, other: Range) -> bool:
        """Whether two ranges share a character, or are the same insertion point."""
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the text in ``range`` with ``new_text``."""

    range: Range
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A set of edits that together fix one finding."""

    description: Message
    edits: tuple[TextEdit, ...]
    applicability: Applicability = "safe"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding in one document."""

    path: str
    code: str
    rule: str
    severity: Severity
    message: str
    range: Range
    fix: Fix | None = None

    def sort_key(self, document: Document | None = None) -> tuple[str, int, int, str, str]:
        """Order by path, position, code (DESIGN §3), then message for determinism."""
        return (self.path, self.range.start, self.range.end, self.code, self.message)

    def to_json(self, document: Document, *, lang: str = "zh") -> dict[str, Any]:
        """The public JSON object of DESIGN §3."""
        start = document.position(self.range.start)
        end = document.position(self.range.end)
        return {
            "path": self.path,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": start.line + 1,
            "column": start.column + 1,
            "end_line": end.line + 1,
            "end_column": end.column + 1,
            "fix": None if self.fix is None else _fix_json(self.fix, document, lang),
        }


def _fix_json(fix: Fix, document: Document, lang: str) -> dict[str, Any]:
    edits = []
    for edit in fix.edits:
        start = document.position(edit.range.start)
        end = document.position(edit.range.end)
        edits.append(
            {
                "line": start.line + 1,
                "column": start.column + 1,
                "end_line": end.line + 1,
                "end_column": end.column + 1,
                "text": edit.new_text,
            }
        )
    return {
        "applicability": fix.applicability,
        "description": localize(fix.description, lang),
        "edits": edits,
    }
