"""Fix application: non-overlapping edit sets, the re-lint loop, and atomic write-back."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from speechlint import hookimpl
from speechlint._engine import Engine
from speechlint._fixes import apply_edits, apply_pass, fix_until_stable, select_fixes
from speechlint._pluginmanager import load_registry
from speechlint._writeback import FileChangedError, encode_fixed, fingerprint, write_atomic
from speechlint.diagnostics import Diagnostic, Fix, Range, TextEdit
from speechlint.document import Document
from speechlint.rules import Rule, RuleContext, RuleMeta, Violation, replace
from speechlint.settings import Settings


def _diagnostic(start: int, end: int, text: str, code: str = "TST101") -> Diagnostic:
    fix = Fix("fix", (TextEdit(Range(start, end), text),), "safe")
    return Diagnostic("x.md", code, "test", "warning", "m", Range(start, end), fix)


def test_apply_edits_replaces_from_the_end() -> None:
    edits = [TextEdit(Range(0, 1), "AA"), TextEdit(Range(3, 4), "")]
    assert apply_edits("abcde", edits) == "AAbce"


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abc", [TextEdit(Range(0, 2), "x"), TextEdit(Range(1, 3), "y")])


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    first, second = _diagnostic(0, 2, "x"), _diagnostic(1, 3, "y")
    chosen, later = select_fixes([second, first])
    assert chosen == [first]
    assert later == [second]


def test_unsafe_fixes_need_opting_in() -> None:
    unsafe = Diagnostic(
        "x.md",
        "T",
        "t",
        "warning",
        "m",
        Range(0, 1),
        Fix("f", (TextEdit(Range(0, 1), "z"),), "unsafe"),
    )
    assert apply_pass("abc", [unsafe]).text == "abc"
    assert apply_pass("abc", [unsafe], unsafe=True).text == "zbc"


def _doubling_rule() -> Rule:
    """Fixes 的的 → 的; a fix whose result can contain 的的 again (的的的) needs two passes."""
    meta = RuleMeta(code="TST101", name="test-double", summary="t", fix="safe")

    def check(ctx: RuleContext) -> Iterator[Violation]:
        position = ctx.text.find("的的")
        if position != -1:
            yield Violation(position, position + 2, "m", replace(position, position + 2, "的", "f"))

    return Rule(meta, check)


class _Plugin:
    @hookimpl
    def speechlint_rules(self) -> list[Rule]:
        return [_doubling_rule()]


def test_fix_loop_relints_until_stable() -> None:
    engine = Engine(load_registry(entry_points=False, builtin=(), extra=[_Plugin()]))
    document = Document("x.md", "我们的的的工作。")
    outcome = fix_until_stable(engine, document, Settings(select=("TST",)))
    assert outcome.text == "我们的工作。"
    assert outcome.fixed == {"TST101": 2}
    assert outcome.converged


def test_write_atomic_keeps_bom_crlf_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    original = "\ufeff同志们：\r\n再接再励。\r\n".encode()
    path.write_bytes(original)
    os.chmod(path, 0o640)
    document = Document.from_bytes(str(path), original)
    new_text = document.text.replace("再接再励", "再接再厉")
    write_atomic(path, encode_fixed(document, new_text), expected=fingerprint(original))
    assert path.read_bytes() == "\ufeff同志们：\r\n再接再厉。\r\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_atomic_refuses_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "speech.md"
    path.write_text("旧", encoding="utf-8")
    expected = fingerprint(b"something else")
    with pytest.raises(FileChangedError, match="changed on disk"):
        write_atomic(path, "新".encode(), expected=expected)
    assert path.read_text(encoding="utf-8") == "旧"


def test_gb18030_round_trip(tmp_path: Path) -> None:
    data = "同志们：按步就班。".encode("gb18030")
    document = Document.from_bytes("x.txt", data)
    assert document.encoding == "gb18030"
    assert encode_fixed(document, "同志们：按部就班。") == "同志们：按部就班。".encode("gb18030")
