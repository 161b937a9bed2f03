"""Applying fixes: text edits, never string surgery inside rules.

A fix is a set of edits that apply together or not at all.  In one pass, fixes whose edits
overlap an already accepted fix are left for the next pass (after a re-lint), so edits never
collide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from speechlint.diagnostics import Diagnostic, Fix, Range, TextEdit
from speechlint.document import Document

__all__ = ["FixOutcome", "FixPass", "apply_edits", "apply_pass", "fix_until_stable", "select_fixes"]

# Passes of apply → re-lint before giving up; real documents converge in two or three.
MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class FixPass:
    """The outcome of one pass: the new text and the diagnostics whose fixes were applied."""

    text: str
    applied: tuple[Diagnostic, ...]
    skipped: tuple[Diagnostic, ...]


def select_fixes(
    diagnostics: Iterable[Diagnostic], *, unsafe: bool = False
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Choose non-overlapping fixes (in document order); return (chosen, left for later)."""
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    candidates = [d for d in diagnostics if d.fix is not None and d.fix.applicability in allowed]
    candidates.sort(key=lambda d: (_first(d.fix), d.code))
    chosen: list[Diagnostic] = []
    taken: list[Range] = []
    later: list[Diagnostic] = []
    for diagnostic in candidates:
        assert diagnostic.fix is not None
        ranges = [edit.range for edit in diagnostic.fix.edits]
        if any(r.overlaps(t) for r in ranges for t in taken):
            later.append(diagnostic)
            continue
        chosen.append(diagnostic)
        taken.extend(ranges)
    return chosen, later


def _first(fix: Fix | None) -> int:
    return min((edit.range.start for edit in fix.edits), default=0) if fix else 0


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """Apply non-overlapping ``edits`` to ``text`` (from the end, so offsets stay valid)."""
    ordered = sorted(edits, key=lambda edit: (edit.range.start, edit.range.end))
    for previous, current in pairwise(ordered):
        if previous.range.end > current.range.start:
            raise ValueError(f"overlapping edits at offset {current.range.start}")
    pieces: list[str] = []
    position = 0
    for edit in ordered:
        pieces.append(text[position : edit.range.start])
        pieces.append(edit.new_text)
        position = edit.range.end
    pieces.append(text[position:])
    return "".join(pieces)


def apply_pass(text: str, diagnostics: Iterable[Diagnostic], *, unsafe: bool = False) -> FixPass:
    """Apply every non-overlapping fix of ``diagnostics`` to ``text`` once."""
    chosen, later = select_fixes(diagnostics, unsafe=unsafe)
    edits = [edit for d in chosen if d.fix is not None for edit in d.fix.edits]
    return FixPass(apply_edits(text, edits), tuple(chosen), tuple(later))


@dataclass
class FixOutcome:
    """The result of fixing one document until nothing fixable is left."""

    text: str
    fixed: dict[str, int]  # code → number of fixes applied
    passes: int
    converged: bool
    final: Any  # the LintResult of the fixed text (what remains)


def fix_until_stable(
    engine: Any,
    document: Document,
    settings: Any,
    *,
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FixOutcome:
    """Lint, apply every non-overlapping fix, re-lint, repeat (at most ``max_passes`` times).

    Each pass re-lints the new text, so later fixes see the effect of earlier ones and edits
    from different rules never collide.  ``converged`` is False when fixes were still being
    produced after the last pass (a rule whose fix re-triggers itself).
    """
    fixed: dict[str, int] = {}
    current = document
    result = engine.lint(current, settings)
    for number in range(1, max_passes + 1):
        step = apply_pass(current.text, result.diagnostics, unsafe=unsafe)
        if not step.applied:
            return FixOutcome(current.text, fixed, number - 1, True, result)
        for diagnostic in step.applied:
            fixed[diagnostic.code] = fixed.get(diagnostic.code, 0) + 1
        current = Document(document.path, step.text, document.encoding, document.bom)
        result = engine.lint(current, settings)
    pending = select_fixes(result.diagnostics, unsafe=unsafe)[0]
    return FixOutcome(current.text, fixed, max_passes, not pending, result)
