"""W505 pattern: an organisation's regular-expression patterns.

Nothing is built in.  Organisations write ``kind = pattern`` entries in a dictionary file
(``wrong`` is a Python regular expression, ``message`` / ``message_en`` the message, ``right``
an optional replacement template such as ``\\1同志``, ``fix`` its applicability, ``severity``
the entry's own severity) or list them in the ``patterns`` option.  Patterns are validated when
the dictionary is loaded: an invalid regular expression is a configuration error naming the file,
the line and the problem.  Code spans, link targets and URLs are not searched.

A pattern's searches are bounded in time (the ``regex`` package, see ``_bounded``): each pattern
may spend ``timeout`` seconds per 100,000 characters of the document, at least ``timeout``.  A
pattern that needs longer -- catastrophic backtracking, ``(a+)+$`` on a long line -- is a
configuration error naming the dictionary file, the line and the pattern (exit status 2).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, Literal, cast

from speechlint.diagnostics import Fix, Severity
from speechlint.parse import Unit
from speechlint.plugins.wording._bounded import Match
from speechlint.plugins.wording._scan import Spans, document_dictionary, skipped_spans
from speechlint.plugins.wording.dictionary import Entry, entry_from_row
from speechlint.rules import Rule, RuleContext, RuleDoc, RuleMeta, Violation, replace

__all__ = ["DEFAULT_TIMEOUT", "META", "RULE", "check"]

# Seconds per 100,000 characters a pattern may take (and the least it gets on any document).
DEFAULT_TIMEOUT = 0.2
_BUDGET_CHARS = 100_000

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
        "timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "default": DEFAULT_TIMEOUT,
            "description": "Seconds each pattern may spend per 100,000 characters of a "
            "document (at least this much); a pattern that needs longer is a configuration "
            "error.",
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
    """Search every prose unit for every pattern entry, within each pattern's time budget."""
    entries = (*document_dictionary(ctx).patterns, *_option_entries(ctx.options))
    if not entries:
        return
    budget = float(ctx.options.get("timeout", DEFAULT_TIMEOUT))
    budget *= max(1.0, len(ctx.text) / _BUDGET_CHARS)
    deadlines = [_Deadline(budget) for _entry in entries]
    for unit in ctx.units:
        skipped = skipped_spans(unit)
        for entry, deadline in zip(entries, deadlines, strict=True):
            yield from _matches(unit, entry, skipped, deadline)


class _Deadline:
    """The time a pattern has left on this document: its searches share one budget.

    A budget per search would let a pattern that takes just under it on every paragraph
    cost that much times the number of paragraphs.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0

    def left(self) -> float:
        # The regex package wants a positive timeout; an exhausted budget times out at once.
        return max(self.seconds - self.spent, 1e-6)


def _matches(unit: Unit, entry: Entry, skipped: Spans, deadline: _Deadline) -> Iterator[Violation]:
    assert entry.pattern is not None
    started = time.perf_counter()
    # Collected first: the time measured is the pattern's, not the consumer's between hits.
    found = entry.pattern.finditer(unit.text, timeout=deadline.left(), budget=deadline.seconds)
    matches = list(found)
    deadline.spent += time.perf_counter() - started
    for match in matches:
        start, end = match.span()
        if start == end or skipped.overlaps(start, end):
            continue
        source_start, source_end = unit.source_range(start, end)
        message = {"zh": entry.message, "en": entry.message_en or entry.message}
        fix = _fix(entry, match, source_start, source_end, end - start)
        severity = cast(Severity, entry.severity) if entry.severity else None
        yield Violation(source_start, source_end, message, fix, severity=severity)


def _fix(entry: Entry, match: Match, start: int, end: int, length: int) -> Fix | None:
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
