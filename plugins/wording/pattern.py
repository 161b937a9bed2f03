"""W505 pattern: an organisation's regular-expression patterns.

Nothing is built in.  Organisations write ``kind = pattern`` entries in a dictionary file
(``wrong`` is a Python regular expression, ``message`` / ``message_en`` the message, ``right``
an optional replacement template such as ``\\1同志``, ``fix`` its applicability, ``severity``
the entry's own severity) or list them in the ``patterns`` option.  Patterns are validated when
the dictionary is loaded: an invalid regular expression is a configuration error naming the file,
the line and the problem.  Code spans, link targets and URLs are not searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal, cast

from speechlint.diagnostics import Fix, Severity
from speechlint.parse import Unit
from speechlint.plugins.wording._scan import document_dictionary, skipped_spans
from speechlint.plugins.wording.dictionary import Entry, entry_from_row
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation, replace

__all__ = ["META", "RULE", "check"]

META = RuleMeta(
    code="W505",
    name="pattern",
    summary={"zh": "单位自定义的正则表达式规则", "en": "an organisation's regex pattern"},
    severity="warning",
    fix="safe/unsafe",
    options={
        "patterns": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pattern": {"type": "string"},
                    "message": {"type": "string"},
                    "message-en": {"type": "string"},
                    "replacement": {"type": "string"},
                    "fix": {"enum": ["safe", "unsafe", "display"]},
                    "severity": {"enum": ["error", "warning", "info"]},
                },
                "required": ["pattern", "message"],
                "additionalProperties": False,
            },
            "default": [],
            "description": "Patterns given in the configuration instead of a dictionary file.",
        },
    },
    doc=RuleDoc(
        why={
            "zh": "各单位有自己的用语规范（如“本单位”一律写作“我局”、领导职务的固定写法）。"
            "把它们写成词典文件中的 pattern 条目（或 patterns 选项），即可由本规则检查，无需编写"
            "插件。内置没有任何条目。",
            "en": "Organisations have their own usage rules (本单位 is written 我局, fixed forms "
            "of job titles). Written as pattern entries of a dictionary file (or the patterns "
            "option) they are checked by this rule without writing a plugin. Nothing is built "
            "in.",
        },
        bad="本单位今年完成了各项任务。",
        good="我局今年完成了各项任务。",
        reference="docs/dictionaries.md",
    ),
)


def check(ctx: RuleContext) -> Iterator[Violation]:
    """Search every prose unit for every pattern entry."""
    entries = (*document_dictionary(ctx).patterns, *_option_entries(ctx.options))
    if not entries:
        return
    for unit in ctx.units:
        skipped = skipped_spans(unit)
        for entry in entries:
            yield from _matches(unit, entry, skipped)


def _matches(unit: Unit, entry: Entry, skipped: Sequence[tuple[int, int]]) -> Iterator[Violation]:
    assert entry.pattern is not None
    for match in entry.pattern.finditer(unit.text):
        start, end = match.span()
        if start == end or any(lo < end and start < hi for lo, hi in skipped):
            continue
        source_start, source_end = unit.source_range(start, end)
        message = {"zh": entry.message, "en": entry.message_en or entry.message}
        fix = _fix(entry, match, source_start, source_end, end - start)
        severity = cast(Severity, entry.severity) if entry.severity else None
        yield Violation(source_start, source_end, message, fix, severity=severity)


def _fix(entry: Entry, match: re.Match[str], start: int, end: int, length: int) -> Fix | None:
    # A match split by markup (**本单**位) gets no fix: replacing would delete the markup.
    if not entry.right or end - start != length:
        return None
    text = match.expand(entry.right)
    applicability = cast(Literal["safe", "unsafe", "display"], entry.fix or "unsafe")
    description = {"zh": f"改为“{text}”", "en": f"replace with “{text}”"}
    return replace(start, end, text, description, applicability=applicability)


# The option's keys, as error messages must call them.
_OPTION_LABELS = {
    "wrong": "pattern",
    "right": "replacement",
    "message_en": "message-en",
    "message": "message",
}


def _option_entries(options: Mapping[str, Any]) -> tuple[Entry, ...]:
    patterns = options.get("patterns") or ()
    if not patterns:
        return ()
    frozen = tuple(tuple(sorted((str(k), str(v)) for k, v in dict(p).items())) for p in patterns)
    return _entries_from_options(frozen)


@lru_cache(maxsize=16)
def _entries_from_options(patterns: tuple[tuple[tuple[str, str], ...], ...]) -> tuple[Entry, ...]:
    entries = []
    for index, pairs in enumerate(patterns):
        given = dict(pairs)
        row = {
            "kind": "pattern",
            "wrong": given.get("pattern", ""),
            "message": given.get("message", ""),
            "message_en": given.get("message-en", ""),
            "right": given.get("replacement", ""),
            "fix": given.get("fix", ""),
            "severity": given.get("severity", ""),
            "source": "[rules.W505] patterns",
        }
        where = f"[rules.W505] patterns[{index}]"
        entries.append(entry_from_row(row, where, ("kind", "wrong"), _OPTION_LABELS))
    return tuple(entries)


RULE = Rule(META, check)
