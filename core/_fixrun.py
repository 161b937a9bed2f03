"""``check --fix`` / ``--diff``: fix each file until stable, then write, print or diff it.

Files are written atomically in their own encoding, BOM and line endings, only when the text
changed and only if the file on disk is still what was read.  ``--diff`` writes nothing.  With
standard input, ``--fix`` prints the fixed text and nothing else (for editors and pipes).
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from speechlint._engine import Engine
from speechlint._fixes import FixOutcome, fix_until_stable
from speechlint._writeback import encode_fixed, fingerprint, write_atomic
from speechlint.diagnostics import localize
from speechlint.document import Document
from speechlint.errors import DecodeError, SpeechlintError
from speechlint.settings import Settings

__all__ = ["FixReport", "FixTarget", "fix_document", "unified_diff"]


@dataclass
class FixReport:
    """What fixing a run did, for the summary line."""

    fixed: dict[str, int] = field(default_factory=dict)
    files_changed: int = 0
    unconverged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, path: str, outcome: FixOutcome, changed: bool) -> None:
        """Count one file's fixes."""
        for code, count in outcome.fixed.items():
            self.fixed[code] = self.fixed.get(code, 0) + count
        self.files_changed += changed
        if not outcome.converged:
            self.unconverged.append(path)

    def summary(self, remaining: int, lang: str, *, diff: bool) -> str:
        """One line: how many fixes were applied (or would be, with ``--diff``) and what remains."""
        total = sum(self.fixed.values())
        detail = "，".join(f"{code} ×{count}" for code, count in sorted(self.fixed.items()))
        detail_en = ", ".join(f"{code} ×{count}" for code, count in sorted(self.fixed.items()))
        verb_zh, verb_en = ("可修复", "would fix") if diff else ("已修复", "fixed")
        return localize(
            {
                "zh": f"{verb_zh} {total} 处（{detail or '无'}），"
                f"涉及 {self.files_changed} 个文件；剩余 {remaining} 个问题",
                "en": f"{verb_en} {total} ({detail_en or 'none'}) in {self.files_changed} "
                f"file(s); {remaining} problem(s) remaining",
            },
            lang,
        )


@dataclass(frozen=True)
class FixTarget:
    """A file (or standard input) to fix, as read."""

    path: str
    data: bytes
    stdin: bool = False


def fix_document(
    engine: Engine,
    target: FixTarget,
    settings: Settings,
    *,
    unsafe: bool,
    diff: bool,
    report: FixReport,
    out: TextIO,
) -> FixOutcome | None:
    """Fix one target; write it back, print it (stdin) or print its diff.

    Returns the outcome (whose ``final`` result holds the remaining diagnostics), or None when
    the input cannot be decoded (the caller reports E901 as for ``check``).
    """
    try:
        document = Document.from_bytes(target.path, target.data, encoding=settings.encoding)
    except DecodeError:
        return None
    outcome = fix_until_stable(engine, document, settings, unsafe=unsafe)
    changed = outcome.text != document.text
    report.add(target.path, outcome, changed)
    if diff:
        if changed:
            out.write(unified_diff(document.text, outcome.text, target.path))
    elif target.stdin:
        _print(document, target, outcome.text, report, out)
    elif changed:
        _write(document, target, outcome.text, report)
    return outcome


def _print(
    document: Document, target: FixTarget, text: str, report: FixReport, out: TextIO
) -> None:
    """Standard input, fixed, to ``out`` -- in the input's own encoding and BOM.

    A pipe that sent GB18030 (or UTF-16) gets GB18030 back, as a file would be written.  When
    the fixed text does not fit that encoding, the input goes back unchanged and the error is
    reported.  A stream without bytes underneath (a test's StringIO) gets the text.
    """
    try:
        data = encode_fixed(document, text)
    except SpeechlintError as exc:
        # Said here, at once: the report's errors are printed with the summary, which
        # standard input does not get (its output is the text and nothing else).
        warn(f"speechlint: error: {exc}")
        report.errors.append(str(exc))
        data, text = target.data, document.text
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(data)
    buffer.flush()


def _write(document: Document, target: FixTarget, text: str, report: FixReport) -> None:
    try:
        data = encode_fixed(document, text)
        write_atomic(Path(target.path), data, expected=fingerprint(target.data))
    except SpeechlintError as exc:  # changed on disk, or a character the encoding cannot hold
        report.errors.append(str(exc))
    except OSError as exc:
        report.errors.append(f"{target.path}: cannot write ({exc.strerror or exc})")


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff of ``before`` → ``after`` with ``a/`` and ``b/`` paths."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    text = "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)
    return text


def warn(message: str) -> None:
    """A line on standard error."""
    print(message, file=sys.stderr)
