"""The ``sarif`` format: one SARIF 2.1.0 log with one run, for GitHub code scanning and others.

The tool's ``rules`` describe every registered rule: its summary, its documentation (why, a
bad and a good example) as ``help`` in text and Markdown, its default level and a ``helpUri``
into the rule reference.  Built-in rules (one letter and three digits, DESIGN §4) link to
``https://speechlint.readthedocs.io/<lang>/latest/rules/<CODE>/``; rules of other plugins have
no link, since speechlint cannot know where their documentation lives.

Columns: speechlint counts code points, SARIF's default ``columnKind`` is UTF-16 code units.
They differ only after a character outside the BMP (such as 𠮷), which most SARIF viewers
(GitHub's included) count as two.  Columns are therefore converted to UTF-16 code units and the
run says so explicitly.

Each result carries a ``partialFingerprints`` entry built like a baseline key (path, code,
offending text, and which occurrence of it), so code scanning keeps tracking an alert when
lines move.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from speechlint import __version__
from speechlint.diagnostics import Diagnostic, Fix, localize
from speechlint.document import column_to_utf16

if TYPE_CHECKING:
    from speechlint._engine import LintResult
    from speechlint._pluginmanager import Registry
    from speechlint.document import Document
    from speechlint.formatters import Statistic
    from speechlint.rules import RuleMeta

__all__ = ["DOCS_URL", "FORMATTER", "SARIF_SCHEMA", "SarifFormatter", "rule_help_uri"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_URL = "https://speechlint.readthedocs.io/{lang}/latest/"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_BUILTIN_CODE = re.compile(r"[A-Z][0-9]{3}\Z")
_HEADINGS = {
    "why": {"zh": "为什么", "en": "Why"},
    "bad": {"zh": "错误示例", "en": "Bad"},
    "good": {"zh": "正确示例", "en": "Good"},
    "reference": {"zh": "依据", "en": "Reference"},
}


def rule_help_uri(code: str, lang: str) -> str | None:
    """The documentation page of a built-in rule; None for other plugins' rules."""
    if not _BUILTIN_CODE.match(code):
        return None
    return DOCS_URL.format(lang="en" if lang == "en" else "zh") + f"rules/{code}/"


def _markdown(meta: RuleMeta, lang: str) -> str:
    parts = [f"**{meta.code} {meta.name}**: {localize(meta.summary, lang)}"]
    doc = meta.doc
    if doc is not None:
        parts.append(f"### {localize(_HEADINGS['why'], lang)}\n\n{localize(doc.why, lang)}")
        parts.append(f"### {localize(_HEADINGS['bad'], lang)}\n\n```text\n{doc.bad}\n```")
        parts.append(f"### {localize(_HEADINGS['good'], lang)}\n\n```text\n{doc.good}\n```")
        if doc.reference:
            parts.append(f"### {localize(_HEADINGS['reference'], lang)}\n\n{doc.reference}")
    return "\n\n".join(parts) + "\n"


def _descriptor(meta: RuleMeta, help_text: str, lang: str) -> dict[str, Any]:
    summary = localize(meta.summary, lang)
    full = localize(meta.doc.why, lang) if meta.doc is not None else summary
    descriptor: dict[str, Any] = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": _markdown(meta, lang)},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"tags": list(meta.tags)},
    }
    uri = rule_help_uri(meta.code, lang)
    if uri is not None:
        descriptor["helpUri"] = uri
    return descriptor


def _artifact(path: str) -> dict[str, Any]:
    """A relative path under ``%SRCROOT%`` (the working directory), else a ``file:`` URI."""
    candidate = Path(path)
    if candidate.is_absolute():
        return {"uri": candidate.as_uri()}
    return {"uri": quote(candidate.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _region(document: Document, start: int, end: int) -> dict[str, Any]:
    """Lines 1-based; columns 1-based in UTF-16 code units (see the module docstring)."""
    first, last = document.position(start), document.position(end)
    lines = document.lines
    return {
        "startLine": first.line + 1,
        "startColumn": column_to_utf16(lines.line_text(first.line), first.column) + 1,
        "endLine": last.line + 1,
        "endColumn": column_to_utf16(lines.line_text(last.line), last.column) + 1,
    }


def _location(artifact: dict[str, Any], region: dict[str, Any]) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _fix(fix: Fix, document: Document, artifact: dict[str, Any], lang: str) -> dict[str, Any]:
    replacements = [
        {
            "deletedRegion": _region(document, edit.range.start, edit.range.end),
            "insertedContent": {"text": edit.new_text},
        }
        for edit in fix.edits
    ]
    return {
        "description": {"text": localize(fix.description, lang)},
        "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
        "properties": {"applicability": fix.applicability},
    }


def _fingerprint(path: str, code: str, text: str, occurrence: int) -> str:
    key = "\0".join((path, code, text, str(occurrence)))
    return hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


class SarifFormatter:
    """Collects results and writes the SARIF log at the end."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", color: bool = False) -> None:
        self.stream = stream
        self.lang = lang
        self.rules: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        self.results: list[dict[str, Any]] = []

    def describe_rules(self, registry: Registry) -> None:
        """Describe every rule of ``registry`` in ``tool.driver.rules`` (sorted by code)."""
        from speechlint._explain import explain

        for code in sorted(registry.metas):
            meta = registry.metas[code]
            self._add_rule(_descriptor(meta, explain(registry, code, lang=self.lang), self.lang))

    def _add_rule(self, descriptor: dict[str, Any]) -> int:
        self.index[descriptor["id"]] = len(self.rules)
        self.rules.append(descriptor)
        return len(self.rules) - 1

    def _rule_index(self, diagnostic: Diagnostic) -> int:
        found = self.index.get(diagnostic.code)
        if found is None:  # a code no registered rule declares (an organisation form schema)
            found = self._add_rule({"id": diagnostic.code, "name": diagnostic.rule})
        return found

    def file(self, result: LintResult, *, lang: str) -> None:
        """Convert the findings of one file."""
        document = result.document
        artifact = _artifact(document.path)
        seen: Counter[tuple[str, str]] = Counter()
        for diagnostic in result.diagnostics:
            start, end = diagnostic.range.start, diagnostic.range.end
            text = document.text[start:end]
            seen[diagnostic.code, text] += 1
            region = _region(document, start, end)
            if text:
                region["snippet"] = {"text": text}
            item: dict[str, Any] = {
                "ruleId": diagnostic.code,
                "ruleIndex": self._rule_index(diagnostic),
                "level": LEVELS[diagnostic.severity],
                "message": {"text": diagnostic.message},
                "locations": [_location(artifact, region)],
                "partialFingerprints": {
                    "speechlint/v1": _fingerprint(
                        document.path, diagnostic.code, text, seen[diagnostic.code, text]
                    )
                },
            }
            if diagnostic.fix is not None:
                item["fixes"] = [_fix(diagnostic.fix, document, artifact, lang)]
            self.results.append(item)

    def _log(self, run_extra: dict[str, Any]) -> dict[str, Any]:
        driver = {
            "name": "speechlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": DOCS_URL.format(lang="en" if self.lang == "en" else "zh"),
            "rules": self.rules,
        }
        run = {
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
            "columnKind": "utf16CodeUnits",
            **run_extra,
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}

    def finish(self, files: int) -> None:
        """Write the log (an empty ``results`` list when nothing was found)."""
        self._write(self._log({"results": self.results}))

    def write_statistics(self, rows: list[Statistic]) -> None:
        """A log without results whose run properties hold the counts (``--statistics``)."""
        counts = [{"code": row.code, "name": row.name, "count": row.count} for row in rows]
        self._write(self._log({"results": [], "properties": {"statistics": counts}}))

    def _write(self, log: dict[str, Any]) -> None:
        self.stream.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")


FORMATTER = SarifFormatter
