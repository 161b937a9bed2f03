"""The ``json`` format: one JSON array of DESIGN §3 objects, sorted by path, line, column, code.

The array is written once, at the end, indented by two spaces and in readable UTF-8
(``ensure_ascii=False``) so that Chinese messages stay legible in logs and golden files.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from speechlint._engine import LintResult
    from speechlint.formatters import Statistic

__all__ = ["FORMATTER", "JsonFormatter", "dumps"]

# ensure_ascii=False leaves these as they are; only inside strings, where an escape is valid.
_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(value: Any) -> str:
    """The JSON text of ``value`` as every speechlint JSON output writes it.

    A lone surrogate -- from a file name that is not valid UTF-8, or text an editor sent
    through the language server -- cannot be written as UTF-8; it is written as its JSON
    escape (``\\udc80``) instead, which any JSON parser reads back as the same string.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _sort_key(item: dict[str, Any]) -> tuple[str, int, int, str]:
    return (item["path"], item["line"], item["column"], item["code"])


class JsonFormatter:
    """Collects every diagnostic and writes them as one array."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", color: bool = False) -> None:
        self.stream = stream
        self.lang = lang
        self.items: list[dict[str, Any]] = []

    def file(self, result: LintResult, *, lang: str) -> None:
        """Convert the diagnostics of one file (fix descriptions in the file's language)."""
        self.items.extend(d.to_json(result.document, lang=lang) for d in result.diagnostics)

    def finish(self, files: int) -> None:
        """Write the sorted array (``[]`` when nothing was found)."""
        self.stream.write(dumps(sorted(self.items, key=_sort_key)))

    def write_statistics(self, rows: list[Statistic]) -> None:
        """An array of ``{"code", "name", "count"}`` objects, most frequent first."""
        self.stream.write(dumps([row.as_json() for row in rows]))


FORMATTER = JsonFormatter
