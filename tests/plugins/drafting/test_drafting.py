"""Drafting pack (D601–D603): word lists, doc examples, the seed speech, clean examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from speechlint._engine import Engine
from speechlint._pluginmanager import load_registry
from speechlint.document import Document
from speechlint.plugins.drafting import RULES, repeated_word
from speechlint.settings import Settings
from speechlint.testing import lint_text

ROOT = Path(__file__).resolve().parents[3]
CODES = [rule.meta.code for rule in RULES]


def _lint(path: Path, form: str = "meeting-speech") -> list[tuple[int, int, int, str]]:
    document = Document(str(path), path.read_text("utf-8"))
    result = Engine(load_registry(entry_points=False)).lint(
        document, Settings(form=form, select=("D",))
    )
    out = []
    for diagnostic in result.diagnostics:
        data = diagnostic.to_json(document)
        out.append((data["line"], data["column"], data["end_column"], data["code"]))
    return out


@pytest.mark.parametrize(("table", "word_end"), [("_ENDS", True), ("_STARTS", False)])
def test_word_lists_belong_to_their_function_word(table: str, word_end: bool) -> None:
    for char, words in getattr(repeated_word, table).items():
        assert char in repeated_word._FUNCTION_WORDS, char
        for word in words:
            assert len(word) >= 2, word
            assert (word[-1] if word_end else word[0]) == char, (char, word)


@pytest.mark.parametrize("code", CODES)
def test_documentation_examples(code: str) -> None:
    meta = next(rule.meta for rule in RULES if rule.meta.code == code)
    assert meta.doc is not None
    assert lint_text(meta.doc.bad, select=[code])[1], f"{code}: bad example does not fire"
    assert not lint_text(meta.doc.good, select=[code])[1], f"{code}: good example fires"


def test_seed_speech_has_one_placeholder_and_nothing_else() -> None:
    # 刚才*负责人: the name of the speaker was left as *; the range covers *负责人.
    assert _lint(ROOT / "tests" / "fixtures" / "seed.txt") == [(4, 329, 333, "D601")]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "docs" / "examples").glob("*.*")), ids=lambda p: p.name
)
def test_clean_examples_have_no_drafting_findings(path: Path) -> None:
    assert _lint(path) == []


def test_fix_deletes_exactly_one_character() -> None:
    document, found = lint_text("这是我们的的根本任务。", select=["D603"])
    (diagnostic,) = found
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"
    (edit,) = diagnostic.fix.edits
    assert document.text[edit.range.start : edit.range.end] == "的的" and edit.new_text == "的"
